package lrnn.model;

import lrnn.kernel.Kernels;
import lrnn.util.Memory;
import lrnn.util.Require;

/**
 * The second moments of a data set through which the loss of any convolution model with {@code K} lags
 * depends on its coefficients (SPEC §4): {@code Rxx = T^T T} ((K n_x) x (K n_x)), {@code Rxy = T^T Y}
 * (stored transposed, n_y x (K n_x)) and {@code sum |y|^2}. Formed once; then
 * {@code MSE(G) = (|Y|^2 - 2 <G, Rxy> + <G, Rxx G>) / (N L n_y)} and
 * {@code dG = (2/(N L n_y)) (Rxx G - Rxy)} in stacked form, at a cost independent of N and L.
 * Immutable.
 */
public final class DataMoments {

  private final int lags;
  private final int nx;
  private final int ny;
  private final long norm; // N L n_y
  private final double[] rxx;
  private final double[] rxyT;
  private final double yy;

  private DataMoments(int lags, int nx, int ny, long norm, double[] rxx, double[] rxyT, double yy) {
    this.lags = lags;
    this.nx = nx;
    this.ny = ny;
    this.norm = norm;
    this.rxx = rxx;
    this.rxyT = rxyT;
    this.yy = yy;
  }

  /** Moments of inputs {@code x} (N, L, n_x) and targets {@code y} (N, L, n_y) for {@code lags} lags. */
  public static DataMoments of(Sequences x, Sequences y, int lags) {
    Require.nonNull("inputs", x);
    Require.nonNull("targets", y);
    x.requireSameShape("inputs", y, "targets");
    Require.positive("K (lags)", lags);
    return withTargets(x, y, lags, inputGram(x, y.dim(), lags));
  }

  /**
   * Moments of one set of inputs {@code x} with several target sets {@code ys} (each (N, L, n_y), the same
   * n_y): {@code Rxx} depends on the inputs only, so it is formed once and shared (read-only) by all the
   * returned moments; only {@code Rxy} and {@code |y|^2} are formed per target set. Each result equals
   * {@code of(x, ys.get(i), lags)} exactly. Used for the delay sweep (E2), where only the targets change.
   */
  public static java.util.List<DataMoments> of(Sequences x, java.util.List<Sequences> ys, int lags) {
    Require.positive("K (lags)", lags);
    if (ys.isEmpty()) return java.util.List.of();
    for (int i = 0; i < ys.size(); i++) {
      x.requireSameShape("inputs", ys.get(i), "targets[" + i + "]");
      if (ys.get(i).dim() != ys.get(0).dim()) {
        throw new IllegalArgumentException("targets[" + i + "] have n_y = " + ys.get(i).dim() + " but targets[0] have "
            + ys.get(0).dim() + "; all target sets must have the same channels");
      }
    }
    double[] rxx = inputGram(x, ys.get(0).dim(), lags);
    java.util.List<DataMoments> out = new java.util.ArrayList<>(ys.size());
    for (Sequences y : ys) out.add(withTargets(x, y, lags, rxx));
    return java.util.List.copyOf(out);
  }

  /**
   * {@code Rxx = T^T T} of inputs {@code x} (N, L, n_x) alone ((K n_x) x (K n_x), row index {@code j*n_x + a}):
   * the curvature of every K-lag convolution loss on these inputs, whatever the targets (SPEC §9). Used to choose
   * a stable step size before the targets are known (the delay sweep shares it).
   */
  public static double[] inputGram(Sequences x, int lags) {
    Require.nonNull("inputs", x);
    Require.positive("K (lags)", lags);
    return inputGram(x, 0, lags);
  }

  private static double[] inputGram(Sequences x, int ny, int lags) {
    int nx = x.dim();
    long dl = (long) lags * nx;
    Memory.require("the data Gram Rxx at K = " + lags + ", n_x = " + nx + " (use fewer lags)",
        Memory.doubles(dl, dl + 2L * ny));
    Require.arraySize("Rxx ((K n_x)^2)", dl, dl);
    int d = (int) dl;
    double[] rxx = new double[d * d];
    Kernels.lagGram(x.count(), x.length(), nx, lags, x.raw(), rxx);
    return rxx;
  }

