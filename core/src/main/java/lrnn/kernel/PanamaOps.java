package lrnn.kernel;

/**
 * The species-dependent inner loops of {@link PanamaKernels}, one implementation per lane width
 * ({@link PanamaOps128}, {@link PanamaOps256}, {@link PanamaOps512}).
 *
 * <p>Why one class per width: the Vector API is only compiled to SIMD instructions when the species is
 * a compile-time constant. A species passed as an argument or read from an instance field makes C2 fall
 * back to the Java implementation (about 20x slower, measured on this machine with a dot product), so each
 * width class holds its species in a {@code static final} field. {@link PanamaOps256} is the source;
 * the other two are generated from it by {@code scripts/gen-panama-ops.sh}. Everything that does not
 * depend on the species (blocking, packing, threads, transposes) lives in the shared Panama* classes.
 */
interface PanamaOps {

  /** Rows of the double GEMM register tile (every width). */
  int MR = 5;

  /**
   * Rows of the float GEMM register tile (every width). Not 5 as for double: for the float tile C2 loads all
   * five broadcasts of an iteration first and spills an accumulator (28 against 56-64 GFLOP/s, measured).
   */
  int MRF = 4;

  /** Lane width in bits. */
  int bits();

  /** Doubles per vector. The double register tile is {@code MR x (2 * lanesD())}. */
  int lanesD();

  /** Floats per vector. The float register tile is {@code MRF x (2 * lanesF())}. */
  int lanesF();

  /**
   * GEMM micro-kernel: {@code C[0:mr, 0:nr] += alpha * Ap Bp} where Ap is a packed panel of MR rows
   * ({@code ap[ao + p*MR + r]}, zero-padded) and Bp a packed panel of NR = 2*lanesD() columns
   * ({@code bp[bo + p*NR + j]}, zero-padded), p &lt; kc. The full MR x NR tile is always accumulated, so
   * every element of C sees the same sequence of operations whatever its position; only the store is
   * clipped to mr x nr. With {@code overwrite}, {@code C = alpha * Ap Bp} instead (C is not read: beta = 0,
   * first depth block). c is modified; tmp (at least MR*NR) is scratch.
   */
  void dgemmTile(int kc, double[] ap, int ao, double[] bp, int bo, double alpha,
                 double[] c, int co, int ldc, int mr, int nr, boolean overwrite, double[] tmp);

  /** Float twin of {@link #dgemmTile} with MRF rows and NR = 2*lanesF(). c is modified; tmp is scratch. */
  void sgemmTile(int kc, float[] ap, int ao, float[] bp, int bo, float alpha,
                 float[] c, int co, int ldc, int mr, int nr, boolean overwrite, float[] tmp);

  /** {@code sum_i a[ao+i] b[bo+i]}, i &lt; len (len may be &lt;= 0: returns 0). */
  double dot(double[] a, int ao, double[] b, int bo, int len);

  /** {@code y[yo+i] += alpha x[xo+i]}. y is modified. */
  void axpy(double alpha, double[] x, int xo, double[] y, int yo, int len);

  /**
   * Fused Krylov step (SPEC (K1)) on the rows {@code i0 <= i < i1} of W, given P_in transposed:
   * {@code pOut[i, c] = scale * sum_l W[i,l] pT[c*n + l]} for those rows and the partial product
   * {@code qOut[s, :] = sum_{i0 <= i < i1} (scale * qIn[s, i]) W[i, :]} (summed in row order), in one pass over the
   * rows. Rows of pOut outside the range are not touched; qOut (r x n, leading dimension ldq; ldqIn for
   * qIn) is overwritten; w, pT, qIn are not
   * modified. Each row's P sum depends only on that row, so a split into row ranges changes no P bit.
   */
  void krylov(int n, double[] w, double scale, int i0, int i1, int m, double[] pT, double[] pOut, int pOutOff, int ldp,
              int r, double[] qIn, int qInOff, int ldqIn, double[] qOut, int qOutOff, int ldq);

  /**
   * Single-precision twin of {@link #krylov} on the rows {@code i0 <= i < i1} (same contract: pOut rows in
   * the range, qOut the partial product of those rows, overwritten), one P column and one Q row per pass over
   * a row of W.
   */
  void krylovF(int n, float[] w, float scale, int i0, int i1, int m, float[] pT, float[] pOut, int pOutOff, int ldp,
               int r, float[] qIn, int qInOff, int ldqIn, float[] qOut, int qOutOff, int ldq);

  /**
   * One output channel of the Toeplitz convolution (SPEC (5)) across time:
   * {@code acc[t] += sum_{j<lags} sum_{a<nx} gb[j*nx + a] * xpad[a*padLen + lags-1 + t - j]}, t &lt; len,
   * where xpad holds each input channel after {@code lags-1} leading zeros (padLen = lags-1+len).
   * acc is modified; gb and xpad are not.
   */
  void convolveSeries(int len, int lags, int nx, double[] gb, double[] xpad, int padLen, double[] acc);

  /**
   * Rank-k update of the rows {@code i0 <= i < i1} of W (n x n, ld n): {@code W[i, j] += sum_b ua[i*ldu + b]
   * vt[b*n + j]}, where ua already holds alpha * U (so each element is one FMA chain over b in order, whatever
   * the row range: the same bits for any split into ranges).
   */
  void rankUpdate(int n, int i0, int i1, double[] ua, int ldu, int k, double[] vt, double[] w);

  /**
   * Single-precision twin of {@link #rankUpdate(int, int, int, double[], int, int, double[], double[])}: each
   * element's update is summed from zero and added to W with {@link StochasticRounding} (hash seed {@code seed}).
   */
  void rankUpdate(int n, int i0, int i1, float[] ua, int ldu, int k, float[] vt, float[] w, int seed);
}
