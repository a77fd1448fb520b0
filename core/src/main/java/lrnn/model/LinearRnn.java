package lrnn.model;

import java.util.SplittableRandom;
import lrnn.kernel.Kernels;
import lrnn.util.Memory;
import lrnn.util.Require;
import lrnn.util.ShapeMismatchException;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * A linear RNN {@code h_k = W h_{k-1} + F x_k, y_k = C h_k [+ D x_k]} (SPEC (1)) in the NTK
 * parameterization (3): it holds the trained tilde parameters and the effective weights are
 * {@code W = W~/sqrt(n), F = F~/sqrt(n_x), C = C~/sqrt(n), D = D~/sqrt(n_x)}. Immutable; the
 * parameter arrays are row-major (W~ n x n, F~ n x n_x, C~ n_y x n, D~ n_y x n_x).
 */
public final class LinearRnn {

  private final int n;
  private final int nx;
  private final int ny;
  private final double[] wt;
  private final double[] ft;
  private final double[] ct;
  private final double[] dt; // null without D

  private LinearRnn(int n, int nx, int ny, double[] wt, double[] ft, double[] ct, double[] dt) {
    this.n = n;
    this.nx = nx;
    this.ny = ny;
    this.wt = wt;
    this.ft = ft;
    this.ct = ct;
    this.dt = dt;
  }

  /** Bytes of the four parameter matrices at these sizes. */
  public static long parameterBytes(int n, int nx, int ny) {
    return Memory.doubles((long) n * n + (long) n * nx + (long) ny * n + (long) ny * nx);
  }

  /**
   * Random initialization (4): tilde entries i.i.d. normal with the variances of {@code scales}, drawn in
   * the order W~, F~, C~, D~ (row-major) from {@code SplittableRandom(seed)}.
   */
  public static LinearRnn random(int n, int nx, int ny, InitScales scales, long seed) {
    Require.positive("n (hidden width)", n);
    Require.positive("n_x", nx);
    Require.positive("n_y", ny);
    Require.nonNull("init scales", scales);
    // the memory check comes first so that a width that cannot fit fails with the byte count, before any array
    Memory.require("the RNN parameters at n = " + n, parameterBytes(n, nx, ny));
    Require.arraySize("W (n x n)", n, n);
    SplittableRandom rng = new SplittableRandom(seed);
    double[] wt = gaussian(rng, n * n, scales.nuW());
    double[] ft = gaussian(rng, n * nx, scales.nuF());
    double[] ct = gaussian(rng, ny * n, scales.nuC());
    double[] dt = scales.withD() ? gaussian(rng, ny * nx, scales.nuD()) : null;
    return new LinearRnn(n, nx, ny, wt, ft, ct, dt);
  }

  private static double[] gaussian(SplittableRandom rng, int len, double variance) {
    double sd = Math.sqrt(variance);
    double[] a = new double[len];
    for (int i = 0; i < len; i++) a[i] = sd * rng.nextGaussian();
    return a;
  }

  /** From tilde parameters (the content of weight files, SPEC (3)); arrays are copied. dTilde may be null. */
  public static LinearRnn ofTilde(int n, int nx, int ny, double[] wTilde, double[] fTilde, double[] cTilde,
                                  double[] dTilde) {
    Require.positive("n (hidden width)", n);
    Require.positive("n_x", nx);
    Require.positive("n_y", ny);
    Require.length("W~ (n x n)", wTilde, (long) n * n);
    Require.length("F~ (n x n_x)", fTilde, (long) n * nx);
    Require.length("C~ (n_y x n)", cTilde, (long) ny * n);
    Require.allFinite("W~", wTilde);
    Require.allFinite("F~", fTilde);
    Require.allFinite("C~", cTilde);
    if (dTilde != null) {
      Require.length("D~ (n_y x n_x)", dTilde, (long) ny * nx);
      Require.allFinite("D~", dTilde);
    }
    return new LinearRnn(n, nx, ny, wTilde.clone(), fTilde.clone(), cTilde.clone(),
        dTilde == null ? null : dTilde.clone());
  }

