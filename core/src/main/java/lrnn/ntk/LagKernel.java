package lrnn.ntk;

import lrnn.kernel.Kernels;
import lrnn.model.LinearRnn;
import lrnn.util.Memory;
import lrnn.util.Require;

/**
 * The lag kernel of a finite linear RNN (SPEC (K2)):
 * <pre>
 *   M[(j,b,a),(j',b',a')] = sum_p dG_j[b,a]/dtheta_p · dG_j'[b',a']/dtheta_p
 * </pre>
 * over the tilde parameters {@code theta = (W~, F~, C~[, D~])}, so that the RNN's NTK is
 * {@code K(x, x') = T(x) M T(x')^T} (Theorem 3.3). Computed exactly by (K3) from Gram matrices of the
 * Krylov sequences {@code P_j = W^j F}, {@code Q_j = C W^j} (K1), without forming a Jacobian:
 * <pre>
 *   M = (1/n)   [P_j^T P_j']_{a,a'} δ_{bb'}                                           (C~ part)
 *     + (1/n_x) [Q_j Q_j'^T]_{b,b'} δ_{aa'}                                           (F~ part)
 *     + (1/n)   sum_{l<j} sum_{l'<j'} [Q_l Q_l'^T]_{b,b'} [P_{j-1-l}^T P_{j'-1-l'}]_{a,a'}   (W~ part)
 *     + (1/n_x) δ_{j0} δ_{j'0} δ_{aa'} δ_{bb'}                                        (D~ part, if trained)
 * </pre>
 *
 * <p>Cost: the fused P/Q sweep is {@code K-1} passes over W, {@code O(K n^2 (n_x + n_y))}; the two Grams
 * are GEMMs, {@code O(n K^2 (n_x^2 + n_y^2))}; the W~ part is a two-dimensional discrete convolution of the
 * two Gram sequences over the lag pair (both lag indices shift, so there is no prefix-sum shortcut), done
 * directly on the upper triangle {@code j <= j'} in {@code K^4 n_x^2 n_y^2 / 8} multiply-adds. For every
 * width where the NTK is of interest the sweep dominates.
 *
 * <p>Layout: index {@code (j, b, a)} (lag, output, input) is the flat position {@code (j*n_y + b)*n_x + a},
 * the layout of {@link lrnn.model.ImpulseResponse} and of {@link lrnn.kernel.Kernels#ntkGramFull}; the
 * full matrix is {@code (K n_y n_x) x (K n_y n_x)} row-major. Immutable.
 */
public final class LagKernel {

  private final int lags;
  private final int ny;
  private final int nx;
  private final double[] m; // (K ny nx)^2, symmetric

  private LagKernel(int lags, int ny, int nx, double[] m) {
    this.lags = lags;
    this.ny = ny;
    this.nx = nx;
    this.m = m;
  }

  /**
   * The exact lag kernel (K3) of {@code rnn} for lags {@code j < lags}. The D~ part is included exactly
   * when the RNN has a (trained) D.
   *
   * @param rnn  the RNN, not modified
   * @param lags K >= 1
   */
  public static LagKernel of(LinearRnn rnn, int lags) {
    Require.positive("K (lags)", lags);
    int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny();
    int dp = Require.arraySize("the Krylov basis P (n x K n_x)", (long) lags * nx, 1);
    int dq = Require.arraySize("the Krylov basis Q (K n_y x n)", (long) lags * ny, 1);
    Require.arraySize("the Krylov basis P (n x K n_x)", n, dp);
    Require.arraySize("the Krylov basis Q (K n_y x n)", dq, n);
    int dim = Require.arraySize("the lag kernel ((K n_y n_x)^2, use fewer lags)", (long) lags * ny * nx,
        (long) lags * ny * nx);
    Memory.require("the lag kernel at n = " + n + ", K = " + lags + " (Krylov bases, their Grams and M)",
        Memory.doubles(n * (long) (dp + dq) * (rnn.dtype() == lrnn.model.Dtype.FLOAT32 ? 3 : 2) / 2
            + (long) dp * dp + (long) dq * dq + dim)); // W itself is not copied (the sweep scales inside the kernel)

    // (K1): P_j = W^j F (column block j of an n x (K n_x) matrix), Q_j = C W^j (row block j of a
    // (K n_y) x n matrix), both advanced in one pass over W per step.
    LinearRnn.KrylovBases kb = rnn.krylovBases(lags);
    double[] p = kb.p(), q = kb.q();
    double[] gp = new double[dp * dp]; // [(j,a),(j',a')] = P_j^T P_j'
    Kernels.gemm(true, false, dp, dp, n, 1.0, p, 0, dp, p, 0, dp, 0.0, gp, 0, dp);
    double[] gq = new double[dq * dq]; // [(l,b),(l',b')] = Q_l Q_l'^T
    Kernels.gemm(false, true, dq, dq, n, 1.0, q, 0, n, q, 0, n, 0.0, gq, 0, dq);
    return fromGrams(lags, ny, nx, n, gp, gq, rnn.hasD());
  }

