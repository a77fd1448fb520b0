package lrnn.model;

/**
 * The gradient of the loss with respect to the trained (tilde) parameters {@code theta = (W~, F~, C~[, D~])}
 * of a {@link LinearRnn} (SPEC (3), §4). Arrays are row-major with the shapes of the parameters:
 * W~ n x n, F~ n x n_x, C~ n_y x n, D~ n_y x n_x ({@code null} without D).
 */
public record RnnGradient(int n, int nx, int ny, double[] w, double[] f, double[] c, double[] d) {

  /** Largest absolute entry-wise difference to {@code o}. */
  public double maxAbsDiff(RnnGradient o) {
    double m = Math.max(diff(w, o.w), Math.max(diff(f, o.f), diff(c, o.c)));
    if (d != null && o.d != null) m = Math.max(m, diff(d, o.d));
    return m;
  }

  /** Largest absolute entry. */
  public double maxAbs() {
    double m = 0;
    for (double[] a : new double[][] {w, f, c, d == null ? new double[0] : d}) {
      for (double v : a) m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static double diff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  }
}