  /** From effective (scaled) weights W, F, C, D: the tilde parameters are recovered by (3). */
  public static LinearRnn ofWeights(int n, int nx, int ny, double[] w, double[] f, double[] c, double[] d) {
    Require.positive("n (hidden width)", n);
    Require.positive("n_x", nx);
    Require.positive("n_y", ny);
    Require.length("W (n x n)", w, (long) n * n);
    Require.length("F (n x n_x)", f, (long) n * nx);
    Require.length("C (n_y x n)", c, (long) ny * n);
    if (d != null) Require.length("D (n_y x n_x)", d, (long) ny * nx);
    double sn = Math.sqrt(n), sx = Math.sqrt(nx);
    return ofTilde(n, nx, ny, scale(w, sn), scale(f, sx), scale(c, sn), d == null ? null : scale(d, sx));
  }

  private static double[] scale(double[] a, double s) {
    double[] o = new double[a.length];
    for (int i = 0; i < a.length; i++) o[i] = a[i] * s;
    return o;
  }

  public int n() {
    return n;
  }

  public int nx() {
    return nx;
  }

  public int ny() {
    return ny;
  }

  public boolean hasD() {
    return dt != null;
  }

  /** Copies of the tilde parameters. */
  public double[] wTilde() {
    return wt.clone();
  }

  public double[] fTilde() {
    return ft.clone();
  }

  public double[] cTilde() {
    return ct.clone();
  }

  /** D~ or null. */
  public double[] dTilde() {
    return dt == null ? null : dt.clone();
  }

  /** Effective {@code W = W~/sqrt(n)} (a new array). */
  public double[] w() {
    return scale(wt, 1 / Math.sqrt(n));
  }

  /** Effective {@code F = F~/sqrt(n_x)} (a new array). */
  public double[] f() {
    return scale(ft, 1 / Math.sqrt(nx));
  }

  /** Effective {@code C = C~/sqrt(n)} (a new array). */
  public double[] c() {
    return scale(ct, 1 / Math.sqrt(n));
  }

  /** Effective {@code D = D~/sqrt(n_x)} or null. */
  public double[] d() {
    return dt == null ? null : scale(dt, 1 / Math.sqrt(nx));
  }

  /** {@code theta + alpha * grad} as a new RNN (a gradient step with {@code alpha = -eta}). */
  public LinearRnn plus(double alpha, RnnGradient grad) {
    Require.finite("step size alpha", alpha);
    Require.nonNull("gradient", grad);
    if (grad.n() != n || grad.nx() != nx || grad.ny() != ny || (grad.d() != null) != (dt != null)) {
      throw new ShapeMismatchException("gradient shape (n=" + grad.n() + ", n_x=" + grad.nx() + ", n_y="
          + grad.ny() + (grad.d() != null ? ", with D" : "") + ") does not match the RNN (n=" + n + ", n_x=" + nx + ", n_y="
          + ny + (dt != null ? ", with D" : "") + "); use the gradient of this RNN");
    }
    return new LinearRnn(n, nx, ny, axpy(wt, alpha, grad.w()), axpy(ft, alpha, grad.f()), axpy(ct, alpha, grad.c()),
        dt == null ? null : axpy(dt, alpha, grad.d()));
  }

  private static double[] axpy(double[] base, double alpha, double[] d) {
    double[] o = base.clone();
    Kernels.axpy(alpha, d, 0, o, 0, o.length);
    return o;
  }

  /**
   * The Krylov sequence {@code P_j = W^j F} (SPEC (K1)) for {@code j < lags}, as one {@code n x (K n_x)}
   * matrix whose column block j is {@code P_j}.
   */
  public double[] krylovP(int lags) {
    Require.positive("K (lags)", lags);
    return krylovP(wt, 1 / Math.sqrt(n), f(), lags);
  }

