package lrnn.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Test-only access to the SPEC §6 fMRI recording ({@code shared/data/event_related_fmri.csv}: header
 * {@code bold,events}, 3360 rows). Looks at {@code -Dlrnn.fmri=FILE}, then for {@code shared/data/…} in the
 * working directory and its parents. A minimal two-column reader; real CSV parsing lives in lrnn.io.
 */
final class FmriData {

  static final String FILE = "event_related_fmri.csv";

  private FmriData() {}

  static Optional<Path> find() {
    String p = System.getProperty("lrnn.fmri");
    if (p != null) return Optional.of(Path.of(p));
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path f = d.resolve("shared").resolve("data").resolve(FILE);
      if (Files.isRegularFile(f)) return Optional.of(f);
    }
    return Optional.empty();
  }

  /** The recording as a time series: input = one-hot events (6 channels), output = bold. */
  static TimeSeries load(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      if (!lines.get(0).trim().equals("bold,events")) throw new IllegalStateException("unexpected header " + lines.get(0));
      int t = lines.size() - 1;
      while (t > 0 && lines.get(t).isBlank()) t--;
      double[] bold = new double[t], events = new double[t];
      for (int i = 0; i < t; i++) {
        String[] f = lines.get(i + 1).split(",");
        bold[i] = Double.parseDouble(f[0].trim());
        events[i] = Double.parseDouble(f[1].trim());
      }
      return TimeSeries.builder().oneHot("events", events).output("bold", bold).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
