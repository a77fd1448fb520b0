package lrnn.model;

/** Error measures of SPEC §4 and §6. */
public final class Metrics {

  private Metrics() {}

  /** {@code MSE = (1/(N L n_y)) sum |y - yhat|^2}. */
  public static double mse(Sequences yhat, Sequences y) {
    requireSame(yhat, y);
    double[] a = yhat.raw(), b = y.raw();
    double s = 0;
    for (int t = 0; t < a.length; t++) {
      double e = a[t] - b[t];
      s += e * e;
    }
    return s / a.length;
  }

  /**
   * Coefficient of determination per output channel, {@code 1 - SS_res / SS_tot} with {@code SS_tot}
   * around the mean of that channel over all sequences and steps.
   */
  public static double[] r2(Sequences yhat, Sequences y) {
    requireSame(yhat, y);
    int ny = y.dim(), rows = y.count() * y.length();
    double[] a = yhat.raw(), b = y.raw();
    double[] r2 = new double[ny];
    for (int c = 0; c < ny; c++) {
      double mean = 0;
      for (int r = 0; r < rows; r++) mean += b[r * ny + c];
      mean /= rows;
      double res = 0, tot = 0;
      for (int r = 0; r < rows; r++) {
        double e = b[r * ny + c] - a[r * ny + c], t = b[r * ny + c] - mean;
        res += e * e;
        tot += t * t;
      }
      r2[c] = tot == 0 ? Double.NaN : 1 - res / tot;
    }
    return r2;
  }

  private static void requireSame(Sequences a, Sequences b) {
    lrnn.util.Require.nonNull("predictions", a);
    lrnn.util.Require.nonNull("targets", b);
    if (a.count() != b.count() || a.length() != b.length() || a.dim() != b.dim()) {
      throw new lrnn.util.ShapeMismatchException("predictions " + a + " and targets " + b + " differ in shape");
    }
  }
}
