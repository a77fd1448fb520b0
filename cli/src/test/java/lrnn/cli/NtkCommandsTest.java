package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ntk-convergence} (E4) and {@code theorems} (E5) at tiny size. */
class NtkCommandsTest {

  @TempDir
  Path tmp;

  @Test
  void ntkConvergenceWritesCsvAndLogLogFigure() throws IOException {
    Run r = Run.of("ntk-convergence", "--out", tmp.toString(), "--widths", "16,64", "--seeds", "2", "--lags", "6",
        "--length", "6", "--steps", "5", "--log-every", "1");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("log-log slope: lag kernel"), r::toString);
    List<String> csv = Files.readAllLines(tmp.resolve("convergence.csv"));
    assertEquals("n,seed,lag_kernel_rel_err,curve_gap", csv.get(0));
    assertEquals(5, csv.size(), csv::toString);
    assertTrue(csv.get(1).startsWith("16,1,"), csv::toString); // seeds start at --seed (default 1)
    assertTrue(csv.get(4).startsWith("64,2,"), csv::toString);
    for (String line : csv.subList(1, 5)) {
      String[] cells = line.split(",");
      double err = Double.parseDouble(cells[2]), gap = Double.parseDouble(cells[3]);
      assertTrue(err > 0 && err < 2, line);
      assertTrue(gap >= 0 && Double.isFinite(gap), line);
    }
    MainTest.assertPng(tmp.resolve("convergence.png"));
    MainTest.assertSvg(tmp.resolve("convergence.svg"));
  }

  @Test
  void ntkConvergenceRejectsBadWidths() {
    Run r = Run.of("ntk-convergence", "--out", tmp.toString(), "--widths", "0,8");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("--widths must be >= 1, got 0"), r::toString);
  }

  @Test
  void theoremsWritesBothCsvsAndFigure() throws IOException {
    Run r = Run.of("theorems", "--out", tmp.toString(), "--width", "32", "--seeds", "5", "--lags", "4", "--length",
        "5", "--steps", "4");
    assertEquals(0, r.code(), r::toString);
    List<String> v = Files.readAllLines(tmp.resolve("theorems_variance.csv"));
    assertEquals("lag,measured,predicted,standard_error", v.get(0));
    assertEquals(5, v.size());
    assertTrue(v.get(1).startsWith("0,") && v.get(1).contains(",1.0,"), v::toString); // nu_C nu_F / n_x = 1
    List<String> d = Files.readAllLines(tmp.resolve("theorems_drift.csv"));
    assertEquals("lag,lambda,rnn,scaled,unscaled", d.get(0));
    assertEquals(5, d.size());
    assertTrue(d.get(1).startsWith("0,2.0,"), d::toString); // lambda_0 = nu_C + nu_F
    MainTest.assertPng(tmp.resolve("theorems.png"));
    MainTest.assertSvg(tmp.resolve("theorems.svg"));

    Run bad = Run.of("theorems", "--out", tmp.toString(), "--lags", "30", "--length", "20");
    assertEquals(2, bad.code(), bad::toString);
    assertTrue(bad.err().contains("--lags 30 exceeds --length 20"), bad::toString);
  }
}