  private static DataMoments withTargets(Sequences x, Sequences y, int lags, double[] rxx) {
    int nx = x.dim(), ny = y.dim(), d = lags * nx;
    double[] dg = new double[lags * ny * nx];
    Kernels.correlate(x.count(), x.length(), nx, ny, lags, y.raw(), x.raw(), dg);
    double[] rxyT = new double[ny * d];
    for (int j = 0; j < lags; j++) {
      for (int b = 0; b < ny; b++) System.arraycopy(dg, (j * ny + b) * nx, rxyT, b * d + j * nx, nx);
    }
    double yy = 0;
    for (double v : y.raw()) yy += v * v;
    return new DataMoments(lags, nx, ny, (long) x.count() * x.length() * ny, rxx, rxyT, yy);
  }

  public int lags() {
    return lags;
  }

  public int nx() {
    return nx;
  }

  public int ny() {
    return ny;
  }

  /** {@code N L n_y}, the number of scalar targets. */
  public long targetCount() {
    return norm;
  }

  /** A copy of {@code Rxx} ((K n_x)^2, row index {@code j*n_x + a}). */
  public double[] rxx() {
    return rxx.clone();
  }

  /** A copy of {@code Rxy^T} (n_y x K n_x). */
  public double[] rxyTransposed() {
    return rxyT.clone();
  }

  double[] rxxRaw() {
    return rxx;
  }

  public double sumSquaresY() {
    return yy;
  }

  /** Converts (K, n_y, n_x) coefficients to the n_y x (K n_x) layout {@code Gc[b, j n_x + a]}. */
  double[] toRowForm(double[] g) {
    int d = lags * nx;
    double[] gc = new double[ny * d];
    for (int j = 0; j < lags; j++) {
      for (int b = 0; b < ny; b++) System.arraycopy(g, (j * ny + b) * nx, gc, b * d + j * nx, nx);
    }
    return gc;
  }

  /** Inverse of {@link #toRowForm}. */
  double[] fromRowForm(double[] gc) {
    int d = lags * nx;
    double[] g = new double[lags * ny * nx];
    for (int j = 0; j < lags; j++) {
      for (int b = 0; b < ny; b++) System.arraycopy(gc, b * d + j * nx, g, (j * ny + b) * nx, nx);
    }
    return g;
  }

  /** {@code dMSE/dG} in row form, {@code (2/(N L n_y)) (Gc Rxx - Rxy^T)}. */
  double[] gradientRowForm(double[] gc) {
    int d = lags * nx;
    double coef = 2.0 / norm;
    double[] dgc = rxyT.clone();
    Kernels.gemm(false, false, ny, d, d, coef, gc, 0, d, rxx, 0, d, -coef, dgc, 0, d);
    return dgc;
  }

  /** MSE from the moments for coefficients in row form. */
  double lossRowForm(double[] gc) {
    int d = lags * nx;
    double[] rg = new double[ny * d];
    Kernels.gemm(false, false, ny, d, d, 1.0, gc, 0, d, rxx, 0, d, 0.0, rg, 0, d);
    double quad = Kernels.dot(rg, 0, gc, 0, ny * d);
    double lin = Kernels.dot(rxyT, 0, gc, 0, ny * d);
    return Math.max(0, yy - 2 * lin + quad) / norm;
  }

  /** {@code dMSE/dG_j} for coefficients {@code g} (lags must match), as (K, n_y, n_x). */
  public ImpulseResponse gradient(ImpulseResponse g) {
    requireShape(g);
    return ImpulseResponse.wrap(lags, ny, nx, fromRowForm(gradientRowForm(toRowForm(g.raw()))));
  }

  /** The MSE of the convolution with coefficients {@code g}, from the moments alone. */
  public double loss(ImpulseResponse g) {
    requireShape(g);
    return lossRowForm(toRowForm(g.raw()));
  }

  void requireShape(ImpulseResponse g) {
    Require.nonNull("coefficients", g);
    if (g.lags() != lags || g.nx() != nx || g.ny() != ny) {
      throw new lrnn.util.ShapeMismatchException("coefficients " + g + " do not match the data moments (K=" + lags
          + ", n_y=" + ny + ", n_x=" + nx + "); form the moments with the model's number of lags");
    }
  }
}
