package lrnn.ntk;

import lrnn.kernel.Kernels;
import lrnn.model.Sequences;
import lrnn.util.Memory;
import lrnn.util.Require;

/**
 * An NTK Gram matrix {@code K(X, X')} (SPEC (13)) between two batches of input sequences, for a model with
 * {@code n_y} outputs. Rows are the outputs {@code (i, k, b)} of the first batch, columns the outputs
 * {@code (i', k', b')} of the second, in the {@link Sequences} layout: flat row index
 * {@code (i*L + k)*n_y + b}. Two storage forms:
 * <ul>
 *   <li><b>with output identity</b> (the scaled convolution, (17)): only the {@code (N L) x (N' L')} core
 *   {@code T(x) (Lambda ⊗ I_{n_x}) T(x')^T} is stored and the Gram is that core {@code ⊗ I_{n_y}};
 *   <li><b>full</b> (a finite RNN, Theorem 3.3): {@code T(x) M T(x')^T} with the lag kernel M, all
 *   {@code (N L n_y) x (N' L' n_y)} entries.
 * </ul>
 * {@link #get} and {@link #toMatrix} present both forms as the full matrix. Self Grams ({@code X' = X})
 * use the dedicated kernels {@link Kernels#ntkGramScaled} / {@link Kernels#ntkGramFull}; cross Grams use
 * the block Toeplitz data matrix and GEMMs. Immutable.
 */
public final class NtkGram {

  private final int rowSeqs;
  private final int rowLen;
  private final int colSeqs;
  private final int colLen;
  private final int ny;
  private final boolean outputIdentity;
  private final double[] core; // (rowSeqs rowLen [ny]) x (colSeqs colLen [ny])

  private NtkGram(int rowSeqs, int rowLen, int colSeqs, int colLen, int ny, boolean outputIdentity, double[] core) {
    this.rowSeqs = rowSeqs;
    this.rowLen = rowLen;
    this.colSeqs = colSeqs;
    this.colLen = colLen;
    this.ny = ny;
    this.outputIdentity = outputIdentity;
    this.core = core;
  }

  /**
   * The analytic NTK Gram of the scaled convolution on one batch (SPEC (17)–(19)):
   * {@code K(x_i, x_i')[k, k'] = sum_j lambda_j x_{i,k-j} · x_{i',k'-j}}, times {@code I_{n_y}}.
   *
   * @param x      inputs (N, L, n_x)
   * @param lambda scale factors, one per lag (K = lambda.length lags; lags beyond L contribute nothing)
   * @param ny     number of outputs n_y
   */
  public static NtkGram scaled(Sequences x, double[] lambda, int ny) {
    checkLambda(lambda);
    Require.positive("n_y", ny);
    int rows = Require.arraySize("the NTK Gram ((N L)^2)", (long) x.count() * x.length(), (long) x.count() * x.length());
    // one Gram (never two) and the kernel's scratch
    Memory.require("the NTK Gram of " + x, Memory.plus(Memory.doubles(rows), Memory.doubles(
        Kernels.ntkGramScratchDoubles(x.count(), x.length(), x.dim(), 1, lambda.length, false))));
    double[] out = new double[rows];
    Kernels.ntkGramScaled(x.count(), x.length(), x.dim(), lambda.length, x.toArray(), lambda, out);
    return new NtkGram(x.count(), x.length(), x.count(), x.length(), ny, true, out);
  }

  /**
   * The scaled convolution's cross Gram {@code K(x, x') = T(x) (Lambda ⊗ I_{n_x}) T(x')^T ⊗ I_{n_y}} (17),
   * e.g. test rows against training columns for {@link NtkPredictor#predict}.
   */
  public static NtkGram scaled(Sequences x, Sequences xPrime, double[] lambda, int ny) {
    checkLambda(lambda);
    Require.positive("n_y", ny);
    requireSameChannels(x, xPrime);
    int lags = lambda.length, d = lags * x.dim();
    int r = x.count() * x.length(), c = xPrime.count() * xPrime.length();
    Require.arraySize("the NTK Gram (N L x N' L')", r, c);
    Memory.require("the NTK cross Gram of " + x + " and " + xPrime,
        Memory.doubles((long) r * c + (long) (r + c) * d));
    double[] t = toeplitz(x, lags);
    double[] tp = toeplitz(xPrime, lags);
    for (int row = 0; row < c; row++) {
      for (int j = 0; j < lags; j++) {
        for (int a = 0; a < x.dim(); a++) tp[row * d + j * x.dim() + a] *= lambda[j];
      }
    }
    double[] out = new double[r * c];
    Kernels.gemm(false, true, r, c, d, 1.0, t, 0, d, tp, 0, d, 0.0, out, 0, c);
    return new NtkGram(x.count(), x.length(), xPrime.count(), xPrime.length(), ny, true, out);
  }