  /** P_j = (scale W)^j F, the scale applied inside the kernel (no scaled copy of W). */
  static double[] krylovP(double[] w, double scale, double[] f, int n, int nx, int lags) {
    int ld = Require.arraySize("the Krylov basis (n x K n_x)", (long) lags * nx, 1);
    Require.arraySize("the Krylov basis (n x K n_x)", n, ld);
    double[] p = new double[n * ld];
    for (int i = 0; i < n; i++) System.arraycopy(f, i * nx, p, i * ld, nx);
    for (int j = 0; j + 1 < lags; j++) {
      Kernels.krylovStep(n, w, scale, nx, p, j * nx, p, (j + 1) * nx, ld, 0, null, 0, null, 0, 0);
    }
    return p;
  }

  private double[] krylovP(double[] w, double scale, double[] f, int lags) {
    Memory.require("the Krylov basis at n = " + n + ", K = " + lags, Memory.doubles(n, lags, nx));
    return krylovP(w, scale, f, n, nx, lags);
  }

  /**
   * Both Krylov sequences of (K1) for {@code j < lags}, advanced together in one pass over W per lag (the
   * fused Krylov step): {@code p} is n x (K n_x) with column block j = {@code P_j = W^j F}, {@code q} is
   * (K n_y) x n with row block j = {@code Q_j = C W^j}. Callers check memory first.
   */
  public KrylovBases krylovBases(int lags) {
    Require.positive("K (lags)", lags);
    int dp = Require.arraySize("the Krylov basis P (n x K n_x)", n, (long) lags * nx) / n;
    int dq = Require.arraySize("the Krylov basis Q (K n_y x n)", (long) lags * ny, n) / n;
    double[] f = f();
    double scale = 1 / Math.sqrt(n); // W = W~/sqrt(n), applied inside the kernel: no n x n copy
    double[] p = new double[n * dp];
    double[] q = new double[dq * n];
    for (int i = 0; i < n; i++) System.arraycopy(f, i * nx, p, i * dp, nx);
    System.arraycopy(c(), 0, q, 0, ny * n);
    for (int j = 0; j + 1 < lags; j++) {
      Kernels.krylovStep(n, wt, scale, nx, p, j * nx, p, (j + 1) * nx, dp, ny, q, j * ny * n, q, (j + 1) * ny * n, n);
    }
    return new KrylovBases(p, q);
  }

  /**
   * The Krylov sequences of {@link #krylovBases}: {@code p} n x (K n_x), {@code q} (K n_y) x n, row-major.
   * The arrays are the caller's (not copied).
   */
  public record KrylovBases(double[] p, double[] q) {}

  /** The impulse response {@code G_j = C W^j F (+ D at j = 0)} for {@code j < lags} (SPEC (9)). */
  public ImpulseResponse impulseResponse(int lags) {
    Require.positive("K (lags)", lags);
    double[] p = krylovP(lags);
    return ImpulseResponse.wrap(lags, ny, nx, impulseFromKrylov(p, c(), d(), n, nx, ny, lags));
  }

  /** G from the Krylov basis: {@code Gc = C Pcat} (n_y x K n_x), rearranged to (K, n_y, n_x). */
  static double[] impulseFromKrylov(double[] p, double[] c, double[] d, int n, int nx, int ny, int lags) {
    int ld = lags * nx;
    double[] gc = new double[ny * ld];
    Kernels.gemm(false, false, ny, ld, n, 1.0, c, 0, n, p, 0, ld, 0.0, gc, 0, ld);
    double[] g = new double[lags * ny * nx];
    for (int b = 0; b < ny; b++) {
      for (int j = 0; j < lags; j++) {
        System.arraycopy(gc, b * ld + j * nx, g, (j * ny + b) * nx, nx);
      }
    }
    if (d != null) for (int t = 0; t < ny * nx; t++) g[t] += d[t];
    return g;
  }

