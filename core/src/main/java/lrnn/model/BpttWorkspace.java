package lrnn.model;

import lrnn.kernel.Kernels;
import lrnn.kernel.PackedMatrix;
import lrnn.util.Memory;
import lrnn.util.Require;

/**
 * The batched forward pass and backpropagation through time of a {@link LinearRnn} on one batch
 * (SPEC §4). Arrays are time-major, {@code (L, N, .)}, so that each step is one GEMM over the batch and
 * the weight gradients are single large GEMMs over all steps.
 */
final class BpttWorkspace {

  private final LinearRnn rnn;
  private final int nSeq;
  private final int len;
  private final double[] w;
  private final double[] c;
  private final double[] xt; // (L, N, nx)
  private final double[] h;  // (L, N, n)
  private final double[] yt; // (L, N, ny)

  BpttWorkspace(LinearRnn rnn, Sequences x) {
    this.rnn = rnn;
    this.nSeq = x.count();
    this.len = x.length();
    int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny();
    // H and the backward G (L N n each), the time-major copies of x and y, and W, dW and W packed twice
    // (n x n each)
    Memory.require("the BPTT workspace (2 L N n + 4 n^2 doubles) at n = " + n + ", N = " + nSeq + ", L = " + len
        + " (use the Krylov path, fewer sequences or a smaller width)",
        Memory.doubles(2L * len * nSeq * n + 4L * n * n + (long) len * nSeq * (nx + 2L * ny)));
    Require.arraySize("the BPTT hidden states (L N n)", len, nSeq, n);
    this.w = rnn.w();
    this.c = rnn.c();
    double[] f = rnn.f();
    this.xt = timeMajor(x.raw(), nSeq, len, nx);
    int rows = len * nSeq;
    this.h = new double[rows * n];
    // H_k = X_k F^T + H_{k-1} W^T  (1). X_k F^T is written step by step, just before H_{k-1} W^T is added,
    // so that H_k is in cache for that GEMM's first update of it rather than coming back from memory one
    // tile at a time. The values are the same either way; the gain was within this machine's noise.
    PackedMatrix wT = len > 1 ? Kernels.packB(true, n, n, w, 0, n) : null; // W^T packed once for all L - 1 steps
    for (int k = 0; k < len; k++) {
      Kernels.gemm(false, true, nSeq, n, nx, 1.0, xt, k * nSeq * nx, nx, f, 0, nx, 0.0, h, k * nSeq * n, n);
      if (k > 0) Kernels.gemm(false, nSeq, 1.0, h, (k - 1) * nSeq * n, n, wT, 1.0, h, k * nSeq * n, n);
    }
    this.yt = new double[rows * ny];
    Kernels.gemm(false, true, rows, ny, n, 1.0, h, 0, n, c, 0, n, 0.0, yt, 0, ny);
    double[] d = rnn.d();
    if (d != null) Kernels.gemm(false, true, rows, ny, nx, 1.0, xt, 0, nx, d, 0, nx, 1.0, yt, 0, ny);
  }

  static double[] timeMajor(double[] a, int nSeq, int len, int dim) {
    double[] t = new double[a.length];
    for (int i = 0; i < nSeq; i++) {
      for (int k = 0; k < len; k++) System.arraycopy(a, (i * len + k) * dim, t, (k * nSeq + i) * dim, dim);
    }
    return t;
  }

  static double[] batchMajor(double[] t, int nSeq, int len, int dim) {
    double[] a = new double[t.length];
    for (int i = 0; i < nSeq; i++) {
      for (int k = 0; k < len; k++) System.arraycopy(t, (k * nSeq + i) * dim, a, (i * len + k) * dim, dim);
    }
    return a;
  }

  Sequences outputs() {
    return Sequences.wrap(nSeq, len, rnn.ny(), batchMajor(yt, nSeq, len, rnn.ny()));
  }

  /**
   * The MSE gradient (SPEC §4) with respect to the tilde parameters, by the reverse recursion
   * {@code G_k = E_k C + G_{k+1} W} with {@code E_k = dMSE/dYhat_k}.
   */
  RnnGradient gradient(Sequences y) {
    int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny(), rows = len * nSeq;
    double[] ytrue = timeMajor(y.raw(), nSeq, len, ny);
    double coef = 2.0 / ((double) nSeq * len * ny);
    double[] e = new double[rows * ny];
    for (int t = 0; t < e.length; t++) e[t] = coef * (yt[t] - ytrue[t]);
    double[] g = new double[rows * n];
    // E_k C step by step before G_{k+1} W is added, as in the forward pass
    PackedMatrix wPacked = len > 1 ? Kernels.packB(false, n, n, w, 0, n) : null; // W packed once for all steps
    for (int k = len - 1; k >= 0; k--) {
      Kernels.gemm(false, false, nSeq, n, ny, 1.0, e, k * nSeq * ny, ny, c, 0, n, 0.0, g, k * nSeq * n, n);
      if (k < len - 1) Kernels.gemm(false, nSeq, 1.0, g, (k + 1) * nSeq * n, n, wPacked, 1.0, g, k * nSeq * n, n);
    }
    double[] dw = new double[n * n];
    if (len > 1) {
      Kernels.gemm(true, false, n, n, (len - 1) * nSeq, 1.0, g, nSeq * n, n, h, 0, n, 0.0, dw, 0, n);
    }
    double[] df = new double[n * nx];
    Kernels.gemm(true, false, n, nx, rows, 1.0, g, 0, n, xt, 0, nx, 0.0, df, 0, nx);
    double[] dc = new double[ny * n];
    Kernels.gemm(true, false, ny, n, rows, 1.0, e, 0, ny, h, 0, n, 0.0, dc, 0, n);
    double[] dd = null;
    if (rnn.hasD()) {
      dd = new double[ny * nx];
      Kernels.gemm(true, false, ny, nx, rows, 1.0, e, 0, ny, xt, 0, nx, 0.0, dd, 0, nx);
    }
    // chain rule through (3): d/dW~ = (1/sqrt n) d/dW, etc.
    double sn = 1 / Math.sqrt(n), sx = 1 / Math.sqrt(nx);
    scale(dw, sn);
    scale(df, sx);
    scale(dc, sn);
    if (dd != null) scale(dd, sx);
    return new RnnGradient(n, nx, ny, dw, df, dc, dd);
  }

  private static void scale(double[] a, double s) {
    for (int i = 0; i < a.length; i++) a[i] *= s;
  }
}
