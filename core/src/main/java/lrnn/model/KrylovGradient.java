package lrnn.model;

import lrnn.kernel.Kernels;
import lrnn.util.Require;
import lrnn.util.Memory;
import lrnn.util.ShapeMismatchException;

/**
 * The impulse-response (Krylov) path to the exact RNN gradient (SPEC (K4)): the loss depends on theta only
 * through G, so with {@code P_j = W^j F}, {@code dG} from the data moments and the backward Krylov sweep
 * {@code U_b = C^T dG_{b+1} + W^T U_{b+1}} (which equals {@code R_b = sum_a Q_a^T dG_{a+b+1}}):
 * <pre>
 *   dC = sum_j dG_j P_j^T      dF = sum_j Q_j^T dG_j = C^T dG_0 + W^T U_0
 *   dW = sum_b U_b P_b^T       dD = dG_0
 * </pre>
 * then the chain rule through (3). Cost O(K n^2 n_x) per step, independent of N and L. Exact when
 * {@code K = L}; with {@code K < L} it is the gradient of the RNN whose impulse response is truncated at K.
 */
final class KrylovGradient {

  private KrylovGradient() {}

  /** Loss and gradient of {@code rnn} on the data summarized by {@code m}. */
  static RnnEvaluation evaluate(LinearRnn rnn, DataMoments m) {
    int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny(), lags = m.lags(), d = lags * nx;
    if (m.nx() != nx || m.ny() != ny) {
      throw new ShapeMismatchException("data has n_x = " + m.nx() + ", n_y = " + m.ny() + " but the RNN has n_x = "
          + nx + ", n_y = " + ny + "; build the RNN for the data's channels");
    }
    // P and U^T (n x K n_x each), Z^T, dW^T and dW (n x n each), plus the n x n copy of W
    Memory.require("the Krylov path at n = " + n + ", K = " + lags + " (use fewer lags or a smaller width)",
        Memory.doubles(n, 3L * d + 3L * n));
    Require.arraySize("the Krylov basis (n x K n_x)", n, d);
    double[] w = rnn.w(), f = rnn.f(), c = rnn.c(), dmat = rnn.d();
    double[] p = LinearRnn.krylovP(w, f, n, nx, lags);                       // (K1), n x (K n_x)
    double[] gc = new double[ny * d];
    Kernels.gemm(false, false, ny, d, n, 1.0, c, 0, n, p, 0, d, 0.0, gc, 0, d); // (9): G_j = C P_j
    if (dmat != null) {
      for (int b = 0; b < ny; b++) for (int a = 0; a < nx; a++) gc[b * d + a] += dmat[b * nx + a];
    }
    double loss = m.lossRowForm(gc);
    double[] dgc = m.gradientRowForm(gc);

    double[] dc = new double[ny * n];
    Kernels.gemm(false, true, ny, n, d, 1.0, dgc, 0, d, p, 0, d, 0.0, dc, 0, n);   // sum_j dG_j P_j^T
    double[] zt = new double[d * n];                                                // row block j: (C^T dG_j)^T
    Kernels.gemm(true, false, d, n, ny, 1.0, dgc, 0, d, c, 0, n, 0.0, zt, 0, n);
    // Backward sweep, stored transposed: Ut_b = Zt_{b+1} + Ut_{b+1} W  (the Q-side of the Krylov step).
    int ub = (lags - 1) * nx;
    double[] ut = new double[Math.max(ub, 0) * n];
    if (lags > 1) {
      System.arraycopy(zt, (lags - 1) * nx * n, ut, (lags - 2) * nx * n, nx * n);
      for (int b = lags - 3; b >= 0; b--) {
        Kernels.krylovStep(n, w, 0, null, 0, null, 0, 0, nx, ut, (b + 1) * nx * n, ut, b * nx * n, n);
        Kernels.axpy(1.0, zt, (b + 1) * nx * n, ut, b * nx * n, nx * n);
      }
    }
    double[] vt = new double[nx * n];                                                // (dF)^T
    if (lags > 1) Kernels.krylovStep(n, w, 0, null, 0, null, 0, 0, nx, ut, 0, vt, 0, n);
    Kernels.axpy(1.0, zt, 0, vt, 0, nx * n);
    double sn = 1 / Math.sqrt(n), sx = 1 / Math.sqrt(nx);
    // dW = sum_b U_b P_b^T, a rank-((K-1) n_x) update, computed as dW^T = Pcat Ucat^T (a plain NN GEMM)
    double[] dwT = new double[n * n];
    if (lags > 1) Kernels.gemm(false, false, n, n, ub, 1.0, p, 0, d, ut, 0, n, 0.0, dwT, 0, n);
    double[] dw = new double[n * n];
    for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) dw[i * n + k] = dwT[k * n + i] * sn;
    for (int t = 0; t < dc.length; t++) dc[t] *= sn;
    double[] df = new double[n * nx];
    for (int a = 0; a < nx; a++) for (int i = 0; i < n; i++) df[i * nx + a] = vt[a * n + i] * sx;
    double[] dd = null;
    if (dmat != null) {
      dd = new double[ny * nx];
      for (int b = 0; b < ny; b++) for (int a = 0; a < nx; a++) dd[b * nx + a] = dgc[b * d + a] * sx;
    }
    ImpulseResponse g = ImpulseResponse.wrap(lags, ny, nx, m.fromRowForm(gc));
    return new RnnEvaluation(loss, new RnnGradient(n, nx, ny, dw, df, dc, dd), g);
  }
}
