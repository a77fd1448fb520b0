package lrnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Embedded (local[*]) sweeps: equal to the single runs digit for digit, resumable, failures recorded per cell. */
@Timeout(300)
class LocalSweepTest {

  static final String[] FIXED = {"--steps", "20", "--log-every", "5", "--train", "8", "--test", "8"};

  @TempDir
  Path tmp;

  @Test
  void cellsEqualTheSingleRunsAndResumeRunsOnlyTheMissingCells() throws Exception {
    Path out = tmp.resolve("sweep");
    List<String> args = new ArrayList<>(List.of("dynamics"));
    args.addAll(List.of(FIXED));
    args.addAll(List.of("--grid", "n=8,24", "--grid", "seed=1:2", "--out", out.toString()));
    SweepTestSupport.Result r = SweepTestSupport.sweep(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("4 cells (n x 2, seed x 2), 4 to run"), r.out());
    assertTrue(r.out().contains("memory per task: the largest cell (n=24,seed=1) needs about"), r.out());

    List<List<String>> t = SweepTestSupport.table(out.resolve("sweep.csv"));
    assertEquals(List.of("n", "seed", "train_rnn", "train_scaled", "train_conv", "test_rnn", "test_scaled",
        "test_conv", "eta_used", "status", "error"), t.get(0));
    assertEquals(5, t.size());
    String[][] cells = {{"8", "1"}, {"8", "2"}, {"24", "1"}, {"24", "2"}};
    for (int i = 0; i < 4; i++) {
      List<String> row = t.get(i + 1);
      assertEquals(List.of(cells[i][0], cells[i][1]), row.subList(0, 2));
      List<String> single = SweepTestSupport.singleDynamicsLastRow(tmp, concat(FIXED, "--n", cells[i][0], "--seed",
          cells[i][1]));
      assertEquals(single, row.subList(2, 8), "cell n=" + cells[i][0] + ", seed=" + cells[i][1]);
      assertEquals(List.of("0.05", "ok", ""), row.subList(8, 11)); // dynamics' default rate, from dynamics.json
    }
    // each cell's own files, as the single command writes them
    assertTrue(Files.readString(out.resolve("cells/n=24,seed=2/dynamics.csv")).startsWith("step,train_rnn,"));
    assertTrue(Files.size(out.resolve("sweep.png")) > 1000);

    // the Parquet file holds the same table (read back by Spark, as pandas or any Parquet reader would)
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1").getOrCreate();
    try {
      Dataset<Row> p = spark.read().parquet(out.resolve("sweep.parquet").toString());
      assertEquals("n", p.schema().fields()[0].name());
      assertEquals("long", p.schema().fields()[0].dataType().typeName());
      assertEquals("double", p.schema().fields()[2].dataType().typeName());
      List<Row> rows = p.collectAsList();
      assertEquals(4, rows.size());
      for (int i = 0; i < 4; i++) {
        assertEquals(Long.parseLong(t.get(i + 1).get(0)), rows.get(i).getLong(0));
        for (int c = 2; c < 8; c++) {
          assertEquals(Double.parseDouble(t.get(i + 1).get(c)), rows.get(i).getDouble(c), 0.0);
        }
        assertEquals(0.05, rows.get(i).getDouble(8), 0.0); // eta_used
        assertTrue(rows.get(i).isNullAt(10)); // an ok cell's error is null
      }
    } finally {
      spark.stop();
    }

    // an interrupted sweep: two cells missing, and a kept row marked so that a recomputation would show
    List<String> lines = Files.readAllLines(out.resolve("sweep.csv"), StandardCharsets.UTF_8);
    String kept = lines.get(1).replaceFirst("^8,1,[^,]*,", "8,1,123,");
    Files.write(out.resolve("sweep.csv"), List.of(lines.get(0), kept, lines.get(3)), StandardCharsets.UTF_8);
    args.add("--resume");
    r = SweepTestSupport.sweep(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("resume: 2 of 4 cells already done"), r.out());
    assertTrue(r.out().contains("4 cells (n x 2, seed x 2), 2 to run"), r.out());
    List<String> after = Files.readAllLines(out.resolve("sweep.csv"), StandardCharsets.UTF_8);
    assertEquals(List.of(lines.get(0), kept, lines.get(2), lines.get(3), lines.get(4)), after);

    // a resume with other fixed options is refused: it would mix two experiments in one table
    List<String> other = new ArrayList<>(args);
    other.set(other.indexOf("20"), "21");
    r = SweepTestSupport.sweep(other.toArray(String[]::new));
    assertEquals(2, r.code());
    assertTrue(r.err().contains("resume with the same experiment and options, or use another --out"), r.err());
  }

