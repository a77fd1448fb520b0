package lrnn.kernel;

/**
 * {@link KernelSupport} with the JDK Vector API ({@code jdk.incubator.vector}), double precision
 * throughout and float for GEMM. Loaded by {@link KernelProvider} through the constructor
 * {@code PanamaKernels(int bits)}; no other class outside the Panama* family touches the Vector API.
 *
 * <p>Lane width: one per JVM, fixed when {@link PanamaOps} initializes: {@code -Dlrnn.vector.bits=128|256|512}
 * when set, else the width the hardware runs natively (the Vector API's preferred species: 512 bits on
 * AVX-512, 256 on AVX2, 128 on NEON/SSE). On the AMD EPYC (Zen 5, AVX-512) this project now runs on, 512-bit
 * lanes run GEMM 1.6-1.9x faster than 256 (docs/benchmarks.md); on an AVX2 machine 512-bit vectors fall back
 * to the Vector API's Java code (about 40x slower), which is why the default never exceeds the preferred
 * width. A forced width wider than the hardware's works (the tests can run it) but is slow.
 *
 * <p>Each kernel is tested against its scalar twin in {@link ScalarKernels}; results agree to rounding,
 * not bit for bit (different summation order and FMAs).
 */
public final class PanamaKernels implements KernelSupport {

  /**
   * @param bits this JVM's lane width ({@link #bits()}), or 0 for it
   * @throws IllegalArgumentException for a width that is not one of 128, 256, 512, or another width than this
   *     JVM's (the width is fixed per JVM: set {@code -Dlrnn.vector.bits} at start-up)
   */
  public PanamaKernels(int bits) {
    if (bits != 0 && bits != 128 && bits != 256 && bits != 512) {
      throw new IllegalArgumentException("-D" + KernelProvider.BITS_PROPERTY + "=" + bits
          + " is not one of 128, 256, 512 (or 0 for the default)");
    }
    if (bits != 0 && bits != PanamaOps.BITS) {
      throw new IllegalArgumentException("the vector kernels of this JVM run " + PanamaOps.BITS + "-bit lanes, not "
          + bits + ": the width is fixed per JVM; start java with -D" + KernelProvider.BITS_PROPERTY + "=" + bits);
    }
  }

  /** Lane width in bits (the same for every instance in a JVM). */
  public int bits() {
    return PanamaOps.BITS;
  }

  @Override
  public String name() {
    return "vector-" + PanamaOps.BITS;
  }

