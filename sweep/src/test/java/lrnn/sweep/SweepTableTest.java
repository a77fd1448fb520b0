package lrnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep.csv's table without Spark: rows in grid order, failures, what --resume keeps; Spark settings. */
class SweepTableTest {

  @TempDir
  Path tmp;

  private static final List<String> OPTIONS = List.of("n", "seed");

  @Test
  void rowsAreInGridOrderAndFailedCellsKeepTheirError() {
    Grid g = Grid.parse(List.of("n=8,16", "seed=1:2"), OPTIONS, List.of(), "dynamics");
    List<Grid.Cell> cells = g.cells();
    SweepTable t = new SweepTable(g.names());
    t.failed(cells.get(3), "lrnn dynamics: error: diverged,\nat step 3");
    t.ok(cells.get(1), new Experiment.Summary(List.of("a", "b"), List.of(List.of("0.5", "1e-3"))));
    assertEquals(List.of("n", "seed", "a", "b", "status", "error"), t.header());
    assertEquals(List.of(List.of("8", "2", "0.5", "1e-3", "ok", ""),
        List.of("16", "2", "", "", "failed", "lrnn dynamics: error: diverged, at step 3")), t.rows());
    // a cell whose columns differ from the others' is a failure, not a misaligned row
    t.ok(cells.get(0), new Experiment.Summary(List.of("a"), List.of(List.of("1"))));
    assertEquals("failed", t.rows().get(0).get(4));
    assertTrue(t.rows().get(0).get(5).contains("differ from the sweep's [a, b]"));
  }

  @Test
  void resumeKeepsOkCellsOfThisGridAndDropsFailedOnes() throws Exception {
    Path csv = tmp.resolve("sweep.csv");
    Files.writeString(csv, String.join("\n",
        "n,seed,a,status,error",
        "8,1,0.25,ok,",
        "8,2,,failed,\"lrnn dynamics: error: x, y\"",
        "32,1,0.5,ok,", // not in the new grid: dropped
        "16,1,0.75,ok,", ""));
    Grid g = Grid.parse(List.of("n=8,16", "seed=1:3"), OPTIONS, List.of(), "dynamics");
    SweepTable t = new SweepTable(g.names());
    assertEquals(2, t.resume(csv, g));
    assertTrue(t.done(0));
    assertFalse(t.done(1)); // failed before: runs again
    assertFalse(t.done(2));
    assertTrue(t.done(3));
    // a table from before eta_used: its kept rows get an empty one, so that the cells run now line up with them
    assertEquals(List.of("n", "seed", "a", "eta_used", "status", "error"), t.header());
    assertEquals(List.of(List.of("8", "1", "0.25", "", "ok", ""), List.of("16", "1", "0.75", "", "ok", "")),
        t.rows());
    t.ok(g.cells().get(1), new Experiment.Summary(List.of("a", "eta_used"), List.of(List.of("0.5", "0.03"))));
    assertEquals(List.of("8", "2", "0.5", "0.03", "ok", ""), t.rows().get(1));

    // a table with eta_used keeps it as it is
    Files.writeString(csv, "n,seed,a,eta_used,status,error\n8,1,0.25,0.03,ok,\n");
    SweepTable again = new SweepTable(g.names());
    assertEquals(1, again.resume(csv, g));
    assertEquals(List.of("n", "seed", "a", "eta_used", "status", "error"), again.header());
    assertEquals(List.of(List.of("8", "1", "0.25", "0.03", "ok", "")), again.rows());

    Grid other = Grid.parse(List.of("seed=1:3", "n=8,16"), OPTIONS, List.of(), "dynamics");
    String e = assertThrows(IllegalArgumentException.class, () -> new SweepTable(other.names()).resume(csv, other))
        .getMessage();
    assertTrue(e.contains("not those of a sweep over [seed, n]; use the same --grid names in the same order"), e);
  }

  @Test
  void aSummaryParsesOnlyItsCsvAndTakesTheRateFromTheJsonOfTheSameName() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("convergence.csv", "n,seed,lag_kernel_rel_err,curve_gap\n8,1,0.5,0.25\n16,1,0.4,0.2\n");
    files.put("convergence.json", "{\n  \"command\": \"ntk-convergence\",\n  \"nested\": {\n    \"eta\": 9\n  },\n"
        + "  \"eta\": 0.012345678901,\n  \"eta_auto\": true\n}\n");
    files.put("other.csv", "\"not, parsed"); // an unterminated quote: parsing it would throw
    files.put("other.json", "{\n  \"eta\": 7.0\n}\n");
    Experiment.Summary s = Experiment.NTK_CONVERGENCE.summary(files, List.of("seed"));
    assertEquals(List.of("n", "convergence_seed", "lag_kernel_rel_err", "curve_gap", "eta_used"), s.columns());
    assertEquals(List.of(List.of("8", "1", "0.5", "0.25", "0.012345678901"),
        List.of("16", "1", "0.4", "0.2", "0.012345678901")), s.rows());
    // a cell that wrote no JSON (or one without a rate): eta_used is empty
    files.remove("convergence.json");
    assertEquals(List.of("8", "1", "0.5", "0.25", ""), Experiment.NTK_CONVERGENCE.summary(files, List.of("seed"))
        .rows().get(0));
    files.put("convergence.json", "{\n  \"command\": \"ntk-convergence\"\n}\n");
    assertEquals("", Experiment.NTK_CONVERGENCE.etaUsed(files));
    // each experiment's JSON is named after its CSV (realdata.csv: realdata.json)
    assertEquals(List.of("dynamics.json", "delay.json", "convergence.json", "realdata.json"),
        java.util.Arrays.stream(Experiment.values()).map(e -> e.json).toList());
    // the cells send back their CSV and JSON files, no figures
    assertTrue(CellRunner.isResult("delay.json") && CellRunner.isResult("delay.csv"));
    assertFalse(CellRunner.isResult("delay.png") || CellRunner.isResult("delay.svg"));
  }

  @Test
  void sparkSettings() {
    assertTrue(SparkSweep.loopback("local[*]", null));
    assertTrue(SparkSweep.loopback("spark://127.0.0.1:7077", null));
    assertTrue(SparkSweep.loopback("spark://localhost:7077", null));
    assertFalse(SparkSweep.loopback("spark://master.example:7077", null));
    assertTrue(SparkSweep.loopback("spark://master.example:7077", "127.0.0.1"));
    assertFalse(SparkSweep.loopback("local[*]", "10.0.0.5"));
    assertEquals(2, SparkSweep.tasksPerExecutor(new SparkConf().setMaster("local[4]"), 2));
    assertEquals(1, SparkSweep.tasksPerExecutor(new SparkConf().setMaster("local[4]"), 8));
    assertEquals(0, SparkSweep.tasksPerExecutor(new SparkConf().setMaster("spark://h:7077"), 1));
    assertEquals(3, SparkSweep.tasksPerExecutor(new SparkConf().setMaster("spark://h:7077")
        .set("spark.executor.cores", "6"), 2));
  }
}
