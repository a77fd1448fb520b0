package lrnn.kernel;

import static lrnn.kernel.KernelTestSupport.assertClose;
import static lrnn.kernel.KernelTestSupport.random;
import static lrnn.kernel.KernelTestSupport.randomF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** GEMM (double and float, single- and multi-threaded) against the scalar reference at awkward shapes. */
@Tag("kernels")
class PanamaGemmTest {

  private static final KernelSupport SCALAR = ScalarKernels.INSTANCE;

  /** Shapes that hit the tails of the register tile (MR = 5 for double, MRF = 4 for float; NR = 4 .. 32), of the KC = 256 depth block and of the NC = 512 column block. */
  private static final int[][] SHAPES = {
      {0, 5, 3}, {4, 0, 3}, {3, 4, 0}, {1, 1, 1}, {7, 13, 1}, {13, 7, 13}, {6, 8, 5}, {5, 9, 2},
      {12, 16, 7}, {13, 17, 255}, {7, 33, 256}, {19, 31, 257}, {1, 65, 9}, {66, 1, 9}, {207, 13, 7},
      {13, 207, 13}, {125, 70, 300}, {5, 1030, 300}, {4, 9, 3}, {10, 16, 11}, {9, 24, 257}, {244, 19, 5},
  };

  @Test
  void handComputed() {
    // [1 2; 3 4] [5 6; 7 8] = [19 22; 43 50]; then alpha = 2, beta = -1 on C = 1
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      double[] c = {1, 1, 1, 1};
      k.gemm(false, false, 2, 2, 2, 2.0, new double[] {1, 2, 3, 4}, 0, 2, new double[] {5, 6, 7, 8}, 0, 2, -1.0, c, 0, 2);
      assertArrayEquals(new double[] {37, 43, 85, 99}, c, k.name());
      float[] cf = {1, 1, 1, 1};
      k.gemm(true, true, 2, 2, 2, 1f, new float[] {1, 3, 2, 4}, 0, 2, new float[] {5, 7, 6, 8}, 0, 2, 0f, cf, 0, 2);
      assertArrayEquals(new float[] {19, 22, 43, 50}, cf, k.name());
    }
  }

  @Test
  void doubleMatchesScalarAtEveryWidthAndTranspose() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      for (int[] s : SHAPES) {
        for (int t = 0; t < 4; t++) checkDouble(k, rnd, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, 0.7, t == 3 ? 0.0 : -1.3);
      }
    }
  }

  @Test
  void floatMatchesScalarAtEveryWidthAndTranspose() {
    SplittableRandom rnd = new SplittableRandom(2);
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      for (int[] s : SHAPES) {
        for (int t = 0; t < 4; t++) checkFloat(k, rnd, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, 1.1f, t == 2 ? 0f : 0.5f);
      }
    }
  }

  @Test
  void largeOddShapeAtDefaultWidth() {
    // 1021 is prime: tails everywhere, several KC and MC blocks. Only the default width: a width wider
    // than the hardware's (512 on AVX2) runs the Vector API's Java fallback, far too slow for this size.
    SplittableRandom rnd = new SplittableRandom(3);
    KernelSupport k = KernelTestSupport.vectorDefault();
    // 1021 in each dimension once (with the others smaller, to keep the scalar reference quick).
    checkDouble(k, rnd, 1021, 1021, 300, false, false, 1.0, 0.0);
    checkDouble(k, rnd, 301, 97, 1021, true, true, -0.5, 2.0);
    checkFloat(k, rnd, 1021, 250, 301, false, true, 1f, 1f);
  }

  @Test
  void alphaZeroOnlyScalesAndBetaZeroIgnoresNaN() {
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      double[] c = {Double.NaN, 2, 3, 4};
      k.gemm(false, false, 2, 2, 3, 1.0, new double[] {1, 0, 0, 0, 1, 0}, 0, 3, new double[] {1, 2, 3, 4, 5, 6}, 0, 2, 0.0, c, 0, 2);
      assertArrayEquals(new double[] {1, 2, 3, 4}, c, k.name());
      k.gemm(false, false, 2, 2, 3, 0.0, new double[6], 0, 3, new double[6], 0, 2, 3.0, c, 0, 2);
      assertArrayEquals(new double[] {3, 6, 9, 12}, c, k.name());
    }
  }

  @Test
  void tileHeightsMatchThePackingCode() {
    // packA writes full panels out row by row for these heights; the tiles of PanamaOps* are written for them
    assertEquals(5, PanamaOps.MR, "PanamaGemm.packA(double[]...) full-panel path");
    assertEquals(4, PanamaOps.MRF, "PanamaGemm.packA(float[]...) full-panel path");
    assertEquals(0, PanamaGemm.MC % PanamaOps.MR);
    assertEquals(0, PanamaGemm.MC % PanamaOps.MRF);
  }

  @Test
  void rowBlocksAreBalancedMultiplesOfTheTile() {
    for (int mr : new int[] {PanamaOps.MR, PanamaOps.MRF}) {
    for (int threads = 1; threads <= 16; threads++) {
      for (int m : new int[] {1, 4, 50, 120, 121, 250, 1000, 2048, 4100}) {
        int mc = PanamaGemm.rowBlock(m, threads, mr);
        assertTrue(mc % mr == 0 && mc <= PanamaGemm.MC && mc > 0, m + " rows, " + threads + " threads: " + mc);
        int blocks = (m + mc - 1) / mc;
        if (threads == 1 || m <= PanamaGemm.MC) {
          assertEquals(PanamaGemm.MC, mc, "one row block (or MC) for " + m + " rows");
        } else {
          // as many blocks as a multiple of the threads would give, up to the rounding to MR rows
          int target = threads * ((m + threads * PanamaGemm.MC - 1) / (threads * PanamaGemm.MC));
          assertTrue(blocks <= target && blocks >= target - (target * mr) / mc - 1,
              m + " rows, " + threads + " threads: " + blocks + " blocks of " + mc + ", target " + target);
        }
      }
    }
    }
    assertEquals(115, PanamaGemm.rowBlock(2048, 2, PanamaOps.MR)); // 18 blocks (17 of 115, one of 93), 9 per thread
    assertEquals(116, PanamaGemm.rowBlock(2048, 2, PanamaOps.MRF));
  }

  @Test
  void betaZeroDoesNotReadC() {
    // beta = 0: C is written without being read (BLAS semantics), so NaN in C does not leak into the result
    SplittableRandom rnd = new SplittableRandom(5);
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      for (int[] s : new int[][] {{7, 13, 5}, {9, 1030, 300}}) {
        int m = s[0], n = s[1], kk = s[2];
        double[] a = random(rnd, m * kk), b = random(rnd, kk * n);
        double[] c1 = new double[m * n], c2 = new double[m * n];
        java.util.Arrays.fill(c2, Double.NaN);
        k.gemm(false, false, m, n, kk, 0.7, a, 0, kk, b, 0, n, 0.0, c1, 0, n);
        k.gemm(false, false, m, n, kk, 0.7, a, 0, kk, b, 0, n, 0.0, c2, 0, n);
        assertArrayEquals(c1, c2, k.name() + " " + m + "x" + n + "x" + kk);
        float[] af = randomF(rnd, m * kk), bf = randomF(rnd, kk * n), f1 = new float[m * n], f2 = new float[m * n];
        java.util.Arrays.fill(f2, Float.NaN);
        k.gemm(false, false, m, n, kk, 1f, af, 0, kk, bf, 0, n, 0f, f1, 0, n);
        k.gemm(false, false, m, n, kk, 1f, af, 0, kk, bf, 0, n, 0f, f2, 0, n);
        assertArrayEquals(f1, f2, k.name() + " float " + m + "x" + n + "x" + kk);
      }
    }
  }

  @Test
  void multiThreadedIsBitIdenticalToSingleThreaded() {
    SplittableRandom rnd = new SplittableRandom(4);
    // m < threads, m < MC (column split), m > MC (row blocks), n > NC = 512, k > KC
    int[][] shapes = {{1, 50, 20}, {5, 300, 9}, {7, 4100, 3}, {250, 130, 300}, {361, 97, 33}, {130, 1030, 270}};
    try (Parallel p2 = new Parallel(2); Parallel p3 = new Parallel(3)) {
      for (KernelSupport k : new KernelSupport[] {KernelTestSupport.vectorDefault(), SCALAR}) {
        for (int[] s : shapes) {
          for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int m = s[0], n = s[1], kk = s[2];
            double[] a = random(rnd, m * kk), b = random(rnd, kk * n), c0 = random(rnd, m * n);
            double[] c1 = c0.clone(), c2 = c0.clone(), c3 = c0.clone();
            int lda = ta ? m : kk, ldb = tb ? kk : n;
            k.gemm(ta, tb, m, n, kk, 0.9, a, 0, lda, b, 0, ldb, 0.3, c1, 0, n);
            k.gemm(p2, ta, tb, m, n, kk, 0.9, a, 0, lda, b, 0, ldb, 0.3, c2, 0, n);
            k.gemm(p3, ta, tb, m, n, kk, 0.9, a, 0, lda, b, 0, ldb, 0.3, c3, 0, n);
            String what = k.name() + " " + m + "x" + n + "x" + kk + " t" + t;
            assertArrayEquals(c1, c2, what + " 2 threads");
            assertArrayEquals(c1, c3, what + " 3 threads");
            float[] af = randomF(rnd, m * kk), bf = randomF(rnd, kk * n), f1 = new float[m * n], f2 = new float[m * n];
            k.gemm(ta, tb, m, n, kk, 1f, af, 0, lda, bf, 0, ldb, 0f, f1, 0, n);
            k.gemm(p2, ta, tb, m, n, kk, 1f, af, 0, lda, bf, 0, ldb, 0f, f2, 0, n);
            assertArrayEquals(f1, f2, what + " float 2 threads");
          }
        }
      }
    }
  }

  @Test
  void facadeValidatesAndRuns() {
    double[] c = new double[4];
    try (Parallel p = new Parallel(2)) {
      Kernels.gemm(p, false, false, 2, 2, 1, 1.0, new double[] {1, 2}, 0, 1, new double[] {3, 4}, 0, 2, 0.0, c, 0, 2);
      assertArrayEquals(new double[] {3, 4, 6, 8}, c);
      assertThrows(IllegalArgumentException.class, () -> Kernels.gemm(p, false, false, 2, 2, 2, 1.0,
          new double[3], 0, 2, new double[4], 0, 2, 0.0, new double[4], 0, 2));
    }
    assertThrows(NullPointerException.class, () -> Kernels.gemm((Parallel) null, false, false, 1, 1, 1, 1.0,
        new double[1], 0, 1, new double[1], 0, 1, 0.0, new double[1], 0, 1));
  }

  // Offsets and leading dimensions larger than the column count on every operand.
  private static void checkDouble(KernelSupport k, SplittableRandom rnd, int m, int n, int kk, boolean ta, boolean tb,
                                  double alpha, double beta) {
    int ar = ta ? kk : m, ac = ta ? m : kk, br = tb ? n : kk, bc = tb ? kk : n;
    int lda = ac + 3, ldb = bc + 2, ldc = n + 5, aOff = 7, bOff = 1, cOff = 4;
    double[] a = random(rnd, aOff + ar * lda), b = random(rnd, bOff + br * ldb), c = random(rnd, cOff + m * ldc + 3);
    double[] expected = c.clone(), actual = c.clone();
    SCALAR.gemm(ta, tb, m, n, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
    k.gemm(ta, tb, m, n, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
    double tol = 1e-14 * (kk + 2) * (Math.abs(alpha) + Math.abs(beta));
    assertClose(expected, actual, tol, k.name() + " dgemm " + m + "x" + n + "x" + kk + " tA=" + ta + " tB=" + tb);
  }

  private static void checkFloat(KernelSupport k, SplittableRandom rnd, int m, int n, int kk, boolean ta, boolean tb,
                                 float alpha, float beta) {
    int ar = ta ? kk : m, ac = ta ? m : kk, br = tb ? n : kk, bc = tb ? kk : n;
    int lda = ac + 1, ldb = bc + 4, ldc = n + 2, aOff = 2, bOff = 5, cOff = 3;
    float[] a = randomF(rnd, aOff + ar * lda), b = randomF(rnd, bOff + br * ldb), c = randomF(rnd, cOff + m * ldc + 1);
    float[] expected = c.clone(), actual = c.clone();
    SCALAR.gemm(ta, tb, m, n, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
    k.gemm(ta, tb, m, n, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
    double tol = 6e-6 * (kk + 2) * (Math.abs(alpha) + Math.abs(beta));
    assertClose(expected, actual, tol, k.name() + " sgemm " + m + "x" + n + "x" + kk + " tA=" + ta + " tB=" + tb);
  }

  @Test
  void rejectsUnknownWidth() {
    org.junit.jupiter.api.Assumptions.assumeTrue(KernelProvider.vectorModulePresent());
    assertThrows(IllegalArgumentException.class, () -> KernelProvider.lookup("vector", 100));
    assertEquals("vector-" + PanamaOps.BITS, KernelProvider.lookup("vector", PanamaOps.BITS).name());
  }
}
