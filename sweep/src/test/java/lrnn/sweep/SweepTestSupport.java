package lrnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.GroupType;

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

  /** What the single run {@code lrnn dynamics args} prints (not quiet: its 'eta auto' and E1 lines). */
  static String singleDynamicsOutput(Path tmp, String... args) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "single");
    List<String> all = new ArrayList<>(List.of("dynamics"));
    all.addAll(List.of(args));
    all.addAll(List.of("--out", dir.toString(), "--no-plot"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = lrnn.cli.Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    assertEquals(0, code, err.toString());
    return out.toString();
  }

  /** The rows of a Parquet file, each column by name (in the schema's order): Long, Double, String or null. */
  static List<Map<String, Object>> parquet(Path file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ParquetReader<Group> reader = new ParquetReader.Builder<Group>(new LocalInputFile(file)) {
      @Override
      protected ReadSupport<Group> getReadSupport() {
        return new GroupReadSupport();
      }
    }.withConf(new Configuration(false)).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        Map<String, Object> row = new LinkedHashMap<>();
        GroupType type = g.getType();
        for (int c = 0; c < type.getFieldCount(); c++) {
          String name = type.getFieldName(c);
          Object v = null;
          if (g.getFieldRepetitionCount(c) > 0) {
            v = switch (type.getType(c).asPrimitiveType().getPrimitiveTypeName()) {
              case INT64 -> g.getLong(c, 0);
              case DOUBLE -> g.getDouble(c, 0);
              default -> g.getString(c, 0);
            };
          }
          row.put(name, v);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static List<List<String>> table(Path csv) throws IOException {
    return CsvText.parse(Files.readString(csv, StandardCharsets.UTF_8));
  }
}
