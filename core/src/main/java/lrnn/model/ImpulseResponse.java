package lrnn.model;

import lrnn.kernel.Kernels;
import lrnn.util.Require;

/**
 * The lag coefficients {@code G_0 … G_{K-1}} of a convolution model (SPEC (5), (8)), each
 * {@code n_y x n_x}, stored {@code (K, n_y, n_x)} row-major: {@code g[(j*ny + b)*nx + a]}. For an RNN this
 * is its impulse response (9). Immutable.
 */
public final class ImpulseResponse {

  private final int lags;
  private final int ny;
  private final int nx;
  private final double[] g;

  private ImpulseResponse(int lags, int ny, int nx, double[] g) {
    this.lags = lags;
    this.ny = ny;
    this.nx = nx;
    this.g = g;
  }

  /** @param g {@code (K, n_y, n_x)} row-major values, copied */
  public static ImpulseResponse of(int lags, int ny, int nx, double[] g) {
    Require.positive("K (lags)", lags);
    Require.positive("n_y", ny);
    Require.positive("n_x", nx);
    Require.length("G", g, (long) lags * ny * nx);
    Require.allFinite("G", g);
    return new ImpulseResponse(lags, ny, nx, g.clone());
  }

  /** All-zero coefficients. */
  public static ImpulseResponse zeros(int lags, int ny, int nx) {
    Require.positive("K (lags)", lags);
    Require.positive("n_y", ny);
    Require.positive("n_x", nx);
    return of(lags, ny, nx, new double[Require.arraySize("G (K x n_y x n_x)", lags, ny, nx)]);
  }

  static ImpulseResponse wrap(int lags, int ny, int nx, double[] g) {
    return new ImpulseResponse(lags, ny, nx, g);
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

  public double get(int j, int b, int a) {
    return g[(j * ny + b) * nx + a];
  }

  /** A copy, {@code (K, n_y, n_x)} row-major. */
  public double[] toArray() {
    return g.clone();
  }

  double[] raw() {
    return g;
  }

  /** {@code ||G_j||_F}. */
  public double norm(int j) {
    double s = 0;
    for (int t = j * ny * nx; t < (j + 1) * ny * nx; t++) s += g[t] * g[t];
    return Math.sqrt(s);
  }

  /** The first {@code k} lags (or zero-padded to {@code k}). */
  public ImpulseResponse truncate(int k) {
    Require.positive("K (lags)", k);
    return new ImpulseResponse(k, ny, nx, java.util.Arrays.copyOf(g, k * ny * nx));
  }

  /** The model output {@code y_k = sum_j G_j x_{k-j}} (SPEC (5)) for a batch of input sequences. */
  public Sequences apply(Sequences x) {
    Require.nonNull("inputs", x);
    if (x.dim() != nx) {
      throw new lrnn.util.ShapeMismatchException("inputs have " + x.dim() + " channels but the model has n_x = "
          + nx);
    }
    double[] y = new double[x.count() * x.length() * ny];
    Kernels.convolve(x.count(), x.length(), nx, ny, Math.min(lags, x.length()), x.raw(), g, y, false);
    return Sequences.wrap(x.count(), x.length(), ny, y);
  }

  /** Largest absolute difference to {@code other} (same shape required). */
  public double maxAbsDiff(ImpulseResponse other) {
    Require.nonNull("other coefficients", other);
    if (other.lags != lags || other.ny != ny || other.nx != nx) {
      throw new lrnn.util.ShapeMismatchException("shapes differ: " + this + " vs " + other);
    }
    double m = 0;
    for (int t = 0; t < g.length; t++) m = Math.max(m, Math.abs(g[t] - other.g[t]));
    return m;
  }

  @Override
  public String toString() {
    return "ImpulseResponse(K=" + lags + ", n_y=" + ny + ", n_x=" + nx + ")";
  }
}
