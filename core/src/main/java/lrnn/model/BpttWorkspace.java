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
  private final double[] wt; // W~ (the RNN's own array; W = W~/sqrt(n) is applied as the GEMMs' alpha)
  private final double sn;
  private final double[] c;
  private final double[] xt; // (L, N, nx)
  private final double[] h;  // (L, N, n)
  private final double[] yt; // (L, N, ny)

  BpttWorkspace(LinearRnn rnn, Sequences x) {
    this.rnn = rnn;
    this.nSeq = x.count();
    this.len = x.length();
    int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny();
    if (rnn.dtype() != Dtype.FLOAT64) {
      throw new UnsupportedOperationException("backpropagation through time runs on float64 RNNs only; this RNN "
          + "is " + rnn.dtype().label() + ": use the Krylov path (--gradient krylov) or float64");
    }
    // H and the backward G (L N n each), the time-major copies of x and y, and W packed once (n x n; the
    // forward's packed W^T is dropped before the backward packs W, and the update goes into W~ in place)
    Memory.require("the BPTT workspace (2 L N n + n^2 doubles) at n = " + n + ", N = " + nSeq + ", L = " + len
        + " (use the Krylov path, fewer sequences or a smaller width)",
        Memory.doubles(2L * len * nSeq * n + (long) n * n + (long) len * nSeq * (nx + 2L * ny)));
    Require.arraySize("the BPTT hidden states (L N n)", len, nSeq, n);
    this.wt = rnn.wRaw();
    this.sn = 1 / Math.sqrt(n);
    this.c = rnn.c();
    double[] f = rnn.f();
    this.xt = timeMajor(x.raw(), nSeq, len, nx);
    int rows = len * nSeq;
    this.h = new double[rows * n];
    // H_k = X_k F^T + H_{k-1} W^T  (1). X_k F^T is written step by step, just before H_{k-1} W^T is added,
    // so that H_k is in cache for that GEMM's first update of it rather than coming back from memory one
    // tile at a time. The values are the same either way; the gain was within this machine's noise.
    PackedMatrix wT = len > 1 ? Kernels.packB(true, n, n, wt, 0, n) : null; // W~^T packed once for all L - 1 steps
    for (int k = 0; k < len; k++) {
      Kernels.gemm(false, true, nSeq, n, nx, 1.0, xt, k * nSeq * nx, nx, f, 0, nx, 0.0, h, k * nSeq * n, n);
      if (k > 0) Kernels.gemm(false, nSeq, sn, h, (k - 1) * nSeq * n, n, wT, 1.0, h, k * nSeq * n, n);
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
   * {@code G_k = E_k C + G_{k+1} W} with {@code E_k = dMSE/dYhat_k}; dW~ formed (n^2 doubles).
   */
  RnnGradient gradient(Sequences y) {
    int n = rnn.n();
    Memory.require("the BPTT gradient dW (n x n) at n = " + n, Memory.doubles(n, n));
    Backward bw = backward(y);
    double[] dw = new double[n * n];
    if (len > 1) {
      Kernels.gemm(true, false, n, n, (len - 1) * nSeq, sn, bw.g, nSeq * n, n, h, 0, n, 0.0, dw, 0, n);
    }
    return new RnnGradient(n, rnn.nx(), rnn.ny(), dw, bw.df, bw.dc, bw.dd);
  }

  /**
   * One GD step of size eta on the RNN's own arrays: the backward pass, then W~ += (-eta/sqrt n) G^T H by one
   * GEMM with beta = 1 (dW~ never formed), and the small parameters. The caller owns the arrays.
   */
  void applyInPlace(Sequences y, double eta) {
    int n = rnn.n();
    Backward bw = backward(y);
    if (len > 1) {
      Kernels.gemm(true, false, n, n, (len - 1) * nSeq, -eta * sn, bw.g, nSeq * n, n, h, 0, n, 1.0, wt, 0, n);
    }
    Kernels.axpy(-eta, bw.df, 0, rnn.fRaw(), 0, bw.df.length);
    Kernels.axpy(-eta, bw.dc, 0, rnn.cRaw(), 0, bw.dc.length);
    if (bw.dd != null) Kernels.axpy(-eta, bw.dd, 0, rnn.dRaw(), 0, bw.dd.length);
  }

  /** The adjoint states G (time-major, L N n, already dMSE/dH) and the gradients of F~, C~, D~. */
  private record Backward(double[] g, double[] df, double[] dc, double[] dd) {}

  private Backward backward(Sequences y) {
    int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny(), rows = len * nSeq;
    double[] ytrue = timeMajor(y.raw(), nSeq, len, ny);
    double coef = 2.0 / ((double) nSeq * len * ny);
    double[] e = new double[rows * ny];
    for (int t = 0; t < e.length; t++) e[t] = coef * (yt[t] - ytrue[t]);
    double[] g = new double[rows * n];
    // E_k C step by step before G_{k+1} W is added, as in the forward pass
    PackedMatrix wPacked = len > 1 ? Kernels.packB(false, n, n, wt, 0, n) : null; // W~ packed once for all steps
    for (int k = len - 1; k >= 0; k--) {
      Kernels.gemm(false, false, nSeq, n, ny, 1.0, e, k * nSeq * ny, ny, c, 0, n, 0.0, g, k * nSeq * n, n);
      if (k < len - 1) Kernels.gemm(false, nSeq, sn, g, (k + 1) * nSeq * n, n, wPacked, 1.0, g, k * nSeq * n, n);
    }
    wPacked = null; // the update below must not hold a second n x n
    double[] df = new double[n * nx];
    Kernels.gemm(true, false, n, nx, rows, 1.0, g, 0, n, xt, 0, nx, 0.0, df, 0, nx);
    double[] dc = new double[ny * n];
    Kernels.gemm(true, false, ny, n, rows, 1.0, e, 0, ny, h, 0, n, 0.0, dc, 0, n);
    double[] dd = null;
    if (rnn.hasD()) {
      dd = new double[ny * nx];
      Kernels.gemm(true, false, ny, nx, rows, 1.0, e, 0, ny, xt, 0, nx, 0.0, dd, 0, nx);
    }
    // chain rule through (3): d/dW~ = (1/sqrt n) d/dW (applied as the dW GEMM's alpha), etc.
    double sx = 1 / Math.sqrt(nx);
    scale(df, sx);
    scale(dc, sn);
    if (dd != null) scale(dd, sx);
    return new Backward(g, df, dc, dd);
  }

  private static void scale(double[] a, double s) {
    for (int i = 0; i < a.length; i++) a[i] *= s;
  }
}
