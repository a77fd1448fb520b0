package lrnn.kernel;

import static lrnn.kernel.KernelTestSupport.assertClose;
import static lrnn.kernel.KernelTestSupport.maxAbs;
import static lrnn.kernel.KernelTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every non-GEMM kernel of {@link PanamaKernels} against its scalar twin, at every lane width, at sizes
 * that are not lane multiples (0, 1, 7, 13, 207, ...), with offsets and leading dimensions larger than
 * the row length, and a tolerance that grows with the reduction length.
 */
@Tag("kernels")
class PanamaKernelsTest {

  private static final KernelSupport SCALAR = ScalarKernels.INSTANCE;
  private static final int[] SIZES = {0, 1, 7, 13, 207, 1021};

  @Test
  void dotAndAxpy() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      for (int len : SIZES) {
        double[] a = random(rnd, len + 5), b = random(rnd, len + 9);
        double tol = 1e-14 * (len + 1);
        assertEquals(SCALAR.dot(a, 3, b, 9, len), k.dot(a, 3, b, 9, len), tol, k.name() + " dot " + len);
        double[] y1 = b.clone(), y2 = b.clone();
        SCALAR.axpy(-0.7, a, 5, y1, 2, len);
        k.axpy(-0.7, a, 5, y2, 2, len);
        assertClose(y1, y2, 1e-15, k.name() + " axpy " + len);
      }
    }
  }

  @Test
  void facadeAxpySplitOverThreadsChangesNoBit() {
    SplittableRandom rnd = new SplittableRandom(16);
    int len = Kernels.PARALLEL_AXPY_MIN + 13;
    double[] x = random(rnd, len + 3), y = random(rnd, len + 5);
    double[] y1 = y.clone(), y2 = y.clone();
    Kernels.axpy(0.37, x, 3, y1, 5, len);
    try (Parallel p3 = new Parallel(3)) {
      Kernels.withParallel(p3, () -> {
        Kernels.axpy(0.37, x, 3, y2, 5, len);
        return null;
      });
    }
    assertArrayEquals(y1, y2);
  }

  @Test
  void krylovStep() {
    SplittableRandom rnd = new SplittableRandom(12);
    int[] ns = {0, 1, 7, 13, 207};
    int[][] mr = {{1, 0}, {0, 1}, {1, 1}, {2, 3}, {5, 1}, {6, 6}, {0, 0}};
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      for (int n : ns) {
        for (int[] s : mr) {
          int m = s[0], r = s[1];
          int ldp = m + 2, ldq = n + 3, pOff = 4, qOff = 1;
          double[] w = random(rnd, n * n);
          double[] pIn = random(rnd, pOff + n * ldp), qIn = random(rnd, qOff + r * ldq);
          double[] p1 = random(rnd, pOff + n * ldp), q1 = random(rnd, qOff + r * ldq);
          double[] p2 = p1.clone(), q2 = q1.clone();
          SCALAR.krylovStep(n, w, m, pIn, pOff, p1, pOff, ldp, r, qIn, qOff, q1, qOff, ldq);
          k.krylovStep(n, w, m, pIn, pOff, p2, pOff, ldp, r, qIn, qOff, q2, qOff, ldq);
          String what = k.name() + " krylov n=" + n + " m=" + m + " r=" + r;
          assertClose(p1, p2, 1e-14 * (n + 1), what + " P");
          assertClose(q1, q2, 1e-14 * (n + 1), what + " Q");
        }
      }
    }
  }

  @Test
  void krylovStepThreadsChangeNoBit() {
    // n spans one block (63), block boundaries with row tails (207 = 3 x 64 + 15, 1021 = 15 x 68 + 1) and
    // the 4-row kernel's tails; the blocked Q partial sums must not depend on the thread count, and the
    // facade (which picks the pool from withParallel) must give the same bits.
    SplittableRandom rnd = new SplittableRandom(14);
    int[][] mr = {{1, 1}, {1, 0}, {0, 1}, {2, 3}, {6, 6}};
    int facadeParallel = 0, facadeSameImpl = 0;
    try (Parallel p2 = new Parallel(2); Parallel p3 = new Parallel(3)) {
      for (KernelSupport k : KernelTestSupport.vectorImpls()) {
        for (int n : new int[] {63, 207, 1021}) {
          for (int[] s : mr) {
            int m = s[0], r = s[1], ldp = m + 1, ldq = n + 2;
            double[] w = random(rnd, n * n), pIn = random(rnd, n * ldp), qIn = random(rnd, r * ldq);
            double[][] p = new double[4][n * ldp], q = new double[4][r * ldq];
            k.krylovStep(n, w, m, pIn, 0, p[0], 0, ldp, r, qIn, 0, q[0], 0, ldq);
            k.krylovStep(p2, n, w, 1.0, m, pIn, 0, p[1], 0, ldp, r, qIn, 0, q[1], 0, ldq);
            k.krylovStep(p3, n, w, 1.0, m, pIn, 0, p[2], 0, ldp, r, qIn, 0, q[2], 0, ldq);
            String what = k.name() + " krylov n=" + n + " m=" + m + " r=" + r;
            for (int t = 1; t < 3; t++) {
              assertArrayEquals(p[0], p[t], what + " P, " + (t + 1) + " threads");
              assertArrayEquals(q[0], q[t], what + " Q, " + (t + 1) + " threads");
            }
            // The facade (which picks the pool from withParallel) must give the bits of its own implementation
            // on one thread. (Kernels.impl() is the JVM's choice: a vector width, or scalar when forced.)
            double[] pf = p[3], qf = q[3];
            long before = Kernels.parallelCalls(Kernels.ParallelBranch.KRYLOV);
            Kernels.withParallel(p2, () -> {
              Kernels.krylovStep(n, w, m, pIn, 0, pf, 0, ldp, r, qIn, 0, qf, 0, ldq);
              return null;
            });
            if (Kernels.parallelCalls(Kernels.ParallelBranch.KRYLOV) > before) facadeParallel++;
            double[] ps = new double[n * ldp], qs = new double[r * ldq];
            Kernels.impl().krylovStep(n, w, m, pIn, 0, ps, 0, ldp, r, qIn, 0, qs, 0, ldq);
            assertArrayEquals(ps, pf, what + " P via withParallel");
            assertArrayEquals(qs, qf, what + " Q via withParallel");
            if (k.name().equals(Kernels.impl().name())) {
              assertArrayEquals(p[0], pf, what + " P via withParallel vs the implementation itself");
              facadeSameImpl++;
            }
            double[] p1 = new double[n * ldp], q1 = new double[r * ldq];
            SCALAR.krylovStep(n, w, m, pIn, 0, p1, 0, ldp, r, qIn, 0, q1, 0, ldq);
            assertClose(p1, p[0], 1e-14 * (n + 1), what + " P vs scalar");
            assertClose(q1, q[0], 1e-14 * (n + 1), what + " Q vs scalar");
          }
        }
      }
    }
    // n = 1021 is above PARALLEL_KRYLOV_MIN_FMAS for every (m, r): the facade's multi-threaded branch must have run
    assertEquals(KernelTestSupport.vectorImpls().size() * mr.length, facadeParallel, "facade calls that went multi-threaded");
    if (!"scalar".equals(Kernels.impl().name())) assertEquals(3 * mr.length, facadeSameImpl, "facade = its implementation");
  }

  @Test
  void krylovStepFloat() {
    SplittableRandom rnd = new SplittableRandom(13);
    int[] ns = {0, 1, 7, 13, 207};
    int[][] mr = {{1, 0}, {0, 1}, {1, 1}, {2, 3}, {5, 1}, {0, 0}};
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      for (int n : ns) {
        for (int[] s : mr) {
          int m = s[0], r = s[1];
          int ldp = m + 2, ldq = n + 3, pOff = 4, qOff = 1;
          float[] w = KernelTestSupport.randomF(rnd, n * n);
          float[] pIn = KernelTestSupport.randomF(rnd, pOff + n * ldp), qIn = KernelTestSupport.randomF(rnd, qOff + r * ldq);
          float[] p1 = KernelTestSupport.randomF(rnd, pOff + n * ldp), q1 = KernelTestSupport.randomF(rnd, qOff + r * ldq);
          float[] p2 = p1.clone(), q2 = q1.clone();
          SCALAR.krylovStep(n, w, m, pIn, pOff, p1, pOff, ldp, r, qIn, qOff, q1, qOff, ldq);
          k.krylovStep(n, w, m, pIn, pOff, p2, pOff, ldp, r, qIn, qOff, q2, qOff, ldq);
          String what = k.name() + " float krylov n=" + n + " m=" + m + " r=" + r;
          assertClose(p1, p2, 1e-5 * (n + 1), what + " P");
          assertClose(q1, q2, 1e-5 * (n + 1), what + " Q");
        }
      }
    }
  }

  @Test
  void krylovRowGroupingChangesNoBit() {
    // A row's P sums must not depend on whether it falls in a group of four rows or in the tail (the
    // fixed row blocks rely on it): rows 0..22 in one range against 0..4 and 5..22 (other groups of four).
    SplittableRandom rnd = new SplittableRandom(17);
    int n = 23;
    for (int[] s : new int[][] {{1, 1}, {3, 0}, {6, 1}, {2, 2}}) {
      int m = s[0], r = s[1];
      double[] w = random(rnd, n * n), pT = random(rnd, m * n), qIn = random(rnd, r * n);
      double[] p1 = new double[n * m], p2 = new double[n * m], q = new double[r * n];
      PanamaOps.krylov(n, w, 0.3, 0, n, m, pT, p1, 0, m, r, qIn, 0, n, q, 0, n);
      PanamaOps.krylov(n, w, 0.3, 0, 5, m, pT, p2, 0, m, r, qIn, 0, n, q, 0, n);
      PanamaOps.krylov(n, w, 0.3, 5, n, m, pT, p2, 0, m, r, qIn, 0, n, q, 0, n);
      assertArrayEquals(p1, p2, PanamaOps.BITS + " bits, m = " + m + ", r = " + r);
    }
  }

  @Test
  void krylovStepScaled() {
    // scale * W without forming it, against the step with the scaled copy of W, every implementation
    SplittableRandom rnd = new SplittableRandom(15);
    java.util.List<KernelSupport> impls = new java.util.ArrayList<>(KernelTestSupport.vectorImpls());
    impls.add(SCALAR);
    try (Parallel par = new Parallel(2)) {
      for (KernelSupport k : impls) {
        for (int n : new int[] {1, 7, 207}) {
          for (int[] s : new int[][] {{1, 1}, {2, 3}}) {
            int m = s[0], r = s[1];
            double scale = 1 / Math.sqrt(n + 2.0);
            double[] w = random(rnd, n * n), pIn = random(rnd, n * m), qIn = random(rnd, r * n);
            double[] ws = w.clone();
            for (int i = 0; i < ws.length; i++) ws[i] *= scale;
            double[] p1 = new double[n * m], q1 = new double[r * n], p2 = new double[n * m], q2 = new double[r * n];
            SCALAR.krylovStep(n, ws, m, pIn, 0, p1, 0, m, r, qIn, 0, q1, 0, n);
            k.krylovStep(par, n, w, scale, m, pIn, 0, p2, 0, m, r, qIn, 0, q2, 0, n);
            String what = k.name() + " scaled krylov n=" + n + " m=" + m + " r=" + r;
            assertClose(p1, p2, 1e-14 * (n + 1), what + " P");
            assertClose(q1, q2, 1e-14 * (n + 1), what + " Q");
          }
        }
      }
    }
  }

  @Test
  void krylovIsW() {
    // hand-computed: W = [1 2; 3 4], P = [1; 1] -> W P = [3; 7]; Q = [1 1] -> Q W = [4 6]
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      double[] pOut = new double[2], qOut = new double[2];
      k.krylovStep(2, new double[] {1, 2, 3, 4}, 1, new double[] {1, 1}, 0, pOut, 0, 1, 1, new double[] {1, 1}, 0, qOut, 0, 2);
      assertArrayEquals(new double[] {3, 7}, pOut, k.name());
      assertArrayEquals(new double[] {4, 6}, qOut, k.name());
    }
  }

  /** (nSeq, len, nx, ny) shapes; lags are derived from len below. */
  private static final int[][] SEQ_SHAPES = {
      {1, 0, 1, 1}, {1, 1, 1, 1}, {2, 7, 1, 1}, {3, 13, 6, 1}, {1, 13, 2, 3}, {2, 207, 1, 1}, {1, 207, 6, 2},
  };

  private static int[] lagsFor(int len) {
    return new int[] {0, 1, 5, len, len + 3};
  }

  @Test
  void convolveAndCorrelate() {
    SplittableRandom rnd = new SplittableRandom(13);
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      for (int[] s : SEQ_SHAPES) {
        int nSeq = s[0], len = s[1], nx = s[2], ny = s[3];
        for (int lags : lagsFor(len)) {
          double[] x = random(rnd, nSeq * len * nx), g = random(rnd, lags * ny * nx), y0 = random(rnd, nSeq * len * ny);
          String what = k.name() + " N=" + nSeq + " L=" + len + " nx=" + nx + " ny=" + ny + " K=" + lags;
          for (boolean acc : new boolean[] {false, true}) {
            double[] y1 = y0.clone(), y2 = y0.clone();
            SCALAR.convolve(nSeq, len, nx, ny, lags, x, g, y1, acc);
            k.convolve(nSeq, len, nx, ny, lags, x, g, y2, acc);
            assertClose(y1, y2, 1e-14 * (lags * nx + 2), what + " convolve acc=" + acc);
          }
          double[] e = random(rnd, nSeq * len * ny);
          double[] d1 = random(rnd, lags * ny * nx), d2 = random(rnd, lags * ny * nx);
          SCALAR.correlate(nSeq, len, nx, ny, lags, e, x, d1);
          k.correlate(nSeq, len, nx, ny, lags, e, x, d2);
          assertClose(d1, d2, 1e-14 * (nSeq * len + 1), what + " correlate");
        }
      }
    }
  }

  @Test
  void correlateIsTheAdjointOfConvolve() {
    // <conv(g), e> = <g, corr(e)>: checks the vector pair against each other, independently of the scalar twin
    SplittableRandom rnd = new SplittableRandom(14);
    KernelSupport k = KernelTestSupport.vectorDefault();
    int nSeq = 3, len = 29, nx = 2, ny = 3, lags = 11;
    double[] x = random(rnd, nSeq * len * nx), g = random(rnd, lags * ny * nx), e = random(rnd, nSeq * len * ny);
    double[] y = new double[nSeq * len * ny], dg = new double[lags * ny * nx];
    k.convolve(nSeq, len, nx, ny, lags, x, g, y, false);
    k.correlate(nSeq, len, nx, ny, lags, e, x, dg);
    double lhs = 0, rhs = 0;
    for (int i = 0; i < y.length; i++) lhs += y[i] * e[i];
    for (int i = 0; i < g.length; i++) rhs += g[i] * dg[i];
    assertEquals(lhs, rhs, 1e-12 * Math.abs(lhs) + 1e-12);
  }

  @Test
  void lagGram() {
    SplittableRandom rnd = new SplittableRandom(15);
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      for (int[] s : SEQ_SHAPES) {
        int nSeq = s[0], len = s[1], nx = s[2];
        for (int lags : lagsFor(len)) {
          if (lags * nx > 300) continue; // (K nx)^2 output; the scalar recursion is O(K^2 nx^2 N)
          double[] x = random(rnd, nSeq * len * nx);
          int d = lags * nx;
          double[] r1 = random(rnd, d * d), r2 = random(rnd, d * d);
          SCALAR.lagGram(nSeq, len, nx, lags, x, r1);
          k.lagGram(nSeq, len, nx, lags, x, r2);
          String what = k.name() + " lagGram N=" + nSeq + " L=" + len + " nx=" + nx + " K=" + lags;
          assertClose(r1, r2, 1e-14 * (nSeq * len + lags + 1), what);
          // the lower triangle is mirrored from the upper one; check some of its entries against the definition
          for (int[] e : lowerEntries(rnd, d)) {
            int ja = e[0], jb = e[1], j = ja / nx, a = ja % nx, j2 = jb / nx, a2 = jb % nx;
            double want = 0;
            for (int i = 0; i < nSeq; i++) for (int t = 0; t < len; t++) want += xAt(x, len, nx, i, t - j, a) * xAt(x, len, nx, i, t - j2, a2);
            assertEquals(want, r2[ja * d + jb], 1e-14 * (nSeq * len + 1), what + " entry (" + ja + ", " + jb + ")");
          }
        }
      }
    }
  }

  @Test
  void ntkGramScaled() {
    SplittableRandom rnd = new SplittableRandom(16);
    // the last shape has N L = 414 > PanamaNtk.BAND rows: several bands and a partial one
    int[][] shapes = {{1, 0, 1}, {1, 1, 1}, {2, 7, 1}, {1, 13, 3}, {3, 13, 6}, {2, 207, 2}};
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      for (int[] s : shapes) {
        int nSeq = s[0], len = s[1], nx = s[2];
        for (int lags : new int[] {0, 1, 4, Math.min(len + 2, 20)}) {
          double[] x = random(rnd, nSeq * len * nx), lambda = new double[lags];
          for (int j = 0; j < lags; j++) lambda[j] = Math.pow(0.5, j) * (1 + j * 0.3);
          int rows = nSeq * len;
          double[] o1 = random(rnd, rows * rows), o2 = random(rnd, rows * rows);
          SCALAR.ntkGramScaled(nSeq, len, nx, lags, x, lambda, o1);
          k.ntkGramScaled(nSeq, len, nx, lags, x, lambda, o2);
          String what = k.name() + " ntkGramScaled N=" + nSeq + " L=" + len + " nx=" + nx + " K=" + lags;
          assertClose(o1, o2, 1e-14 * (lags * nx + 1) * Math.max(1, maxAbs(lambda)), what);
          // the lower triangle is mirrored from the upper one; check some of its entries against the definition
          for (int[] e : lowerEntries(rnd, rows)) {
            int i = e[0] / len, t = e[0] % len, i2 = e[1] / len, t2 = e[1] % len;
            double want = 0;
            for (int j = 0; j < lags; j++) for (int a = 0; a < nx; a++) want += lambda[j] * xAt(x, len, nx, i, t - j, a) * xAt(x, len, nx, i2, t2 - j, a);
            assertEquals(want, o2[e[0] * rows + e[1]], 1e-14 * (lags * nx + 1), what + " entry (" + e[0] + ", " + e[1] + ")");
          }
        }
      }
    }
  }

  @Test
  void ntkGramFull() {
    SplittableRandom rnd = new SplittableRandom(17);
    // (nSeq, len, nx, ny, lags); the last has N L = 250 > BAND
    int[][] shapes = {{1, 0, 1, 1, 2}, {1, 1, 1, 1, 1}, {2, 7, 2, 2, 3}, {1, 13, 1, 3, 13}, {2, 5, 3, 1, 8}, {1, 250, 1, 2, 3}};
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      for (int[] s : shapes) {
        int nSeq = s[0], len = s[1], nx = s[2], ny = s[3], lags = s[4];
        int d = lags * ny * nx, rows = nSeq * len * ny;
        double[] x = random(rnd, nSeq * len * nx);
        double[] m = random(rnd, d * d); // not symmetric: both must read M through the upper triangle of out
        double[] o1 = random(rnd, rows * rows), o2 = random(rnd, rows * rows);
        SCALAR.ntkGramFull(nSeq, len, nx, ny, lags, x, m, o1);
        k.ntkGramFull(nSeq, len, nx, ny, lags, x, m, o2);
        String what = k.name() + " ntkGramFull N=" + nSeq + " L=" + len + " nx=" + nx + " ny=" + ny + " K=" + lags;
        assertClose(o1, o2, 1e-14 * (lags * nx + 1) * (lags * nx + 1), what);
      }
    }
  }

  /** x[i, t, a] of an (N, L, nx) array, zero for negative time. */
  private static double xAt(double[] x, int len, int nx, int i, int t, int a) {
    return t < 0 ? 0 : x[(i * len + t) * nx + a];
  }

  /** Up to 12 entries (r, c) with r > c of a d x d matrix: the last row's first entry, then random ones. */
  private static java.util.List<int[]> lowerEntries(SplittableRandom rnd, int d) {
    java.util.List<int[]> out = new java.util.ArrayList<>();
    if (d < 2) return out;
    out.add(new int[] {d - 1, 0});
    for (int k = 0; k < 11; k++) {
      int r = 1 + rnd.nextInt(d - 1);
      out.add(new int[] {r, rnd.nextInt(r)});
    }
    return out;
  }

  @Test
  void dotSumsFourVectorAccumulatorsThenTheScalarTail() {
    // The vector dot's fixed summation order (results are reproducible per lane width): four accumulators
    // over blocks of 4 vectors, then whole vectors into the first, the lanes of (s0 + s1) + (s2 + s3) in
    // order, then the scalar tail, every step an FMA. Modelled lane by lane; every length up to 9 vectors.
    int ld = PanamaOps.LD;
    // One lane of the 4 vectors of a 4-vector block holds 2^53, 0, 1, 1: (2^53 + 0) + (1 + 1) is exact, one
    // accumulator for the block would round 2^53 + 1 to 2^53 twice.
    double[] a4 = new double[4 * ld], b4 = new double[4 * ld];
    a4[0] = 0x1p53;
    a4[2 * ld] = 1;
    a4[3 * ld] = 1;
    java.util.Arrays.fill(b4, 1);
    assertEquals(0x1p53 + 2, PanamaOps.dot(a4, 0, b4, 0, 4 * ld), 0.0, "four accumulators per block");
    SplittableRandom rnd = new SplittableRandom(19);
    for (int rep = 0; rep < 20; rep++) for (int len = 0; len <= 9 * ld + 3; len++) {
      double[] a = random(rnd, len + 2), b = random(rnd, len + 1);
      double[][] s = new double[4][ld];
      int i = 0;
      for (; i <= len - 4 * ld; i += 4 * ld) {
        for (int v = 0; v < 4; v++) {
          for (int l = 0; l < ld; l++) s[v][l] = Math.fma(a[2 + i + v * ld + l], b[1 + i + v * ld + l], s[v][l]);
        }
      }
      for (; i <= len - ld; i += ld) {
        for (int l = 0; l < ld; l++) s[0][l] = Math.fma(a[2 + i + l], b[1 + i + l], s[0][l]);
      }
      double e = 0;
      for (int l = 0; l < ld; l++) e += (s[0][l] + s[1][l]) + (s[2][l] + s[3][l]);
      for (; i < len; i++) e = Math.fma(a[2 + i], b[1 + i], e);
      assertEquals(Double.doubleToLongBits(e), Double.doubleToLongBits(PanamaOps.dot(a, 2, b, 1, len)),
          PanamaOps.BITS + "-bit dot, length " + len);
    }
  }

  @Test
  void krylovRowsInTheTailGetTheBitsOfRowsInGroupsOfFour() {
    // Every row once as a one-row range (all in the tail kernels) against all rows in one range (groups of
    // four): the same P bits, double and float, with n a multiple of the Krylov lanes (the last full vector
    // is the main loop's in each kernel) and not, and up to 8 columns of P (two passes of 4 in the tail).
    SplittableRandom rnd = new SplittableRandom(20);
    for (int n : new int[] {16, 23}) {
      for (int[] s : new int[][] {{1, 0}, {0, 1}, {1, 1}, {2, 0}, {3, 0}, {3, 2}, {5, 1}, {7, 0}, {8, 2}}) {
        int m = s[0], r = s[1];
        String what = PanamaOps.BITS + " bits, n = " + n + ", m = " + m + ", r = " + r;
        double[] w = random(rnd, n * n), pT = random(rnd, m * n), qIn = random(rnd, r * n);
        double[] p1 = new double[n * m], p2 = new double[n * m], q = new double[r * n];
        PanamaOps.krylov(n, w, 0.3, 0, n, m, pT, p1, 0, m, r, qIn, 0, n, q, 0, n);
        for (int i = 0; i < n; i++) PanamaOps.krylov(n, w, 0.3, i, i + 1, m, pT, p2, 0, m, r, qIn, 0, n, q, 0, n);
        assertArrayEquals(p1, p2, what);
        float[] wf = KernelTestSupport.randomF(rnd, n * n), pTf = KernelTestSupport.randomF(rnd, m * n);
        float[] qInF = KernelTestSupport.randomF(rnd, r * n);
        float[] f1 = new float[n * m], f2 = new float[n * m], qf = new float[r * n];
        PanamaOps.krylovF(n, wf, 0.3f, 0, n, m, pTf, f1, 0, m, r, qInF, 0, n, qf, 0, n);
        for (int i = 0; i < n; i++) PanamaOps.krylovF(n, wf, 0.3f, i, i + 1, m, pTf, f2, 0, m, r, qInF, 0, n, qf, 0, n);
        assertArrayEquals(f1, f2, what + " float");
      }
    }
  }
}