  @Override
  public String reason() {
    return PanamaOps.reason() + "; GEMM register tiles " + PanamaOps.MR + " x " + 2 * PanamaOps.LD + " doubles, "
        + PanamaOps.MRF + " x " + 2 * PanamaOps.LF + " floats";
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double beta, double[] c, int cOff, int ldc) {
    PanamaGemm.dgemm(null, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
    PanamaGemm.sgemm(null, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public PackedMatrix packB(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
    return PanamaGemm.packAll(2 * PanamaOps.LD, transB, k, n, b, bOff, ldb);
  }

  @Override
  public void gemm(Parallel par, boolean transA, int m, double alpha, double[] a, int aOff, int lda,
                   PackedMatrix b, double beta, double[] c, int cOff, int ldc) {
    if (!(b instanceof PanamaGemm.DPacked p) || p.nr != 2 * PanamaOps.LD) {
      throw new IllegalArgumentException("B was packed by another kernel implementation than " + name());
    }
    PanamaGemm.dgemm(par, transA, false, m, b.n(), b.k(), alpha, a, aOff, lda, null, 0, 0, beta, c, cOff, ldc, p);
  }

  @Override
  public void gemm(Parallel par, boolean transA, boolean transB, int m, int n, int k, double alpha,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double beta, double[] c, int cOff, int ldc) {
    PanamaGemm.dgemm(par, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void gemm(Parallel par, boolean transA, boolean transB, int m, int n, int k, float alpha,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
    PanamaGemm.sgemm(par, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public double dot(double[] a, int aOff, double[] b, int bOff, int len) {
    return PanamaOps.dot(a, aOff, b, bOff, len);
  }

  @Override
  public void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
    PanamaOps.axpy(alpha, x, xOff, y, yOff, len);
  }

  /**
   * Rows of W per block of the fused Krylov step: a function of n only (never of the thread count), so
   * that the Q partial sums, and hence every result bit, are the same on any number of threads. At least
   * 64 rows (so n <= 64 stays one block, and the (blocks - 1) r n partial sums written and read per step
   * stay under r/64 of W's n^2 doubles), and at most 32 blocks (enough tasks to balance 16 threads).
   */
  static int krylovRowBlock(int n) {
    int rows = Math.max(64, (n + 31) / 32);
    return (rows + 3) & ~3;
  }

  @Override
  public void krylovStep(Parallel par, int n, double[] w, double scale,
                         int m, double[] pIn, int pInOff, double[] pOut, int pOutOff, int ldp,
                         int r, double[] qIn, int qInOff, double[] qOut, int qOutOff, int ldq) {
    // (K1) with W = scale * w: P_{j+1} = W P_j, Q_{j+1} = Q_j W. P_j is transposed first (n m elements, against the n^2 of W)
    // so that each column of P is a contiguous series along the rows of W.
    double[] pT = new double[m * n];
    for (int l = 0; l < n; l++) {
      int src = pInOff + l * ldp;
      for (int c = 0; c < m; c++) pT[c * n + l] = pIn[src + c];
    }
    // W is cut into fixed blocks of rows. Each block computes its rows of P (independent of the others)
    // and its partial Q product; the partials are added in block order. The blocks are the parallel
    // tasks, so the split between threads changes no result bit.
    int rb = krylovRowBlock(n);
    int blocks = Math.max(1, (n + rb - 1) / rb);
    double[] part = r > 0 && blocks > 1 ? partialBuffer((blocks - 1) * r * n) : null;
    Parallel.Task block = (b, worker) -> {
      int i0 = b * rb, i1 = Math.min(n, i0 + rb);
      if (b == 0) {
        PanamaOps.krylov(n, w, scale, i0, i1, m, pT, pOut, pOutOff, ldp, r, qIn, qInOff, ldq, qOut, qOutOff, ldq);
      } else {
        PanamaOps.krylov(n, w, scale, i0, i1, m, pT, pOut, pOutOff, ldp, r, qIn, qInOff, ldq, part, (b - 1) * r * n, n);
      }
    };
    if (par != null && par.threads() > 1 && blocks > 1) {
      par.forEach(blocks, block);
    } else {
      for (int b = 0; b < blocks; b++) block.run(b, 0);
    }
    if (part != null) {
      // fma(1, x, y) is exactly x + y (one rounding), so axpy with alpha = 1 is the ordered sum
      for (int b = 1; b < blocks; b++) {
        for (int s = 0; s < r; s++) PanamaOps.axpy(1.0, part, ((b - 1) * r + s) * n, qOut, qOutOff + s * ldq, n);
      }
    }
  }

  /** Largest Q partial-sum buffer kept per calling thread between Krylov steps (4 MB). */
  private static final int KEEP_PARTIAL = 1 << 19;

  /** Per calling thread, so that a sweep of K steps does not allocate (and zero) K buffers. */
  private final ThreadLocal<double[]> partial = new ThreadLocal<>();

  /** A scratch buffer of at least len doubles (contents undefined: PanamaOps.krylov overwrites what it uses). */
  private double[] partialBuffer(int len) {
    double[] b = partial.get();
    if (b != null && b.length >= len) return b;
    b = new double[len];
    if (len <= KEEP_PARTIAL) partial.set(b);
    return b;
  }

  @Override
  public void krylovStep(Parallel par, int n, float[] w, float scale,
                         int m, float[] pIn, int pInOff, float[] pOut, int pOutOff, int ldp,
                         int r, float[] qIn, int qInOff, float[] qOut, int qOutOff, int ldq) {
    // the float32 twin of the double step above: same fixed row blocks, Q partials added in block order
    float[] pT = new float[m * n];
    for (int l = 0; l < n; l++) {
      int src = pInOff + l * ldp;
      for (int c = 0; c < m; c++) pT[c * n + l] = pIn[src + c];
    }
    int rb = krylovRowBlock(n);
    int blocks = Math.max(1, (n + rb - 1) / rb);
    float[] part = r > 0 && blocks > 1 ? new float[(blocks - 1) * r * n] : null;
    Parallel.Task block = (b, worker) -> {
      int i0 = b * rb, i1 = Math.min(n, i0 + rb);
      if (b == 0) {
        PanamaOps.krylovF(n, w, scale, i0, i1, m, pT, pOut, pOutOff, ldp, r, qIn, qInOff, ldq, qOut, qOutOff, ldq);
      } else {
        PanamaOps.krylovF(n, w, scale, i0, i1, m, pT, pOut, pOutOff, ldp, r, qIn, qInOff, ldq, part, (b - 1) * r * n, n);
      }
    };
    if (par != null && par.threads() > 1 && blocks > 1) {
      par.forEach(blocks, block);
    } else {
      for (int b = 0; b < blocks; b++) block.run(b, 0);
    }
    if (part != null) {
      for (int b = 1; b < blocks; b++) {
        for (int s = 0; s < r; s++) {
          int src = ((b - 1) * r + s) * n, dst = qOutOff + s * ldq;
          for (int l = 0; l < n; l++) qOut[dst + l] += part[src + l];
        }
      }
    }
  }

  @Override
  public void convolve(int nSeq, int len, int nx, int ny, int lags, double[] x, double[] g, double[] y,
                       boolean accumulate) {
    PanamaToeplitz.convolve(nSeq, len, nx, ny, lags, x, g, y, accumulate);
  }

  @Override
  public void correlate(int nSeq, int len, int nx, int ny, int lags, double[] e, double[] x, double[] dg) {
    PanamaToeplitz.correlate(nSeq, len, nx, ny, lags, e, x, dg);
  }

  @Override
  public void lagGram(int nSeq, int len, int nx, int lags, double[] x, double[] rxx) {
    PanamaToeplitz.lagGram(nSeq, len, nx, lags, x, rxx);
  }

  @Override
  public void ntkGramScaled(int nSeq, int len, int nx, int lags, double[] x, double[] lambda, double[] out) {
    PanamaNtk.scaled(nSeq, len, nx, lags, x, lambda, out);
  }

  @Override
  public void ntkGramFull(int nSeq, int len, int nx, int ny, int lags, double[] x, double[] m, double[] out) {
    PanamaNtk.full(nSeq, len, nx, ny, lags, x, m, out);
  }

  /** Rows of W per task of the rank-k update (any split gives the same bits; 64 rows balance 2-16 threads). */
  private static final int RANK_ROWS = 64;

  @Override
  public void rankUpdate(Parallel par, int n, double alpha, double[] u, int ldu, int k, double[] v, int ldv,
                         double[] w) {
    double[] ua = new double[n * k], vp = new double[k * n]; // alpha U (ld k) and V packed in panels: O(n k)
    for (int i = 0; i < n; i++) {
      for (int b = 0; b < k; b++) ua[i * k + b] = alpha * u[i * ldu + b];
    }
    PanamaOps.packRankV(n, k, v, ldv, vp);
    inRowBlocks(par, n, (i0, i1) -> {
      PanamaOps.rankUpdate(n, i0, i1, ua, k, k, vp, w);
      return 0;
    });
  }

  /** Runs {@code rows(i0, i1)} over blocks of {@link #RANK_ROWS} rows on par's threads, or over all rows at once. */
  private static void inRowBlocks(Parallel par, int n, java.util.function.IntBinaryOperator rows) {
    int tasks = (n + RANK_ROWS - 1) / RANK_ROWS;
    if (par != null && par.threads() > 1 && tasks > 1) {
      par.forEach(tasks, (b, worker) -> rows.applyAsInt(b * RANK_ROWS, Math.min(n, (b + 1) * RANK_ROWS)));
    } else {
      rows.applyAsInt(0, n);
    }
  }

  @Override
  public void rankUpdate(Parallel par, int n, float alpha, float[] u, int ldu, int k, float[] v, int ldv, float[] w,
                         long seed) {
    int s = StochasticRounding.seed(seed);
    float[] ua = new float[n * k], vp = new float[k * n];
    for (int i = 0; i < n; i++) {
      for (int b = 0; b < k; b++) ua[i * k + b] = alpha * u[i * ldu + b];
    }
    PanamaOps.packRankV(n, k, v, ldv, vp);
    inRowBlocks(par, n, (i0, i1) -> {
      PanamaOps.rankUpdate(n, i0, i1, ua, k, k, vp, w, s);
      return 0;
    });
  }

  @Override
  public String toString() {
    return "PanamaKernels[" + name() + "]";
  }
}
