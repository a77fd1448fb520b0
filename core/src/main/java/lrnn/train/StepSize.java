package lrnn.train;

import java.util.SplittableRandom;
import lrnn.model.DataMoments;
import lrnn.model.InitScales;
import lrnn.model.Sequences;
import lrnn.theory.ScaleFactors;
import lrnn.util.Require;

/**
 * The learning rate from the theory ({@code --eta auto}, SPEC §9). The MSE of a K-lag convolution is
 * quadratic in its coefficients; with {@code c = 2 / (N L n_y)} its Hessian is
 * <pre>
 *   unscaled:  H_u = c (Rxx ⊗ I_{n_y})
 *   scaled:    H_s = c (Lambda^{1/2} Rxx Lambda^{1/2} ⊗ I_{n_y}),   Lambda = diag(lambda_j ⊗ 1_{n_x}), lambda from (21)
 * </pre>
 * (the scaled model steps {@code G_j <- G_j - eta lambda_j dG_j}, SPEC §5), and full-batch GD on a quadratic is
 * stable iff {@code eta < 2 / lambda_max(H)}. At initialization the RNN's lag dynamics follow the scaled
 * convolution's (Theorem 3.3: its lag kernel is {@code diag(lambda)} up to O(1/sqrt n) fluctuations), so
 * {@code H_s} stands for the RNN too. One rate serves a whole comparison, so that it stays fair: the smallest of
 * the models' limits,
 * <pre>
 *   eta = FRACTION * 2 / max(lambda_max(H_u), lambda_max(H_s))                                 (FRACTION = 1/2)
 * </pre>
 * i.e. {@code eta = 1 / lambda_max}: half the stability limit, the margin for the RNN's finite-width deviation
 * from {@code H_s} and for its higher-order terms, and the step at which the stiffest direction of the quadratic
 * is solved in one step (its contraction factor {@code |1 - eta lambda_max|} is 0).
 *
 * <p>{@code lambda_max(Rxx)} is found by Lanczos iterations with full reorthogonalization on the
 * {@code (K n_x) x (K n_x)} matrix (a few dozen to a few hundred matrix-vector products, at most
 * {@link #MAX_STEPS}; exact to rounding once the Krylov space is invariant), then bisection on the tridiagonal
 * matrix (Sturm counts). Memory: a copy of {@code Rxx} (from {@link DataMoments#rxx()}) and the Lanczos basis,
 * at most {@code MAX_STEPS x K n_x} numbers; {@code Lambda^{1/2}} is applied in each product, never formed.
 */
public final class StepSize {

  private StepSize() {}

  /** The fraction of the stability limit {@code 2 / lambda_max} that {@link #choose} takes. */
  public static final double FRACTION = 0.5;

  /**
   * A chosen rate and the curvatures it came from.
   *
   * @param eta                the step size, {@code FRACTION * 2 / max(lambdaMaxUnscaled, lambdaMaxScaled)}
   * @param lambdaMaxUnscaled  {@code lambda_max(H_u)}
   * @param lambdaMaxScaled    {@code lambda_max(H_s)}
   */
  public record Choice(double eta, double lambdaMaxUnscaled, double lambdaMaxScaled) {

    /** The largest rate at which GD on every model of the comparison still converges, {@code 2 / max lambda_max}. */
    public double stabilityLimit() {
      return 2 / Math.max(lambdaMaxUnscaled, lambdaMaxScaled);
    }

    /** The more restrictive of two choices (the smaller rate): one rate for both, e.g. two training regimes. */
    public Choice min(Choice o) {
      return o.eta < eta ? o : this;
    }
  }

  /** The rate for the convolutions on {@code moments} with scales {@code lambda} (length K), as above. */
  public static Choice choose(DataMoments moments, double[] lambda) {
    Require.nonNull("data moments", moments);
    return choose(moments.rxx(), moments.nx(), moments.lags(), 2.0 / moments.targetCount(), lambda);
  }

  /**
   * The rate for K-lag convolutions on inputs {@code x} (N, L, n_x) with {@code ny} output channels: the Hessians
   * depend on the inputs only, so one rate serves every target set on these inputs (e.g. the delays of E2).
   */
  public static Choice choose(Sequences x, int ny, int lags, double[] lambda) {
    Require.positive("output channels n_y", ny);
    double[] rxx = DataMoments.inputGram(x, lags);
    return choose(rxx, x.dim(), lags, 2.0 / ((double) x.count() * x.length() * ny), lambda);
  }

