package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wide n from the command line: the memory plan refuses what cannot fit, and --dtype float32 matches float64. */
class WideCommandTest {

  @TempDir
  Path tmp;

  @Test
  void aWidthThatCannotFitFailsAtOnceWithOneLineAndNoOutput() {
    Path out = tmp.resolve("out");
    long t0 = System.nanoTime();
    Run r = Run.of("dynamics", "--n", "200000", "--out", out.toString());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(1, r.code(), r.err());
    assertTrue(ms < 10_000, "took " + ms + " ms");
    String[] lines = r.err().strip().split("\n");
    assertEquals(1, lines.length, r.err());
    assertTrue(lines[0].contains("E1 at n = 200000 (float64, krylov gradient) needs about 298."), lines[0]);
    assertTrue(lines[0].contains("--dtype float32") && lines[0].contains("-Xmx"), lines[0]);
    assertFalse(Files.exists(out), "no output folder for a run that cannot start");
  }

  @Test
  void float32BpttIsAUsageError() {
    Run r = Run.of("dynamics", "--n", "16", "--dtype", "float32", "--gradient", "bptt", "--out", tmp.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--dtype float32 runs on the Krylov path only"), r.err());
    Run bad = Run.of("dynamics", "--dtype", "float16", "--out", tmp.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--dtype must be float64 or float32, got 'float16'"), bad.err());
  }

  private static double[][] rows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    double[][] out = new double[lines.size() - 1][];
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      out[i - 1] = new double[f.length];
      for (int j = 0; j < f.length; j++) out[i - 1][j] = Double.parseDouble(f[j]);
    }
    return out;
  }

  /** The E1 default run (n = 1000, 300 steps) in float32 agrees with float64 to 1e-3 relative at every logged step. */
  @Test
  void float32E1AgreesWithFloat64AtEveryLoggedStep() throws IOException {
    Path a = tmp.resolve("f64"), b = tmp.resolve("f32");
    assertEquals(0, Run.of("dynamics", "--out", a.toString(), "--quiet").code());
    assertEquals(0, Run.of("dynamics", "--out", b.toString(), "--quiet", "--dtype", "float32").code());
    double[][] x = rows(a.resolve("dynamics.csv")), y = rows(b.resolve("dynamics.csv"));
    assertEquals(31, x.length);
    assertEquals(x.length, y.length);
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      assertEquals(x[i][0], y[i][0], "step column");
      for (int c = 1; c < x[i].length; c++) worst = Math.max(worst, Math.abs(y[i][c] - x[i][c]) / Math.abs(x[i][c]));
    }
    System.out.printf("E1 n = 1000: largest relative float32-float64 difference over all logged values %.3e%n", worst);
    assertTrue(worst < 1e-3, "float32 vs float64: " + worst);
    assertTrue(worst > 0, "the float32 run really ran in float32");
  }
}
