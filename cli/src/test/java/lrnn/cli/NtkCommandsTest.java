package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.experiment.Convergence;
import lrnn.experiment.Dynamics;
import lrnn.experiment.ProgressSink;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.train.Objectives.GradientPath;
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
      int n = Integer.parseInt(cells[0]);
      long seed = Long.parseLong(cells[1]);
      double err = Double.parseDouble(cells[2]), gap = Double.parseDouble(cells[3]);
      LinearRnn rnn = LinearRnn.random(n, 1, 1, InitScales.DEFAULT, Convergence.rnnSeed(seed));
      // the lag-kernel error against an independent computation: the Jacobian of G_j, not the Gram route (K3)
      double want = bruteForceLagKernelError(rnn, 6);
      assertEquals(want, err, 1e-10 * want, line);
      // the curve gap is the E1 run of this student on the data of this seed (--length 6, --steps 5, eta 0.05)
      Dataset data = SyntheticTask.E1.withLength(6).generate(seed);
      double wantGap = Dynamics.run(new Dynamics.Config(InitScales.DEFAULT, 0.05, 5, 1, GradientPath.KRYLOV, false),
          data, rnn, ProgressSink.NONE).maxRelativeGapRnnScaled();
      assertEquals(wantGap, gap, 1e-12 * wantGap, line);
      assertTrue(gap > 0, line);
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
    // every row against independent numbers: the mean of G_j^2 over the 5 RNNs (seeds 1..5) by the plain
    // recursion G_j = C W^j F, the prediction nu_W^j (nu_C = nu_F = n_x = 1), and lambda_j from (21)
    for (int j = 0; j < 4; j++) {
      String[] cells = v.get(1 + j).split(",");
      assertEquals(j, Integer.parseInt(cells[0]));
      double mean = 0;
      for (long seed = 1; seed <= 5; seed++) {
        double g = impulse(LinearRnn.random(32, 1, 1, InitScales.DEFAULT, seed), j);
        mean += g * g / 5;
      }
      assertEquals(mean, Double.parseDouble(cells[1]), 1e-12 * mean, v.get(1 + j));
      assertEquals(Math.pow(0.5, j), Double.parseDouble(cells[2]), 1e-15, v.get(1 + j));
      String[] dc = d.get(1 + j).split(",");
      double lambda = 2 * Math.pow(0.5, j) + j * Math.pow(0.5, j - 1);
      assertEquals(lambda, Double.parseDouble(dc[1]), 1e-15, d.get(1 + j));
    }
    MainTest.assertPng(tmp.resolve("theorems.png"));
    MainTest.assertSvg(tmp.resolve("theorems.svg"));

    Run bad = Run.of("theorems", "--out", tmp.toString(), "--lags", "30", "--length", "20");
    assertEquals(2, bad.code(), bad::toString);
    assertTrue(bad.err().contains("--lags 30 exceeds --length 20"), bad::toString);
  }

  /** G_j = C W^j F of a single-input, single-output RNN (effective weights), by the plain recursion. */
  static double impulse(LinearRnn rnn, int j) {
    int n = rnn.n();
    double[] w = rnn.w(), p = rnn.f(), c = rnn.c();
    for (int t = 0; t < j; t++) p = matVec(w, p, n);
    double g = 0;
    for (int i = 0; i < n; i++) g += c[i] * p[i];
    return g;
  }

  static double[] matVec(double[] w, double[] v, int n) {
    double[] o = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int k = 0; k < n; k++) s += w[i * n + k] * v[k];
      o[i] = s;
    }
    return o;
  }

  /**
   * ||M - diag(lambda)||_F / ||lambda||_2 with M = J J^T from the Jacobian J of (G_0 … G_{K-1}) with respect to
   * the tilde parameters (n_x = n_y = 1): dG_j/dC~_i = (W^j F)_i / sqrt n, dG_j/dF~_i = (C W^j)_i,
   * dG_j/dW~_ab = (1 / sqrt n) sum_{l<j} (C W^l)_a (W^{j-1-l} F)_b.
   */
  static double bruteForceLagKernelError(LinearRnn rnn, int lags) {
    int n = rnn.n();
    double sn = Math.sqrt(n);
    double[] w = rnn.w(), wt = new double[n * n];
    for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) wt[k * n + i] = w[i * n + k];
    double[][] p = new double[lags][], q = new double[lags][]; // W^j F and (C W^j)^T
    p[0] = rnn.f();
    q[0] = rnn.c();
    for (int j = 1; j < lags; j++) {
      p[j] = matVec(w, p[j - 1], n);
      q[j] = matVec(wt, q[j - 1], n);
    }
    double[][] jac = new double[lags][2 * n + n * n];
    for (int j = 0; j < lags; j++) {
      for (int i = 0; i < n; i++) {
        jac[j][i] = p[j][i] / sn;
        jac[j][n + i] = q[j][i];
      }
      for (int l = 0; l < j; l++) {
        for (int a = 0; a < n; a++) {
          for (int b = 0; b < n; b++) jac[j][2 * n + a * n + b] += q[l][a] * p[j - 1 - l][b] / sn;
        }
      }
    }
    double num = 0, den = 0;
    for (int j = 0; j < lags; j++) {
      double lambda = 2 * Math.pow(0.5, j) + j * Math.pow(0.5, j - 1);
      den += lambda * lambda;
      for (int k = 0; k < lags; k++) {
        double m = 0;
        for (int t = 0; t < jac[j].length; t++) m += jac[j][t] * jac[k][t];
        double e = m - (j == k ? lambda : 0);
        num += e * e;
      }
    }
    return Math.sqrt(num / den);
  }
}
