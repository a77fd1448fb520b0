package lrnn.theory;

/**
 * The scale factors {@code lambda_j} of the scaled convolution that a wide linear RNN is equivalent to
 * (SPEC (21), Theorem 3.3), and their geometric bound (22): the implicit bias toward short memory.
 */
public final class ScaleFactors {

  private ScaleFactors() {}

  /**
   * (21): {@code lambda_j = [(nuC + nuF) nuW^j + j nuC nuF nuW^(j-1) + [j = 0][D trained]] / nx}.
   *
   * @return a new array of {@code lags} factors, j = 0 … lags-1
   */
  public static double[] lambda(double nuW, double nuF, double nuC, int nx, boolean dTrained, int lags) {
    checkNu("nu_W", nuW);
    checkNu("nu_F", nuF);
    checkNu("nu_C", nuC);
    if (nx < 1) throw new IllegalArgumentException("n_x = " + nx + " must be at least 1");
    if (lags < 1) throw new IllegalArgumentException("lags = " + lags + " must be at least 1");
    double[] l = new double[lags];
    double pj = 1; // nuW^j
    double pjm1 = 0; // nuW^(j-1), 0 at j = 0 (the W~ term vanishes there)
    for (int j = 0; j < lags; j++) {
      l[j] = ((nuC + nuF) * pj + j * nuC * nuF * pjm1 + (j == 0 && dTrained ? 1 : 0)) / nx;
      pjm1 = pj;
      pj *= nuW;
    }
    return l;
  }

  /** (22): {@code (nuC + nuF + j nuC nuF / nuW) nuW^j / nx}, an upper bound on (21) without D. */
  public static double[] bound(double nuW, double nuF, double nuC, int nx, int lags) {
    checkNu("nu_F", nuF);
    checkNu("nu_C", nuC);
    if (!(nuW > 0) || !Double.isFinite(nuW)) {
      throw new IllegalArgumentException("nu_W = " + nuW + " must be a finite number > 0 for the bound (22)");
    }
    if (nx < 1) throw new IllegalArgumentException("n_x = " + nx + " must be at least 1");
    if (lags < 1) throw new IllegalArgumentException("lags = " + lags + " must be at least 1");
    double[] b = new double[lags];
    double pj = 1;
    for (int j = 0; j < lags; j++) {
      b[j] = (nuC + nuF + j * nuC * nuF / nuW) * pj / nx;
      pj *= nuW;
    }
    return b;
  }

  private static void checkNu(String name, double v) {
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException(name + " = " + v + " must be a finite variance >= 0");
    }
  }
}
