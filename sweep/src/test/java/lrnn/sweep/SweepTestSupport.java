package lrnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs sweeps and single commands in-process for the tests. */
final class SweepTestSupport {

  private SweepTestSupport() {}

  record Result(int code, String out, String err) {}

  static Result sweep(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
      code = SweepMain.run(o, e, List.of(args));
    }
    return new Result(code, out.toString(), err.toString());
  }

  /** The last row of dynamics.csv of the single run {@code lrnn dynamics args}, without its step: as strings. */
  static List<String> singleDynamicsLastRow(Path tmp, String... args) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "single");
    List<String> all = new ArrayList<>(List.of("dynamics"));
    all.addAll(List.of(args));
    all.addAll(List.of("--out", dir.toString(), "--quiet"));
    StringWriter err = new StringWriter();
    int code = lrnn.cli.Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), all.toArray(String[]::new));
    assertEquals(0, code, err.toString());
    List<String> lines = Files.readAllLines(dir.resolve("dynamics.csv"), StandardCharsets.UTF_8);
    List<String> last = List.of(lines.get(lines.size() - 1).split(","));
    return last.subList(1, last.size());
  }

  static List<List<String>> table(Path csv) throws IOException {
    return CsvText.parse(Files.readString(csv, StandardCharsets.UTF_8));
  }
}
