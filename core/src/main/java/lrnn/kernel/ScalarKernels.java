package lrnn.kernel;

/**
 * Plain-Java reference implementation of {@link KernelSupport}: simple loops in the order that is
 * easiest to check against SPEC. Every vector kernel is tested against this class.
 */
public final class ScalarKernels implements KernelSupport {

  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double beta, double[] c, int cOff, int ldc) {
    scaleC(m, n, beta, c, cOff, ldc);
    if (alpha == 0 || k == 0) return;
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      for (int p = 0; p < k; p++) {
        double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        if (aip == 0) continue;
        double s = alpha * aip;
        if (!transB) {
          int bp = bOff + p * ldb;
          for (int j = 0; j < n; j++) c[ci + j] += s * b[bp + j];
        } else {
          for (int j = 0; j < n; j++) c[ci + j] += s * b[bOff + j * ldb + p];
        }
      }
    }
  }

  private static void scaleC(int m, int n, double beta, double[] c, int cOff, int ldc) {
    if (beta == 1) return;
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      for (int j = 0; j < n; j++) c[ci + j] = beta == 0 ? 0 : beta * c[ci + j];
    }
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      for (int j = 0; j < n; j++) c[ci + j] = beta == 0 ? 0 : beta * c[ci + j];
    }
    if (alpha == 0 || k == 0) return;
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      for (int p = 0; p < k; p++) {
        float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        if (aip == 0) continue;
        float s = alpha * aip;
        if (!transB) {
          int bp = bOff + p * ldb;
          for (int j = 0; j < n; j++) c[ci + j] += s * b[bp + j];
        } else {
          for (int j = 0; j < n; j++) c[ci + j] += s * b[bOff + j * ldb + p];
        }
      }
    }
  }

  @Override
  public double dot(double[] a, int aOff, double[] b, int bOff, int len) {
    double s = 0;
    for (int i = 0; i < len; i++) s += a[aOff + i] * b[bOff + i];
    return s;
  }

  @Override
  public void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
    for (int i = 0; i < len; i++) y[yOff + i] += alpha * x[xOff + i];
  }

  @Override
  public void krylovStep(Parallel par, int n, double[] w, double scale,
                         int m, double[] pIn, int pInOff, double[] pOut, int pOutOff, int ldp,
                         int r, double[] qIn, int qInOff, double[] qOut, int qOutOff, int ldq) {
    // (K1): P_{j+1} = s W P_j and Q_{j+1} = Q_j (s W), both driven by row i of W. Single-threaded.
    for (int i = 0; i < n; i++) for (int c = 0; c < m; c++) pOut[pOutOff + i * ldp + c] = 0;
    for (int s = 0; s < r; s++) for (int l = 0; l < n; l++) qOut[qOutOff + s * ldq + l] = 0;
    for (int i = 0; i < n; i++) {
      int wi = i * n;
      for (int l = 0; l < n; l++) {
        double wil = w[wi + l];
        for (int c = 0; c < m; c++) pOut[pOutOff + i * ldp + c] += wil * pIn[pInOff + l * ldp + c];
        for (int s = 0; s < r; s++) qOut[qOutOff + s * ldq + l] += scale * qIn[qInOff + s * ldq + i] * wil;
      }
      for (int c = 0; c < m; c++) pOut[pOutOff + i * ldp + c] *= scale;
    }
  }

  @Override
  public void krylovStep(Parallel par, int n, float[] w, float scale,
                         int m, float[] pIn, int pInOff, float[] pOut, int pOutOff, int ldp,
                         int r, float[] qIn, int qInOff, float[] qOut, int qOutOff, int ldq) {
    for (int i = 0; i < n; i++) for (int c = 0; c < m; c++) pOut[pOutOff + i * ldp + c] = 0;
    for (int s = 0; s < r; s++) for (int l = 0; l < n; l++) qOut[qOutOff + s * ldq + l] = 0;
    for (int i = 0; i < n; i++) {
      int wi = i * n;
      for (int l = 0; l < n; l++) {
        float wil = w[wi + l];
        for (int c = 0; c < m; c++) pOut[pOutOff + i * ldp + c] += wil * pIn[pInOff + l * ldp + c];
        for (int s = 0; s < r; s++) qOut[qOutOff + s * ldq + l] += scale * qIn[qInOff + s * ldq + i] * wil;
      }
      for (int c = 0; c < m; c++) pOut[pOutOff + i * ldp + c] *= scale;
    }
  }

  @Override
  public void convolve(int nSeq, int len, int nx, int ny, int lags, double[] x, double[] g, double[] y,
                       boolean accumulate) {
    // (5), (8): y_k = sum_j G_j x_{k-j}
    if (!accumulate) java.util.Arrays.fill(y, 0, nSeq * len * ny, 0.0);
    for (int i = 0; i < nSeq; i++) {
      for (int k = 0; k < len; k++) {
        int yk = (i * len + k) * ny;
        for (int j = 0; j < lags && j <= k; j++) {
          int xk = (i * len + k - j) * nx;
          for (int b = 0; b < ny; b++) {
            int gj = (j * ny + b) * nx;
            double s = 0;
            for (int a = 0; a < nx; a++) s += g[gj + a] * x[xk + a];
            y[yk + b] += s;
          }
        }
      }
    }
  }

  @Override
  public void correlate(int nSeq, int len, int nx, int ny, int lags, double[] e, double[] x, double[] dg) {
    java.util.Arrays.fill(dg, 0, lags * ny * nx, 0.0);
    for (int i = 0; i < nSeq; i++) {
      for (int k = 0; k < len; k++) {
        int ek = (i * len + k) * ny;
        for (int j = 0; j < lags && j <= k; j++) {
          int xk = (i * len + k - j) * nx;
          for (int b = 0; b < ny; b++) {
            double eb = e[ek + b];
            int gj = (j * ny + b) * nx;
            for (int a = 0; a < nx; a++) dg[gj + a] += eb * x[xk + a];
          }
        }
      }
    }
  }

  @Override
  public void lagGram(int nSeq, int len, int nx, int lags, double[] x, double[] rxx) {
    // Rxx(j, j') = sum_k x_{k-j} x_{k-j'}^T. First block row j = 0 from lagged auto-correlations,
    // then Rxx(j+1, j'+1) = Rxx(j, j') - x_{L-1-j} x_{L-1-j'}^T (the term that leaves the window).
    int d = lags * nx;
    java.util.Arrays.fill(rxx, 0, d * d, 0.0);
    for (int jp = 0; jp < lags; jp++) {
      for (int i = 0; i < nSeq; i++) {
        for (int k = jp; k < len; k++) {
          int xk = (i * len + k) * nx, xl = (i * len + k - jp) * nx;
          for (int a = 0; a < nx; a++) {
            double xa = x[xk + a];
            for (int ap = 0; ap < nx; ap++) rxx[a * d + jp * nx + ap] += xa * x[xl + ap];
          }
        }
      }
    }
    for (int j = 0; j + 1 < lags; j++) {
      for (int jp = j; jp + 1 < lags; jp++) {
        for (int a = 0; a < nx; a++) {
          for (int ap = 0; ap < nx; ap++) {
            double v = rxx[(j * nx + a) * d + jp * nx + ap];
            for (int i = 0; i < nSeq; i++) {
              int t = len - 1 - j, tp = len - 1 - jp;
              if (t >= 0 && tp >= 0) v -= x[(i * len + t) * nx + a] * x[(i * len + tp) * nx + ap];
            }
            rxx[((j + 1) * nx + a) * d + (jp + 1) * nx + ap] = v;
          }
        }
      }
    }
    for (int r = 0; r < d; r++) for (int c = 0; c < r; c++) rxx[r * d + c] = rxx[c * d + r];
  }

  @Override
  public void ntkGramScaled(int nSeq, int len, int nx, int lags, double[] x, double[] lambda, double[] out) {
    int rows = nSeq * len;
    for (int r = 0; r < rows; r++) {
      int i = r / len, k = r % len;
      for (int c = r; c < rows; c++) {
        int ip = c / len, kp = c % len;
        double s = 0;
        for (int j = 0; j < lags && j <= k && j <= kp; j++) {
          int xa = (i * len + k - j) * nx, xb = (ip * len + kp - j) * nx;
          double t = 0;
          for (int a = 0; a < nx; a++) t += x[xa + a] * x[xb + a];
          s += lambda[j] * t;
        }
        out[r * rows + c] = s;
        out[c * rows + r] = s;
      }
    }
  }

  @Override
  public void ntkGramFull(int nSeq, int len, int nx, int ny, int lags, double[] x, double[] m, double[] out) {
    int rows = nSeq * len * ny, d = lags * ny * nx;
    for (int r = 0; r < rows; r++) {
      int b = r % ny, ik = r / ny, i = ik / len, k = ik % len;
      for (int c = r; c < rows; c++) {
        int bp = c % ny, ikp = c / ny, ip = ikp / len, kp = ikp % len;
        double s = 0;
        for (int j = 0; j <= k && j < lags; j++) {
          for (int a = 0; a < nx; a++) {
            double xv = x[(i * len + k - j) * nx + a];
            if (xv == 0) continue;
            int row = ((j * ny + b) * nx + a) * d;
            for (int jp = 0; jp <= kp && jp < lags; jp++) {
              int xb = (ip * len + kp - jp) * nx, col = (jp * ny + bp) * nx;
              for (int ap = 0; ap < nx; ap++) s += xv * m[row + col + ap] * x[xb + ap];
            }
          }
        }
        out[r * rows + c] = s;
        out[c * rows + r] = s;
      }
    }
  }

  @Override
  public void rankUpdate(Parallel par, int n, double alpha, double[] u, int ldu, int k, double[] v, int ldv,
                         double[] w) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double acc = w[i * n + j];
        for (int b = 0; b < k; b++) acc = Math.fma(alpha * u[i * ldu + b], v[j * ldv + b], acc);
        w[i * n + j] = acc;
      }
    }
  }

  @Override
  public void rankUpdate(Parallel par, int n, float alpha, float[] u, int ldu, int k, float[] v, int ldv, float[] w,
                         long seed) {
    int s = StochasticRounding.seed(seed);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        float acc = 0;
        for (int b = 0; b < k; b++) acc = Math.fma(alpha * u[i * ldu + b], v[j * ldv + b], acc);
        w[i * n + j] = StochasticRounding.add(w[i * n + j], acc, i * n + j, s);
      }
    }
  }
}
