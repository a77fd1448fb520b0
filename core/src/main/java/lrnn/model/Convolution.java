package lrnn.model;

import lrnn.util.Require;

/**
 * A convolution model {@code y_k = sum_j G_j x_{k-j}} (SPEC (5)) in the scaled parameterization (6)–(7):
 * the trained parameters are {@code Ghat_j} and {@code G_j = sqrt(lambda_j) Ghat_j}. Gradient descent on
 * Ghat with rate eta is preconditioned GD on G, {@code G_j <- G_j - eta lambda_j dLoss/dG_j}. The unscaled
 * model is {@code lambda_j = 1}. Immutable.
 */
public final class Convolution {

  private final double[] lambda;
  private final ImpulseResponse g;

  private Convolution(double[] lambda, ImpulseResponse g) {
    this.lambda = lambda;
    this.g = g;
  }

  /**
   * The scaled convolution with factors {@code lambda} (e.g. from {@link lrnn.theory.ScaleFactors}) whose
   * coefficients start at {@code g0}, i.e. {@code Ghat^0_j = G^0_j / sqrt(lambda_j)} (SPEC (60)).
   */
  public static Convolution scaled(double[] lambda, ImpulseResponse g0) {
    Require.nonNull("initial coefficients G^0", g0);
    Require.length("lambda", lambda, g0.lags());
    for (int j = 0; j < lambda.length; j++) Require.nonNegative("lambda_" + j, lambda[j]);
    return new Convolution(lambda.clone(), g0);
  }

  /** The unscaled convolution ({@code lambda_j = 1}) starting at {@code g0}. */
  public static Convolution unscaled(ImpulseResponse g0) {
    Require.nonNull("initial coefficients G^0", g0);
    double[] ones = new double[g0.lags()];
    java.util.Arrays.fill(ones, 1.0);
    return new Convolution(ones, g0);
  }

  /** The effective coefficients G. */
  public ImpulseResponse coefficients() {
    return g;
  }

  /** A copy of the scale factors. */
  public double[] lambda() {
    return lambda.clone();
  }

  /** The trained parameters {@code Ghat_j = G_j / sqrt(lambda_j)} (0 where lambda_j = 0), (K, n_y, n_x). */
  public double[] ghat() {
    double[] out = g.toArray();
    int block = g.ny() * g.nx();
    for (int j = 0; j < lambda.length; j++) {
      double s = lambda[j] > 0 ? 1 / Math.sqrt(lambda[j]) : 0;
      for (int t = j * block; t < (j + 1) * block; t++) out[t] *= s;
    }
    return out;
  }

  /** Output sequences for inputs {@code x}. */
  public Sequences apply(Sequences x) {
    return g.apply(x);
  }

  /** One GD step on Ghat, {@code G_j <- G_j - eta lambda_j dG_j}, given {@code dG = dLoss/dG}. */
  public Convolution step(double eta, ImpulseResponse dG) {
    Require.finite("learning rate eta", eta);
    Require.nonNull("gradient dG", dG);
    if (dG.lags() != g.lags() || dG.ny() != g.ny() || dG.nx() != g.nx()) {
      throw new lrnn.util.ShapeMismatchException("gradient " + dG + " does not match the model " + g);
    }
    double[] next = g.toArray();
    double[] d = dG.raw();
    int block = g.ny() * g.nx();
    for (int j = 0; j < lambda.length; j++) {
      double s = eta * lambda[j];
      for (int t = j * block; t < (j + 1) * block; t++) next[t] -= s * d[t];
    }
    return new Convolution(lambda, ImpulseResponse.wrap(g.lags(), g.ny(), g.nx(), next));
  }
}
