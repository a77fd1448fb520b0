package lrnn.kernel;

import static lrnn.kernel.KernelTestSupport.random;
import static lrnn.kernel.KernelTestSupport.randomF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The validating facade {@link Kernels}: every call gives the bits of the implementation it dispatches to, the
 * argument checks sit exactly at the boundaries they document, and the multi-threaded branches are taken exactly
 * from their thresholds on (read through {@link Kernels#parallelCalls}).
 */
@Tag("kernels")
class KernelsFacadeTest {

  private static final KernelSupport IMPL = Kernels.impl();

  private static void assertRejected(String fragment, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), () -> "message lacks '" + fragment + "': " + e.getMessage());
  }

  // ------------------------------------------------------------------------------------- same bits as impl()

  @Test
  void everyCallGivesTheBitsOfItsImplementation() {
    SplittableRandom rnd = new SplittableRandom(31);
    assertSame(KernelProvider.get(), Kernels.impl());
    // gemm with offsets, leading dimensions, both transposes, alpha and beta
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        int m = 5, n = 7, k = 6, lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 1, ldc = n + 3;
        double[] a = random(rnd, 3 + (ta ? k : m) * lda), b = random(rnd, 2 + (tb ? n : k) * ldb);
        double[] c0 = random(rnd, 1 + m * ldc), c1 = c0.clone(), c2 = c0.clone();
        Kernels.gemm(ta, tb, m, n, k, 0.7, a, 3, lda, b, 2, ldb, -0.3, c0, 1, ldc);
        IMPL.gemm(ta, tb, m, n, k, 0.7, a, 3, lda, b, 2, ldb, -0.3, c1, 1, ldc);
        assertArrayEquals(c1, c0, "gemm " + ta + " " + tb);
        try (Parallel p = new Parallel(2)) {
          Kernels.gemm(p, ta, tb, m, n, k, 0.7, a, 3, lda, b, 2, ldb, -0.3, c2, 1, ldc);
        }
        assertArrayEquals(c1, c2, "gemm(par) " + ta + " " + tb);
        float[] af = randomF(rnd, a.length), bf = randomF(rnd, b.length), cf0 = randomF(rnd, c0.length);
        float[] cf1 = cf0.clone(), cf2 = cf0.clone();
        Kernels.gemm(ta, tb, m, n, k, 0.7f, af, 3, lda, bf, 2, ldb, -0.3f, cf0, 1, ldc);
        IMPL.gemm(ta, tb, m, n, k, 0.7f, af, 3, lda, bf, 2, ldb, -0.3f, cf1, 1, ldc);
        assertArrayEquals(cf1, cf0, "sgemm " + ta + " " + tb);
        try (Parallel p = new Parallel(2)) {
          Kernels.gemm(p, ta, tb, m, n, k, 0.7f, af, 3, lda, bf, 2, ldb, -0.3f, cf2, 1, ldc);
        }
        assertArrayEquals(cf1, cf2, "sgemm(par) " + ta + " " + tb);
        // packed B
        PackedMatrix pb = Kernels.packB(tb, k, n, b, 2, ldb);
        double[] c3 = random(rnd, c0.length), c4 = c3.clone();
        Kernels.gemm(ta, m, 0.7, a, 3, lda, pb, -0.3, c3, 1, ldc);
        IMPL.gemm(ta, tb, m, n, k, 0.7, a, 3, lda, b, 2, ldb, -0.3, c4, 1, ldc);
        assertArrayEquals(c4, c3, "packed gemm " + ta + " " + tb);
      }
    }
    double[] a = random(rnd, 12), b = random(rnd, 12), c = new double[12];
    Kernels.matmul(3, 4, 3, a, b, c);
    double[] want = new double[12];
    IMPL.gemm(false, false, 3, 4, 3, 1.0, a, 0, 3, b, 0, 4, 0.0, want, 0, 4);
    assertArrayEquals(want, c, "matmul");

    double[] x = random(rnd, 40), y = random(rnd, 40);
    assertEquals(IMPL.dot(x, 3, y, 5, 31), Kernels.dot(x, 3, y, 5, 31));
    double[] y1 = y.clone(), y2 = y.clone();
    Kernels.axpy(-1.25, x, 2, y1, 4, 33);
    IMPL.axpy(-1.25, x, 2, y2, 4, 33);
    assertArrayEquals(y2, y1, "axpy");

    // Krylov steps (double with and without scale, float)
    int n = 9, m = 2, r = 3, ldp = m + 1, ldq = n + 2;
    double[] w = random(rnd, n * n), pIn = random(rnd, 1 + n * ldp), qIn = random(rnd, 2 + r * ldq);
    double[] p0 = new double[1 + n * ldp], p1 = p0.clone(), q0 = new double[2 + r * ldq], q1 = q0.clone();
    Kernels.krylovStep(n, w, m, pIn, 1, p0, 1, ldp, r, qIn, 2, q0, 2, ldq);
    IMPL.krylovStep(n, w, m, pIn, 1, p1, 1, ldp, r, qIn, 2, q1, 2, ldq);
    assertArrayEquals(p1, p0, "krylov P");
    assertArrayEquals(q1, q0, "krylov Q");
    Kernels.krylovStep(n, w, 0.5, m, pIn, 1, p0, 1, ldp, r, qIn, 2, q0, 2, ldq);
    IMPL.krylovStep(null, n, w, 0.5, m, pIn, 1, p1, 1, ldp, r, qIn, 2, q1, 2, ldq);
    assertArrayEquals(p1, p0, "scaled krylov P");
    assertArrayEquals(q1, q0, "scaled krylov Q");
    float[] wf = randomF(rnd, n * n), pInF = randomF(rnd, n * ldp), qInF = randomF(rnd, r * ldq);
    float[] pf0 = new float[n * ldp], pf1 = pf0.clone(), qf0 = new float[r * ldq], qf1 = qf0.clone();
    Kernels.krylovStep(n, wf, m, pInF, 0, pf0, 0, ldp, r, qInF, 0, qf0, 0, ldq);
    IMPL.krylovStep(n, wf, m, pInF, 0, pf1, 0, ldp, r, qInF, 0, qf1, 0, ldq);
    assertArrayEquals(pf1, pf0, "float krylov P");
    assertArrayEquals(qf1, qf0, "float krylov Q");

    // sequence kernels
    int nSeq = 2, len = 6, nx = 2, ny = 3, lags = 4;
    double[] xs = random(rnd, nSeq * len * nx), g = random(rnd, lags * ny * nx);
    double[] ys0 = random(rnd, nSeq * len * ny), ys1 = ys0.clone();
    Kernels.convolve(nSeq, len, nx, ny, lags, xs, g, ys0, true);
    IMPL.convolve(nSeq, len, nx, ny, lags, xs, g, ys1, true);
    assertArrayEquals(ys1, ys0, "convolve");
    double[] e = random(rnd, nSeq * len * ny), dg0 = new double[g.length], dg1 = new double[g.length];
    Kernels.correlate(nSeq, len, nx, ny, lags, e, xs, dg0);
    IMPL.correlate(nSeq, len, nx, ny, lags, e, xs, dg1);
    assertArrayEquals(dg1, dg0, "correlate");
    int d = lags * nx;
    double[] rxx0 = new double[d * d], rxx1 = new double[d * d];
    Kernels.lagGram(nSeq, len, nx, lags, xs, rxx0);
    IMPL.lagGram(nSeq, len, nx, lags, xs, rxx1);
    assertArrayEquals(rxx1, rxx0, "lagGram");
    double[] lambda = {1, 0.5, 0.25, 0.125};
    int rows = nSeq * len;
    double[] o0 = new double[rows * rows], o1 = new double[rows * rows];
    Kernels.ntkGramScaled(nSeq, len, nx, lags, xs, lambda, o0);
    IMPL.ntkGramScaled(nSeq, len, nx, lags, xs, lambda, o1);
    assertArrayEquals(o1, o0, "ntkGramScaled");
    int dm = lags * ny * nx, rowsY = rows * ny;
    double[] mm = random(rnd, dm * dm), f0 = new double[rowsY * rowsY], f1 = new double[rowsY * rowsY];
    Kernels.ntkGramFull(nSeq, len, nx, ny, lags, xs, mm, f0);
    IMPL.ntkGramFull(nSeq, len, nx, ny, lags, xs, mm, f1);
    assertArrayEquals(f1, f0, "ntkGramFull");
  }

  // ------------------------------------------------------------------------------------- argument checks

  @Test
  void gemmChecksEachMatrixAtItsExactBoundary() {
    // m = 2, n = 3, k = 4; A (2 x 4) at offset 1 with lda 5 needs 1 + 5 + 4 = 10 elements
    double[] b = new double[12], c = new double[6];
    assertDoesNotThrow(() -> Kernels.gemm(false, false, 2, 3, 4, 1, new double[10], 1, 5, b, 0, 3, 0, c, 0, 3));
    assertRejected("A: a 2 x 4 matrix at offset 1 with leading dimension 5 does not fit in 9 elements",
        () -> Kernels.gemm(false, false, 2, 3, 4, 1, new double[9], 1, 5, b, 0, 3, 0, c, 0, 3));
    assertDoesNotThrow(() -> Kernels.gemm(false, false, 2, 3, 4, 1, new double[8], 0, 4, b, 0, 3, 0, c, 0, 3));
    assertRejected("A: leading dimension 3 < 4 columns",
        () -> Kernels.gemm(false, false, 2, 3, 4, 1, new double[20], 0, 3, b, 0, 3, 0, c, 0, 3));
    assertRejected("A: a 2 x 4 matrix at offset -1",
        () -> Kernels.gemm(false, false, 2, 3, 4, 1, new double[20], -1, 4, b, 0, 3, 0, c, 0, 3));
    // transposed A is k x m = 4 x 2
    assertDoesNotThrow(() -> Kernels.gemm(true, false, 2, 3, 4, 1, new double[8], 0, 2, b, 0, 3, 0, c, 0, 3));
    assertRejected("A: a 4 x 2 matrix", () -> Kernels.gemm(true, false, 2, 3, 4, 1, new double[7], 0, 2, b, 0, 3, 0, c, 0, 3));
    // B (4 x 3), transposed 3 x 4
    assertRejected("B: a 4 x 3 matrix", () -> Kernels.gemm(false, false, 2, 3, 4, 1, new double[8], 0, 4, new double[11], 0, 3, 0, c, 0, 3));
    assertDoesNotThrow(() -> Kernels.gemm(false, true, 2, 3, 4, 1, new double[8], 0, 4, new double[12], 0, 4, 0, c, 0, 3));
    assertRejected("B: a 3 x 4 matrix", () -> Kernels.gemm(false, true, 2, 3, 4, 1, new double[8], 0, 4, new double[11], 0, 4, 0, c, 0, 3));
    // C (2 x 3)
    assertRejected("C: a 2 x 3 matrix", () -> Kernels.gemm(false, false, 2, 3, 4, 1, new double[8], 0, 4, b, 0, 3, 0, new double[5], 0, 3));
    assertRejected("C: leading dimension 2 < 3 columns", () -> Kernels.gemm(false, false, 2, 3, 4, 1, new double[8], 0, 4, b, 0, 3, 0, new double[9], 0, 2));
    // counts
    assertRejected("m = -1 must be >= 0", () -> Kernels.gemm(false, false, -1, 3, 4, 1, new double[8], 0, 4, b, 0, 3, 0, c, 0, 3));
    assertRejected("n = -1 must be >= 0", () -> Kernels.gemm(false, false, 2, -1, 4, 1, new double[8], 0, 4, b, 0, 3, 0, c, 0, 3));
    assertRejected("k = -1 must be >= 0", () -> Kernels.gemm(false, false, 2, 3, -1, 1, new double[8], 0, 4, b, 0, 3, 0, c, 0, 3));
    // an empty product needs no storage at all (C is left alone)
    double[] keep = {42};
    Kernels.gemm(false, false, 0, 3, 4, 1, new double[0], 0, 0, b, 0, 3, 0, keep, 0, 3);
    Kernels.gemm(false, false, 2, 0, 4, 1, new double[8], 0, 4, new double[0], 0, 0, 0, keep, 0, 0);
    assertEquals(42, keep[0]);
    // float gemm and the explicit-pool gemms use the same checks
    assertRejected("A: a 2 x 4 matrix", () -> Kernels.gemm(false, false, 2, 3, 4, 1f, new float[7], 0, 4, new float[12], 0, 3, 0f, new float[6], 0, 3));
    try (Parallel p = new Parallel(2)) {
      assertRejected("C: a 2 x 3 matrix", () -> Kernels.gemm(p, false, false, 2, 3, 4, 1, new double[8], 0, 4, b, 0, 3, 0, new double[5], 0, 3));
      assertRejected("B: a 4 x 3 matrix", () -> Kernels.gemm(p, false, false, 2, 3, 4, 1f, new float[8], 0, 4, new float[11], 0, 3, 0f, new float[6], 0, 3));
      assertThrows(NullPointerException.class, () -> Kernels.gemm((Parallel) null, false, false, 1, 1, 1, 1f, new float[1], 0, 1, new float[1], 0, 1, 0f, new float[1], 0, 1));
    }
  }

  @Test
  void packedGemmAndPackBCheckTheirArguments() {
    assertRejected("k = -1 must be >= 0", () -> Kernels.packB(false, -1, 3, new double[9], 0, 3));
    assertRejected("n = -1 must be >= 0", () -> Kernels.packB(false, 3, -1, new double[9], 0, 3));
    assertRejected("B: a 3 x 4 matrix", () -> Kernels.packB(false, 3, 4, new double[11], 0, 4));
    assertRejected("B: a 4 x 3 matrix", () -> Kernels.packB(true, 3, 4, new double[11], 0, 3));
    PackedMatrix pb = Kernels.packB(false, 3, 4, new double[12], 0, 4); // k = 3, n = 4
    assertThrows(NullPointerException.class, () -> Kernels.gemm(false, 2, 1, new double[6], 0, 3, null, 0, new double[8], 0, 4));
    assertRejected("m = -1 must be >= 0", () -> Kernels.gemm(false, -1, 1, new double[6], 0, 3, pb, 0, new double[8], 0, 4));
    assertRejected("A: a 2 x 3 matrix", () -> Kernels.gemm(false, 2, 1, new double[5], 0, 3, pb, 0, new double[8], 0, 4));
    assertRejected("A: a 3 x 2 matrix", () -> Kernels.gemm(true, 2, 1, new double[5], 0, 2, pb, 0, new double[8], 0, 4));
    assertRejected("C: a 2 x 4 matrix", () -> Kernels.gemm(false, 2, 1, new double[6], 0, 3, pb, 0, new double[7], 0, 4));
    assertDoesNotThrow(() -> Kernels.gemm(false, 2, 1, new double[6], 0, 3, pb, 0, new double[8], 0, 4));
  }

  @Test
  void vectorCallsCheckOffsetAndLength() {
    double[] x = new double[10], y = new double[10];
    assertDoesNotThrow(() -> Kernels.dot(x, 4, y, 0, 6));
    assertRejected("a: offset 5 + length 6 exceeds its 10 elements", () -> Kernels.dot(x, 5, y, 0, 6));
    assertRejected("b: offset 5 + length 6 exceeds its 10 elements", () -> Kernels.dot(x, 0, y, 5, 6));
    assertRejected("a: offset -1", () -> Kernels.dot(x, -1, y, 0, 1));
    assertRejected("length -1", () -> Kernels.dot(x, 0, y, 0, -1));
    assertDoesNotThrow(() -> Kernels.axpy(1, x, 0, y, 4, 6));
    assertRejected("x: offset 5 + length 6", () -> Kernels.axpy(1, x, 5, y, 0, 6));
    assertEquals(0, Kernels.dot(x, 10, y, 10, 0), "an empty range at the very end is fine");
    assertDoesNotThrow(() -> Kernels.axpy(1, x, 10, y, 10, 0));
    assertRejected("x: offset 0 + length -1", () -> Kernels.axpy(1, x, 0, y, 0, -1));
    assertRejected("y: offset 5 + length 6", () -> Kernels.axpy(1, x, 0, y, 5, 6));
  }

  @Test
  void krylovStepChecksItsArguments() {
    int n = 3;
    double[] w = new double[9], p = new double[6], q = new double[6];
    // m = 2 columns in P with ldp 2: 3 x 2 needs 6; r = 2 rows of Q with ldq 3 needs 6
    assertDoesNotThrow(() -> Kernels.krylovStep(n, w, 2, p, 0, new double[6], 0, 2, 2, q, 0, new double[6], 0, 3));
    assertDoesNotThrow(() -> Kernels.krylovStep(n, w, 0, null, 0, null, 0, 0, 2, q, 0, new double[6], 0, 3));
    assertDoesNotThrow(() -> Kernels.krylovStep(n, w, 2, p, 0, new double[6], 0, 2, 0, null, 0, null, 0, 0));
    assertRejected("n = -1 must be >= 0", () -> Kernels.krylovStep(-1, w, 0, null, 0, null, 0, 0, 0, null, 0, null, 0, 0));
    assertRejected("W has 8 elements but 9 are needed", () -> Kernels.krylovStep(n, new double[8], 0, null, 0, null, 0, 0, 0, null, 0, null, 0, 0));
    assertRejected("P_in: a 3 x 2 matrix", () -> Kernels.krylovStep(n, w, 2, new double[5], 0, new double[6], 0, 2, 0, null, 0, null, 0, 0));
    assertRejected("P_out: a 3 x 2 matrix", () -> Kernels.krylovStep(n, w, 2, p, 0, new double[6], 1, 2, 0, null, 0, null, 0, 0));
    assertRejected("Q_in: a 2 x 3 matrix", () -> Kernels.krylovStep(n, w, 0, null, 0, null, 0, 0, 2, new double[5], 0, new double[6], 0, 3));
    assertRejected("Q_out: a 2 x 3 matrix", () -> Kernels.krylovStep(n, w, 0, null, 0, null, 0, 0, 2, q, 0, new double[6], 1, 3));
    assertRejected("scale = NaN must be finite", () -> Kernels.krylovStep(n, w, Double.NaN, 2, p, 0, new double[6], 0, 2, 0, null, 0, null, 0, 0));
    assertRejected("scale = Infinity must be finite", () -> Kernels.krylovStep(n, w, Double.POSITIVE_INFINITY, 2, p, 0, new double[6], 0, 2, 0, null, 0, null, 0, 0));
    assertRejected("P_in: a 3 x 2 matrix", () -> Kernels.krylovStep(n, new float[9], 2, new float[5], 0, new float[6], 0, 2, 0, null, 0, null, 0, 0));
    assertRejected("Q_out: a 2 x 3 matrix", () -> Kernels.krylovStep(n, new float[9], 0, null, 0, null, 0, 0, 2, new float[6], 0, new float[5], 0, 3));
  }

  @Test
  void sequenceKernelsCheckTheirLengths() {
    // N = 2, L = 3, n_x = 2, n_y = 1, K = 2
    double[] x = new double[12], g = new double[4], y = new double[6];
    assertDoesNotThrow(() -> Kernels.convolve(2, 3, 2, 1, 2, x, g, y, false));
    assertRejected("x has 11 elements but 12 are needed", () -> Kernels.convolve(2, 3, 2, 1, 2, new double[11], g, y, false));
    assertRejected("g has 3 elements but 4 are needed", () -> Kernels.convolve(2, 3, 2, 1, 2, x, new double[3], y, false));
    assertRejected("y has 5 elements but 6 are needed", () -> Kernels.convolve(2, 3, 2, 1, 2, x, g, new double[5], false));
    assertRejected("N (sequences) = -1 must be >= 0", () -> Kernels.convolve(-1, 3, 2, 1, 2, x, g, y, false));
    assertRejected("L (length) = -1 must be >= 0", () -> Kernels.convolve(2, -1, 2, 1, 2, x, g, y, false));
    assertRejected("n_x = -1 must be >= 0", () -> Kernels.convolve(2, 3, -1, 1, 2, x, g, y, false));
    assertRejected("K (lags) = -1 must be >= 0", () -> Kernels.convolve(2, 3, 2, 1, -1, x, g, y, false));
    assertDoesNotThrow(() -> Kernels.correlate(2, 3, 2, 1, 2, y, x, g));
    assertRejected("e has 5 elements but 6 are needed", () -> Kernels.correlate(2, 3, 2, 1, 2, new double[5], x, g));
    assertRejected("x has 11 elements", () -> Kernels.correlate(2, 3, 2, 1, 2, y, new double[11], g));
    assertRejected("dg has 3 elements but 4 are needed", () -> Kernels.correlate(2, 3, 2, 1, 2, y, x, new double[3]));
    assertDoesNotThrow(() -> Kernels.lagGram(2, 3, 2, 2, x, new double[16]));
    assertRejected("rxx has 15 elements but 16 are needed", () -> Kernels.lagGram(2, 3, 2, 2, x, new double[15]));
    assertRejected("x has 11 elements", () -> Kernels.lagGram(2, 3, 2, 2, new double[11], new double[16]));
    assertDoesNotThrow(() -> Kernels.ntkGramScaled(2, 3, 2, 2, x, new double[2], new double[36]));
    assertRejected("lambda has 1 elements but 2 are needed", () -> Kernels.ntkGramScaled(2, 3, 2, 2, x, new double[1], new double[36]));
    assertRejected("out has 35 elements but 36 are needed", () -> Kernels.ntkGramScaled(2, 3, 2, 2, x, new double[2], new double[35]));
    assertRejected("x has 11 elements", () -> Kernels.ntkGramScaled(2, 3, 2, 2, new double[11], new double[2], new double[36]));
    assertDoesNotThrow(() -> Kernels.ntkGramFull(2, 3, 2, 1, 2, x, new double[16], new double[36]));
    assertRejected("M has 15 elements but 16 are needed", () -> Kernels.ntkGramFull(2, 3, 2, 1, 2, x, new double[15], new double[36]));
    assertRejected("out has 35 elements", () -> Kernels.ntkGramFull(2, 3, 2, 1, 2, x, new double[16], new double[35]));
    assertRejected("x has 11 elements", () -> Kernels.ntkGramFull(2, 3, 2, 1, 2, new double[11], new double[16], new double[36]));
  }

  @Test
  void sequenceKernelsCheckEveryDimensionWithSeveralOutputs() {
    // N = 2, L = 3, n_x = 2, n_y = 3, K = 2: every size is a product with a factor other than 1
    double[] x = new double[12], g = new double[12], y = new double[18];
    assertDoesNotThrow(() -> Kernels.convolve(2, 3, 2, 3, 2, x, g, y, true));
    assertRejected("g has 11 elements but 12 are needed", () -> Kernels.convolve(2, 3, 2, 3, 2, x, new double[11], y, false));
    assertRejected("y has 17 elements but 18 are needed", () -> Kernels.convolve(2, 3, 2, 3, 2, x, g, new double[17], false));
    assertDoesNotThrow(() -> Kernels.correlate(2, 3, 2, 3, 2, y, x, g));
    assertRejected("e has 17 elements but 18 are needed", () -> Kernels.correlate(2, 3, 2, 3, 2, new double[17], x, g));
    assertRejected("dg has 11 elements but 12 are needed", () -> Kernels.correlate(2, 3, 2, 3, 2, y, x, new double[11]));
    // ntkGramFull: M is (K n_y n_x)^2 = 144, out (N L n_y)^2 = 324
    assertDoesNotThrow(() -> Kernels.ntkGramFull(2, 3, 2, 3, 2, x, new double[144], new double[324]));
    assertRejected("M has 143 elements but 144 are needed", () -> Kernels.ntkGramFull(2, 3, 2, 3, 2, x, new double[143], new double[324]));
    assertRejected("out has 323 elements but 324 are needed", () -> Kernels.ntkGramFull(2, 3, 2, 3, 2, x, new double[144], new double[323]));
    // negative counts are refused by every sequence kernel
    assertRejected("N (sequences) = -1", () -> Kernels.correlate(-1, 3, 2, 3, 2, y, x, g));
    assertRejected("K (lags) = -1", () -> Kernels.lagGram(2, 3, 2, -1, x, new double[16]));
    assertRejected("L (length) = -1", () -> Kernels.ntkGramScaled(2, -1, 2, 2, x, new double[2], new double[36]));
    assertRejected("n_x = -1", () -> Kernels.ntkGramFull(2, 3, -1, 3, 2, x, new double[144], new double[324]));
  }

  // ------------------------------------------------------------------------------------- parallel thresholds

  private static long calls(Kernels.ParallelBranch b) {
    return Kernels.parallelCalls(b);
  }

  /** Whether {@code call} took branch {@code b} inside withParallel on {@code par}. */
  private static boolean tookBranch(Parallel par, Kernels.ParallelBranch b, Runnable call) {
    long before = calls(b);
    Kernels.withParallel(par, () -> {
      call.run();
      return null;
    });
    return calls(b) > before;
  }

  @Test
  void parallelBranchesStartExactlyAtTheirThresholds() {
    assertEquals(1L << 18, Kernels.PARALLEL_GEMM_MIN_FMAS);
    assertEquals(1L << 19, Kernels.PARALLEL_KRYLOV_MIN_FMAS);
    assertEquals(1 << 17, Kernels.PARALLEL_AXPY_MIN);
    SplittableRandom rnd = new SplittableRandom(32);
    try (Parallel p2 = new Parallel(2); Parallel p1 = new Parallel(1)) {
      // gemm: m n k = 64 x 64 x 64 = 2^18 is parallel, 64 x 64 x 63 is not
      double[] a = random(rnd, 64 * 64), b = random(rnd, 64 * 64);
      double[] c1 = new double[64 * 64], c2 = new double[64 * 64];
      assertTrue(tookBranch(p2, Kernels.ParallelBranch.GEMM,
          () -> Kernels.gemm(false, false, 64, 64, 64, 1.0, a, 0, 64, b, 0, 64, 0.0, c1, 0, 64)));
      IMPL.gemm(false, false, 64, 64, 64, 1.0, a, 0, 64, b, 0, 64, 0.0, c2, 0, 64);
      assertArrayEquals(c2, c1, "parallel gemm = single-threaded bits");
      assertTrue(!tookBranch(p2, Kernels.ParallelBranch.GEMM,
          () -> Kernels.gemm(false, false, 64, 64, 63, 1.0, a, 0, 63, b, 0, 64, 0.0, c1, 0, 64)));
      assertTrue(!tookBranch(p1, Kernels.ParallelBranch.GEMM,
          () -> Kernels.gemm(false, false, 64, 64, 64, 1.0, a, 0, 64, b, 0, 64, 0.0, c1, 0, 64)), "one thread");
      long before = calls(Kernels.ParallelBranch.GEMM);
      Kernels.gemm(false, false, 64, 64, 64, 1.0, a, 0, 64, b, 0, 64, 0.0, c1, 0, 64);
      assertEquals(before, calls(Kernels.ParallelBranch.GEMM), "outside withParallel");
      assertNull(Kernels.currentParallel());
      assertSame(p2, Kernels.withParallel(p2, Kernels::currentParallel));
      assertThrows(NullPointerException.class, () -> Kernels.withParallel(null, () -> 1));

      // packed gemm: the same threshold
      PackedMatrix pb = Kernels.packB(false, 64, 64, b, 0, 64);
      assertTrue(tookBranch(p2, Kernels.ParallelBranch.PACKED_GEMM,
          () -> Kernels.gemm(false, 64, 1.0, a, 0, 64, pb, 0.0, c1, 0, 64)));
      assertArrayEquals(c2, c1, "parallel packed gemm = single-threaded bits");
      assertTrue(!tookBranch(p2, Kernels.ParallelBranch.PACKED_GEMM,
          () -> Kernels.gemm(false, 63, 1.0, a, 0, 64, pb, 0.0, c1, 0, 64)));
      assertTrue(!tookBranch(p1, Kernels.ParallelBranch.PACKED_GEMM,
          () -> Kernels.gemm(false, 64, 1.0, a, 0, 64, pb, 0.0, c1, 0, 64)), "one thread");

      // axpy: 2^17 elements are split over the pool (same bits), 2^17 - 1 are not
      int len = 1 << 17;
      double[] x = random(rnd, len + 3), y = random(rnd, len + 5), yWant = y.clone();
      assertTrue(tookBranch(p2, Kernels.ParallelBranch.AXPY, () -> Kernels.axpy(0.3, x, 3, y, 5, len)));
      IMPL.axpy(0.3, x, 3, yWant, 5, len);
      assertArrayEquals(yWant, y, "parallel axpy = single-threaded bits");
      assertTrue(!tookBranch(p2, Kernels.ParallelBranch.AXPY, () -> Kernels.axpy(0.3, x, 3, y, 5, len - 1)));
      assertTrue(!tookBranch(p1, Kernels.ParallelBranch.AXPY, () -> Kernels.axpy(0.3, x, 3, y, 5, len)), "one thread");

      // Krylov step: n^2 max(1, m + r) = 512^2 x 2 = 2^19 is parallel, 512^2 x 1 is not
      int n = 512;
      double[] w = random(rnd, n * n), pIn = random(rnd, n), qIn = random(rnd, n), po = new double[n], qo = new double[n];
      assertTrue(tookBranch(p2, Kernels.ParallelBranch.KRYLOV,
          () -> Kernels.krylovStep(n, w, 1, pIn, 0, po, 0, 1, 1, qIn, 0, qo, 0, n)));
      double[] poWant = new double[n], qoWant = new double[n];
      IMPL.krylovStep(n, w, 1, pIn, 0, poWant, 0, 1, 1, qIn, 0, qoWant, 0, n);
      assertArrayEquals(poWant, po, "parallel Krylov P = single-threaded bits");
      assertArrayEquals(qoWant, qo, "parallel Krylov Q = single-threaded bits");
      assertTrue(!tookBranch(p2, Kernels.ParallelBranch.KRYLOV,
          () -> Kernels.krylovStep(n, w, 1, pIn, 0, po, 0, 1, 0, null, 0, null, 0, 0)));
      assertTrue(!tookBranch(p2, Kernels.ParallelBranch.KRYLOV,
          () -> Kernels.krylovStep(n, w, 0, null, 0, null, 0, 0, 0, null, 0, null, 0, 0)), "max(1, m + r) = 1");
      assertTrue(!tookBranch(p1, Kernels.ParallelBranch.KRYLOV,
          () -> Kernels.krylovStep(n, w, 1, pIn, 0, po, 0, 1, 1, qIn, 0, qo, 0, n)), "one thread");
    }
  }

  @Test
  void floatAndRankUpdateBranchesStartExactlyAtTheirThresholds() {
    SplittableRandom rnd = new SplittableRandom(33);
    try (Parallel p2 = new Parallel(2); Parallel p1 = new Parallel(1)) {
      // float gemm: 64 x 64 x 64 = 2^18 multiply-adds is parallel (same bits), 64 x 64 x 63 is not
      float[] a = randomF(rnd, 64 * 64), b = randomF(rnd, 64 * 64), c1 = new float[64 * 64], c2 = new float[64 * 64];
      assertTrue(tookBranch(p2, Kernels.ParallelBranch.GEMM,
          () -> Kernels.gemm(false, false, 64, 64, 64, 1f, a, 0, 64, b, 0, 64, 0f, c1, 0, 64)));
      IMPL.gemm(false, false, 64, 64, 64, 1f, a, 0, 64, b, 0, 64, 0f, c2, 0, 64);
      assertArrayEquals(c2, c1, "parallel sgemm = single-threaded bits");
      assertTrue(!tookBranch(p2, Kernels.ParallelBranch.GEMM,
          () -> Kernels.gemm(false, false, 64, 64, 63, 1f, a, 0, 63, b, 0, 64, 0f, c1, 0, 64)));
      assertTrue(!tookBranch(p1, Kernels.ParallelBranch.GEMM,
          () -> Kernels.gemm(false, false, 64, 64, 64, 1f, a, 0, 64, b, 0, 64, 0f, c1, 0, 64)), "one thread");

      // float Krylov step: the double step's threshold, n^2 max(1, m + r) = 512^2 x 2
      int n = 512;
      float[] w = randomF(rnd, n * n), pIn = randomF(rnd, n), qIn = randomF(rnd, n), po = new float[n], qo = new float[n];
      assertTrue(tookBranch(p2, Kernels.ParallelBranch.KRYLOV,
          () -> Kernels.krylovStep(n, w, 0.5f, 1, pIn, 0, po, 0, 1, 1, qIn, 0, qo, 0, n)));
      float[] poWant = new float[n], qoWant = new float[n];
      IMPL.krylovStep(null, n, w, 0.5f, 1, pIn, 0, poWant, 0, 1, 1, qIn, 0, qoWant, 0, n);
      assertArrayEquals(poWant, po, "parallel float Krylov P = single-threaded bits");
      assertArrayEquals(qoWant, qo, "parallel float Krylov Q = single-threaded bits");
      assertTrue(!tookBranch(p2, Kernels.ParallelBranch.KRYLOV,
          () -> Kernels.krylovStep(n, w, 1, pIn, 0, po, 0, 1, 0, null, 0, null, 0, 0)));
      assertTrue(!tookBranch(p1, Kernels.ParallelBranch.KRYLOV,
          () -> Kernels.krylovStep(n, w, 1, pIn, 0, po, 0, 1, 1, qIn, 0, qo, 0, n)), "one thread");

      // rank update W += alpha U V^T: n^2 k = 64^2 x 64 = 2^18 is parallel (same bits), k = 63 is not
      int m = 64, k = 64;
      double[] u = random(rnd, m * k), v = random(rnd, m * k), w0 = random(rnd, m * m);
      double[] wPar = w0.clone(), wOne = w0.clone();
      assertTrue(tookBranch(p2, Kernels.ParallelBranch.RANK_UPDATE, () -> Kernels.rankUpdate(m, -0.3, u, k, k, v, k, wPar)));
      IMPL.rankUpdate(null, m, -0.3, u, k, k, v, k, wOne);
      assertArrayEquals(wOne, wPar, "parallel rank update = single-threaded bits");
      assertTrue(!tookBranch(p2, Kernels.ParallelBranch.RANK_UPDATE, () -> Kernels.rankUpdate(m, -0.3, u, k, k - 1, v, k, wPar)));
      assertTrue(!tookBranch(p1, Kernels.ParallelBranch.RANK_UPDATE, () -> Kernels.rankUpdate(m, -0.3, u, k, k, v, k, wPar)),
          "one thread");
      float[] uf = randomF(rnd, m * k), vf = randomF(rnd, m * k), wf0 = randomF(rnd, m * m);
      float[] wfPar = wf0.clone(), wfOne = wf0.clone();
      assertTrue(tookBranch(p2, Kernels.ParallelBranch.RANK_UPDATE,
          () -> Kernels.rankUpdate(m, -0.3f, uf, k, k, vf, k, wfPar, 77L)));
      IMPL.rankUpdate(null, m, -0.3f, uf, k, k, vf, k, wfOne, 77L);
      assertArrayEquals(wfOne, wfPar, "parallel float rank update = single-threaded bits (same seed)");
      assertTrue(!tookBranch(p2, Kernels.ParallelBranch.RANK_UPDATE,
          () -> Kernels.rankUpdate(m, -0.3f, uf, k, k - 1, vf, k, wfPar, 77L)));
    }
  }

  @Test
  void rankUpdateChecksItsArguments() {
    // n = 3, k = 2: W 3 x 3 (9), U and V 3 x 2 with leading dimension 2 (6 each)
    double[] w = new double[9], u = new double[6], v = new double[6];
    assertDoesNotThrow(() -> Kernels.rankUpdate(3, 1.0, u, 2, 2, v, 2, w));
    assertDoesNotThrow(() -> Kernels.rankUpdate(3, 1.0, u, 2, 0, v, 2, w));
    assertRejected("n = -1 must be >= 0", () -> Kernels.rankUpdate(-1, 1.0, u, 2, 2, v, 2, w));
    assertRejected("k = -1 must be >= 0", () -> Kernels.rankUpdate(3, 1.0, u, 2, -1, v, 2, w));
    assertRejected("W has 8 elements but 9 are needed", () -> Kernels.rankUpdate(3, 1.0, u, 2, 2, v, 2, new double[8]));
    assertRejected("U: a 3 x 2 matrix", () -> Kernels.rankUpdate(3, 1.0, new double[5], 2, 2, v, 2, w));
    assertRejected("V: a 3 x 2 matrix", () -> Kernels.rankUpdate(3, 1.0, u, 2, 2, new double[5], 2, w));
    assertRejected("alpha = NaN must be finite", () -> Kernels.rankUpdate(3, Double.NaN, u, 2, 2, v, 2, w));
    float[] wf = new float[9], uf = new float[6], vf = new float[6];
    assertDoesNotThrow(() -> Kernels.rankUpdate(3, 1f, uf, 2, 2, vf, 2, wf, 1L));
    assertRejected("n = -1 must be >= 0", () -> Kernels.rankUpdate(-1, 1f, uf, 2, 2, vf, 2, wf, 1L));
    assertRejected("k = -1 must be >= 0", () -> Kernels.rankUpdate(3, 1f, uf, 2, -1, vf, 2, wf, 1L));
    assertRejected("W has 8 elements but 9 are needed", () -> Kernels.rankUpdate(3, 1f, uf, 2, 2, vf, 2, new float[8], 1L));
    assertRejected("U: a 3 x 2 matrix", () -> Kernels.rankUpdate(3, 1f, new float[5], 2, 2, vf, 2, wf, 1L));
    assertRejected("V: a 3 x 2 matrix", () -> Kernels.rankUpdate(3, 1f, uf, 2, 2, new float[5], 2, wf, 1L));
    assertRejected("alpha = Infinity must be finite", () -> Kernels.rankUpdate(3, Float.POSITIVE_INFINITY, uf, 2, 2, vf, 2, wf, 1L));
  }
}