  /**
   * As {@link #choose(Sequences, int, int, double[])} with lambda from (21) for the RNN's initialization variances
   * {@code scales} (n_x = the inputs' channels): the rate for the comparison RNN / scaled / unscaled convolution.
   */
  public static Choice choose(Sequences x, int ny, int lags, InitScales scales) {
    Require.nonNull("initialization scales", scales);
    return choose(x, ny, lags, ScaleFactors.lambda(scales.nuW(), scales.nuF(), scales.nuC(), x.dim(), scales.withD(),
        lags));
  }

  private static Choice choose(double[] rxx, int nx, int lags, double c, double[] lambda) {
    Require.length("lambda (one per lag)", lambda, lags);
    double hu = c * largestEigenvalue(rxx, lags * nx);
    double hs = c * largestEigenvalue(rxx, lags * nx, sqrtLambda(nx, lags, lambda));
    double top = Math.max(hu, hs);
    if (!(top > 0)) {
      throw new IllegalArgumentException("the inputs are all zero on the training data (Rxx = 0): the loss has no "
          + "curvature and no step size follows from it; give a rate or use inputs that vary");
    }
    if (!Double.isFinite(top)) {
      throw new IllegalArgumentException("the inputs' second moments overflow (lambda_max(Rxx) = " + top
          + "); rescale or standardize the inputs");
    }
    return new Choice(FRACTION * 2 / top, hu, hs);
  }

  /** {@code lambda_max(H_u) = c lambda_max(Rxx)} for the moments' data ({@code c = 2 / (N L n_y)}). */
  public static double hessianMaxUnscaled(DataMoments moments) {
    return 2.0 / moments.targetCount() * largestEigenvalue(moments.rxx(), moments.lags() * moments.nx());
  }

  /** {@code lambda_max(H_s) = c lambda_max(Lambda^{1/2} Rxx Lambda^{1/2})}. */
  public static double hessianMaxScaled(DataMoments moments, double[] lambda) {
    Require.length("lambda (one per lag)", lambda, moments.lags());
    return 2.0 / moments.targetCount()
        * largestEigenvalue(moments.rxx(), moments.lags() * moments.nx(), sqrtLambda(moments.nx(), moments.lags(), lambda));
  }

  /** The diagonal of {@code Lambda^{1/2}}, {@code sqrt(lambda_j)} repeated n_x times (the scaling is applied on the fly). */
  static double[] sqrtLambda(int nx, int lags, double[] lambda) {
    int d = lags * nx;
    double[] s = new double[d];
    for (int i = 0; i < d; i++) {
      double l = lambda[i / nx];
      if (!(l >= 0) || !Double.isFinite(l)) throw new IllegalArgumentException("lambda_" + i / nx + " = " + l
          + " must be finite and non-negative");
      s[i] = Math.sqrt(l);
    }
    return s;
  }

  /** Lanczos steps at most: bounds the basis to {@code MAX_STEPS x d} numbers (the matrix itself is d x d). */
  static final int MAX_STEPS = 512;

  /**
   * The largest eigenvalue of the symmetric {@code d x d} matrix {@code a} (row-major, not modified): Lanczos
   * with full reorthogonalization from a fixed pseudo-random start, stopped when the largest Ritz value changes
   * by less than 1e-14 relative over two steps, or when the Krylov space is invariant (then it is exact), or
   * after {@code d} steps; the Ritz value is a lower bound that converges fastest for the extreme eigenvalue.
   * Deterministic.
   */
  public static double largestEigenvalue(double[] a, int d) {
    return largestEigenvalue(a, d, null);
  }