  /**
   * The empirical NTK Gram of a finite RNN on one batch, {@code K(x, x') = T(x) M T(x')^T} (Theorem 3.3,
   * (K2)), from its lag kernel (use K = L lags for the exact NTK of sequences of length L).
   */
  public static NtkGram empirical(Sequences x, LagKernel m) {
    requireChannels(x, m);
    int rows = Require.arraySize("the NTK Gram ((N L n_y)^2)", (long) x.count() * x.length() * m.ny(),
        (long) x.count() * x.length() * m.ny());
    Memory.require("the NTK Gram of " + x, Memory.plus(Memory.doubles(rows), Memory.doubles(
        Kernels.ntkGramScratchDoubles(x.count(), x.length(), x.dim(), m.ny(), m.lags(), true))));
    double[] out = new double[rows];
    Kernels.ntkGramFull(x.count(), x.length(), x.dim(), m.ny(), m.lags(), x.toArray(), m.raw(), out);
    return new NtkGram(x.count(), x.length(), x.count(), x.length(), m.ny(), false, out);
  }

  /** The empirical cross Gram {@code T(x) M T(x')^T} of a finite RNN with lag kernel {@code m}. */
  public static NtkGram empirical(Sequences x, Sequences xPrime, LagKernel m) {
    requireChannels(x, m);
    requireChannels(xPrime, m);
    int lags = m.lags(), nx = m.nx(), ny = m.ny(), d = lags * nx, dm = m.size();
    int r = x.count() * x.length(), c = xPrime.count() * xPrime.length();
    Require.arraySize("the NTK Gram (N L n_y x N' L' n_y)", (long) r * ny, (long) c * ny);
    Memory.require("the NTK cross Gram of " + x + " and " + xPrime,
        Memory.doubles((long) r * c * ny * ny + (long) r * c + (long) (2L * r + c) * d + (long) d * d));
    double[] t = toeplitz(x, lags);
    double[] tp = toeplitz(xPrime, lags);
    double[] mm = m.raw();
    double[] block = new double[d * d];
    double[] u = new double[r * d];
    double[] ob = new double[r * c];
    double[] out = new double[r * ny * c * ny];
    int cols = c * ny;
    for (int b = 0; b < ny; b++) {
      for (int bp = 0; bp < ny; bp++) {
        // M restricted to outputs (b, b'): [(j,a),(j',a')] = M[(j,b,a),(j',b',a')]
        for (int j = 0; j < lags; j++) {
          for (int a = 0; a < nx; a++) {
            int src = ((j * ny + b) * nx + a) * dm;
            for (int jp = 0; jp < lags; jp++) {
              System.arraycopy(mm, src + (jp * ny + bp) * nx, block, (j * nx + a) * d + jp * nx, nx);
            }
          }
        }
        Kernels.gemm(false, false, r, d, d, 1.0, t, 0, d, block, 0, d, 0.0, u, 0, d);
        Kernels.gemm(false, true, r, c, d, 1.0, u, 0, d, tp, 0, d, 0.0, ob, 0, c);
        for (int row = 0; row < r; row++) {
          int o = (row * ny + b) * cols + bp;
          for (int col = 0; col < c; col++) out[o + col * ny] = ob[row * c + col];
        }
      }
    }
    return new NtkGram(x.count(), x.length(), xPrime.count(), xPrime.length(), ny, false, out);
  }

  /** The block Toeplitz data matrix of (17): {@code T[(i,k),(j,a)] = x_{i,k-j,a}} (0 for k < j). */
  static double[] toeplitz(Sequences x, int lags) {
    int len = x.length(), nx = x.dim(), d = lags * nx, r = x.count() * len;
    double[] xs = x.toArray();
    double[] t = new double[Require.arraySize("the Toeplitz data matrix (N L x K n_x)", r, d)];
    for (int i = 0; i < x.count(); i++) {
      for (int k = 0; k < len; k++) {
        for (int j = 0; j < lags && j <= k; j++) {
          System.arraycopy(xs, (i * len + k - j) * nx, t, (i * len + k) * d + j * nx, nx);
        }
      }
    }
    return t;
  }

