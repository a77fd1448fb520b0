package lrnn.kernel;

/**
 * The hot loops of lrnn, behind one interface with a scalar reference ({@link ScalarKernels}) and a
 * Vector API implementation (loaded on demand by {@link KernelProvider}). Internal: callers use the
 * validating facade {@link Kernels}. Implementations do no argument checking.
 *
 * <p>Layout: every matrix is row-major, element {@code (r, c)} of a matrix at offset {@code off} with
 * leading dimension {@code ld} is {@code a[off + r*ld + c]}. Sequence batches are {@code (N, L, d)}
 * row-major: element {@code (i, k, a)} is {@code x[(i*L + k)*d + a]}. Impulse responses / lag
 * coefficients are {@code (K, ny, nx)}: {@code g[(j*ny + b)*nx + a]}.
 */
public interface KernelSupport {

  /** Short name printed by {@code lrnn info}, e.g. {@code "scalar"} or {@code "vector-512"}. */
  String name();

  /** Why this implementation (and width) runs, for {@code lrnn info}: e.g. "the CPU's preferred species (512 bits)". */
  default String reason() {
    return "";
  }

  /** {@code C = alpha * op(A) * op(B) + beta * C}; op(A) is m x k, op(B) is k x n. C is modified. */
  void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double beta, double[] c, int cOff, int ldc);

  /** Single-precision twin of {@link #gemm(boolean, boolean, int, int, int, double, double[], int, int, double[], int, int, double, double[], int, int)}. */
  void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc);

  /**
   * Multi-threaded {@link #gemm(boolean, boolean, int, int, int, double, double[], int, int, double[], int, int, double, double[], int, int)}
   * on the threads of {@code par}: {@code C = alpha op(A) op(B) + beta C}. C is modified; A, B are not.
   * The result is bit-identical to the single-threaded call for every thread count. This default splits
   * the rows of C into one band per thread, which is bit-identical for implementations whose value of a
   * row does not depend on the other rows (the scalar reference); others override it.
   */
  default void gemm(Parallel par, boolean transA, boolean transB, int m, int n, int k, double alpha,
                    double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                    double beta, double[] c, int cOff, int ldc) {
    int bands = Math.min(par.threads(), m);
    if (bands <= 1) {
      gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    par.forEach(bands, t -> {
      int i0 = (int) ((long) m * t / bands), i1 = (int) ((long) m * (t + 1) / bands);
      gemm(transA, transB, i1 - i0, n, k, alpha, a, transA ? aOff + i0 : aOff + i0 * lda, lda,
          b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
    });
  }

  /** Packs {@code op(B)} (k x n) for {@link #gemm(Parallel, boolean, int, double, double[], int, int, PackedMatrix, double, double[], int, int)}. B is not modified. */
  default PackedMatrix packB(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
    double[] d = new double[k * n];
    for (int p = 0; p < k; p++) {
      for (int j = 0; j < n; j++) d[p * n + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }
    return new PackedMatrix.Plain(k, n, d);
  }

  /**
   * {@code C = alpha op(A) B + beta C} with a pre-packed B (m x k times k x n), bit-identical to the plain gemm
   * with the unpacked B; on the threads of {@code par} when it is not null. C is modified; A is not.
   */
  default void gemm(Parallel par, boolean transA, int m, double alpha, double[] a, int aOff, int lda,
                    PackedMatrix b, double beta, double[] c, int cOff, int ldc) {
    if (!(b instanceof PackedMatrix.Plain plain)) {
      throw new IllegalArgumentException("B was packed by another kernel implementation than " + name());
    }
    if (par == null) {
      gemm(transA, false, m, b.n(), b.k(), alpha, a, aOff, lda, plain.data, 0, b.n(), beta, c, cOff, ldc);
    } else {
      gemm(par, transA, false, m, b.n(), b.k(), alpha, a, aOff, lda, plain.data, 0, b.n(), beta, c, cOff, ldc);
    }
  }

  /** Single-precision twin of the multi-threaded double gemm; same contract. C is modified. */
  default void gemm(Parallel par, boolean transA, boolean transB, int m, int n, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc) {
    int bands = Math.min(par.threads(), m);
    if (bands <= 1) {
      gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    par.forEach(bands, t -> {
      int i0 = (int) ((long) m * t / bands), i1 = (int) ((long) m * (t + 1) / bands);
      gemm(transA, transB, i1 - i0, n, k, alpha, a, transA ? aOff + i0 : aOff + i0 * lda, lda,
          b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
    });
  }

  /** {@code sum_i a[aOff+i] * b[bOff+i]}. */
  double dot(double[] a, int aOff, double[] b, int bOff, int len);

  /** {@code y += alpha * x} over {@code len} elements. y is modified. */
  void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len);

  /**
   * One step of the fused Krylov sweep (SPEC (K1)) in one pass over W (n x n, dense, ld = n):
   * {@code pOut = W pIn} (pIn, pOut: n x m, leading dimension ldp) and {@code qOut = qIn W}
   * (qIn, qOut: r x n, leading dimension ldq). Either side may be skipped with m = 0 or r = 0.
   * pOut and qOut are overwritten.
   */
  default void krylovStep(int n, double[] w,
                          int m, double[] pIn, int pInOff, double[] pOut, int pOutOff, int ldp,
                          int r, double[] qIn, int qInOff, double[] qOut, int qOutOff, int ldq) {
    krylovStep(null, n, w, 1.0, m, pIn, pInOff, pOut, pOutOff, ldp, r, qIn, qInOff, qOut, qOutOff, ldq);
  }

  /**
   * The fused Krylov step with the matrix {@code scale * W} without forming it: {@code pOut = scale W pIn}
   * (the sums are scaled) and {@code qOut = (scale qIn) W} (the coefficients are scaled), so the NTK
   * parameterization's {@code W = W~/sqrt(n)} costs no n x n copy. {@code scale = 1} gives exactly the
   * unscaled step. On the threads of {@code par} (null: the calling thread only) where the implementation
   * supports it, with results that do not depend on the thread count.
   */
  void krylovStep(Parallel par, int n, double[] w, double scale,
                  int m, double[] pIn, int pInOff, double[] pOut, int pOutOff, int ldp,
                  int r, double[] qIn, int qInOff, double[] qOut, int qOutOff, int ldq);

  /** Single-precision twin of {@link #krylovStep(int, double[], int, double[], int, double[], int, int, int, double[], int, double[], int, int)}. */
  default void krylovStep(int n, float[] w,
                          int m, float[] pIn, int pInOff, float[] pOut, int pOutOff, int ldp,
                          int r, float[] qIn, int qInOff, float[] qOut, int qOutOff, int ldq) {
    krylovStep(null, n, w, 1f, m, pIn, pInOff, pOut, pOutOff, ldp, r, qIn, qInOff, qOut, qOutOff, ldq);
  }

  /**
   * Single-precision twin of the scaled, multi-threaded double step: {@code pOut = scale W pIn},
   * {@code qOut = (scale qIn) W}, results independent of the thread count.
   */
  void krylovStep(Parallel par, int n, float[] w, float scale,
                  int m, float[] pIn, int pInOff, float[] pOut, int pOutOff, int ldp,
                  int r, float[] qIn, int qInOff, float[] qOut, int qOutOff, int ldq);

  /**
   * Toeplitz convolution (SPEC (5)): {@code y[i,k,b] (+)= sum_{j<K, j<=k} sum_a g[j,b,a] x[i,k-j,a]}.
   * x: (N, L, nx); g: (K, ny, nx); y: (N, L, ny), overwritten unless {@code accumulate}.
   */
  void convolve(int nSeq, int len, int nx, int ny, int lags, double[] x, double[] g, double[] y, boolean accumulate);

  /**
   * Adjoint of {@link #convolve} (a correlation): {@code dg[j,b,a] = sum_{i,k>=j} e[i,k,b] x[i,k-j,a]}.
   * e: (N, L, ny); dg: (K, ny, nx), overwritten.
   */
  void correlate(int nSeq, int len, int nx, int ny, int lags, double[] e, double[] x, double[] dg);

  /**
   * The data Gram {@code Rxx = T^T T} of the block Toeplitz data matrix (SPEC (17)), built from lagged
   * auto-correlations: {@code rxx[(j*nx+a), (j'*nx+a')] = sum_{i,k} x[i,k-j,a] x[i,k-j',a']} (zero
   * padding for negative time). rxx: (K nx) x (K nx), overwritten, symmetric.
   */
  void lagGram(int nSeq, int len, int nx, int lags, double[] x, double[] rxx);

  /**
   * NTK Gram of the scaled convolution without the output identity (SPEC (17)–(19)):
   * {@code out[(i,k),(i',k')] = sum_j lambda[j] sum_a x[i,k-j,a] x[i',k'-j,a]}.
   * out: (N L) x (N L), overwritten, symmetric.
   */
  void ntkGramScaled(int nSeq, int len, int nx, int lags, double[] x, double[] lambda, double[] out);

  /**
   * NTK Gram for a full lag kernel M (SPEC (K2)): {@code out[(i,k,b),(i',k',b')] =
   * sum_{j,a,j',a'} x[i,k-j,a] M[(j,b,a),(j',b',a')] x[i',k'-j',a']}, M of size (K ny nx)^2 with row
   * index {@code (j*ny + b)*nx + a}. out: (N L ny) x (N L ny), overwritten, symmetric.
   */
  void ntkGramFull(int nSeq, int len, int nx, int ny, int lags, double[] x, double[] m, double[] out);

  /**
   * In-place rank-k update of a square matrix (SPEC (K4): {@code W~ -= eta/sqrt(n) R P^T} without forming
   * dW): {@code W[i, j] += alpha sum_{b<k} U[i, b] V[j, b]} for W n x n (ld n), U n x k (ld ldu), V n x k (ld
   * ldv). Each element is one FMA chain over b in order of {@code (alpha U[i,b]) V[j,b]}, so results do not
   * depend on the thread count ({@code par}, null: the calling thread).
   */
  void rankUpdate(Parallel par, int n, double alpha, double[] u, int ldu, int k, double[] v, int ldv, double[] w);

  /**
   * Single-precision twin of {@link #rankUpdate(Parallel, int, double, double[], int, int, double[], int, double[])}
   * with unbiased rounding: each element's update {@code sum_b (alpha U[i,b]) V[j,b]} is summed in float from
   * zero and added to W[i,j] by {@link StochasticRounding#add} with the random number of (i n + j, seed), so
   * that updates smaller than half an ulp of W are kept in expectation (results independent of the thread count).
   */
  void rankUpdate(Parallel par, int n, float alpha, float[] u, int ldu, int k, float[] v, int ldv, float[] w,
                  long seed);
}