  /** (K3) from the Krylov Grams; {@code n} is the width (the 1/n of the C~ and W~ parts). */
  static LagKernel fromGrams(int lags, int ny, int nx, int n, double[] gp, double[] gq, boolean withD) {
    int dp = lags * nx, dq = lags * ny, bsz = ny * nx, dim = lags * bsz;
    double[] m = new double[dim * dim];
    double invN = 1.0 / n, invNx = 1.0 / nx;
    double[] acc = new double[bsz * bsz]; // one (j, j') block, [(b,a),(b',a')]
    for (int j = 0; j < lags; j++) {
      for (int jp = j; jp < lags; jp++) {
        java.util.Arrays.fill(acc, 0.0);
        // W~ part: a 2-D convolution over (l, l') with l < j, l' < j'
        for (int l = 0; l < j; l++) {
          int mm = j - 1 - l;
          for (int lp = 0; lp < jp; lp++) {
            int mp = jp - 1 - lp;
            for (int b = 0; b < ny; b++) {
              int gqRow = (l * ny + b) * dq + lp * ny;
              for (int bp = 0; bp < ny; bp++) {
                double qv = gq[gqRow + bp];
                if (qv == 0) continue;
                for (int a = 0; a < nx; a++) {
                  int gpRow = (mm * nx + a) * dp + mp * nx;
                  int accRow = (b * nx + a) * bsz + bp * nx;
                  for (int ap = 0; ap < nx; ap++) acc[accRow + ap] += qv * gp[gpRow + ap];
                }
              }
            }
          }
        }
        for (int b = 0; b < ny; b++) {
          for (int a = 0; a < nx; a++) {
            int r = (j * ny + b) * nx + a;
            for (int bp = 0; bp < ny; bp++) {
              for (int ap = 0; ap < nx; ap++) {
                int cc = (jp * ny + bp) * nx + ap;
                double v = invN * acc[(b * nx + a) * bsz + bp * nx + ap];
                if (b == bp) v += invN * gp[(j * nx + a) * dp + jp * nx + ap];   // C~ part
                if (a == ap) v += invNx * gq[(j * ny + b) * dq + jp * ny + bp];  // F~ part
                if (withD && j == 0 && jp == 0 && a == ap && b == bp) v += invNx; // D~ part
                m[r * dim + cc] = v;
                m[cc * dim + r] = v;
              }
            }
          }
        }
      }
    }
    return new LagKernel(lags, ny, nx, m);
  }

  /**
   * The lag kernel of the scaled convolution, {@code diag(lambda) ⊗ I_{n_y n_x}} (SPEC (17)–(19)): what
   * {@link #of} tends to as {@code n -> inf} with lambda from (21) (Theorem 3.3(b)).
   */
  public static LagKernel diagonal(double[] lambda, int ny, int nx) {
    Require.positive("K (lags) = lambda.length", lambda == null ? 0 : lambda.length);
    Require.positive("n_y", ny);
    Require.positive("n_x", nx);
    for (int j = 0; j < lambda.length; j++) Require.nonNegative("lambda_" + j, lambda[j]);
    int lags = lambda.length, bsz = ny * nx;
    int dim = Require.arraySize("the lag kernel ((K n_y n_x)^2, use fewer lags)", (long) lags * bsz,
        (long) lags * bsz);
    Memory.require("the lag kernel at K = " + lags, Memory.doubles(dim));
    int d = lags * bsz;
    double[] m = new double[dim];
    for (int j = 0; j < lags; j++) for (int t = 0; t < bsz; t++) m[(j * bsz + t) * (d + 1)] = lambda[j];
    return new LagKernel(lags, ny, nx, m);
  }

  public int lags() {
    return lags;
  }

  public int ny() {
    return ny;
  }

  public int nx() {
    return nx;
  }

