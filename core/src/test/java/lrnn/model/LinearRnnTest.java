package lrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import lrnn.kernel.Kernels;
import lrnn.kernel.Parallel;
import lrnn.util.Memory;
import lrnn.util.NonFiniteValueException;
import lrnn.util.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/**
 * {@link LinearRnn} value by value: the byte counts, the seeded initialization and its dispatch to a pool, the
 * factories and their checks, the dtype conversions, the effective weights, gradient steps, the Krylov bases and
 * impulse response (float64 and float32) against direct products, the forward pass against the recurrence
 * {@code h_k = W h_{k-1} + F x_k, y_k = C h_k + D x_k}, and the spectral radius (exact, estimate, threshold).
 */
class LinearRnnTest {

  private static final InitScales WITH_D = new InitScales(0.5, 2, 0.3, 0.7, true);

  // ---- helpers -------------------------------------------------------------------------------------------

  private static double[] gaussian(int len, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[len];
    for (int i = 0; i < len; i++) a[i] = r.nextGaussian();
    return a;
  }

  private static float[] narrow(double[] a) {
    float[] o = new float[a.length];
    for (int i = 0; i < a.length; i++) o[i] = (float) a[i];
    return o;
  }

  private static double[] widen(float[] a) {
    double[] o = new double[a.length];
    for (int i = 0; i < a.length; i++) o[i] = a[i];
    return o;
  }