  /**
   * The largest eigenvalue of {@code S A S} for a diagonal {@code S = diag(s)} ({@code s} null: of {@code A}), as
   * {@link #largestEigenvalue(double[], int)}, without forming {@code S A S}: the scaling is applied in each
   * matrix-vector product. At most {@link #MAX_STEPS} steps (the Ritz value is then a lower bound converged for a
   * top eigenvalue that is not buried in a flat spectrum; {@link #FRACTION} leaves the margin).
   */
  static double largestEigenvalue(double[] a, int d, double[] s) {
    Require.positive("matrix size", d);
    Require.length("matrix (d x d)", a, (long) d * d);
    Require.allFinite("matrix", a);
    if (s != null) Require.length("diagonal scaling", s, d);
    int m = Math.min(d, MAX_STEPS);
    double[][] q = new double[m + 1][];
    double[] alpha = new double[m];
    double[] beta = new double[m + 1];
    double[] v = new double[d];
    SplittableRandom rnd = new SplittableRandom(0x5eed_1a2c_05L);
    for (int i = 0; i < d; i++) v[i] = rnd.nextDouble() - 0.5;
    scale(v, 1 / norm(v));
    q[0] = v;
    // work on a / max|a_ij| (entries in [-1, 1]): no overflow or subnormal products whatever the data's units
    double scaleA = 0;
    for (double x : a) scaleA = Math.max(scaleA, Math.abs(x));
    if (scaleA == 0) return 0;
    double inv = 1 / scaleA;
    double prev = Double.NaN, prev2 = Double.NaN, ritz = 0;
    // the matrix-vector products are plain loops, not a kernel: d = K n_x is at most a few hundred and this runs once
    // per training run (measured 2026-11-30, d = 384 from white-noise inputs, the slow case of a flat spectrum:
    // 0.5 s cold, 70-180 ms warm, on a busy 2-core AVX-512 machine; against minutes of training)
    for (int k = 0; k < m; k++) {
      double[] w = new double[d];
      double[] qk = q[k];
      double[] u = qk;
      if (s != null) {
        u = new double[d];
        for (int j = 0; j < d; j++) u[j] = s[j] * qk[j];
      }
      for (int i = 0; i < d; i++) {
        double acc = 0;
        int row = i * d;
        for (int j = 0; j < d; j++) acc += a[row + j] * u[j];
        w[i] = acc * inv * (s == null ? 1 : s[i]);
      }
      alpha[k] = dot(w, qk);
      // full reorthogonalization, twice ("twice is enough"): keeps the basis orthogonal to rounding
      for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j <= k; j++) axpy(-dot(w, q[j]), q[j], w);
      }
      ritz = largestTridiagonal(alpha, beta, k + 1);
      double b = norm(w);
      boolean invariant = b <= 1e-13 * d;
      if (invariant || (k >= 2 && Math.abs(ritz - prev) <= 1e-14 * Math.abs(ritz)
          && Math.abs(prev - prev2) <= 1e-14 * Math.abs(ritz))) {
        return ritz * scaleA;
      }
      prev2 = prev;
      prev = ritz;
      beta[k + 1] = b;
      scale(w, 1 / b);
      q[k + 1] = w;
    }
    return ritz * scaleA;
  }

  /**
   * The largest eigenvalue of the symmetric tridiagonal matrix with diagonal {@code alpha[0..k)} and off-diagonal
   * {@code beta[1..k)} ({@code beta[i]} couples rows i-1 and i): bisection on the Sturm count within the
   * Gershgorin interval, to the last bit.
   */
  static double largestTridiagonal(double[] alpha, double[] beta, int k) {
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      double r = (i > 0 ? Math.abs(beta[i]) : 0) + (i + 1 < k ? Math.abs(beta[i + 1]) : 0);
      lo = Math.min(lo, alpha[i] - r);
      hi = Math.max(hi, alpha[i] + r);
    }
    // invariant: at least one eigenvalue is > lo, none is > hi
    for (int it = 0; it < 200; it++) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) break;
      if (countAbove(alpha, beta, k, mid) > 0) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /** The number of eigenvalues greater than {@code x} (Sturm sequence of the LDL^T pivots of T - x I). */
  private static int countAbove(double[] alpha, double[] beta, int k, double x) {
    int below = 0;
    double d = 1;
    for (int i = 0; i < k; i++) {
      double b2 = i > 0 ? beta[i] * beta[i] : 0;
      d = alpha[i] - x - (i > 0 ? b2 / d : 0);
      if (d == 0) d = -1e-300; // a zero pivot counts as an eigenvalue at or below x
      if (d < 0) below++;
    }
    return k - below;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) y[i] += alpha * x[i];
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static void scale(double[] a, double s) {
    for (int i = 0; i < a.length; i++) a[i] *= s;
  }
}
