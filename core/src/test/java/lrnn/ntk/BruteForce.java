package lrnn.ntk;

import java.util.function.Function;
import lrnn.model.LinearRnn;
import lrnn.model.Sequences;

/**
 * Brute-force Jacobians for tests, independent of (K3). Every output used here (the impulse response
 * G_j, or the RNN's outputs on a batch) is a polynomial of degree at most {@code K - 1} (resp. {@code L})
 * in any single tilde parameter, so the five-point central stencil
 * {@code f'(0) = [f(-2h) - 8 f(-h) + 8 f(h) - f(2h)] / (12 h)}, exact for polynomials of degree <= 4, gives
 * the derivative to rounding with a large step (h = 0.5) when the degree is at most 4.
 */
final class BruteForce {

  private BruteForce() {}

  /** Jacobian rows = outputs of {@code f}, columns = tilde parameters in the order W~, F~, C~, D~. */
  static double[][] jacobian(LinearRnn rnn, Function<LinearRnn, double[]> f) {
    int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny();
    double[][] theta = {rnn.wTilde(), rnn.fTilde(), rnn.cTilde(), rnn.dTilde()};
    int params = 0;
    for (double[] t : theta) if (t != null) params += t.length;
    int outs = f.apply(rnn).length;
    double[][] jac = new double[outs][params];
    double h = 0.5;
    double[] steps = {-2 * h, -h, h, 2 * h};
    double[] weights = {1, -8, 8, -1};
    int col = 0;
    for (int block = 0; block < 4; block++) {
      if (theta[block] == null) continue;
      for (int i = 0; i < theta[block].length; i++, col++) {
        double[] acc = new double[outs];
        for (int s = 0; s < 4; s++) {
          double[][] th = {theta[0].clone(), theta[1].clone(), theta[2].clone(),
              theta[3] == null ? null : theta[3].clone()};
          th[block][i] += steps[s];
          double[] v = f.apply(LinearRnn.ofTilde(n, nx, ny, th[0], th[1], th[2], th[3]));
          for (int o = 0; o < outs; o++) acc[o] += weights[s] * v[o];
        }
        for (int o = 0; o < outs; o++) jac[o][col] = acc[o] / (12 * h);
      }
    }
    return jac;
  }

  /** {@code J1 J2^T}. */
  static double[] gram(double[][] j1, double[][] j2) {
    double[] out = new double[j1.length * j2.length];
    for (int r = 0; r < j1.length; r++) {
      for (int c = 0; c < j2.length; c++) {
        double s = 0;
        for (int p = 0; p < j1[r].length; p++) s += j1[r][p] * j2[c][p];
        out[r * j2.length + c] = s;
      }
    }
    return out;
  }

  /** The RNN's outputs on {@code x}, flattened (N, L, n_y). */
  static Function<LinearRnn, double[]> outputs(Sequences x) {
    return r -> r.forward(x).toArray();
  }

  static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) m = Math.max(m, Math.abs(v));
    return m;
  }

  static double maxAbsDiff(double[] a, double[] b) {
    if (a.length != b.length) throw new IllegalArgumentException(a.length + " vs " + b.length);
    double m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  }
}