  /**
   * The batched forward pass {@code H_k = H_{k-1} W^T + X_k F^T}, {@code Y_k = H_k C^T [+ X_k D^T]} over
   * N sequences (SPEC §4, BPTT). Cost O(N L n^2).
   */
  public Sequences forward(Sequences x) {
    requireInputs(x);
    return new BpttWorkspace(this, x).outputs();
  }

  void requireInputs(Sequences x) {
    Require.nonNull("inputs", x);
    if (x.dim() != nx) {
      throw new ShapeMismatchException("inputs have " + x.dim() + " channels but the RNN has n_x = " + nx
          + "; give inputs with n_x channels or an RNN built for them");
    }
  }

  /** Largest n for which {@link #spectralRadius()} computes eigenvalues; above it, the Gelfand estimate. */
  public static final int EXACT_SPECTRAL_RADIUS_MAX_N = 400;

  /** Power steps of the Gelfand estimate used by {@link #spectralRadius()}. */
  public static final int GELFAND_STEPS = 400;

  /**
   * The spectral radius of the effective W: exact ({@link #spectralRadiusExact()}) for
   * {@code n <= 400} (a dense eigendecomposition costs seconds beyond); above that {@link #spectralRadiusEstimate(int)} with 400 power steps.
   */
  public double spectralRadius() {
    return spectralRadius(EXACT_SPECTRAL_RADIUS_MAX_N);
  }

  /** As {@link #spectralRadius()} with the exact/estimate threshold {@code exactMaxN} (for tests and tuning). */
  public double spectralRadius(int exactMaxN) {
    return n <= exactMaxN ? spectralRadiusExact() : spectralRadiusEstimate(GELFAND_STEPS);
  }

  /** The largest eigenvalue magnitude of W, from all eigenvalues (EJML). Cost O(n^3), memory ~ 2 n^2 doubles. */
  public double spectralRadiusExact() {
    Memory.require("the eigenvalues of W at n = " + n, Memory.doubles(3L * n, n));
    DMatrixRMaj m = DMatrixRMaj.wrap(n, n, w());
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
    if (!eig.decompose(m)) throw new IllegalStateException("eigenvalue decomposition of W failed at n = " + n);
    double r = 0;
    for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
      Complex_F64 e = eig.getEigenvalue(i);
      r = Math.max(r, e.getMagnitude());
    }
    return r;
  }

  /**
   * Gelfand's formula {@code rho(W) = lim ||W^k v||^(1/k)} after {@code steps} power steps from a fixed
   * pseudo-random start (deterministic). Cost O(steps n^2). The error decays like O(log(cond)/steps), so it
   * is an estimate: a few per cent at 400 steps for random W (tested against the exact value).
   */
  public double spectralRadiusEstimate(int steps) {
    Require.positive("power steps", steps);
    double[] w = w();
    SplittableRandom rng = new SplittableRandom(12345);
    double[] v = new double[n];
    double[] u = new double[n];
    for (int i = 0; i < n; i++) v[i] = rng.nextGaussian();
    scaleInPlace(v, 1 / norm(v));
    double acc = 0;
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < n; i++) u[i] = Kernels.dot(w, i * n, v, 0, n); // u = W v, row by row
      double nu = norm(u);
      if (nu == 0) return 0;
      acc += Math.log(nu);
      double[] t = v;
      v = u;
      u = t;
      scaleInPlace(v, 1 / nu);
    }
    return Math.exp(acc / steps);
  }

  private static double norm(double[] a) {
    double s = 0;
    for (double v : a) s += v * v;
    return Math.sqrt(s);
  }

  private static void scaleInPlace(double[] a, double s) {
    for (int i = 0; i < a.length; i++) a[i] *= s;
  }

  @Override
  public String toString() {
    return "LinearRnn(n=" + n + ", n_x=" + nx + ", n_y=" + ny + (dt != null ? ", with D" : "") + ")";
  }
}
