package lrnn.kernel;

import java.util.Arrays;

/**
 * Vector API Toeplitz kernels: convolution (SPEC (5)), its adjoint, and the lagged data Gram (SPEC (17)).
 *
 * <p>Inputs are stored time-interleaved {@code (N, L, d)} and often have few channels (n_x = 1 or 6), so
 * vectorizing over channels would waste lanes. Each sequence is transposed once to channel-major series
 * (cost O(L d)) and the kernels vectorize across time, where the length is L (20 to thousands).
 */
final class PanamaToeplitz {

  private PanamaToeplitz() {}

  /** See {@link KernelSupport#convolve}: {@code y_k (+)= sum_j G_j x_{k-j}} (5), (8). y is modified. */
  static void convolve(int nSeq, int len, int nx, int ny, int lags, double[] x, double[] g,
                       double[] y, boolean accumulate) {
    if (!accumulate) Arrays.fill(y, 0, nSeq * len * ny, 0.0);
    int kEff = Math.min(lags, len); // lags j >= L never meet a sample
    if (kEff == 0 || nx == 0 || ny == 0 || nSeq == 0) return;
    int padLen = kEff - 1 + len;
    double[] xpad = new double[nx * padLen]; // kEff-1 leading zeros per channel stand for x_t = 0, t < 0
    double[][] gb = new double[ny][kEff * nx]; // gb[b][j*nx + a] = G_j[b, a]
    for (int b = 0; b < ny; b++) {
      for (int j = 0; j < kEff; j++) System.arraycopy(g, (j * ny + b) * nx, gb[b], j * nx, nx);
    }
    double[] acc = new double[len];
    for (int i = 0; i < nSeq; i++) {
      int xs = i * len * nx, ys = i * len * ny;
      for (int t = 0; t < len; t++) {
        for (int a = 0; a < nx; a++) xpad[a * padLen + kEff - 1 + t] = x[xs + t * nx + a];
      }
      for (int b = 0; b < ny; b++) {
        for (int t = 0; t < len; t++) acc[t] = y[ys + t * ny + b];
        PanamaOps.convolveSeries(len, kEff, nx, gb[b], xpad, padLen, acc);
        for (int t = 0; t < len; t++) y[ys + t * ny + b] = acc[t];
      }
    }
  }

  /** See {@link KernelSupport#correlate}: {@code dG_j[b,a] = sum_{i,k>=j} e[i,k,b] x[i,k-j,a]}. dg is overwritten. */
  static void correlate(int nSeq, int len, int nx, int ny, int lags, double[] e, double[] x,
                        double[] dg) {
    Arrays.fill(dg, 0, lags * ny * nx, 0.0);
    int kEff = Math.min(lags, len);
    if (kEff == 0 || nx == 0 || ny == 0) return;
    double[] xt = new double[nx * len], et = new double[ny * len];
    for (int i = 0; i < nSeq; i++) {
      transpose(x, i * len * nx, len, nx, xt);
      transpose(e, i * len * ny, len, ny, et);
      // each coefficient is a dot product over time of the residual with the lagged input
      for (int j = 0; j < kEff; j++) {
        for (int b = 0; b < ny; b++) {
          int gj = (j * ny + b) * nx;
          for (int a = 0; a < nx; a++) dg[gj + a] += PanamaOps.dot(et, b * len + j, xt, a * len, len - j);
        }
      }
    }
  }

  /**
   * See {@link KernelSupport#lagGram}: {@code Rxx = T^T T} (17). The first block row are lagged
   * auto-correlations (vectorized dot products over time); the rest follows from
   * {@code Rxx(j+1, j'+1) = Rxx(j, j') - x_{L-1-j} x_{L-1-j'}^T}, as in the scalar reference. rxx is overwritten.
   */
  static void lagGram(int nSeq, int len, int nx, int lags, double[] x, double[] rxx) {
    int d = lags * nx;
    Arrays.fill(rxx, 0, d * d, 0.0);
    int kEff = Math.min(lags, len);
    if (kEff == 0 || nx == 0) return;
    double[] xt = new double[nx * len];
    for (int i = 0; i < nSeq; i++) {
      transpose(x, i * len * nx, len, nx, xt);
      for (int jp = 0; jp < kEff; jp++) {
        for (int a = 0; a < nx; a++) {
          int row = a * d + jp * nx;
          for (int ap = 0; ap < nx; ap++) rxx[row + ap] += PanamaOps.dot(xt, a * len + jp, xt, ap * len, len - jp);
        }
      }
    }
    for (int j = 0; j + 1 < lags; j++) {
      int t = len - 1 - j;
      for (int jp = j; jp + 1 < lags; jp++) {
        int tp = len - 1 - jp;
        for (int a = 0; a < nx; a++) {
          for (int ap = 0; ap < nx; ap++) {
            double v = rxx[(j * nx + a) * d + jp * nx + ap];
            if (t >= 0 && tp >= 0) {
              for (int i = 0; i < nSeq; i++) v -= x[(i * len + t) * nx + a] * x[(i * len + tp) * nx + ap];
            }
            rxx[((j + 1) * nx + a) * d + (jp + 1) * nx + ap] = v;
          }
        }
      }
    }
    PanamaNtk.mirrorUpper(rxx, d);
  }

  /** dst[c*len + t] = src[off + t*ch + c]: one sequence to channel-major series. dst is overwritten. */
  static void transpose(double[] src, int off, int len, int ch, double[] dst) {
    for (int t = 0; t < len; t++) {
      int s = off + t * ch;
      for (int c = 0; c < ch; c++) dst[c * len + t] = src[s + c];
    }
  }
}
