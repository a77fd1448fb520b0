package lrnn.ntk;

import lrnn.kernel.Kernels;
import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import lrnn.model.InitScales;
import lrnn.model.Metrics;
import lrnn.model.Sequences;
import lrnn.theory.ScaleFactors;
import lrnn.util.Memory;
import lrnn.util.Require;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The whole gradient-descent trajectory of the scaled convolution in closed form (SPEC (K5)):
 * <pre>
 *   G_t = G* + (I - 2 eta Lambda Rxx / (N L n_y))^t (G_0 - G*)
 * </pre>
 * at any step t without iterating, hence (Theorem 3.3) the infinite-width RNN's training curve.
 *
 * <p>Computation. Per output channel b the coefficients form a column {@code g_b} of length
 * {@code D = K n_x} (index {@code j*n_x + a}); with {@code s = sqrt(lambda_j)} per index,
 * {@code S = diag(s) Rxx diag(s) = V diag(sigma) V^T} (ONE symmetric eigendecomposition of size D),
 * {@code c = 2 eta / (N L n_y)} and {@code beta_b = V^T diag(s) (Rxx g0_b - Rxy_b)} (the scaled gradient at
 * G_0), the GD iterates are
 * <pre>
 *   g_b^t = g_b^0 - diag(s) V diag(phi_t(sigma)) beta_b,    phi_t(sigma) = (1 - (1 - c sigma)^t) / sigma,
 * </pre>
 * which never forms G*: singular {@code Rxx} (L < K, a zero input channel, too few sequences) makes G* non
 * unique, but only the component in the range of S moves. Directions with
 * {@code sigma <= floor = D * 2^-52 * sigma_max} are treated as exactly singular and do not move
 * ({@code phi = 0}); {@code beta} has no component there in exact arithmetic because
 * {@code Rxy = T^T Y} lies in the range of {@code T^T}. Lags with {@code lambda_j = 0} have {@code s = 0}
 * and stay at {@code G_0}. Cost: {@code O(D^3)} once, then {@code O(D^2 n_y)} per step t. Immutable.
 */
public final class ClosedFormCurve {

  private final DataMoments train;
  private final int lags;
  private final int nx;
  private final int ny;
  private final int d;
  private final double c;
  private final double[] s;     // sqrt(lambda) per index (j, a)
  private final double[] sigma; // eigenvalues of S, clamped >= 0
  private final double[] v;     // D x D, column i = eigenvector i
  private final double[] beta;  // D x n_y
  private final double[] g0col; // D x n_y
  private final double floor;
  private final double eta;

  private ClosedFormCurve(DataMoments train, int lags, int nx, int ny, double c, double[] s, double[] sigma,
                          double[] v, double[] beta, double[] g0col, double floor, double eta) {
    this.train = train;
    this.lags = lags;
    this.nx = nx;
    this.ny = ny;
    this.d = lags * nx;
    this.c = c;
    this.s = s;
    this.sigma = sigma;
    this.v = v;
    this.beta = beta;
    this.g0col = g0col;
    this.floor = floor;
    this.eta = eta;
  }