  /** The side of the full matrix, {@code K n_y n_x}. */
  public int size() {
    return lags * ny * nx;
  }

  /** {@code M[(j,b,a),(j',b',a')]}. */
  public double get(int j, int b, int a, int jp, int bp, int ap) {
    checkIndex(j, b, a);
    checkIndex(jp, bp, ap);
    return m[((j * ny + b) * nx + a) * size() + (jp * ny + bp) * nx + ap];
  }

  private void checkIndex(int j, int b, int a) {
    if (j < 0 || j >= lags || b < 0 || b >= ny || a < 0 || a >= nx) {
      throw new IndexOutOfBoundsException("lag kernel index (j=" + j + ", b=" + b + ", a=" + a + ") outside (K="
          + lags + ", n_y=" + ny + ", n_x=" + nx + ")");
    }
  }

  /** A copy of the full symmetric matrix, {@code (K n_y n_x)^2} row-major, index {@code (j*n_y+b)*n_x+a}. */
  public double[] toMatrix() {
    return m.clone();
  }

  /** The internal matrix; callers in this package must not modify it. */
  double[] raw() {
    return m;
  }

  /**
   * The diagonal averaged by lag: {@code (1/(n_y n_x)) sum_{b,a} M[(j,b,a),(j,b,a)]} for each {@code j},
   * the finite-width counterpart of {@code lambda_j} of (21).
   */
  public double[] diagonalByLag() {
    int bsz = ny * nx, d = size();
    double[] out = new double[lags];
    for (int j = 0; j < lags; j++) {
      double s = 0;
      for (int t = j * bsz; t < (j + 1) * bsz; t++) s += m[t * d + t];
      out[j] = s / bsz;
    }
    return out;
  }

  /** The largest {@code |M[r,c]|} over {@code r != c}. */
  public double maxAbsOffDiagonal() {
    int d = size();
    double mx = 0;
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) if (r != c) mx = Math.max(mx, Math.abs(m[r * d + c]));
    }
    return mx;
  }

  /** Largest absolute entry-wise difference to another lag kernel of the same shape. */
  public double maxAbsDiff(LagKernel o) {
    requireSameShape(o);
    double mx = 0;
    for (int t = 0; t < m.length; t++) mx = Math.max(mx, Math.abs(m[t] - o.m[t]));
    return mx;
  }

  /** Frobenius norm of the full matrix. */
  public double frobeniusNorm() {
    double s = 0;
    for (double v : m) s += v * v;
    return Math.sqrt(s);
  }

  /**
   * The relative distance to the scaled convolution's lag kernel (SPEC §7 E4):
   * <pre>
   *   ||M - diag(lambda) ⊗ I_{n_y n_x}||_F / ||diag(lambda) ⊗ I_{n_y n_x}||_F
   *     = ||M - diag(lambda) ⊗ I||_F / (sqrt(n_y n_x) ||lambda||_2).
   * </pre>
   * Both norms are over the full {@code (K n_y n_x)^2} matrix, so the measure does not grow with the
   * number of channels. For {@code n_x = n_y = 1} (the E1/E4 setting) the denominator is
   * {@code ||lambda||_2}, exactly the normalization of the SPEC §8 reference figures
   * (K = 20, default nu: 0.24 at n = 64, 0.13 at 256, 0.063 at 1024, 0.038 at 4096).
   *
   * @param lambda the scale factors, one per lag ({@code lambda.length == lags()}), not all zero
   */
  public double relativeErrorTo(double[] lambda) {
    Require.length("lambda", lambda, lags);
    Require.allFinite("lambda", lambda);
    int bsz = ny * nx, d = size();
    double num = 0;
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) {
        double v = m[r * d + c] - (r == c ? lambda[r / bsz] : 0);
        num += v * v;
      }
    }
    double den = 0;
    for (double l : lambda) den += l * l;
    den *= bsz;
    if (!(den > 0)) throw new IllegalArgumentException("lambda is all zero; the relative error is undefined");
    return Math.sqrt(num / den);
  }

  void requireSameShape(LagKernel o) {
    if (o.lags != lags || o.ny != ny || o.nx != nx) {
      throw new IllegalArgumentException("lag kernels differ in shape: " + this + " vs " + o);
    }
  }

  @Override
  public String toString() {
    return "LagKernel(K=" + lags + ", n_y=" + ny + ", n_x=" + nx + ")";
  }
}
