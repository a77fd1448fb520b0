package lrnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridTest {

  private static final Set<String> OPTIONS = Set.of("n", "seed", "eta", "nu-w", "dtype", "delays");
  private static final List<String> FLAGS = List.of("allow-unstable");

  private static Grid parse(String... specs) {
    return Grid.parse(List.of(specs), OPTIONS, FLAGS, "dynamics");
  }

  private static String error(String... specs) {
    return assertThrows(IllegalArgumentException.class, () -> parse(specs)).getMessage();
  }

  @Test
  void rangesStepsAndListsExpandInOrder() {
    assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), Grid.values("seed", "1:10"));
    assertEquals(List.of("64", "128", "256"), Grid.values("n", "64,128,256"));
    assertEquals(List.of("0", "5", "10", "15"), Grid.values("delays", "0:15:5"));
    assertEquals(List.of("0", "5", "10"), Grid.values("delays", "0:14:5")); // the end is a bound, not a value
    assertEquals(List.of("1", "2", "3", "4", "8"), Grid.values("seed", "1:4,8"));
    assertEquals(List.of("7"), Grid.values("seed", "7:7"));
    assertEquals(List.of("-2", "-1", "0"), Grid.values("seed", "-2:0"));
    // decimal steps are exact: no 0.30000000000000004
    assertEquals(List.of("0.1", "0.2", "0.3"), Grid.values("eta", "0.1:0.3:0.1"));
    assertEquals(List.of("0.010", "0.015", "0.020"), Grid.values("eta", "0.010:0.02:0.005"));
    assertEquals(List.of("float64", "float32"), Grid.values("dtype", "float64, float32"));
  }

  @Test
  void cellsAreTheProductFirstAxisSlowest() {
    Grid g = parse("n=64,128", "seed=1:3");
    assertEquals(List.of("n", "seed"), g.names());
    assertEquals(6, g.size());
    List<Grid.Cell> cells = g.cells();
    assertEquals(List.of("64", "1"), cells.get(0).values());
    assertEquals(List.of("64", "3"), cells.get(2).values());
    assertEquals(List.of("128", "1"), cells.get(3).values());
    assertEquals(5, cells.get(5).index());
    assertEquals(List.of("--n", "128", "--seed", "3"), g.args(cells.get(5)));
  }

  @Test
  void badNamesSayWhatToDo() {
    assertTrue(error("m=1,2").contains("'m' is not an option of dynamics (its options: "), error("m=1,2"));
    assertTrue(error("--n=1,2").contains("without dashes (n=1,2)"), error("--n=1,2"));
    assertTrue(error("allow-unstable=1").contains("is a flag without a value"));
    assertTrue(error("out=a,b").contains("--out is set by the sweep itself"), error("out=a,b"));
    assertTrue(error("n=1", "n=2").contains("--grid n is given twice"));
    assertTrue(error("save-model=a,b").contains("--save-model names a single run's files or state"));
    assertTrue(error("n").contains("expected NAME=VALUES"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of(), OPTIONS, FLAGS, "delay"))
        .getMessage().contains("no --grid given"));
  }

  @Test
  void badValuesSayWhatIsWrong() {
    assertTrue(error("seed=").contains("--grid seed=: no values"));
    assertTrue(error("seed=1,,2").contains("empty value in the comma list"));
    assertTrue(error("seed=10:1").contains("range '10:1' is empty: its start exceeds its end"), error("seed=10:1"));
    assertTrue(error("seed=1:x").contains("the end of range '1:x' is not a number: 'x'"), error("seed=1:x"));
    assertTrue(error("seed=a:3").contains("the start of range 'a:3' is not a number"));
    assertTrue(error("seed=1:10:0").contains("the step must be > 0"));
    assertTrue(error("seed=1:10:-1").contains("the step must be > 0"));
    assertTrue(error("seed=1:2:3:4").contains("has 3 colons"));
    assertTrue(error("eta=0.1:0.3").contains("without a step takes integers"));
    assertTrue(error("seed=1:3,2").contains("the value 2 appears twice"));
    assertTrue(error("seed=1:100000000").contains("more than 1000000 values"));
    assertTrue(error("seed=1:1000", "n=1:1001").contains("more than 1000000 cells"));
  }

  @Test
  void sweepOptionsSeparateTheSweepsOwnFromTheExperiments() {
    SweepOptions o = SweepOptions.parse(List.of("dynamics", "--steps", "300", "--grid", "n=64,128", "--eta", "0.1",
        "--grid=seed=1:8", "--master", "spark://h:7077", "--out", "d", "--resume", "--task-cores", "2", "--conf",
        "spark.executor.memory=8g", "-q"));
    assertEquals("dynamics", o.experiment());
    assertEquals(List.of("--steps", "300", "--eta", "0.1"), o.experimentArgs());
    assertEquals(List.of("n=64,128", "seed=1:8"), o.grid());
    assertEquals("spark://h:7077", o.master());
    assertTrue(o.resume() && o.quiet());
    assertEquals(2, o.taskCores());
    assertEquals("8g", o.conf().get("spark.executor.memory"));
    String e = assertThrows(IllegalArgumentException.class,
        () -> SweepOptions.parse(List.of("dynamics", "--grid", "n=8", "--threads", "2"))).getMessage();
    assertTrue(e.contains("--threads is set per cell by --task-cores"), e);
    e = assertThrows(IllegalArgumentException.class,
        () -> SweepOptions.parse(List.of("dynamics", "--grid", "n=8", "--checkpoint", "ck"))).getMessage();
    assertTrue(e.contains("--checkpoint is not for a sweep: every cell would write into the same folder"), e);
    e = assertThrows(IllegalArgumentException.class, () -> SweepOptions.parse(List.of("e9", "--grid", "n=8")))
        .getMessage();
    assertTrue(e.contains("unknown experiment 'e9'; use one of dynamics, delay, ntk-convergence, realdata"), e);
    e = assertThrows(IllegalArgumentException.class, () -> SweepOptions.parse(List.of("delay", "--task-cores", "0",
        "--grid", "n=8"))).getMessage();
    assertTrue(e.contains("--task-cores must be >= 1"), e);
    assertThrows(IllegalArgumentException.class, () -> SweepOptions.parse(List.of("delay", "--steps", "3")));
  }

  @Test
  void csvTextRoundTripsQuotedErrors() {
    List<String> row = List.of("64", "lrnn dynamics: error: a, \"b\"", "");
    assertEquals(List.of(row, List.of("x")), CsvText.parse(CsvText.line(row) + "\n" + "x\n"));
  }
}
