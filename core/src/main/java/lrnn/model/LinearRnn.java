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
  private final double[] wt; // W~ in float64, or null
  private final float[] wf;  // W~ in float32, or null
  private final double[] ft;
  private final double[] ct;
  private final double[] dt; // null without D
  /**
   * The training run that owns these arrays and updates them in place, or null for a plain (immutable) value.
   * Set only on the working RNN of an {@link RnnTrainer}; cleared when the trainer hands it out.
   */
  RnnTrainer owner;
  /** The impulse response of the current parameters, left by the last gradient evaluation of a trainer. */
  ImpulseResponse cachedG;

  private LinearRnn(int n, int nx, int ny, double[] wt, float[] wf, double[] ft, double[] ct, double[] dt) {
    this.n = n;
    this.nx = nx;
    this.ny = ny;
    this.wt = wt;
    this.wf = wf;
    this.ft = ft;
    this.ct = ct;
    this.dt = dt;
  }

  /** Bytes of the four parameter matrices at these sizes in float64. */
  public static long parameterBytes(int n, int nx, int ny) {
    return parameterBytes(n, nx, ny, Dtype.FLOAT64);
  }

  /** Bytes of the four parameter matrices at these sizes, W~ in {@code dtype} (F~, C~, D~ are float64). */
  public static long parameterBytes(int n, int nx, int ny, Dtype dtype) {
    long w = Memory.doubles(n, n);
    if (dtype == Dtype.FLOAT32 && w != Long.MAX_VALUE) w /= 2;
    long rest = Memory.doubles((long) n * nx + (long) ny * n + (long) ny * nx);
    return w == Long.MAX_VALUE || rest == Long.MAX_VALUE ? Long.MAX_VALUE : w + rest;
  }

  /** Rows of W~ drawn from one random stream: the unit of parallel initialization (a function of nothing else). */
  public static final int INIT_ROW_BLOCK = 256;

  /**
   * Random initialization in {@link Dtype#current()} (float64 unless a scope binds another); see
   * {@link #random(int, int, int, InitScales, long, Dtype)}.
   */
  public static LinearRnn random(int n, int nx, int ny, InitScales scales, long seed) {
    return random(n, nx, ny, scales, seed, Dtype.current());
  }

  /**
   * Random initialization (4): tilde entries i.i.d. normal with the variances of {@code scales}. W~ is drawn
   * in blocks of {@value #INIT_ROW_BLOCK} rows: block 0 from {@code SplittableRandom(seed)}, which then draws
   * F~, C~, D~ (row-major), and block b >= 1 from the b-th split of a second stream seeded from {@code seed}.
   * The blocks are independent tasks, so inside {@link Kernels#withParallel} they run on the bound threads
   * and the result is bit-identical for any thread count (and, for n <= 256, to a single stream W~, F~, C~,
   * D~). In float32 each entry is the float64 draw rounded to float (the same RNN up to that rounding).
   */
  public static LinearRnn random(int n, int nx, int ny, InitScales scales, long seed, Dtype dtype) {
    Require.positive("n (hidden width)", n);
    Require.positive("n_x", nx);
    Require.positive("n_y", ny);
    Require.nonNull("init scales", scales);
    Require.nonNull("dtype", dtype);
    // the memory check comes first so that a width that cannot fit fails with the byte count, before any array
    Memory.require("the RNN parameters at n = " + n + (dtype == Dtype.FLOAT32 ? " in float32" : ""),
        parameterBytes(n, nx, ny, dtype));
    Require.arraySize("W (n x n)", n, n);
    SplittableRandom rng = new SplittableRandom(seed);
    int blocks = (n + INIT_ROW_BLOCK - 1) / INIT_ROW_BLOCK;
    SplittableRandom[] streams = new SplittableRandom[blocks];
    streams[0] = rng;
    SplittableRandom parent = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
    for (int b = 1; b < blocks; b++) streams[b] = parent.split();
    double sd = Math.sqrt(scales.nuW());
    double[] wt = dtype == Dtype.FLOAT64 ? new double[n * n] : null;
    float[] wf = dtype == Dtype.FLOAT32 ? new float[n * n] : null;
    java.util.function.IntConsumer fill = b -> {
      SplittableRandom r = streams[b];
      int from = b * INIT_ROW_BLOCK * n, to = Math.min(n, (b + 1) * INIT_ROW_BLOCK) * n;
      if (wt != null) {
        for (int i = from; i < to; i++) wt[i] = sd * r.nextGaussian();
      } else {
        for (int i = from; i < to; i++) wf[i] = (float) (sd * r.nextGaussian());
      }
    };
    lrnn.kernel.Parallel par = Kernels.currentParallel();
    if (par != null && par.threads() > 1 && blocks > 1) {
      par.forEach(blocks, fill);
    } else {
      for (int b = 0; b < blocks; b++) fill.accept(b);
    }
    double[] ft = gaussian(rng, n * nx, scales.nuF());
    double[] ct = gaussian(rng, ny * n, scales.nuC());
    double[] dt = scales.withD() ? gaussian(rng, ny * nx, scales.nuD()) : null;
    return new LinearRnn(n, nx, ny, wt, wf, ft, ct, dt);
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
    check(n, nx, ny, wTilde == null ? -1 : wTilde.length, fTilde, cTilde, dTilde);
    Require.allFinite("W~", wTilde);
    return new LinearRnn(n, nx, ny, wTilde.clone(), null, fTilde.clone(), cTilde.clone(),
        dTilde == null ? null : dTilde.clone());
  }

  /** As {@link #ofTilde(int, int, int, double[], double[], double[], double[])} with W~ in float32 (copied). */
  public static LinearRnn ofTilde(int n, int nx, int ny, float[] wTilde, double[] fTilde, double[] cTilde,
                                  double[] dTilde) {
    check(n, nx, ny, wTilde == null ? -1 : wTilde.length, fTilde, cTilde, dTilde);
    Require.allFinite("W~", wTilde);
    return new LinearRnn(n, nx, ny, null, wTilde.clone(), fTilde.clone(), cTilde.clone(),
        dTilde == null ? null : dTilde.clone());
  }

  /**
   * As {@link #ofTilde(int, int, int, double[], double[], double[], double[])} but the RNN takes the arrays
   * without copying them (one copy of W~ instead of two, for wide n): the caller hands them over and must not
   * change them afterwards.
   */
  public static LinearRnn adoptTilde(int n, int nx, int ny, double[] wTilde, double[] fTilde, double[] cTilde,
                                     double[] dTilde) {
    check(n, nx, ny, wTilde == null ? -1 : wTilde.length, fTilde, cTilde, dTilde);
    Require.allFinite("W~", wTilde);
    return new LinearRnn(n, nx, ny, wTilde, null, fTilde, cTilde, dTilde);
  }

  /** As {@link #adoptTilde(int, int, int, double[], double[], double[], double[])} with W~ in float32. */
  public static LinearRnn adoptTilde(int n, int nx, int ny, float[] wTilde, double[] fTilde, double[] cTilde,
                                     double[] dTilde) {
    check(n, nx, ny, wTilde == null ? -1 : wTilde.length, fTilde, cTilde, dTilde);
    Require.allFinite("W~", wTilde);
    return new LinearRnn(n, nx, ny, null, wTilde, fTilde, cTilde, dTilde);
  }

  private static void check(int n, int nx, int ny, long wLen, double[] fTilde, double[] cTilde, double[] dTilde) {
    Require.positive("n (hidden width)", n);
    Require.positive("n_x", nx);
    Require.positive("n_y", ny);
    if (wLen < 0) Require.nonNull("W~", null);
    if (wLen != (long) n * n) {
      throw new ShapeMismatchException("W~ (n x n) has " + wLen + " elements but " + (long) n * n + " were expected");
    }
    Require.length("F~ (n x n_x)", fTilde, (long) n * nx);
    Require.length("C~ (n_y x n)", cTilde, (long) ny * n);
    Require.allFinite("F~", fTilde);
    Require.allFinite("C~", cTilde);
    if (dTilde != null) {
      Require.length("D~ (n_y x n_x)", dTilde, (long) ny * nx);
      Require.allFinite("D~", dTilde);
    }
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
    return adoptTilde(n, nx, ny, scale(w, sn), scale(f, sx), scale(c, sn), d == null ? null : scale(d, sx));
  }

  private static double[] scale(double[] a, double s) {
    double[] o = new double[a.length];
    for (int i = 0; i < a.length; i++) o[i] = a[i] * s;
    return o;
  }

  /** This RNN with W~ stored in {@code dtype}: itself if it already is, else a converted copy. */
  public LinearRnn withDtype(Dtype dtype) {
    Require.nonNull("dtype", dtype);
    if (dtype == dtype()) return this;
    Memory.require("a " + dtype.label() + " copy of W at n = " + n, parameterBytes(n, nx, ny, dtype));
    if (dtype == Dtype.FLOAT32) {
      return new LinearRnn(n, nx, ny, null, narrow(wt), ft.clone(), ct.clone(), dt == null ? null : dt.clone());
    }
    return new LinearRnn(n, nx, ny, widen(wf), null, ft.clone(), ct.clone(), dt == null ? null : dt.clone());
  }

  /** A float64 copy of a float array (exact). */
  static double[] widen(float[] a) {
    double[] o = new double[a.length];
    for (int i = 0; i < a.length; i++) o[i] = a[i];
    return o;
  }

  /** A float32 copy of a double array (rounded to nearest). */
  static float[] narrow(double[] a) {
    float[] o = new float[a.length];
    for (int i = 0; i < a.length; i++) o[i] = (float) a[i];
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

  /** The storage precision of W~ (and of the Krylov vectors computed from it). */
  public Dtype dtype() {
    return wt != null ? Dtype.FLOAT64 : Dtype.FLOAT32;
  }

  /** Copy of W~ in float64 (for a float32 RNN: widened, exact; n^2 doubles). */
  public double[] wTilde() {
    return wt != null ? wt.clone() : widen(wf);
  }

  /** Copy of W~ in float32 (for a float64 RNN: rounded). */
  public float[] wTildeFloat() {
    return wf != null ? wf.clone() : narrow(wt);
  }

  /**
   * Row {@code i} of W~ into {@code dst[0 … n)} (float32 widened, exact): to write or inspect W~ row by row
   * without the n x n copy that {@link #wTilde()} makes.
   */
  public void copyWTildeRow(int i, double[] dst) {
    Require.inRange("row of W~", i, 0, n - 1);
    Require.length("row buffer (n entries)", dst, n);
    if (wt != null) {
      System.arraycopy(wt, i * n, dst, 0, n);
    } else {
      for (int j = 0; j < n; j++) dst[j] = wf[i * n + j];
    }
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

  // package-private access to the arrays for the in-place updates of RnnTrainer (never handed out)
  double[] wRaw() {
    return wt;
  }

  float[] wRawFloat() {
    return wf;
  }

  double[] fRaw() {
    return ft;
  }

  double[] cRaw() {
    return ct;
  }

  double[] dRaw() {
    return dt;
  }

  /** A copy with its own arrays (the working copy of a training run). */
  LinearRnn deepCopy() {
    return new LinearRnn(n, nx, ny, wt == null ? null : wt.clone(), wf == null ? null : wf.clone(), ft.clone(),
        ct.clone(), dt == null ? null : dt.clone());
  }

  /**
   * An immutable copy of this RNN. For a plain value that is the same object; for the live view a training
   * listener receives ({@link RnnTrainer}), a copy of its current parameters that later updates do not touch.
   */
  public LinearRnn snapshot() {
    return owner == null ? this : deepCopy();
  }

  /** Effective {@code W = W~/sqrt(n)} (a new float64 array). */
  public double[] w() {
    double s = 1 / Math.sqrt(n);
    double[] o = new double[n * n];
    if (wt != null) {
      for (int i = 0; i < o.length; i++) o[i] = wt[i] * s;
    } else {
      for (int i = 0; i < o.length; i++) o[i] = wf[i] * s;
    }
    return o;
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

  /** {@code theta + alpha * grad} as a new RNN (a gradient step with {@code alpha = -eta}); same dtype. */
  public LinearRnn plus(double alpha, RnnGradient grad) {
    Require.finite("step size alpha", alpha);
    Require.nonNull("gradient", grad);
    if (grad.n() != n || grad.nx() != nx || grad.ny() != ny || (grad.d() != null) != (dt != null)) {
      throw new ShapeMismatchException("gradient shape (n=" + grad.n() + ", n_x=" + grad.nx() + ", n_y="
          + grad.ny() + (grad.d() != null ? ", with D" : "") + ") does not match the RNN (n=" + n + ", n_x=" + nx + ", n_y="
          + ny + (dt != null ? ", with D" : "") + "); use the gradient of this RNN");
    }
    float[] nwf = null;
    if (wf != null) {
      nwf = wf.clone();
      double[] gw = grad.w();
      for (int i = 0; i < nwf.length; i++) nwf[i] = (float) (nwf[i] + alpha * gw[i]);
    }
    return new LinearRnn(n, nx, ny, wt == null ? null : axpy(wt, alpha, grad.w()), nwf, axpy(ft, alpha, grad.f()),
        axpy(ct, alpha, grad.c()), dt == null ? null : axpy(dt, alpha, grad.d()));
  }

  private static double[] axpy(double[] base, double alpha, double[] d) {
    double[] o = base.clone();
    Kernels.axpy(alpha, d, 0, o, 0, o.length);
    return o;
  }

  /**
   * The Krylov sequence {@code P_j = W^j F} (SPEC (K1)) for {@code j < lags}, as one {@code n x (K n_x)}
   * matrix whose column block j is {@code P_j} (float64; for a float32 RNN computed in float32 and widened).
   */
  public double[] krylovP(int lags) {
    Require.positive("K (lags)", lags);
    Memory.require("the Krylov basis at n = " + n + ", K = " + lags, Memory.doubles(n, lags, nx));
    int ld = Require.arraySize("the Krylov basis (n x K n_x)", (long) lags * nx, 1);
    Require.arraySize("the Krylov basis (n x K n_x)", n, ld);
    if (wf != null) return widen(sweepFloat(lags, false).p);
    double[] f = f();
    double[] p = new double[n * ld];
    for (int i = 0; i < n; i++) System.arraycopy(f, i * nx, p, i * ld, nx);
    double scale = 1 / Math.sqrt(n); // W = W~/sqrt(n), applied inside the kernel: no n x n copy
    for (int j = 0; j + 1 < lags; j++) {
      Kernels.krylovStep(n, wt, scale, nx, p, j * nx, p, (j + 1) * nx, ld, 0, null, 0, null, 0, 0);
    }
    return p;
  }

  /**
   * Both Krylov sequences of (K1) for {@code j < lags}, advanced together in one pass over W per lag (the
   * fused Krylov step): {@code p} is n x (K n_x) with column block j = {@code P_j = W^j F}, {@code q} is
   * (K n_y) x n with row block j = {@code Q_j = C W^j}. In float64; for a float32 RNN the sweep runs in
   * float32 and the bases are widened (the Gram sums downstream accumulate in float64). Callers check memory
   * first.
   */
  public KrylovBases krylovBases(int lags) {
    Require.positive("K (lags)", lags);
    int dp = Require.arraySize("the Krylov basis P (n x K n_x)", n, (long) lags * nx) / n;
    int dq = Require.arraySize("the Krylov basis Q (K n_y x n)", (long) lags * ny, n) / n;
    if (wf != null) {
      FloatBases fb = sweepFloat(lags, true);
      return new KrylovBases(widen(fb.p), widen(fb.q));
    }
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

  /** The float32 Krylov bases (P n x K n_x, Q K n_y x n; q null unless {@code withQ}). */
  record FloatBases(float[] p, float[] q) {}

  /** The fused sweep of {@link #krylovBases} in float32 on the float32 W~ (scale applied in the kernel). */
  FloatBases sweepFloat(int lags, boolean withQ) {
    int dp = lags * nx;
    float[] p = new float[n * dp];
    float[] q = withQ ? new float[lags * ny * n] : null;
    double[] f = f();
    for (int i = 0; i < n; i++) for (int a = 0; a < nx; a++) p[i * dp + a] = (float) f[i * nx + a];
    if (withQ) {
      double[] c = c();
      for (int t = 0; t < ny * n; t++) q[t] = (float) c[t];
    }
    float scale = (float) (1 / Math.sqrt(n));
    int r = withQ ? ny : 0;
    for (int j = 0; j + 1 < lags; j++) {
      Kernels.krylovStep(n, wf, scale, nx, p, j * nx, p, (j + 1) * nx, dp, r, q, withQ ? j * ny * n : 0, q,
          withQ ? (j + 1) * ny * n : 0, n);
    }
    return new FloatBases(p, q);
  }

  /**
   * The Krylov sequences of {@link #krylovBases}: {@code p} n x (K n_x), {@code q} (K n_y) x n, row-major.
   * The arrays are the caller's (not copied).
   */
  public record KrylovBases(double[] p, double[] q) {

    /**
     * Gelfand's estimate of the spectral radius of W from the growth of the Krylov norms:
     * {@code (||P_{K-1}||_F ||Q_{K-1}||_F / (||P_0||_F ||Q_0||_F))^(1/(2(K-1)))}, free once the bases exist.
     * For W at a random initialization (4) {@code E||W^j v||^2 = nu_W^j ||v||^2}, so this is close to
     * {@code sqrt(nu_W)} already at K = 20; for other W it converges like O(log(cond)/K). NaN for K = 1.
     */
    public double gelfandRadius(int n, int nx, int ny) {
      int lags = p.length / n / nx;
      if (lags < 2) return Double.NaN;
      double p0 = blockNorm(p, n, lags * nx, 0, nx), pk = blockNorm(p, n, lags * nx, (lags - 1) * nx, nx);
      double q0 = rowsNorm(q, 0, ny * n), qk = rowsNorm(q, (lags - 1) * ny * n, ny * n);
      if (p0 == 0 || q0 == 0) return Double.NaN;
      return Math.exp((Math.log(pk / p0) + Math.log(qk / q0)) / (2.0 * (lags - 1)));
    }

    private static double blockNorm(double[] a, int rows, int ld, int col, int cols) {
      double s = 0;
      for (int i = 0; i < rows; i++) for (int c = 0; c < cols; c++) s += a[i * ld + col + c] * a[i * ld + col + c];
      return Math.sqrt(s);
    }

    private static double rowsNorm(double[] a, int off, int len) {
      double s = 0;
      for (int i = off; i < off + len; i++) s += a[i] * a[i];
      return Math.sqrt(s);
    }
  }

  /** The impulse response {@code G_j = C W^j F (+ D at j = 0)} for {@code j < lags} (SPEC (9)). */
  public ImpulseResponse impulseResponse(int lags) {
    Require.positive("K (lags)", lags);
    ImpulseResponse g = cachedG;
    if (g != null && g.lags() == lags) return g;
    double[] p = krylovP(lags);
    return ImpulseResponse.wrap(lags, ny, nx, impulseFromKrylov(p, c(), d(), n, nx, ny, lags));
  }

  /** The impulse response from bases of this RNN made by {@link #krylovBases} (no further pass over W). */
  public ImpulseResponse impulseResponse(KrylovBases kb) {
    Require.nonNull("Krylov bases", kb);
    int lags = kb.p().length / n / nx;
    if ((long) lags * n * nx != kb.p().length || lags < 1) {
      throw new ShapeMismatchException("the Krylov bases have " + kb.p().length + " numbers, not a multiple of n n_x = "
          + (long) n * nx + "; use bases of this RNN");
    }
    return ImpulseResponse.wrap(lags, ny, nx, impulseFromKrylov(kb.p(), c(), d(), n, nx, ny, lags));
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
    if (wf != null) return impulseResponse(x.length()).apply(x); // float32: the convolution with K = L (exact)
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
   * pseudo-random start (deterministic). Each step is one pass over W~ by the Krylov kernel (scale applied
   * inside, no copy of W; on the threads of {@link Kernels#withParallel}). The error decays like
   * O(log(cond)/steps), so it is an estimate: a few per cent at 400 steps for random W (tested against the
   * exact value). For a cheap diagnostic at wide n use {@link KrylovBases#gelfandRadius}, free with G.
   */
  public double spectralRadiusEstimate(int steps) {
    Require.positive("power steps", steps);
    SplittableRandom rng = new SplittableRandom(12345);
    double[] v = new double[n];
    double[] u = new double[n];
    for (int i = 0; i < n; i++) v[i] = rng.nextGaussian();
    scaleInPlace(v, 1 / norm(v));
    float[] vf = wf != null ? new float[n] : null, uf = wf != null ? new float[n] : null;
    double scale = 1 / Math.sqrt(n);
    double acc = 0;
    for (int s = 0; s < steps; s++) {
      if (wf != null) {
        for (int i = 0; i < n; i++) vf[i] = (float) v[i];
        Kernels.krylovStep(n, wf, (float) scale, 1, vf, 0, uf, 0, 1, 0, null, 0, null, 0, 0);
        for (int i = 0; i < n; i++) u[i] = uf[i];
      } else {
        Kernels.krylovStep(n, wt, scale, 1, v, 0, u, 0, 1, 0, null, 0, null, 0, 0); // u = W v
      }
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
    return "LinearRnn(n=" + n + ", n_x=" + nx + ", n_y=" + ny + (dt != null ? ", with D" : "")
        + (wf != null ? ", float32" : "") + ")";
  }
}