  @Test
  void aFailedCellIsRecordedWithItsErrorAndTheOthersRun() throws Exception {
    Path out = tmp.resolve("failing");
    List<String> args = new ArrayList<>(List.of("dynamics"));
    args.addAll(List.of(FIXED));
    // n = 3000000 cannot fit in the test's 2 GiB heap; eta = -1 is refused by the command's own check
    args.addAll(List.of("--grid", "n=8,3000000", "--grid", "eta=0.05,-1", "--out", out.toString()));
    SweepTestSupport.Result r = SweepTestSupport.sweep(args.toArray(String[]::new));
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("lrnn sweep: error: 3 of 4 cells failed"), r.err());
    List<List<String>> t = SweepTestSupport.table(out.resolve("sweep.csv"));
    assertEquals(5, t.size());
    List<String> ok = t.get(1);
    assertEquals(List.of("8", "0.05"), ok.subList(0, 2));
    assertEquals(SweepTestSupport.singleDynamicsLastRow(tmp, concat(FIXED, "--n", "8", "--eta", "0.05")),
        ok.subList(2, 8));
    assertEquals(List.of("0.05", "ok"), ok.subList(8, 10));
    List<String> badEta = t.get(2);
    assertEquals(List.of("8", "-1", "", "", "", "", "", "", "", "failed"), badEta.subList(0, 10));
    assertTrue(badEta.get(10).startsWith("lrnn dynamics: error: ") && badEta.get(10).contains("--eta"),
        badEta.get(10));
    List<String> tooWide = t.get(3);
    assertEquals("failed", tooWide.get(9));
    // the single command's MemoryPlan message, against this task's share of the heap
    assertTrue(tooWide.get(10).contains("E1 at n = 3000000") && tooWide.get(10).contains("needs about")
        && tooWide.get(10).contains("a task's share of the heap is"), tooWide.get(10));
    assertEquals(1, t.stream().filter(row -> row.get(9).equals("ok")).count());
  }

  @Test
  void cellsKeepTheirJsonAndTheTableSaysWhichRateEachUsed() throws Exception {
    Path out = tmp.resolve("eta");
    List<String> args = new ArrayList<>(List.of("dynamics"));
    args.addAll(List.of(FIXED));
    args.addAll(List.of("--n", "8", "--grid", "eta=0.03,auto", "--out", out.toString()));
    SweepTestSupport.Result r = SweepTestSupport.sweep(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    List<List<String>> t = SweepTestSupport.table(out.resolve("sweep.csv"));
    // eta_used after the experiment's own columns; the names before it as they always were
    assertEquals(List.of("eta", "train_rnn", "train_scaled", "train_conv", "test_rnn", "test_scaled", "test_conv",
        "eta_used", "status", "error"), t.get(0));
    assertEquals(3, t.size());
    List<String> given = t.get(1), auto = t.get(2);
    assertEquals(List.of("0.03", "0.03", "ok", ""), List.of(given.get(0), given.get(7), given.get(8), given.get(9)));
    assertEquals(List.of("auto", "ok", ""), List.of(auto.get(0), auto.get(8), auto.get(9)));

    // the auto cell's rate is the one the single run prints: in full on its E1 line, to 4 digits as 'eta auto'
    String printed = SweepTestSupport.singleDynamicsOutput(tmp, concat(FIXED, "--n", "8", "--eta", "auto"));
    Matcher full = Pattern.compile("(?m)^E1: .*, eta = ([^,]+),").matcher(printed);
    assertTrue(full.find(), printed);
    assertEquals(full.group(1), auto.get(7), printed);
    Matcher four = Pattern.compile("eta auto = ([0-9.eE+-]+) ").matcher(printed);
    assertTrue(four.find(), printed);
    assertEquals(Double.parseDouble(four.group(1)), Double.parseDouble(auto.get(7)), 5e-4 * Double.parseDouble(
        four.group(1)), printed);
    assertTrue(Double.parseDouble(auto.get(7)) != 0.05, auto.get(7));
    assertEquals(SweepTestSupport.singleDynamicsLastRow(tmp, concat(FIXED, "--n", "8", "--eta", "auto")),
        auto.subList(1, 7));

    // each cell's folder holds the JSON beside the CSV, as the single command writes it
    for (String[] c : new String[][] {{"eta=0.03", "0.03", "false"}, {"eta=auto", auto.get(7), "true"}}) {
      Path cell = out.resolve("cells").resolve(c[0]);
      assertTrue(Files.isRegularFile(cell.resolve("dynamics.csv")), cell.toString());
      String json = Files.readString(cell.resolve("dynamics.json"));
      assertTrue(json.contains("\n  \"eta\": " + c[1] + ",\n  \"eta_auto\": " + c[2]), json);
      assertEquals("true".equals(c[2]), json.contains("\"lambda_max_scaled\": "), json);
    }

    // sweep.parquet has the same column, as numbers
    List<Map<String, Object>> p = SweepTestSupport.parquet(out.resolve("sweep.parquet"));
    assertEquals(t.get(0), List.copyOf(p.get(0).keySet()));
    assertEquals(0.03, p.get(0).get("eta_used"));
    assertEquals(Double.parseDouble(auto.get(7)), p.get(1).get("eta_used"));
    assertEquals("auto", p.get(1).get("eta"));
  }

  @Test
  void gridTyposFailBeforeSparkStarts() {
    SweepTestSupport.Result r = SweepTestSupport.sweep("dynamics", "--grid", "n=8,x", "--out",
        tmp.resolve("typo").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("lrnn sweep: error: cell n=x: Invalid value for option '--n': 'x' is not an int"),
        r.err());
    assertTrue(Files.notExists(tmp.resolve("typo")));
    r = SweepTestSupport.sweep("dynamics", "--n", "8", "--grid", "n=8,16");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--n is both an option of dynamics and a --grid; drop one"), r.err());
  }

  static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }
}