  /**
   * The GD trajectory of the scaled convolution with factors {@code lambda} started at {@code g0}, on the
   * training data summarized by {@code train}, with learning rate {@code eta}.
   *
   * @param train  data moments (K lags, n_x, n_y), not modified
   * @param lambda one scale factor >= 0 per lag (K values); {@code lambda_j = 1} for the unscaled model
   * @param g0     the coefficients at step 0 (K, n_y, n_x), e.g. the RNN's impulse response (60)
   * @param eta    learning rate > 0
   */
  public static ClosedFormCurve of(DataMoments train, double[] lambda, ImpulseResponse g0, double eta) {
    Require.positive("learning rate eta", eta);
    int lags = train.lags(), nx = train.nx(), ny = train.ny(), d = lags * nx;
    Require.length("lambda (one per lag of the data moments)", lambda, lags);
    for (int j = 0; j < lags; j++) Require.nonNegative("lambda_" + j, lambda[j]);
    if (g0.lags() != lags || g0.nx() != nx || g0.ny() != ny) {
      throw new IllegalArgumentException("G_0 is " + g0 + " but the data moments have K = " + lags + ", n_y = " + ny
          + ", n_x = " + nx);
    }
    Memory.require("the closed-form curve (eigendecomposition of size K n_x = " + d + ")",
        Memory.doubles(d, 5L * d + 4L * ny));
    double[] rxx = train.rxx();
    double[] rxyT = train.rxyTransposed(); // n_y x D
    double[] s = new double[d];
    for (int j = 0; j < lags; j++) for (int a = 0; a < nx; a++) s[j * nx + a] = Math.sqrt(lambda[j]);
    // S = diag(s) Rxx diag(s), symmetrized
    DMatrixRMaj sm = new DMatrixRMaj(d, d);
    for (int r = 0; r < d; r++) {
      for (int col = 0; col < d; col++) {
        sm.data[r * d + col] = s[r] * s[col] * 0.5 * (rxx[r * d + col] + rxx[col * d + r]);
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
    if (!eig.decompose(sm)) {
      throw new IllegalStateException("the symmetric eigendecomposition of Lambda^1/2 Rxx Lambda^1/2 (size " + d
          + ") failed; check the data for huge values");
    }
    double[] sigma = new double[d];
    double[] v = new double[d * d];
    double sMax = 0;
    for (int i = 0; i < d; i++) {
      sigma[i] = Math.max(0, eig.getEigenvalue(i).getReal());
      sMax = Math.max(sMax, sigma[i]);
      DMatrixRMaj vec = eig.getEigenVector(i);
      for (int r = 0; r < d; r++) v[r * d + i] = vec.data[r];
    }
    // column form of G_0 (D x n_y) and the scaled gradient direction diag(s) (Rxx g0 - Rxy)
    double[] g = g0.toArray();
    double[] g0col = new double[d * ny];
    for (int j = 0; j < lags; j++) {
      for (int b = 0; b < ny; b++) {
        for (int a = 0; a < nx; a++) g0col[(j * nx + a) * ny + b] = g[(j * ny + b) * nx + a];
      }
    }
    double[] grad = new double[d * ny];
    for (int r = 0; r < d; r++) for (int b = 0; b < ny; b++) grad[r * ny + b] = -rxyT[b * d + r];
    Kernels.gemm(false, false, d, ny, d, 1.0, rxx, 0, d, g0col, 0, ny, 1.0, grad, 0, ny);
    for (int r = 0; r < d; r++) for (int b = 0; b < ny; b++) grad[r * ny + b] *= s[r];
    double[] beta = new double[d * ny];
    Kernels.gemm(true, false, d, ny, d, 1.0, v, 0, d, grad, 0, ny, 0.0, beta, 0, ny);
    double c = 2 * eta / (double) train.targetCount();
    return new ClosedFormCurve(train, lags, nx, ny, c, s, sigma, v, beta, g0col, d * Math.ulp(1.0) * sMax, eta);
  }

  /**
   * The infinite-width RNN's curve (Theorem 3.3): the scaled convolution with lambda from (21) for the
   * RNN's initialization scales, started at the RNN's impulse response {@code g0} (60).
   */
  public static ClosedFormCurve forRnn(DataMoments train, InitScales scales, ImpulseResponse g0, double eta) {
    double[] lambda = ScaleFactors.lambda(scales.nuW(), scales.nuF(), scales.nuC(), train.nx(), scales.withD(),
        train.lags());
    return of(train, lambda, g0, eta);
  }

  public double eta() {
    return eta;
  }

  /** The eigenvalues of {@code Lambda^1/2 Rxx Lambda^1/2} (clamped at 0), in EJML's order. A copy. */
  public double[] eigenvalues() {
    return sigma.clone();
  }

  /** The absolute eigen-floor below which directions count as singular (do not move). */
  public double eigenFloor() {
    return floor;
  }

  /** {@code N L n_y / sigma_max}: GD converges iff {@code eta} is below this (infinite if nothing moves). */
  public double maxStableLearningRate() {
    double mx = 0;
    for (double e : sigma) mx = Math.max(mx, e);
    return mx <= floor ? Double.POSITIVE_INFINITY : train.targetCount() / mx;
  }

  /** The coefficients {@code G_t} after {@code t >= 0} GD steps (K5). */
  public ImpulseResponse coefficients(long t) {
    if (t < 0) throw new IllegalArgumentException("steps t = " + t + " must be >= 0");
    double[] w = new double[d];
    for (int i = 0; i < d; i++) w[i] = sigma[i] > floor ? NtkPredictor.phi(c, sigma[i], t) : 0;
    return fromWeights(w);
  }

  /**
   * The limit {@code t -> inf}, {@code G_0 - diag(s) V diag(1/sigma) beta} over the non-singular directions:
   * the minimizer of the training MSE that GD reaches, i.e. the one closest to G_0 in the
   * {@code Lambda^-1}-weighted norm (unique even when G* is not).
   *
   * @throws IllegalStateException if {@code eta >= }{@link #maxStableLearningRate()} (GD diverges)
   */
  public ImpulseResponse limit() {
    if (!(eta < maxStableLearningRate())) {
      throw new IllegalStateException("gradient descent with eta = " + eta + " diverges on these data (the limit "
          + "needs eta < " + maxStableLearningRate() + "); use a smaller learning rate");
    }
    double[] w = new double[d];
    for (int i = 0; i < d; i++) w[i] = sigma[i] > floor ? 1 / sigma[i] : 0;
    return fromWeights(w);
  }

  private ImpulseResponse fromWeights(double[] w) {
    double[] wb = new double[d * ny];
    for (int i = 0; i < d; i++) for (int b = 0; b < ny; b++) wb[i * ny + b] = w[i] * beta[i * ny + b];
    double[] move = new double[d * ny];
    Kernels.gemm(false, false, d, ny, d, 1.0, v, 0, d, wb, 0, ny, 0.0, move, 0, ny);
    double[] g = new double[lags * ny * nx];
    for (int j = 0; j < lags; j++) {
      for (int a = 0; a < nx; a++) {
        int r = j * nx + a;
        for (int b = 0; b < ny; b++) g[(j * ny + b) * nx + a] = g0col[r * ny + b] - s[r] * move[r * ny + b];
      }
    }
    return ImpulseResponse.of(lags, ny, nx, g);
  }

  /** Training MSE (from the moments) at each step in {@code steps}. */
  public double[] trainMse(long... steps) {
    double[] out = new double[steps.length];
    for (int i = 0; i < steps.length; i++) out[i] = train.loss(coefficients(steps[i]));
    return out;
  }

  /** Test MSE from test moments (same K, n_x, n_y) at each step. */
  public double[] testMse(DataMoments test, long... steps) {
    if (test.lags() != lags || test.nx() != nx || test.ny() != ny) {
      throw new IllegalArgumentException("test moments have K = " + test.lags() + ", n_x = " + test.nx() + ", n_y = "
          + test.ny() + " but the curve has K = " + lags + ", n_x = " + nx + ", n_y = " + ny);
    }
    double[] out = new double[steps.length];
    for (int i = 0; i < steps.length; i++) out[i] = test.loss(coefficients(steps[i]));
    return out;
  }

  /** Test MSE on sequences (x, y) evaluated directly, at each step. */
  public double[] testMse(Sequences x, Sequences y, long... steps) {
    x.requireSameShape("x_test", y, "y_test");
    if (x.dim() != nx || y.dim() != ny) {
      throw new IllegalArgumentException("test data have n_x = " + x.dim() + ", n_y = " + y.dim() + " but the curve "
          + "has n_x = " + nx + ", n_y = " + ny);
    }
    double[] out = new double[steps.length];
    for (int i = 0; i < steps.length; i++) out[i] = Metrics.mse(coefficients(steps[i]).apply(x), y);
    return out;
  }
}
