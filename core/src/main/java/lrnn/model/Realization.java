package lrnn.model;

import lrnn.util.Require;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;

/**
 * An RNN that realizes given convolution coefficients exactly (SPEC Proposition 2.1(b)).
 *
 * @param rnn             the realizing RNN (its impulse response equals G on the first K lags)
 * @param conditionNumber condition number of the linear system solved (1 for the shift register)
 * @param method          "shift-register" or "vandermonde"
 */
public record Realization(LinearRnn rnn, double conditionNumber, String method) {

  /**
   * The shift-register realization: {@code n = K n_x} states, W the block down-shift (nilpotent),
   * F the first block identity, {@code C = [G_0 G_1 … G_{K-1}]}. Exact and well conditioned.
   */
  public static Realization shiftRegister(ImpulseResponse g) {
    Require.nonNull("coefficients G", g);
    int lags = g.lags(), nx = g.nx(), ny = g.ny(), n = lags * nx;
    Require.arraySize("shift register W", n, n);
    double[] w = new double[n * n];
    for (int j = 1; j < lags; j++) {
      for (int a = 0; a < nx; a++) w[(j * nx + a) * n + (j - 1) * nx + a] = 1;
    }
    double[] f = new double[n * nx];
    for (int a = 0; a < nx; a++) f[a * nx + a] = 1;
    double[] c = new double[ny * n];
    for (int j = 0; j < lags; j++) {
      for (int b = 0; b < ny; b++) {
        for (int a = 0; a < nx; a++) c[b * n + j * nx + a] = g.get(j, b, a);
      }
    }
    return new Realization(LinearRnn.ofWeights(n, nx, ny, w, f, c, null), 1.0, "shift-register");
  }

  /** The paper's construction with default distinct non-zero real poles in (-1, 1) (Chebyshev nodes). */
  public static Realization vandermonde(ImpulseResponse g) {
    Require.nonNull("coefficients G", g);
    return vandermonde(g, defaultPoles(g.lags()));
  }

  /**
   * The paper's construction: per (output b, input a) pair, K states with {@code W = diag(w_1 … w_K)},
   * {@code F = 1}, {@code C = c^T} where {@code V c = g_{ba}}, {@code V_{j,i} = w_i^j}. n = n_y n_x K.
   * Ill-conditioned beyond K ~ 20: the condition number of V is reported.
   *
   * @param poles K distinct non-zero values
   */
  public static Realization vandermonde(ImpulseResponse g, double[] poles) {
    Require.nonNull("coefficients G", g);
    int lags = g.lags(), nx = g.nx(), ny = g.ny();
    Require.length("poles", poles, lags);
    for (int i = 0; i < lags; i++) {
      Require.finite("pole " + i, poles[i]);
      if (poles[i] == 0) throw new IllegalArgumentException("pole " + i + " is 0; poles must be non-zero");
      for (int k = 0; k < i; k++) {
        if (poles[k] == poles[i]) throw new IllegalArgumentException("poles " + k + " and " + i + " are equal");
      }
    }
    int n = Require.arraySize("Vandermonde realization (n = n_y n_x K)", (long) ny * nx * lags, 1);
    Require.arraySize("Vandermonde realization W", n, n);
    DMatrixRMaj v = new DMatrixRMaj(lags, lags);
    for (int j = 0; j < lags; j++) for (int i = 0; i < lags; i++) v.set(j, i, Math.pow(poles[i], j));
    double cond = conditionNumber(v);
    double[] w = new double[n * n];
    double[] f = new double[n * nx];
    double[] c = new double[ny * n];
    DMatrixRMaj rhs = new DMatrixRMaj(lags, 1);
    DMatrixRMaj sol = new DMatrixRMaj(lags, 1);
    for (int b = 0; b < ny; b++) {
      for (int a = 0; a < nx; a++) {
        int base = (b * nx + a) * lags;
        for (int j = 0; j < lags; j++) rhs.set(j, 0, g.get(j, b, a));
        if (!CommonOps_DDRM.solve(v.copy(), rhs, sol)) {
          throw new IllegalStateException("the Vandermonde system is singular (condition number " + cond + ")");
        }
        for (int i = 0; i < lags; i++) {
          w[(base + i) * n + base + i] = poles[i];
          f[(base + i) * nx + a] = 1;
          c[b * n + base + i] = sol.get(i, 0);
        }
      }
    }
    return new Realization(LinearRnn.ofWeights(n, nx, ny, w, f, c, null), cond, "vandermonde");
  }

  /** K distinct non-zero Chebyshev-type nodes in (-1, 1). */
  public static double[] defaultPoles(int lags) {
    Require.positive("K (lags)", lags);
    int m = lags % 2 == 0 ? lags : lags + 1; // an even count avoids the node at 0
    double[] all = new double[m];
    for (int i = 0; i < m; i++) all[i] = 0.98 * Math.cos(Math.PI * (i + 0.5) / m);
    if (m == lags) return all;
    double[] p = new double[lags];
    System.arraycopy(all, 0, p, 0, lags); // drop the last (most negative) node
    return p;
  }

  private static double conditionNumber(DMatrixRMaj v) {
    double[] s = SingularOps_DDRM.singularValues(v);
    double max = 0, min = Double.POSITIVE_INFINITY;
    for (double x : s) {
      max = Math.max(max, x);
      min = Math.min(min, x);
    }
    return min == 0 ? Double.POSITIVE_INFINITY : max / min;
  }
}
