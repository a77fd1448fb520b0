package lrnn.kernel;

/**
 * Validating static facade over the kernels of lrnn. Checks shapes and array bounds, then calls the
 * implementation chosen by {@link KernelProvider} (Vector API or scalar reference). Layout conventions
 * are documented on {@link KernelSupport}. Kernels know nothing of models.
 */
public final class Kernels {

  private Kernels() {}

  /** The implementation in use in this JVM. */
  public static KernelSupport impl() {
    return KernelProvider.get();
  }

  /**
   * The thread pool that the plain kernel calls of the current dynamic scope use (see
   * {@link #withParallel}). A scoped binding, not global state: unbound means single-threaded.
   */
  private static final ScopedValue<Parallel> PARALLEL = ScopedValue.newInstance();

  /**
   * The multi-threaded branches of this facade. {@link #parallelCalls} counts how often each was taken, so
   * that thread-count tests can check that the branch their claim depends on actually ran.
   */
  public enum ParallelBranch {
    /** plain double-precision gemm inside {@link #withParallel} */
    GEMM,
    /** gemm with a packed B inside {@link #withParallel} */
    PACKED_GEMM,
    /** the fused Krylov step inside {@link #withParallel} */
    KRYLOV,
    /** axpy inside {@link #withParallel} */
    AXPY,
    /** the in-place rank-k update of W (double or float) inside {@link #withParallel} */
    RANK_UPDATE
  }

  // Diagnostic counters (one increment per multi-threaded call, which costs at least 2^17 flops): never read
  // by library code, only by parallelCalls.
  private static final java.util.concurrent.atomic.LongAdder GEMM_CALLS = new java.util.concurrent.atomic.LongAdder();
  private static final java.util.concurrent.atomic.LongAdder PACKED_GEMM_CALLS = new java.util.concurrent.atomic.LongAdder();
  private static final java.util.concurrent.atomic.LongAdder KRYLOV_CALLS = new java.util.concurrent.atomic.LongAdder();
  private static final java.util.concurrent.atomic.LongAdder AXPY_CALLS = new java.util.concurrent.atomic.LongAdder();
  private static final java.util.concurrent.atomic.LongAdder RANK_CALLS = new java.util.concurrent.atomic.LongAdder();

  /**
   * How many calls in this JVM so far took the given multi-threaded branch of the facade (the branch taken
   * inside {@link #withParallel} when the call is large enough). A diagnostic for tests and tools: take the
   * difference of two readings around the code of interest.
   */
  public static long parallelCalls(ParallelBranch branch) {
    return switch (branch) {
      case GEMM -> GEMM_CALLS.sum();
      case PACKED_GEMM -> PACKED_GEMM_CALLS.sum();
      case KRYLOV -> KRYLOV_CALLS.sum();
      case AXPY -> AXPY_CALLS.sum();
      case RANK_UPDATE -> RANK_CALLS.sum();
    };
  }

  /** GEMMs below this many multiply-adds stay on the calling thread (hand-off costs more than it saves). */
  static final long PARALLEL_GEMM_MIN_FMAS = 1L << 18;

  /**
   * Runs {@code body} with {@code par} as the thread pool of every plain {@link #gemm} call made inside it
   * (on this thread), so that model code gets multi-threaded kernels without passing a pool around. Results
   * are bit-identical to single-threaded runs ({@link Parallel}).
   */
  public static <T, X extends Throwable> T withParallel(Parallel par, ScopedValue.CallableOp<T, X> body) throws X {
    java.util.Objects.requireNonNull(par, "par");
    return ScopedValue.where(PARALLEL, par).call(body);
  }

  /** The pool bound by {@link #withParallel} in this scope, or null. */
  public static Parallel currentParallel() {
    return PARALLEL.isBound() ? PARALLEL.get() : null;
  }