  /** y = M x for a row-major rows x cols M. */
  private static double[] matVec(double[] m, int rows, int cols, double[] x) {
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      double s = 0;
      for (int j = 0; j < cols; j++) s += m[i * cols + j] * x[j];
      y[i] = s;
    }
    return y;
  }

  /** P_j = W^j F (n x nx) for j < lags, from the effective weights, in plain double loops. */
  private static double[][] krylovDirect(LinearRnn rnn, int lags) {
    int n = rnn.n(), nx = rnn.nx();
    double[] w = rnn.w();
    double[][] p = new double[lags][];
    p[0] = rnn.f();
    for (int j = 1; j < lags; j++) {
      p[j] = new double[n * nx];
      for (int i = 0; i < n; i++) {
        for (int a = 0; a < nx; a++) {
          double s = 0;
          for (int l = 0; l < n; l++) s += w[i * n + l] * p[j - 1][l * nx + a];
          p[j][i * nx + a] = s;
        }
      }
    }
    return p;
  }

  /** Q_j = C W^j (ny x n) for j < lags. */
  private static double[][] krylovQDirect(LinearRnn rnn, int lags) {
    int n = rnn.n(), ny = rnn.ny();
    double[] w = rnn.w();
    double[][] q = new double[lags][];
    q[0] = rnn.c();
    for (int j = 1; j < lags; j++) {
      q[j] = new double[ny * n];
      for (int b = 0; b < ny; b++) {
        for (int i = 0; i < n; i++) {
          double s = 0;
          for (int l = 0; l < n; l++) s += q[j - 1][b * n + l] * w[l * n + i];
          q[j][b * n + i] = s;
        }
      }
    }
    return q;
  }

  /** G_j = C W^j F (+ D at j = 0), (K, ny, nx). */
  private static double[] impulseDirect(LinearRnn rnn, int lags) {
    int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny();
    double[][] p = krylovDirect(rnn, lags);
    double[] c = rnn.c(), d = rnn.d();
    double[] g = new double[lags * ny * nx];
    for (int j = 0; j < lags; j++) {
      for (int b = 0; b < ny; b++) {
        for (int a = 0; a < nx; a++) {
          double s = j == 0 && d != null ? d[b * nx + a] : 0;
          for (int i = 0; i < n; i++) s += c[b * n + i] * p[j][i * nx + a];
          g[(j * ny + b) * nx + a] = s;
        }
      }
    }
    return g;
  }

  /** The recurrence h_k = W h_{k-1} + F x_k, y_k = C h_k + D x_k from h_0 = 0, per sequence. */
  private static double[] simulate(LinearRnn rnn, Sequences x) {
    int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny(), len = x.length();
    double[] w = rnn.w(), f = rnn.f(), c = rnn.c(), d = rnn.d();
    double[] y = new double[x.count() * len * ny];
    for (int s = 0; s < x.count(); s++) {
      double[] h = new double[n];
      for (int k = 0; k < len; k++) {
        double[] xk = new double[nx];
        for (int a = 0; a < nx; a++) xk[a] = x.get(s, k, a);
        double[] wh = matVec(w, n, n, h), fx = matVec(f, n, nx, xk);
        for (int i = 0; i < n; i++) h[i] = wh[i] + fx[i];
        double[] yk = matVec(c, ny, n, h);
        if (d != null) {
          double[] dx = matVec(d, ny, nx, xk);
          for (int b = 0; b < ny; b++) yk[b] += dx[b];
        }
        System.arraycopy(yk, 0, y, (s * len + k) * ny, ny);
      }
    }
    return y;
  }

  private static void assertClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol * (1 + Math.abs(expected[i])), what + " at " + i);
    }
  }

  private static void assertClose(double[][] blocks, double[] actual, double tol, String what) {
    int len = 0;
    for (double[] b : blocks) len += b.length;
    double[] flat = new double[len];
    int o = 0;
    for (double[] b : blocks) {
      System.arraycopy(b, 0, flat, o, b.length);
      o += b.length;
    }
    assertClose(flat, actual, tol, what);
  }

  /** P (n x K nx, column block j = P_j) from per-lag blocks (n x nx). */
  private static double[] concatColumns(double[][] p, int n, int nx) {
    int lags = p.length, ld = lags * nx;
    double[] o = new double[n * ld];
    for (int j = 0; j < lags; j++) {
      for (int i = 0; i < n; i++) for (int a = 0; a < nx; a++) o[i * ld + j * nx + a] = p[j][i * nx + a];
    }
    return o;
  }

  /** A float32 RNN and the float64 RNN with the same (widened) parameters. */
  private static LinearRnn[] pair(int n, int nx, int ny, boolean withD, long seed) {
    float[] wf = narrow(gaussian(n * n, seed));
    for (int i = 0; i < wf.length; i++) wf[i] *= 0.7f;
    double[] f = gaussian(n * nx, seed + 1), c = gaussian(ny * n, seed + 2);
    double[] d = withD ? gaussian(ny * nx, seed + 3) : null;
    return new LinearRnn[] {
        LinearRnn.ofTilde(n, nx, ny, wf, f, c, d), LinearRnn.ofTilde(n, nx, ny, widen(wf), f, c, d)};
  }

  // ---- sizes ---------------------------------------------------------------------------------------------

  @Test
  void parameterBytesCountsEachMatrix() {
    // n = 3, n_x = 2, n_y = 5: W 9, F 6, C 15, D 10 doubles
    assertEquals(8L * (9 + 6 + 15 + 10), LinearRnn.parameterBytes(3, 2, 5));
    assertEquals(8L * (9 + 6 + 15 + 10), LinearRnn.parameterBytes(3, 2, 5, Dtype.FLOAT64));
    assertEquals(4L * 9 + 8L * (6 + 15 + 10), LinearRnn.parameterBytes(3, 2, 5, Dtype.FLOAT32));
    // W alone overflows a long: saturates (and is not halved in float32)
    assertEquals(Long.MAX_VALUE, LinearRnn.parameterBytes(Integer.MAX_VALUE, 1, 1));
    assertEquals(Long.MAX_VALUE, LinearRnn.parameterBytes(Integer.MAX_VALUE, 1, 1, Dtype.FLOAT32));
    // F, C, D overflow while W is tiny
    assertEquals(Long.MAX_VALUE, LinearRnn.parameterBytes(1, Integer.MAX_VALUE, Integer.MAX_VALUE));
  }

  // ---- initialization ------------------------------------------------------------------------------------

  @Test
  void randomBelowOneBlockIsOneStreamOfWThenFThenCThenD() {
    int n = 5, nx = 2, ny = 3;
    SplittableRandom r = new SplittableRandom(42);
    double[] w = new double[n * n], f = new double[n * nx], c = new double[ny * n], d = new double[ny * nx];
    for (int i = 0; i < w.length; i++) w[i] = Math.sqrt(0.5) * r.nextGaussian();
    for (int i = 0; i < f.length; i++) f[i] = Math.sqrt(2.0) * r.nextGaussian();
    for (int i = 0; i < c.length; i++) c[i] = Math.sqrt(0.3) * r.nextGaussian();
    for (int i = 0; i < d.length; i++) d[i] = Math.sqrt(0.7) * r.nextGaussian();
    LinearRnn rnn = LinearRnn.random(n, nx, ny, WITH_D, 42);
    assertEquals(Dtype.FLOAT64, rnn.dtype());
    assertArrayEquals(w, rnn.wTilde());
    assertArrayEquals(f, rnn.fTilde());
    assertArrayEquals(c, rnn.cTilde());
    assertArrayEquals(d, rnn.dTilde());
    LinearRnn f32 = LinearRnn.random(n, nx, ny, WITH_D, 42, Dtype.FLOAT32);
    assertEquals(Dtype.FLOAT32, f32.dtype());
    assertArrayEquals(narrow(w), f32.wTildeFloat());
    assertArrayEquals(f, f32.fTilde());
    assertArrayEquals(d, f32.dTilde());
    // the scoped default dtype is used by the short form
    LinearRnn scoped = Dtype.withDefault(Dtype.FLOAT32, () -> LinearRnn.random(n, nx, ny, WITH_D, 42));
    assertArrayEquals(narrow(w), scoped.wTildeFloat());
    assertFalse(LinearRnn.random(n, nx, ny, InitScales.DEFAULT, 42).hasD());
  }

  @Test
  void randomDrawsLaterBlocksFromSplitsOfASecondStream() {
    // n = 257: rows 0..255 from SplittableRandom(seed) (which then draws F~, C~), row 256 from the first split of
    // SplittableRandom(seed ^ 0x6A09E667F3BCC909L)
    int n = 257;
    long seed = 77;
    SplittableRandom first = new SplittableRandom(seed);
    SplittableRandom second = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L).split();
    double sd = Math.sqrt(InitScales.DEFAULT.nuW());
    double[] w = new double[n * n];
    for (int i = 0; i < 256 * n; i++) w[i] = sd * first.nextGaussian();
    for (int i = 256 * n; i < n * n; i++) w[i] = sd * second.nextGaussian();
    double[] f = new double[n];
    for (int i = 0; i < n; i++) f[i] = first.nextGaussian();
    LinearRnn rnn = LinearRnn.random(n, 1, 1, InitScales.DEFAULT, seed);
    assertArrayEquals(w, rnn.wTilde());
    assertArrayEquals(f, rnn.fTilde());
  }

  @Test
  void randomChecksMemoryBeforeAnyArray() {
    // far beyond any heap: the memory check speaks first (not the array-size check behind it)
    var e64 = assertThrows(Memory.InsufficientMemoryException.class,
        () -> LinearRnn.random(2_000_000, 1, 1, InitScales.DEFAULT, 1, Dtype.FLOAT64));
    assertTrue(e64.getMessage().startsWith("the RNN parameters at n = 2000000 needs about "), e64.getMessage());
    assertEquals(LinearRnn.parameterBytes(2_000_000, 1, 1), e64.bytesNeeded());
    var e32 = assertThrows(Memory.InsufficientMemoryException.class,
        () -> LinearRnn.random(2_000_000, 1, 1, InitScales.DEFAULT, 1, Dtype.FLOAT32));
    assertTrue(e32.getMessage().startsWith("the RNN parameters at n = 2000000 in float32 needs about "),
        e32.getMessage());
    assertEquals(LinearRnn.parameterBytes(2_000_000, 1, 1, Dtype.FLOAT32), e32.bytesNeeded());
    assertEquals("n (hidden width) = 0 must be at least 1",
        assertThrows(IllegalArgumentException.class, () -> LinearRnn.random(0, 1, 1, InitScales.DEFAULT, 1))
            .getMessage());
    assertEquals("init scales is missing (null)",
        assertThrows(IllegalArgumentException.class, () -> LinearRnn.random(2, 1, 1, null, 1)).getMessage());
  }

  @Test
  void randomUsesThePoolOnlyForSeveralBlocksAndSeveralThreads() {
    // A closed pool refuses forEach, so it shows whether random() handed the W~ blocks to it.
    Parallel closed2 = new Parallel(2);
    closed2.close();
    Parallel closed1 = new Parallel(1);
    closed1.close();
    // n = 255 and 256 are one block: never the pool
    for (int n : new int[] {255, 256}) {
      LinearRnn seq = LinearRnn.random(n, 1, 1, InitScales.DEFAULT, 3);
      LinearRnn inPool = Kernels.withParallel(closed2, () -> LinearRnn.random(n, 1, 1, InitScales.DEFAULT, 3));
      assertArrayEquals(seq.wTilde(), inPool.wTilde(), "n = " + n);
    }
    // two blocks, but one thread: not the pool
    LinearRnn seq257 = LinearRnn.random(257, 1, 1, InitScales.DEFAULT, 3);
    LinearRnn one = Kernels.withParallel(closed1, () -> LinearRnn.random(257, 1, 1, InitScales.DEFAULT, 3));
    assertArrayEquals(seq257.wTilde(), one.wTilde());
    // two blocks and two threads: the pool (which refuses here)
    var e = assertThrows(IllegalStateException.class,
        () -> Kernels.withParallel(closed2, () -> LinearRnn.random(257, 1, 1, InitScales.DEFAULT, 3)));
    assertEquals("Parallel is closed", e.getMessage());
    // an open pool gives the same bits as the sequential fill
    try (Parallel par = new Parallel(2)) {
      LinearRnn p = Kernels.withParallel(par, () -> LinearRnn.random(600, 2, 1, WITH_D, 9, Dtype.FLOAT32));
      LinearRnn s = LinearRnn.random(600, 2, 1, WITH_D, 9, Dtype.FLOAT32);
      assertArrayEquals(s.wTildeFloat(), p.wTildeFloat());
      assertArrayEquals(s.fTilde(), p.fTilde());
      assertArrayEquals(s.dTilde(), p.dTilde());
    }
  }

  // ---- factories -----------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Factory {
    LinearRnn make(int n, int nx, int ny, double[] w, double[] f, double[] c, double[] d);
  }

  private static final Factory[] FACTORIES = {
      LinearRnn::ofTilde,
      (n, nx, ny, w, f, c, d) -> LinearRnn.ofTilde(n, nx, ny, w == null ? null : narrow(w), f, c, d),
      LinearRnn::adoptTilde,
      (n, nx, ny, w, f, c, d) -> LinearRnn.adoptTilde(n, nx, ny, w == null ? null : narrow(w), f, c, d),
  };

  @Test
  void everyFactoryChecksShapesAndValues() {
    // n = 2, n_x = 3, n_y = 1: W~ 4, F~ 6, C~ 2, D~ 3
    double[] w = {1, 2, 3, 4}, f = {1, 2, 3, 4, 5, 6}, c = {7, 8}, d = {9, 10, 11};
    for (int k = 0; k < FACTORIES.length; k++) {
      Factory fac = FACTORIES[k];
      String which = "factory " + k;
      LinearRnn ok = fac.make(2, 3, 1, w, f, c, d);
      assertArrayEquals(w, ok.wTilde(), which);
      assertArrayEquals(d, ok.dTilde(), which);
      assertNull(fac.make(2, 3, 1, w, f, c, null).dTilde(), which);
      assertEquals("n (hidden width) = 0 must be at least 1",
          assertThrows(IllegalArgumentException.class, () -> fac.make(0, 3, 1, w, f, c, d)).getMessage(), which);
      assertEquals("n_x = 0 must be at least 1",
          assertThrows(IllegalArgumentException.class, () -> fac.make(2, 0, 1, w, f, c, d)).getMessage(), which);
      assertEquals("n_y = 0 must be at least 1",
          assertThrows(IllegalArgumentException.class, () -> fac.make(2, 3, 0, w, f, c, d)).getMessage(), which);
      assertEquals("W~ is missing (null)",
          assertThrows(IllegalArgumentException.class, () -> fac.make(2, 3, 1, null, f, c, d)).getMessage(), which);
      // an empty W~ is a shape error (not a missing one)
      assertEquals("W~ (n x n) has 0 elements but 4 were expected",
          assertThrows(ShapeMismatchException.class, () -> fac.make(2, 3, 1, new double[0], f, c, d)).getMessage(),
          which);
      assertEquals("W~ (n x n) has 3 elements but 4 were expected",
          assertThrows(ShapeMismatchException.class, () -> fac.make(2, 3, 1, new double[3], f, c, d)).getMessage(),
          which);
      assertEquals("F~ (n x n_x) has 5 elements but 6 were expected",
          assertThrows(ShapeMismatchException.class, () -> fac.make(2, 3, 1, w, new double[5], c, d)).getMessage(),
          which);
      assertEquals("C~ (n_y x n) has 3 elements but 2 were expected",
          assertThrows(ShapeMismatchException.class, () -> fac.make(2, 3, 1, w, f, new double[3], d)).getMessage(),
          which);
      assertEquals("D~ (n_y x n_x) has 2 elements but 3 were expected",
          assertThrows(ShapeMismatchException.class, () -> fac.make(2, 3, 1, w, f, c, new double[2])).getMessage(),
          which);
      assertThrows(NonFiniteValueException.class, () -> fac.make(2, 3, 1, new double[] {1, Double.NaN, 3, 4}, f, c, d),
          which);
      assertThrows(NonFiniteValueException.class,
          () -> fac.make(2, 3, 1, w, new double[] {1, 2, 3, Double.POSITIVE_INFINITY, 5, 6}, c, d), which);
      assertThrows(NonFiniteValueException.class, () -> fac.make(2, 3, 1, w, f, new double[] {Double.NaN, 0}, d), which);
      assertThrows(NonFiniteValueException.class, () -> fac.make(2, 3, 1, w, f, c, new double[] {0, 0, Double.NaN}),
          which);
    }
  }

  @Test
  void ofTildeCopiesAndAdoptTildeTakesTheArrays() {
    double[] w = {1, 2, 3, 4}, f = {5, 6}, c = {7, 8}, d = {9};
    float[] wf = {1, 2, 3, 4};
    LinearRnn copied = LinearRnn.ofTilde(2, 1, 1, w, f, c, d);
    LinearRnn copiedF = LinearRnn.ofTilde(2, 1, 1, wf, f, c, d);
    assertNotSame(w, copied.wRaw());
    assertNotSame(wf, copiedF.wRawFloat());
    assertNotSame(f, copiedF.fRaw());
    assertNotSame(c, copiedF.cRaw());
    assertNotSame(d, copiedF.dRaw());
    assertArrayEquals(new double[] {9}, copiedF.dTilde());
    assertTrue(copiedF.hasD());
    assertFalse(LinearRnn.ofTilde(2, 1, 1, wf, f, c, null).hasD());
    LinearRnn adopted = LinearRnn.adoptTilde(2, 1, 1, w, f, c, d);
    LinearRnn adoptedF = LinearRnn.adoptTilde(2, 1, 1, wf, f, c, d);
    assertSame(w, adopted.wRaw());
    assertSame(wf, adoptedF.wRawFloat());
    assertSame(f, adoptedF.fRaw());
    assertSame(c, adoptedF.cRaw());
    assertSame(c, adopted.cRaw());
    assertSame(d, adoptedF.dRaw());
    w[0] = 100;
    assertEquals(1, copied.wTilde()[0]);
    assertEquals(100, adopted.wTilde()[0]);
  }

  @Test
  void ofWeightsRecoversTheTildeParameters() {
    int n = 4, nx = 2, ny = 3;
    double[] w = gaussian(n * n, 1), f = gaussian(n * nx, 2), c = gaussian(ny * n, 3), d = gaussian(ny * nx, 4);
    LinearRnn rnn = LinearRnn.ofWeights(n, nx, ny, w, f, c, d);
    double sn = Math.sqrt(n), sx = Math.sqrt(nx);
    double[] wt = rnn.wTilde(), ft = rnn.fTilde(), ct = rnn.cTilde(), dt = rnn.dTilde();
    for (int i = 0; i < w.length; i++) assertEquals(w[i] * sn, wt[i], 0);
    for (int i = 0; i < f.length; i++) assertEquals(f[i] * sx, ft[i], 0);
    for (int i = 0; i < c.length; i++) assertEquals(c[i] * sn, ct[i], 0);
    for (int i = 0; i < d.length; i++) assertEquals(d[i] * sx, dt[i], 0);
    assertClose(w, rnn.w(), 1e-15, "W");
    assertClose(f, rnn.f(), 1e-15, "F");
    assertClose(c, rnn.c(), 1e-15, "C");
    assertClose(d, rnn.d(), 1e-15, "D");
    assertFalse(LinearRnn.ofWeights(n, nx, ny, w, f, c, null).hasD());
    assertEquals("D (n_y x n_x) has 5 elements but 6 were expected",
        assertThrows(ShapeMismatchException.class, () -> LinearRnn.ofWeights(n, nx, ny, w, f, c, new double[5]))
            .getMessage());
    assertEquals("W (n x n) has 15 elements but 16 were expected",
        assertThrows(ShapeMismatchException.class, () -> LinearRnn.ofWeights(n, nx, ny, new double[15], f, c, d))
            .getMessage());
    assertEquals("F (n x n_x) has 7 elements but 8 were expected",
        assertThrows(ShapeMismatchException.class, () -> LinearRnn.ofWeights(n, nx, ny, w, new double[7], c, d))
            .getMessage());
    assertEquals("C (n_y x n) has 11 elements but 12 were expected",
        assertThrows(ShapeMismatchException.class, () -> LinearRnn.ofWeights(n, nx, ny, w, f, new double[11], d))
            .getMessage());
  }

  // ---- dtypes and effective weights ----------------------------------------------------------------------

  @Test
  void withDtypeConvertsOrReturnsItself() {
    LinearRnn[] p = pair(3, 2, 2, true, 5);
    LinearRnn f32 = p[0], f64 = p[1];
    assertSame(f32, f32.withDtype(Dtype.FLOAT32));
    assertSame(f64, f64.withDtype(Dtype.FLOAT64));
    assertThrows(IllegalArgumentException.class, () -> f64.withDtype(null));
    LinearRnn up = f32.withDtype(Dtype.FLOAT64);
    assertEquals(Dtype.FLOAT64, up.dtype());
    assertArrayEquals(f64.wTilde(), up.wTilde());
    assertArrayEquals(f64.fTilde(), up.fTilde());
    assertArrayEquals(f64.cTilde(), up.cTilde());
    assertArrayEquals(f64.dTilde(), up.dTilde());
    assertNotSame(f32.dRaw(), up.dRaw());
    LinearRnn down = f64.withDtype(Dtype.FLOAT32);
    assertEquals(Dtype.FLOAT32, down.dtype());
    assertArrayEquals(f32.wTildeFloat(), down.wTildeFloat());
    assertArrayEquals(f32.dTilde(), down.dTilde());
    // without D both ways
    LinearRnn[] q = pair(3, 2, 2, false, 6);
    assertNull(q[0].withDtype(Dtype.FLOAT64).dTilde());
    assertNull(q[1].withDtype(Dtype.FLOAT32).dTilde());
    assertArrayEquals(q[1].wTilde(), q[0].withDtype(Dtype.FLOAT64).wTilde());
  }

  @Test
  void wTildeFloatAndEffectiveWeightsInBothDtypes() {
    int n = 5;
    double[] wd = gaussian(n * n, 11);
    float[] wf = narrow(gaussian(n * n, 12));
    double[] f = gaussian(n * 2, 13), c = gaussian(3 * n, 14), d = gaussian(3 * 2, 15);
    LinearRnn f64 = LinearRnn.ofTilde(n, 2, 3, wd, f, c, d);
    LinearRnn f32 = LinearRnn.ofTilde(n, 2, 3, wf, f, c, d);
    // wTildeFloat: the stored floats (a copy), or the doubles rounded
    float[] got = f32.wTildeFloat();
    assertArrayEquals(wf, got);
    got[0] = 99;
    assertArrayEquals(wf, f32.wTildeFloat());
    assertArrayEquals(narrow(wd), f64.wTildeFloat());
    assertArrayEquals(widen(wf), f32.wTilde());
    // W = W~ / sqrt(n), F = F~ / sqrt(n_x), C = C~ / sqrt(n), D = D~ / sqrt(n_x), element by element
    double s = 1 / Math.sqrt(n), sx = 1 / Math.sqrt(2);
    double[] w64 = f64.w(), w32 = f32.w();
    for (int i = 0; i < n * n; i++) {
      assertEquals(wd[i] * s, w64[i], 0, "W f64 at " + i);
      assertEquals(wf[i] * s, w32[i], 0, "W f32 at " + i);
    }
    double[] ff = f32.f(), cc = f32.c(), dd = f32.d();
    for (int i = 0; i < f.length; i++) assertEquals(f[i] * sx, ff[i], 0);
    for (int i = 0; i < c.length; i++) assertEquals(c[i] * s, cc[i], 0);
    for (int i = 0; i < d.length; i++) assertEquals(d[i] * sx, dd[i], 0);
    // rows of W~ in both dtypes
    double[] row = new double[n];
    for (int i = 0; i < n; i++) {
      f32.copyWTildeRow(i, row);
      for (int j = 0; j < n; j++) assertEquals(wf[i * n + j], row[j], 0);
      f64.copyWTildeRow(i, row);
      for (int j = 0; j < n; j++) assertEquals(wd[i * n + j], row[j], 0);
    }
  }

  @Test
  void copyWTildeRowChecksRowAndBuffer() {
    LinearRnn rnn = pair(3, 1, 1, false, 2)[1];
    assertEquals("row of W~ = 3 must be between 0 and 2",
        assertThrows(IllegalArgumentException.class, () -> rnn.copyWTildeRow(3, new double[3])).getMessage());
    assertEquals("row of W~ = -1 must be between 0 and 2",
        assertThrows(IllegalArgumentException.class, () -> rnn.copyWTildeRow(-1, new double[3])).getMessage());
    assertThrows(ShapeMismatchException.class, () -> rnn.copyWTildeRow(0, new double[4]));
  }

  @Test
  void snapshotCopiesOnlyALiveTrainingRnn() {
    LinearRnn plain = pair(3, 2, 1, true, 3)[1];
    assertSame(plain, plain.snapshot());
    RnnTrainer tr = RnnTrainer.copyOf(plain);
    LinearRnn live = tr.current();
    LinearRnn snap = live.snapshot();
    assertNotSame(live, snap);
    assertNull(RnnTrainer.ownerOf(snap));
    assertNotSame(live.wRaw(), snap.wRaw());
    assertNotSame(live.dRaw(), snap.dRaw());
    assertArrayEquals(plain.wTilde(), snap.wTilde());
    assertArrayEquals(plain.fTilde(), snap.fTilde());
    assertArrayEquals(plain.cTilde(), snap.cTilde());
    assertArrayEquals(plain.dTilde(), snap.dTilde());
    LinearRnn live32 = RnnTrainer.copyOf(plain.withDtype(Dtype.FLOAT32)).current();
    LinearRnn snap32 = live32.snapshot();
    assertNotSame(live32.wRawFloat(), snap32.wRawFloat());
    assertArrayEquals(live32.wTildeFloat(), snap32.wTildeFloat());
  }

  @Test
  void toStringNamesShapeDAndDtype() {
    LinearRnn[] withD = pair(3, 2, 1, true, 1), noD = pair(3, 2, 1, false, 1);
    assertEquals("LinearRnn(n=3, n_x=2, n_y=1, with D, float32)", withD[0].toString());
    assertEquals("LinearRnn(n=3, n_x=2, n_y=1, with D)", withD[1].toString());
    assertEquals("LinearRnn(n=3, n_x=2, n_y=1, float32)", noD[0].toString());
    assertEquals("LinearRnn(n=3, n_x=2, n_y=1)", noD[1].toString());
  }

  // ---- gradient steps ------------------------------------------------------------------------------------

  private static RnnGradient grad(int n, int nx, int ny, boolean withD, long seed) {
    return new RnnGradient(n, nx, ny, gaussian(n * n, seed), gaussian(n * nx, seed + 1), gaussian(ny * n, seed + 2),
        withD ? gaussian(ny * nx, seed + 3) : null);
  }

  @Test
  void plusAddsTheScaledGradientElementByElement() {
    int n = 3, nx = 2, ny = 2;
    double alpha = -0.37;
    RnnGradient g = grad(n, nx, ny, true, 20);
    for (LinearRnn rnn : pair(n, nx, ny, true, 7)) {
      LinearRnn next = rnn.plus(alpha, g);
      assertEquals(rnn.dtype(), next.dtype());
      if (rnn.dtype() == Dtype.FLOAT32) {
        float[] w0 = rnn.wTildeFloat(), w1 = next.wTildeFloat();
        for (int i = 0; i < w0.length; i++) assertEquals((float) (w0[i] + alpha * g.w()[i]), w1[i], 0, "W~ at " + i);
      } else {
        double[] w0 = rnn.wTilde(), w1 = next.wTilde();
        for (int i = 0; i < w0.length; i++) assertEquals(w0[i] + alpha * g.w()[i], w1[i], 1e-15, "W~ at " + i);
      }
      double[] f0 = rnn.fTilde(), f1 = next.fTilde(), c0 = rnn.cTilde(), c1 = next.cTilde();
      double[] d0 = rnn.dTilde(), d1 = next.dTilde();
      for (int i = 0; i < f0.length; i++) assertEquals(f0[i] + alpha * g.f()[i], f1[i], 1e-15, "F~ at " + i);
      for (int i = 0; i < c0.length; i++) assertEquals(c0[i] + alpha * g.c()[i], c1[i], 1e-15, "C~ at " + i);
      for (int i = 0; i < d0.length; i++) assertEquals(d0[i] + alpha * g.d()[i], d1[i], 1e-15, "D~ at " + i);
      // the original is untouched
      assertArrayEquals(pair(n, nx, ny, true, 7)[rnn.dtype() == Dtype.FLOAT32 ? 0 : 1].wTilde(), rnn.wTilde());
    }
    LinearRnn noD = pair(n, nx, ny, false, 7)[0];
    assertNull(noD.plus(alpha, grad(n, nx, ny, false, 20)).dTilde());
  }

  @Test
  void plusRefusesAGradientOfAnotherShape() {
    LinearRnn noD = pair(3, 2, 2, false, 1)[1];
    LinearRnn withD = pair(3, 2, 2, true, 1)[1];
    assertEquals("gradient shape (n=3, n_x=2, n_y=2, with D) does not match the RNN (n=3, n_x=2, n_y=2); "
            + "use the gradient of this RNN",
        assertThrows(ShapeMismatchException.class, () -> noD.plus(0.1, grad(3, 2, 2, true, 1))).getMessage());
    assertEquals("gradient shape (n=3, n_x=2, n_y=2) does not match the RNN (n=3, n_x=2, n_y=2, with D); "
            + "use the gradient of this RNN",
        assertThrows(ShapeMismatchException.class, () -> withD.plus(0.1, grad(3, 2, 2, false, 1))).getMessage());
    assertThrows(ShapeMismatchException.class, () -> noD.plus(0.1, grad(4, 2, 2, false, 1)));
    assertThrows(ShapeMismatchException.class, () -> noD.plus(0.1, grad(3, 1, 2, false, 1)));
    assertThrows(ShapeMismatchException.class, () -> noD.plus(0.1, grad(3, 2, 1, false, 1)));
    assertThrows(NonFiniteValueException.class, () -> noD.plus(Double.NaN, grad(3, 2, 2, false, 1)));
    assertEquals("gradient is missing (null)",
        assertThrows(IllegalArgumentException.class, () -> noD.plus(0.1, null)).getMessage());
  }

  // ---- Krylov bases and impulse response -----------------------------------------------------------------

  @Test
  void krylovBasesMatchDirectProductsInBothDtypes() {
    int n = 5, nx = 2, ny = 3, lags = 4;
    LinearRnn[] p = pair(n, nx, ny, true, 30);
    double[] pRef = concatColumns(krylovDirect(p[1], lags), n, nx);
    double[][] qRef = krylovQDirect(p[1], lags);
    // float64: to rounding
    assertClose(pRef, p[1].krylovP(lags), 1e-13, "P f64");
    LinearRnn.KrylovBases kb64 = p[1].krylovBases(lags);
    assertClose(pRef, kb64.p(), 1e-13, "bases P f64");
    assertClose(qRef, kb64.q(), 1e-13, "bases Q f64");
    // float32 (same W~): to float rounding, through krylovP, krylovBases and the sweep itself
    assertClose(pRef, p[0].krylovP(lags), 1e-5, "P f32");
    LinearRnn.KrylovBases kb32 = p[0].krylovBases(lags);
    assertClose(pRef, kb32.p(), 1e-5, "bases P f32");
    assertClose(qRef, kb32.q(), 1e-5, "bases Q f32");
    LinearRnn.FloatBases onlyP = p[0].sweepFloat(lags, false);
    assertNull(onlyP.q());
    assertClose(pRef, widen(onlyP.p()), 1e-5, "sweep P f32");
    LinearRnn.FloatBases both = p[0].sweepFloat(lags, true);
    assertClose(pRef, widen(both.p()), 1e-5, "sweep P f32 (with Q)");
    assertClose(qRef, widen(both.q()), 1e-5, "sweep Q f32");
    // one lag: F and C alone
    assertClose(p[1].f(), p[0].krylovP(1), 1e-7, "P_0 f32");
  }

  @Test
  void krylovPChecksMemoryBeforeTheArraySize() {
    LinearRnn rnn = pair(100, 1, 1, false, 4)[1];
    var e = assertThrows(Memory.InsufficientMemoryException.class, () -> rnn.krylovP(Integer.MAX_VALUE));
    assertTrue(e.getMessage().startsWith("the Krylov basis at n = 100, K = 2147483647 needs about "), e.getMessage());
    assertEquals("K (lags) = 0 must be at least 1",
        assertThrows(IllegalArgumentException.class, () -> rnn.krylovP(0)).getMessage());
  }

  @Test
  void impulseResponseIsCWjFPlusD() {
    int n = 4, nx = 2, ny = 3, lags = 3;
    LinearRnn[] p = pair(n, nx, ny, true, 40);
    double[] ref = impulseDirect(p[1], lags);
    assertClose(ref, p[1].impulseResponse(lags).toArray(), 1e-13, "G f64");
    assertClose(ref, p[0].impulseResponse(lags).toArray(), 1e-5, "G f32");
    // from bases, at one lag and at several
    for (int k : new int[] {1, lags}) {
      ImpulseResponse fromBases = p[1].impulseResponse(p[1].krylovBases(k));
      assertEquals(k, fromBases.lags());
      assertClose(impulseDirect(p[1], k), fromBases.toArray(), 1e-13, "G from bases, K = " + k);
    }
    // bases of another shape
    var e = assertThrows(ShapeMismatchException.class,
        () -> p[1].impulseResponse(new LinearRnn.KrylovBases(new double[17], new double[12])));
    assertEquals("the Krylov bases have 17 numbers, not a multiple of n n_x = 8; use bases of this RNN", e.getMessage());
    assertThrows(ShapeMismatchException.class,
        () -> p[1].impulseResponse(new LinearRnn.KrylovBases(new double[0], new double[0])));
    assertThrows(IllegalArgumentException.class, () -> p[1].impulseResponse((LinearRnn.KrylovBases) null));
    assertEquals("K (lags) = 0 must be at least 1",
        assertThrows(IllegalArgumentException.class, () -> p[1].impulseResponse(0)).getMessage());
  }

  @Test
  void impulseResponseUsesTheCacheOnlyAtItsLags() {
    LinearRnn rnn = pair(4, 2, 3, true, 50)[1];
    ImpulseResponse fake = ImpulseResponse.zeros(3, 3, 2);
    rnn.cachedG = fake;
    assertSame(fake, rnn.impulseResponse(3));
    ImpulseResponse two = rnn.impulseResponse(2);
    assertNotSame(fake, two);
    assertClose(impulseDirect(rnn, 2), two.toArray(), 1e-13, "G at other lags than the cache");
    rnn.cachedG = null;
    assertClose(impulseDirect(rnn, 3), rnn.impulseResponse(3).toArray(), 1e-13, "G without cache");
  }

  // ---- forward pass --------------------------------------------------------------------------------------

  @Test
  void forwardFollowsTheRecurrenceInBothDtypes() {
    int n = 4, nx = 2, ny = 3;
    Sequences x = TestData.gaussian(2, 5, nx, 60);
    for (boolean withD : new boolean[] {true, false}) {
      LinearRnn[] p = pair(n, nx, ny, withD, 61);
      double[] ref = simulate(p[1], x);
      Sequences y64 = p[1].forward(x), y32 = p[0].forward(x);
      assertEquals(ny, y64.dim());
      assertEquals(ny, y32.dim());
      assertEquals(5, y32.length());
      assertEquals(2, y32.count());
      assertClose(ref, y64.toArray(), 1e-12, "forward f64, D " + withD);
      assertClose(ref, y32.toArray(), 1e-5, "forward f32, D " + withD);
    }
    LinearRnn rnn = pair(n, nx, ny, false, 61)[0];
    var e = assertThrows(ShapeMismatchException.class, () -> rnn.forward(TestData.gaussian(1, 3, 3, 1)));
    assertTrue(e.getMessage().startsWith("inputs have 3 channels but the RNN has n_x = 2"), e.getMessage());
    assertEquals("inputs is missing (null)",
        assertThrows(IllegalArgumentException.class, () -> rnn.forward(null)).getMessage());
  }

  // ---- spectral radius -----------------------------------------------------------------------------------

  /** W = c I (W~ = c sqrt(n) I). */
  private static LinearRnn scaledIdentity(int n, double c, Dtype dtype) {
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) w[i * n + i] = c * Math.sqrt(n);
    LinearRnn rnn = LinearRnn.ofTilde(n, 1, 1, w, new double[n], new double[n], null);
    return rnn.withDtype(dtype);
  }

  @Test
  void estimateIsExactForAScaledIdentity() {
    // every power step multiplies the unit start vector by exactly 0.5 (n = 4: scale 1/2, W~ = I)
    for (Dtype dt : Dtype.values()) {
      LinearRnn rnn = scaledIdentity(4, 0.5, dt);
      for (int steps : new int[] {1, 2, 7}) {
        assertEquals(0.5, rnn.spectralRadiusEstimate(steps), 1e-6, dt + ", " + steps + " steps");
      }
      assertEquals(0.5, rnn.spectralRadiusExact(), 1e-15, dt.toString());
      assertEquals(0, scaledIdentity(4, 0, dt).spectralRadiusEstimate(3), dt.toString());
    }
    assertEquals(0.5, scaledIdentity(4, 0.5, Dtype.FLOAT64).spectralRadiusEstimate(1), 1e-15);
    assertEquals(0.5, scaledIdentity(4, 0.5, Dtype.FLOAT32).spectralRadiusEstimate(3), 1e-6);
    assertEquals("power steps = 0 must be at least 1",
        assertThrows(IllegalArgumentException.class, () -> scaledIdentity(4, 0.5, Dtype.FLOAT64)
            .spectralRadiusEstimate(0)).getMessage());
  }

  @Test
  void estimateConvergesToTheExactRadiusInBothDtypes() {
    // a dominant real eigenvalue 0.9 (W upper triangular with diagonal 0.9, 0.5, -0.3, 0.2, 0.1, -0.6)
    int n = 6;
    double[] diag = {0.9, 0.5, -0.3, 0.2, 0.1, -0.6};
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      w[i * n + i] = diag[i];
      for (int j = i + 1; j < n; j++) w[i * n + j] = 0.1 * ((i + 2 * j) % 3 - 1);
    }
    LinearRnn f64 = LinearRnn.ofWeights(n, 1, 1, w, new double[n], new double[n], null);
    LinearRnn f32 = f64.withDtype(Dtype.FLOAT32);
    assertEquals(0.9, f64.spectralRadiusExact(), 1e-12);
    assertEquals(0.9, f64.spectralRadiusEstimate(400), 0.9 * 0.02);
    assertEquals(f64.spectralRadiusEstimate(400), f32.spectralRadiusEstimate(400), 1e-5);
    assertEquals(0.9, f32.spectralRadiusExact(), 1e-6);
    // one step from the seeded unit start: ||W v|| for v the normalized gaussian(12345) start
    SplittableRandom rng = new SplittableRandom(12345);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = rng.nextGaussian();
    double nv = 0;
    for (double a : v) nv += a * a;
    nv = Math.sqrt(nv);
    for (int i = 0; i < n; i++) v[i] /= nv;
    double[] u = matVec(f64.w(), n, n, v);
    double nu = 0;
    for (double a : u) nu += a * a;
    assertEquals(Math.sqrt(nu), f64.spectralRadiusEstimate(1), 1e-14);
    assertEquals(Math.sqrt(nu), f32.spectralRadiusEstimate(1), 1e-6);
  }

  @Test
  void spectralRadiusIsExactUpToTheThresholdInclusive() {
    LinearRnn rnn = LinearRnn.random(6, 1, 1, InitScales.DEFAULT, 70);
    double exact = rnn.spectralRadiusExact(), estimate = rnn.spectralRadiusEstimate(LinearRnn.GELFAND_STEPS);
    assertTrue(exact != estimate, "the two paths must differ in their bits for this test to see the threshold");
    assertEquals(exact, rnn.spectralRadius(6));
    assertEquals(exact, rnn.spectralRadius(7));
    assertEquals(estimate, rnn.spectralRadius(5));
    assertEquals(exact, rnn.spectralRadius()); // default threshold 400
  }

  @Test
  void conversionsAndEigenvaluesAskForTheMemoryTheyUse() {
    LinearRnn rnn = LinearRnn.random(9, 2, 3, InitScales.DEFAULT, 4);
    // a float32 copy: W~ in 4-byte floats (9^2), F~, C~, D~ in doubles (9 x 2 + 3 x 9 + 3 x 2)
    var toFloat = Memory.requirementsOf(() -> rnn.withDtype(Dtype.FLOAT32));
    assertEquals(1, toFloat.size(), toFloat::toString);
    assertEquals(4L * 81 + 8L * (18 + 27 + 6), toFloat.get(0).bytes());
    assertEquals("a float32 copy of W at n = 9", toFloat.get(0).what());
    assertEquals(4L * 81 + 8L * (18 + 27 + 6), LinearRnn.parameterBytes(9, 2, 3, Dtype.FLOAT32));
    assertEquals(8L * 81 + 8L * (18 + 27 + 6), LinearRnn.parameterBytes(9, 2, 3));
    // the dense eigen-solver's working set: 3 n x n doubles
    var eig = Memory.requirementsOf(rnn::spectralRadiusExact);
    assertEquals(1, eig.size(), eig::toString);
    assertEquals(8L * 3 * 9 * 9, eig.get(0).bytes());
  }

  @Test
  void gelfandRadiusReadsTheFirstAndLastKrylovBlocks() {
    // n = 3, n_x = 2, n_y = 2, K = 3: P is 3 x 6 (lag blocks of 2 columns), Q is 6 x 3 (lag blocks of 2 rows)
    double[] p = new double[3 * 6], q = new double[6 * 3];
    java.util.Arrays.fill(p, 100); // the middle lag's block and Q's middle rows must not be read
    java.util.Arrays.fill(q, 100);
    for (int i = 0; i < 3; i++) {
      for (int c = 0; c < 2; c++) {
        p[i * 6 + c] = 1;      // ||P_0||_F^2 = 6
        p[i * 6 + 4 + c] = 2;  // ||P_2||_F^2 = 24
      }
    }
    for (int i = 0; i < 6; i++) {
      q[i] = 3;                // ||Q_0||_F^2 = 54
      q[12 + i] = 1;           // ||Q_2||_F^2 = 6
    }
    double want = Math.pow((Math.sqrt(24) * Math.sqrt(6)) / (Math.sqrt(6) * Math.sqrt(54)), 1.0 / 4);
    assertEquals(want, new LinearRnn.KrylovBases(p, q).gelfandRadius(3, 2, 2), 1e-15);
    // K = 1: no growth to read; a zero first block: undefined
    assertTrue(Double.isNaN(new LinearRnn.KrylovBases(new double[6], new double[6]).gelfandRadius(3, 2, 2)));
    double[] p0 = p.clone();
    for (int i = 0; i < 3; i++) p0[i * 6] = p0[i * 6 + 1] = 0;
    assertTrue(Double.isNaN(new LinearRnn.KrylovBases(p0, q).gelfandRadius(3, 2, 2)));
    // W = 0.5 I: every Krylov norm halves per lag, the radius is 0.5 at any K
    double[] w = new double[16];
    for (int i = 0; i < 4; i++) w[i * 5] = 0.5 * 2; // W~ = sqrt(n) W
    LinearRnn rnn = LinearRnn.ofTilde(4, 1, 1, w, new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}, null);
    assertEquals(0.5, rnn.krylovBases(7).gelfandRadius(4, 1, 1), 1e-14);
    assertEquals(0.5, rnn.krylovBases(2).gelfandRadius(4, 1, 1), 1e-14); // K = 2: the first K with a growth
  }
}