  private static void checkLambda(double[] lambda) {
    if (lambda == null || lambda.length == 0) {
      throw new IllegalArgumentException("lambda must hold one scale factor per lag (at least one)");
    }
    for (int j = 0; j < lambda.length; j++) Require.nonNegative("lambda_" + j, lambda[j]);
  }

  private static void requireSameChannels(Sequences x, Sequences xp) {
    if (x.dim() != xp.dim()) {
      throw new IllegalArgumentException("the two input batches have n_x = " + x.dim() + " and " + xp.dim()
          + "; they must match");
    }
  }

  private static void requireChannels(Sequences x, LagKernel m) {
    if (x.dim() != m.nx()) {
      throw new IllegalArgumentException("inputs have " + x.dim() + " channels but the lag kernel has n_x = "
          + m.nx());
    }
  }

  /** Rows of the full Gram, {@code N L n_y}. */
  public int rows() {
    return rowSeqs * rowLen * ny;
  }

  /** Columns of the full Gram, {@code N' L' n_y}. */
  public int cols() {
    return colSeqs * colLen * ny;
  }

  public int ny() {
    return ny;
  }

  public int rowSequences() {
    return rowSeqs;
  }

  public int rowLength() {
    return rowLen;
  }

  public int colSequences() {
    return colSeqs;
  }

  public int colLength() {
    return colLen;
  }

  /** Whether the Gram is stored as a core {@code ⊗ I_{n_y}} (the scaled convolution, (17)). */
  public boolean hasOutputIdentity() {
    return outputIdentity;
  }

  /** {@code K(x_i, x'_i')[(k, b), (k', b')]}. */
  public double get(int i, int k, int b, int ip, int kp, int bp) {
    if (i < 0 || i >= rowSeqs || k < 0 || k >= rowLen || b < 0 || b >= ny || ip < 0 || ip >= colSeqs || kp < 0
        || kp >= colLen || bp < 0 || bp >= ny) {
      throw new IndexOutOfBoundsException("Gram index (" + i + ", " + k + ", " + b + ", " + ip + ", " + kp + ", "
          + bp + ") outside (" + rowSeqs + ", " + rowLen + ", " + ny + ") x (" + colSeqs + ", " + colLen + ", " + ny + ")");
    }
    int r = i * rowLen + k, c = ip * colLen + kp;
    if (outputIdentity) return b == bp ? core[r * colSeqs * colLen + c] : 0;
    return core[(r * ny + b) * cols() + c * ny + bp];
  }

  /**
   * Row {@code row} of the full matrix ({@link #toMatrix()}) into {@code dst[0 … cols())}: the way to stream a
   * large Gram to a file without a second copy of it.
   */
  public void copyRow(int row, double[] dst) {
    Require.inRange("Gram row", row, 0, rows() - 1);
    Require.length("row buffer (one entry per column)", dst, cols());
    if (!outputIdentity) {
      System.arraycopy(core, row * cols(), dst, 0, cols());
      return;
    }
    java.util.Arrays.fill(dst, 0.0);
    int r = row / ny, b = row % ny, c = colSeqs * colLen;
    for (int col = 0; col < c; col++) dst[col * ny + b] = core[r * c + col];
  }

  /** The full {@code (N L n_y) x (N' L' n_y)} matrix, row-major (a new array; {@code ⊗ I_{n_y}} made explicit). */
  public double[] toMatrix() {
    if (!outputIdentity) return core.clone();
    int r = rowSeqs * rowLen, c = colSeqs * colLen, cols = c * ny;
    double[] out = new double[Require.arraySize("the full NTK Gram", (long) r * ny, cols)];
    for (int row = 0; row < r; row++) {
      for (int col = 0; col < c; col++) {
        double v = core[row * c + col];
        for (int b = 0; b < ny; b++) out[(row * ny + b) * cols + col * ny + b] = v;
      }
    }
    return out;
  }

  /**
   * The stored matrix: the {@code (N L) x (N' L')} core when {@link #hasOutputIdentity()}, else the full
   * matrix. Callers in this package must not modify it.
   */
  double[] core() {
    return core;
  }

  /** Rows of the stored matrix. */
  int coreRows() {
    return outputIdentity ? rowSeqs * rowLen : rows();
  }

  /** Columns of the stored matrix. */
  int coreCols() {
    return outputIdentity ? colSeqs * colLen : cols();
  }

  @Override
  public String toString() {
    return "NtkGram(" + rows() + " x " + cols() + (outputIdentity ? ", core ⊗ I_" + ny : ", full") + ")";
  }
}