  /**
   * {@code C = alpha op(A) op(B) + beta C} in double precision. C is modified. Inside
   * {@link #withParallel} large products run on the bound pool (bit-identical results).
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                          double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double beta, double[] c, int cOff, int ldc) {
    checkGemm(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    Parallel par = currentParallel();
    if (par != null && par.threads() > 1 && (long) m * n * k >= PARALLEL_GEMM_MIN_FMAS) {
      GEMM_CALLS.increment();
      impl().gemm(par, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    } else {
      impl().gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
  }

  /**
   * Packs {@code op(B)} (k x n) once for repeated {@link #gemm(boolean, int, double, double[], int, int,
   * PackedMatrix, double, double[], int, int)} calls with the same B. B is not modified.
   */
  public static PackedMatrix packB(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
    checkNonNegative("k", k);
    checkNonNegative("n", n);
    if (transB) checkMatrix("B", b.length, bOff, n, k, ldb); else checkMatrix("B", b.length, bOff, k, n, ldb);
    return impl().packB(transB, k, n, b, bOff, ldb);
  }

  /**
   * {@code C = alpha op(A) B + beta C} with B packed by {@link #packB}: bit-identical to the plain gemm with
   * the unpacked B, without re-packing B. Multi-threaded inside {@link #withParallel} like the plain gemm.
   * C is modified.
   */
  public static void gemm(boolean transA, int m, double alpha, double[] a, int aOff, int lda, PackedMatrix b,
                          double beta, double[] c, int cOff, int ldc) {
    java.util.Objects.requireNonNull(b, "packed B");
    int n = b.n(), k = b.k();
    checkNonNegative("m", m);
    if (transA) checkMatrix("A", a.length, aOff, k, m, lda); else checkMatrix("A", a.length, aOff, m, k, lda);
    checkMatrix("C", c.length, cOff, m, n, ldc);
    Parallel par = currentParallel();
    boolean parallel = par != null && par.threads() > 1 && (long) m * n * k >= PARALLEL_GEMM_MIN_FMAS;
    if (parallel) PACKED_GEMM_CALLS.increment();
    impl().gemm(parallel ? par : null, transA, m, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
  }

  /** {@code C = alpha op(A) op(B) + beta C} in single precision. C is modified. */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc) {
    checkGemm(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    Parallel par = currentParallel();
    if (par != null && par.threads() > 1 && (long) m * n * k >= PARALLEL_GEMM_MIN_FMAS) {
      GEMM_CALLS.increment();
      impl().gemm(par, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    } else {
      impl().gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
  }

  /**
   * Multi-threaded {@code C = alpha op(A) op(B) + beta C} in double precision on the threads of
   * {@code par}; bit-identical to the single-threaded call. C is modified; A, B are not.
   */
  public static void gemm(Parallel par, boolean transA, boolean transB, int m, int n, int k, double alpha,
                          double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double beta, double[] c, int cOff, int ldc) {
    java.util.Objects.requireNonNull(par, "par");
    checkGemm(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    impl().gemm(par, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  /** Multi-threaded single-precision gemm; bit-identical to the single-threaded call. C is modified. */
  public static void gemm(Parallel par, boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc) {
    java.util.Objects.requireNonNull(par, "par");
    checkGemm(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    impl().gemm(par, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  /** Dense {@code C = A B} for contiguous row-major matrices (m x k times k x n). C is overwritten. */
  public static void matmul(int m, int n, int k, double[] a, double[] b, double[] c) {
    gemm(false, false, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, c, 0, n);
  }

  public static double dot(double[] a, int aOff, double[] b, int bOff, int len) {
    checkRange("a", a.length, aOff, len);
    checkRange("b", b.length, bOff, len);
    return impl().dot(a, aOff, b, bOff, len);
  }

  /**
   * {@code y += alpha x}. y is modified. Inside {@link #withParallel} long vectors are split into chunks
   * over the bound pool (element-wise, so the same bits).
   */
  public static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
    checkRange("x", x.length, xOff, len);
    checkRange("y", y.length, yOff, len);
    Parallel par = currentParallel();
    if (par != null && par.threads() > 1 && len >= PARALLEL_AXPY_MIN) {
      AXPY_CALLS.increment();
      int chunks = 4 * par.threads();
      par.forEach(chunks, t -> {
        int from = (int) ((long) len * t / chunks), to = (int) ((long) len * (t + 1) / chunks);
        impl().axpy(alpha, x, xOff + from, y, yOff + from, to - from);
      });
    } else {
      impl().axpy(alpha, x, xOff, y, yOff, len);
    }
  }

  /** axpy calls below this length stay on the calling thread. */
  static final int PARALLEL_AXPY_MIN = 1 << 17;

  /**
   * See {@link KernelSupport#krylovStep}. pOut and qOut are overwritten. Inside {@link #withParallel} large
   * steps run on the bound pool (the same bits as on one thread).
   */
  public static void krylovStep(int n, double[] w,
                                int m, double[] pIn, int pInOff, double[] pOut, int pOutOff, int ldp,
                                int r, double[] qIn, int qInOff, double[] qOut, int qOutOff, int ldq) {
    krylovStep(n, w, 1.0, m, pIn, pInOff, pOut, pOutOff, ldp, r, qIn, qInOff, qOut, qOutOff, ldq);
  }

  /**
   * The Krylov step with {@code scale * W} (see {@link KernelSupport#krylovStep(Parallel, int, double[], double,
   * int, double[], int, double[], int, int, int, double[], int, double[], int, int)}), without forming it.
   */
  public static void krylovStep(int n, double[] w, double scale,
                                int m, double[] pIn, int pInOff, double[] pOut, int pOutOff, int ldp,
                                int r, double[] qIn, int qInOff, double[] qOut, int qOutOff, int ldq) {
    checkKrylov(n, w.length, m, pIn == null ? 0 : pIn.length, pInOff, pOut == null ? 0 : pOut.length, pOutOff, ldp,
        r, qIn == null ? 0 : qIn.length, qInOff, qOut == null ? 0 : qOut.length, qOutOff, ldq);
    if (!Double.isFinite(scale)) throw new IllegalArgumentException("scale = " + scale + " must be finite");
    Parallel par = currentParallel();
    boolean parallel = par != null && par.threads() > 1 && (long) n * n * Math.max(1, m + r) >= PARALLEL_KRYLOV_MIN_FMAS;
    if (parallel) KRYLOV_CALLS.increment();
    impl().krylovStep(parallel ? par : null, n, w, scale, m, pIn, pInOff, pOut, pOutOff, ldp, r, qIn, qInOff, qOut, qOutOff, ldq);
  }

  /**
   * Krylov steps below this many multiply-adds stay on the calling thread: at n = 256 (n_x = n_y = 1) one
   * step takes 12 us and the hand-off made it 17 us on two threads (KrylovBench); at n = 1000 two threads
   * give 1.7x.
   */
  static final long PARALLEL_KRYLOV_MIN_FMAS = 1L << 19;

  /** Single-precision fused Krylov step; see {@link KernelSupport#krylovStep}. pOut and qOut are overwritten. */
  public static void krylovStep(int n, float[] w,
                                int m, float[] pIn, int pInOff, float[] pOut, int pOutOff, int ldp,
                                int r, float[] qIn, int qInOff, float[] qOut, int qOutOff, int ldq) {
    krylovStep(n, w, 1f, m, pIn, pInOff, pOut, pOutOff, ldp, r, qIn, qInOff, qOut, qOutOff, ldq);
  }

  /**
   * Single-precision fused Krylov step with {@code scale * W} (not formed). Inside {@link #withParallel} large
   * steps run on the bound pool (the same bits as on one thread). pOut and qOut are overwritten.
   */
  public static void krylovStep(int n, float[] w, float scale,
                                int m, float[] pIn, int pInOff, float[] pOut, int pOutOff, int ldp,
                                int r, float[] qIn, int qInOff, float[] qOut, int qOutOff, int ldq) {
    checkKrylov(n, w.length, m, pIn == null ? 0 : pIn.length, pInOff, pOut == null ? 0 : pOut.length, pOutOff, ldp,
        r, qIn == null ? 0 : qIn.length, qInOff, qOut == null ? 0 : qOut.length, qOutOff, ldq);
    if (!Float.isFinite(scale)) throw new IllegalArgumentException("scale = " + scale + " must be finite");
    Parallel par = currentParallel();
    boolean parallel = par != null && par.threads() > 1 && (long) n * n * Math.max(1, m + r) >= PARALLEL_KRYLOV_MIN_FMAS;
    if (parallel) KRYLOV_CALLS.increment();
    impl().krylovStep(parallel ? par : null, n, w, scale, m, pIn, pInOff, pOut, pOutOff, ldp, r, qIn, qInOff, qOut,
        qOutOff, ldq);
  }

  /**
   * In-place rank-k update {@code W += alpha U V^T} of the n x n matrix W (see {@link KernelSupport#rankUpdate}):
   * the SPEC (K4) update of W~ straight from R and P, dW never formed. Inside {@link #withParallel} large updates
   * run on the bound pool (the same bits).
   */
  public static void rankUpdate(int n, double alpha, double[] u, int ldu, int k, double[] v, int ldv, double[] w) {
    checkRank(n, k, w.length, u.length, ldu, v.length, ldv);
    if (!Double.isFinite(alpha)) throw new IllegalArgumentException("alpha = " + alpha + " must be finite");
    Parallel par = rankParallel(n, k);
    impl().rankUpdate(par, n, alpha, u, ldu, k, v, ldv, w);
  }

  /**
   * Single-precision twin of {@link #rankUpdate(int, double, double[], int, int, double[], int, double[])}, with
   * unbiased (stochastic) rounding of each W element's update ({@link KernelSupport#rankUpdate(Parallel, int,
   * float, float[], int, int, float[], int, float[], long)}); vary {@code seed} from call to call.
   */
  public static void rankUpdate(int n, float alpha, float[] u, int ldu, int k, float[] v, int ldv, float[] w,
                                long seed) {
    checkRank(n, k, w.length, u.length, ldu, v.length, ldv);
    if (!Float.isFinite(alpha)) throw new IllegalArgumentException("alpha = " + alpha + " must be finite");
    Parallel par = rankParallel(n, k);
    impl().rankUpdate(par, n, alpha, u, ldu, k, v, ldv, w, seed);
  }

  /** The bound pool when a rank update of this size runs multi-threaded (counted), else null. */
  private static Parallel rankParallel(int n, int k) {
    Parallel par = currentParallel();
    if (par == null || par.threads() < 2 || (long) n * n * k < PARALLEL_GEMM_MIN_FMAS) return null;
    RANK_CALLS.increment();
    return par;
  }

  private static void checkRank(int n, int k, int wLen, int uLen, int ldu, int vLen, int ldv) {
    checkNonNegative("n", n);
    checkNonNegative("k", k);
    checkLength("W", wLen, (long) n * n);
    checkMatrix("U", uLen, 0, n, k, ldu);
    checkMatrix("V", vLen, 0, n, k, ldv);
  }

  /** See {@link KernelSupport#convolve}. y is modified. */
  public static void convolve(int nSeq, int len, int nx, int ny, int lags, double[] x, double[] g, double[] y,
                              boolean accumulate) {
    checkSeq(nSeq, len, nx, lags);
    checkLength("x", x.length, (long) nSeq * len * nx);
    checkLength("g", g.length, (long) lags * ny * nx);
    checkLength("y", y.length, (long) nSeq * len * ny);
    impl().convolve(nSeq, len, nx, ny, lags, x, g, y, accumulate);
  }

  /** See {@link KernelSupport#correlate}. dg is overwritten. */
  public static void correlate(int nSeq, int len, int nx, int ny, int lags, double[] e, double[] x, double[] dg) {
    checkSeq(nSeq, len, nx, lags);
    checkLength("e", e.length, (long) nSeq * len * ny);
    checkLength("x", x.length, (long) nSeq * len * nx);
    checkLength("dg", dg.length, (long) lags * ny * nx);
    impl().correlate(nSeq, len, nx, ny, lags, e, x, dg);
  }

  /** See {@link KernelSupport#lagGram}. rxx is overwritten. */
  public static void lagGram(int nSeq, int len, int nx, int lags, double[] x, double[] rxx) {
    checkSeq(nSeq, len, nx, lags);
    checkLength("x", x.length, (long) nSeq * len * nx);
    long d = (long) lags * nx;
    checkLength("rxx", rxx.length, d * d);
    impl().lagGram(nSeq, len, nx, lags, x, rxx);
  }

  /**
   * Doubles of scratch that {@link #ntkGramFull} ({@code full}) or {@link #ntkGramScaled} allocate besides their
   * output, at most (the scalar twins allocate none): with {@code K' = min(K, L)} and {@code d = K' n_x}, the
   * scaled Gram holds T and T Lambda ({@code 2 N L d}); the full Gram T ({@code N L d}), one output's
   * {@code Y_b = T M_b} ({@code N L n_y d}), that M block ({@code d n_y d}) and one band of rows
   * ({@code min(240, N L) N L}). Saturates at {@code Long.MAX_VALUE}.
   */
  public static long ntkGramScratchDoubles(int nSeq, int len, int nx, int ny, int lags, boolean full) {
    checkSeq(nSeq, len, nx, lags);
    checkNonNegative("ny", ny);
    return PanamaNtk.scratchDoubles(nSeq, len, nx, ny, lags, full);
  }

  /** See {@link KernelSupport#ntkGramScaled}. out is overwritten. */
  public static void ntkGramScaled(int nSeq, int len, int nx, int lags, double[] x, double[] lambda, double[] out) {
    checkSeq(nSeq, len, nx, lags);
    checkLength("x", x.length, (long) nSeq * len * nx);
    checkLength("lambda", lambda.length, lags);
    long rows = (long) nSeq * len;
    checkLength("out", out.length, rows * rows);
    impl().ntkGramScaled(nSeq, len, nx, lags, x, lambda, out);
  }

  /** See {@link KernelSupport#ntkGramFull}. out is overwritten. */
  public static void ntkGramFull(int nSeq, int len, int nx, int ny, int lags, double[] x, double[] m, double[] out) {
    checkSeq(nSeq, len, nx, lags);
    checkLength("x", x.length, (long) nSeq * len * nx);
    long d = (long) lags * ny * nx;
    checkLength("M", m.length, d * d);
    long rows = (long) nSeq * len * ny;
    checkLength("out", out.length, rows * rows);
    impl().ntkGramFull(nSeq, len, nx, ny, lags, x, m, out);
  }

  // ---- argument checks -------------------------------------------------------------------------

  private static void checkKrylov(int n, int wLen, int m, int pInLen, int pInOff, int pOutLen, int pOutOff, int ldp,
                                  int r, int qInLen, int qInOff, int qOutLen, int qOutOff, int ldq) {
    checkNonNegative("n", n);
    checkLength("W", wLen, (long) n * n);
    if (m > 0) {
      checkMatrix("P_in", pInLen, pInOff, n, m, ldp);
      checkMatrix("P_out", pOutLen, pOutOff, n, m, ldp);
    }
    if (r > 0) {
      checkMatrix("Q_in", qInLen, qInOff, r, n, ldq);
      checkMatrix("Q_out", qOutLen, qOutOff, r, n, ldq);
    }
  }

  static void checkGemm(boolean transA, boolean transB, int m, int n, int k, int aLen, int aOff, int lda,
                        int bLen, int bOff, int ldb, int cLen, int cOff, int ldc) {
    checkNonNegative("m", m);
    checkNonNegative("n", n);
    checkNonNegative("k", k);
    if (transA) checkMatrix("A", aLen, aOff, k, m, lda); else checkMatrix("A", aLen, aOff, m, k, lda);
    if (transB) checkMatrix("B", bLen, bOff, n, k, ldb); else checkMatrix("B", bLen, bOff, k, n, ldb);
    checkMatrix("C", cLen, cOff, m, n, ldc);
  }

  private static void checkSeq(int nSeq, int len, int nx, int lags) {
    checkNonNegative("N (sequences)", nSeq);
    checkNonNegative("L (length)", len);
    checkNonNegative("n_x", nx);
    checkNonNegative("K (lags)", lags);
  }

  private static void checkNonNegative(String what, int v) {
    if (v < 0) throw new IllegalArgumentException(what + " = " + v + " must be >= 0");
  }

  private static void checkLength(String what, int have, long need) {
    if (have < need) {
      throw new IllegalArgumentException(what + " has " + have + " elements but " + need + " are needed");
    }
  }

  private static void checkRange(String what, int have, int off, int len) {
    if (off < 0 || len < 0 || (long) off + len > have) {
      throw new IllegalArgumentException(what + ": offset " + off + " + length " + len + " exceeds its " + have + " elements");
    }
  }

  private static void checkMatrix(String what, int have, int off, int rows, int cols, int ld) {
    if (rows == 0 || cols == 0) return;
    if (ld < cols) {
      throw new IllegalArgumentException(what + ": leading dimension " + ld + " < " + cols + " columns");
    }
    if (off < 0 || off + (long) (rows - 1) * ld + cols > have) {
      throw new IllegalArgumentException(what + ": a " + rows + " x " + cols + " matrix at offset " + off
          + " with leading dimension " + ld + " does not fit in " + have + " elements");
    }
  }
}
