package lrnn.model;

import lrnn.kernel.Kernels;
import lrnn.util.Require;
import lrnn.util.Memory;
import lrnn.util.ShapeMismatchException;

/**
 * The impulse-response (Krylov) path to the exact RNN gradient (SPEC (K4)): the loss depends on theta only
 * through G, so with the Krylov sequences {@code P_j = W^j F}, {@code Q_j = C W^j} (K1), built together in
 * ONE pass over W per lag (the fused Krylov step), and {@code dG} from the data moments:
 * <pre>
 *   dC = sum_j dG_j P_j^T          dF = sum_j Q_j^T dG_j
 *   R_b = sum_a Q_a^T dG_{a+b+1}   dW = sum_b R_b P_b^T        dD = dG_0
 * </pre>
 * then the chain rule through (3). All R_b come from one GEMM with the Hankel arrangement of dG, dW is one
 * rank-((K-1) n_x) GEMM. Cost O(K n^2 (n_x + n_y)) per step for the sweep plus O(K^2 n n_x n_y), independent
 * of N and L. Exact when {@code K = L}; with {@code K < L} it is the gradient of the RNN whose impulse
 * response is truncated at K.
 */
final class KrylovGradient {

  private KrylovGradient() {}

  /** Loss and gradient of {@code rnn} on the data summarized by {@code m}. */
  static RnnEvaluation evaluate(LinearRnn rnn, DataMoments m) {
    int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny(), lags = m.lags(), d = lags * nx, e = lags * ny;
    if (m.nx() != nx || m.ny() != ny) {
      throw new ShapeMismatchException("data has n_x = " + m.nx() + ", n_y = " + m.ny() + " but the RNN has n_x = "
          + nx + ", n_y = " + ny + "; build the RNN for the data's channels");
    }
    // P (n x K n_x), Q stacked (K n_y x n), R (n x K n_x) and dW (n x n); W itself is not copied
    Memory.require("the Krylov path at n = " + n + ", K = " + lags + " (use fewer lags or a smaller width)",
        Memory.doubles(n, 2L * d + e + n));
    Require.arraySize("the Krylov basis (n x K n_x)", n, d);
    Require.arraySize("the Krylov basis (K n_y x n)", e, n);
    double[] c = rnn.c(), dmat = rnn.d();
    LinearRnn.KrylovBases kb = rnn.krylovBases(lags); // (K1), one fused pass over W per lag
    double[] p = kb.p(), q = kb.q();
    double[] gc = new double[ny * d];
    Kernels.gemm(false, false, ny, d, n, 1.0, c, 0, n, p, 0, d, 0.0, gc, 0, d); // (9): G_j = C P_j
    if (dmat != null) {
      for (int b = 0; b < ny; b++) for (int a = 0; a < nx; a++) gc[b * d + a] += dmat[b * nx + a];
    }
    double loss = m.lossRowForm(gc);
    double[] dgc = m.gradientRowForm(gc);                                        // n_y x K n_x

    double sn = 1 / Math.sqrt(n), sx = 1 / Math.sqrt(nx);
    double[] dc = new double[ny * n];
    Kernels.gemm(false, true, ny, n, d, sn, dgc, 0, d, p, 0, d, 0.0, dc, 0, n);   // sum_j dG_j P_j^T
    // dG stacked by lag, (K n_y) x n_x: row (j, b) is dG_j[b, :]
    double[] dgs = new double[e * nx];
    for (int j = 0; j < lags; j++) {
      for (int b = 0; b < ny; b++) System.arraycopy(dgc, b * d + j * nx, dgs, (j * ny + b) * nx, nx);
    }
    double[] df = new double[n * nx];
    Kernels.gemm(true, false, n, nx, e, sx, q, 0, n, dgs, 0, nx, 0.0, df, 0, nx); // sum_j Q_j^T dG_j
    double[] dw = new double[n * n];
    if (lags > 1) {
      int ub = (lags - 1) * nx;
      // Hankel arrangement: h[(a, b'), (b, a')] = dG_{a+b+1}[b', a'] (0 beyond the last lag)
      double[] h = new double[e * ub];
      for (int a = 0; a < lags; a++) {
        for (int b = 0; a + b + 1 < lags; b++) {
          for (int bp = 0; bp < ny; bp++) {
            System.arraycopy(dgs, ((a + b + 1) * ny + bp) * nx, h, (a * ny + bp) * ub + b * nx, nx);
          }
        }
      }
      double[] r = new double[n * ub];
      Kernels.gemm(true, false, n, ub, e, 1.0, q, 0, n, h, 0, ub, 0.0, r, 0, ub);  // R_b = sum_a Q_a^T dG_{a+b+1}
      Kernels.gemm(false, true, n, n, ub, sn, r, 0, ub, p, 0, d, 0.0, dw, 0, n);   // sum_b R_b P_b^T
    }
    double[] dd = null;
    if (dmat != null) {
      dd = new double[ny * nx];
      for (int b = 0; b < ny; b++) for (int a = 0; a < nx; a++) dd[b * nx + a] = dgc[b * d + a] * sx;
    }
    ImpulseResponse g = ImpulseResponse.wrap(lags, ny, nx, m.fromRowForm(gc));
    return new RnnEvaluation(loss, new RnnGradient(n, nx, ny, dw, df, dc, dd), g);
  }
}
