package lrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The scalar reference against brute force with an explicit block Toeplitz matrix T (SPEC (17)). */
@Tag("kernels")
class ScalarKernelsTest {

  private static double[] rand(int len, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[len];
    for (int i = 0; i < len; i++) a[i] = r.nextGaussian();
    return a;
  }

  /** T: rows (i,k), columns (j,a): x[i,k-j,a]. */
  private static double[] toeplitz(int nSeq, int len, int nx, int lags, double[] x) {
    int cols = lags * nx;
    double[] t = new double[nSeq * len * cols];
    for (int i = 0; i < nSeq; i++)
      for (int k = 0; k < len; k++)
        for (int j = 0; j < lags && j <= k; j++)
          for (int a = 0; a < nx; a++) t[(i * len + k) * cols + j * nx + a] = x[(i * len + k - j) * nx + a];
    return t;
  }

  @Test
  void lagGramEqualsTransposeTimesT() {
    int nSeq = 3, len = 11, nx = 3, lags = 5, d = lags * nx;
    double[] x = rand(nSeq * len * nx, 1);
    double[] t = toeplitz(nSeq, len, nx, lags, x);
    double[] expect = new double[d * d];
    ScalarKernels.INSTANCE.gemm(true, false, d, d, nSeq * len, 1, t, 0, d, t, 0, d, 0, expect, 0, d);
    double[] got = new double[d * d];
    ScalarKernels.INSTANCE.lagGram(nSeq, len, nx, lags, x, got);
    for (int i = 0; i < d * d; i++) assertEquals(expect[i], got[i], 1e-12);
  }

  @Test
  void correlateIsTheAdjointOfConvolve() {
    int nSeq = 2, len = 9, nx = 2, ny = 3, lags = 4;
    double[] x = rand(nSeq * len * nx, 2), g = rand(lags * ny * nx, 3), e = rand(nSeq * len * ny, 4);
    double[] y = new double[nSeq * len * ny];
    ScalarKernels.INSTANCE.convolve(nSeq, len, nx, ny, lags, x, g, y, false);
    double[] dg = new double[lags * ny * nx];
    ScalarKernels.INSTANCE.correlate(nSeq, len, nx, ny, lags, e, x, dg);
    double lhs = 0, rhs = 0;
    for (int i = 0; i < y.length; i++) lhs += y[i] * e[i];
    for (int i = 0; i < g.length; i++) rhs += g[i] * dg[i];
    assertEquals(lhs, rhs, 1e-12);
  }

  @Test
  void ntkGramScaledEqualsTLambdaTTranspose() {
    int nSeq = 2, len = 5, nx = 2, lags = 3, d = lags * nx, rows = nSeq * len;
    double[] x = rand(rows * nx, 5), lambda = {1.0, 0.5, 0.25};
    double[] t = toeplitz(nSeq, len, nx, lags, x);
    double[] got = new double[rows * rows];
    ScalarKernels.INSTANCE.ntkGramScaled(nSeq, len, nx, lags, x, lambda, got);
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < rows; c++) {
        double s = 0;
        for (int q = 0; q < d; q++) s += t[r * d + q] * lambda[q / nx] * t[c * d + q];
        assertEquals(s, got[r * rows + c], 1e-12);
      }
  }

  @Test
  void ntkGramFullWithDiagonalLagKernelEqualsScaledGramTimesIdentity() {
    int nSeq = 2, len = 4, nx = 2, ny = 2, lags = 3, d = lags * ny * nx, rows = nSeq * len;
    double[] x = rand(rows * nx, 6), lambda = {0.9, 0.4, 0.1};
    double[] m = new double[d * d];
    for (int j = 0; j < lags; j++) for (int q = 0; q < ny * nx; q++) m[(j * ny * nx + q) * (d + 1)] = lambda[j];
    double[] full = new double[rows * ny * rows * ny];
    ScalarKernels.INSTANCE.ntkGramFull(nSeq, len, nx, ny, lags, x, m, full);
    double[] scaled = new double[rows * rows];
    ScalarKernels.INSTANCE.ntkGramScaled(nSeq, len, nx, lags, x, lambda, scaled);
    for (int r = 0; r < rows * ny; r++)
      for (int c = 0; c < rows * ny; c++) {
        double expect = (r % ny == c % ny) ? scaled[(r / ny) * rows + c / ny] : 0;
        assertEquals(expect, full[r * rows * ny + c], 1e-12);
      }
  }

  @Test
  void nameIsScalar() {
    assertEquals("scalar", ScalarKernels.INSTANCE.name());
  }

  @Test
  void floatKrylovStepScalesOnlyItsOwnColumns() {
    // ldp = m + 1: the column after the m columns of P belongs to the caller and must keep its value;
    // integer-valued data, so every product and sum is exact and the expected values are too
    int n = 3, m = 2, ldp = m + 1, r = 1, ldq = n + 1;
    float scale = 0.5f;
    float[] w = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] pIn = new float[n * ldp], pOut = new float[n * ldp], qIn = new float[r * ldq], qOut = new float[r * ldq];
    for (int l = 0; l < n; l++) for (int c = 0; c < m; c++) pIn[l * ldp + c] = l + 2 * c + 1;
    for (int i = 0; i < n; i++) qIn[i] = i + 1;
    java.util.Arrays.fill(pOut, 7f);
    java.util.Arrays.fill(qOut, 7f);
    ScalarKernels.INSTANCE.krylovStep(null, n, w, scale, m, pIn, 0, pOut, 0, ldp, r, qIn, 0, qOut, 0, ldq);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < m; c++) {
        float s = 0;
        for (int l = 0; l < n; l++) s += w[i * n + l] * pIn[l * ldp + c];
        assertEquals(s * scale, pOut[i * ldp + c], 0f, "P[" + i + ", " + c + "]");
      }
      assertEquals(7f, pOut[i * ldp + m], 0f, "the caller's column after P's in row " + i);
    }
    for (int l = 0; l < n; l++) {
      float s = 0;
      for (int i = 0; i < n; i++) s += scale * qIn[i] * w[i * n + l];
      assertEquals(s, qOut[l], 0f, "Q[0, " + l + "]");
    }
    assertEquals(7f, qOut[n], 0f, "the caller's element after Q's row");
  }
}
