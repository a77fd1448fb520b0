package lrnn.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Data sets bundled with lrnn as classpath resources under {@code lrnn/data/}.
 */
public final class Datasets {

  private Datasets() {}

  /** Classpath path of the fMRI recording. */
  static final String FMRI = "/lrnn/data/event_related_fmri.csv";
  /** Classpath path of its licence notice. */
  static final String FMRI_LICENSE = "/lrnn/data/LICENSE-event_related_fmri.txt";

  private static final class FmriHolder {
    static final Table TABLE = load();

    private static Table load() {
      try (InputStream in = Datasets.class.getResourceAsStream(FMRI)) {
        if (in == null) {
          throw new IllegalStateException("bundled resource " + FMRI + " is missing from the classpath");
        }
        return Csv.read(in, "event_related_fmri.csv (bundled)");
      } catch (IOException e) {
        throw new UncheckedIOException("bundled resource " + FMRI + " cannot be read", e);
      }
    }
  }

  /**
   * The event-related fMRI recording of the nitime project (SPEC §6): 3360 rows, column {@code bold}
   * (the BOLD signal, centred: the output) and {@code events} (0 = no event, 1…6 = event type; use
   * {@code fmri().oneHot("events", 6)} for the six input channels). Loaded once and cached.
   *
   * <p>Copyright 2006-2014, NIPY Developers; BSD-3-Clause, see {@link #fmriLicense()}.
   *
   * @throws UncheckedIOException or {@link IllegalStateException} if the bundled resource is broken,
   *     which is a packaging bug
   */
  public static Table fmri() {
    return FmriHolder.TABLE;
  }

  /** The BSD-3-Clause notice of the fMRI data, as shipped next to it. */
  public static String fmriLicense() {
    try (InputStream in = Datasets.class.getResourceAsStream(FMRI_LICENSE)) {
      if (in == null) {
        throw new IllegalStateException("bundled resource " + FMRI_LICENSE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("bundled resource " + FMRI_LICENSE + " cannot be read", e);
    }
  }
}
