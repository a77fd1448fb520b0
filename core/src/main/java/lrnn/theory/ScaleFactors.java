package lrnn.theory;

/**
 * The scale factors {@code lambda_j} of the scaled convolution that a wide linear RNN is equivalent to
 * (SPEC Theorem 3.3, equations (21) and (22)): the RNN's lag kernel tends to {@code diag(lambda) ⊗ I}, so
 * gradient descent moves the lag-{@code j} coefficients of the impulse response at a rate proportional
 * to {@code lambda_j}, which decays geometrically in {@code j} for {@code nu_W < 1} — the implicit bias
 * toward short memory.
 *
 * <p>Stateless; every method validates its arguments and returns a fresh array of length {@code lags},
 * entry {@code j} for lag {@code j = 0 … lags-1}.
 */
public final class ScaleFactors {

  private ScaleFactors() {}

  /**
   * SPEC (21): {@code lambda_j = [ (nu_C + nu_F) nu_W^j + j nu_C nu_F nu_W^(j-1) + [j = 0][D trained] ] / n_x}.
   * The three terms are the contributions of {@code C~}, {@code F~} and {@code W~}; the {@code W~} term is
   * zero at {@code j = 0} (also when {@code nu_W = 0}).
   *
   * @param nuW      variance of {@code W~} entries, finite and {@code >= 0} (stability needs {@code < 1}; not checked here)
   * @param nuF      variance of {@code F~} entries, finite and {@code >= 0}
   * @param nuC      variance of {@code C~} entries, finite and {@code >= 0}
   * @param nx       input dimension, {@code >= 1}
   * @param dTrained whether the direct feed-through {@code D~} is trained (adds {@code 1/n_x} at {@code j = 0})
   * @param lags     number of lags {@code K >= 1}
   * @return {@code lambda_0 … lambda_{K-1}}
   * @throws IllegalArgumentException naming the offending argument and its value
   */
  public static double[] lambda(double nuW, double nuF, double nuC, int nx, boolean dTrained, int lags) {
    checkVariance("nu_W", nuW);
    checkVariance("nu_F", nuF);
    checkVariance("nu_C", nuC);
    checkDims(nx, lags);
    double[] out = new double[lags];
    double sumCF = nuC + nuF;
    double prodCF = nuC * nuF;
    double pow = 1.0;     // nu_W^j
    double powPrev = 0.0; // nu_W^(j-1); unused at j = 0 where the W~ term vanishes
    for (int j = 0; j < lags; j++) {
      double wTerm = j == 0 ? 0.0 : j * prodCF * powPrev;
      double dTerm = j == 0 && dTrained ? 1.0 : 0.0;
      out[j] = (sumCF * pow + wTerm + dTerm) / nx;
      powPrev = pow;
      pow *= nuW;
    }
    return out;
  }

  /**
   * SPEC (22): {@code bound_j = (nu_C + nu_F + j nu_C nu_F / nu_W) nu_W^j / n_x}, the geometric envelope of
   * (21). Algebraically it equals (21) without the {@code D~} term, so {@code lambda_j <= bound_j} holds up
   * to rounding when {@code D~} is not trained, and for {@code j >= 1} when it is.
   *
   * @param nuW  variance of {@code W~} entries, finite and {@code > 0}
   * @param nuF  variance of {@code F~} entries, finite and {@code >= 0}
   * @param nuC  variance of {@code C~} entries, finite and {@code >= 0}
   * @param nx   input dimension, {@code >= 1}
   * @param lags number of lags {@code K >= 1}
   * @return {@code bound_0 … bound_{K-1}}
   * @throws IllegalArgumentException naming the offending argument and its value
   */
  public static double[] bound(double nuW, double nuF, double nuC, int nx, int lags) {
    checkVariance("nu_W", nuW);
    if (!(nuW > 0)) throw new IllegalArgumentException("nu_W = " + nuW + " must be a finite number > 0 for the bound (22)");
    checkVariance("nu_F", nuF);
    checkVariance("nu_C", nuC);
    checkDims(nx, lags);
    double[] out = new double[lags];
    double sumCF = nuC + nuF;
    double ratio = nuC * nuF / nuW;
    double pow = 1.0; // nu_W^j
    for (int j = 0; j < lags; j++) {
      out[j] = (sumCF + j * ratio) * pow / nx;
      pow *= nuW;
    }
    return out;
  }

  private static void checkVariance(String name, double v) {
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException(name + " = " + v + " must be a finite variance >= 0");
    }
  }

  private static void checkDims(int nx, int lags) {
    if (nx < 1) throw new IllegalArgumentException("n_x = " + nx + " must be at least 1");
    if (lags < 1) throw new IllegalArgumentException("lags = " + lags + " must be at least 1");
  }
}
