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

  /** Shapes that hit the tails of the register tile (MR = 5 or 8 for double, MRF = 4 or 8 for float; NR = 4 .. 32), of the KC = 256 or 512 depth block and of the NC = 512 column block. */
  private static final int[][] SHAPES = {
      {0, 5, 3}, {4, 0, 3}, {3, 4, 0}, {1, 1, 1}, {7, 13, 1}, {13, 7, 13}, {6, 8, 5}, {5, 9, 2},
      {12, 16, 7}, {13, 17, 255}, {7, 33, 256}, {19, 31, 257}, {1, 65, 9}, {66, 1, 9}, {207, 13, 7},
      {13, 207, 13}, {125, 70, 300}, {5, 1030, 300}, {4, 9, 3}, {10, 16, 11}, {9, 24, 257}, {244, 19, 5},
      {9, 17, 511}, {8, 32, 512}, {17, 33, 513}, {121, 40, 1030},
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
  void tileHeightsFollowTheLaneWidth() {
    // 8-row tiles where there are 32 vector registers (512 bits), 5 / 4 rows in 16 (AVX2, NEON)
    assertEquals(PanamaOps.BITS >= 512 ? 8 : 5, PanamaOps.MR);
    assertEquals(PanamaOps.BITS >= 512 ? 8 : 4, PanamaOps.MRF);
    assertEquals(0, PanamaGemm.MC % PanamaOps.MR);
    assertEquals(0, PanamaGemm.MC % PanamaOps.MRF);
  }

  @Test
  void rowBlocksAreBalancedWholePanels() {
    for (int mr : new int[] {4, 5, 8}) {
      for (int threads = 1; threads <= 16; threads++) {
        for (int m : new int[] {1, 4, 5, 8, 50, 120, 121, 250, 1000, 2047, 2048, 4100}) {
          String what = m + " rows, " + threads + " threads, " + mr + "-row panels: ";
          int blocks = PanamaGemm.rowBlocks(m, threads, mr);
          int panels = (m + mr - 1) / mr;
          int least = (panels + PanamaGemm.MC / mr - 1) / (PanamaGemm.MC / mr);
          if (threads == 1 || m <= PanamaGemm.MC) {
            assertEquals(least, blocks, what + "as few blocks of at most MC rows as fit");
          } else {
            assertEquals(0, blocks % threads, what + blocks + " blocks");
            assertTrue(blocks >= least && blocks < least + threads, what + blocks + " blocks, at least " + least);
          }
          assertEquals(0, PanamaGemm.rowStart(0, blocks, m, mr), what);
          assertEquals(m, PanamaGemm.rowStart(blocks, blocks, m, mr), what);
          int lo = Integer.MAX_VALUE, hi = 0;
          for (int ib = 0; ib < blocks; ib++) {
            int r0 = PanamaGemm.rowStart(ib, blocks, m, mr), r1 = PanamaGemm.rowStart(ib + 1, blocks, m, mr);
            assertEquals(0, r0 % mr, what + "block " + ib + " starts on a panel");
            assertTrue(r1 >= r0 && r1 - r0 <= PanamaGemm.MC, what + "block " + ib + ": rows " + r0 + ".." + r1);
            // whole panels, dealt out evenly: block heights differ by at most one panel (the last may be clipped)
            int h = (r1 - r0 + mr - 1) / mr;
            lo = Math.min(lo, h);
            hi = Math.max(hi, h);
          }
          assertTrue(hi - lo <= 1 || blocks > panels, what + "panel counts " + lo + ".." + hi);
        }
      }
    }
    // 2048 rows, 2 threads, 8-row panels: 18 blocks of 14 or 15 panels (not 17 of 120 rows and one of 8)
    assertEquals(18, PanamaGemm.rowBlocks(2048, 2, 8));
    assertEquals(112, PanamaGemm.rowStart(1, 18, 2048, 8));
    assertEquals(18, PanamaGemm.rowBlocks(2048, 2, 5));
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
    int[][] shapes = {{1, 50, 20}, {5, 300, 9}, {7, 4100, 3}, {250, 130, 300}, {361, 97, 33}, {130, 1030, 270},
        {130, 70, 1030}};
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

  @Test
  void fiveOrMoreThreadsPackEveryPanelOfB() {
    // the packing of B is cut into min(panels, 4 * threads) chunks: at 5 threads and more that is the panel count
    SplittableRandom rnd = new SplittableRandom(6);
    KernelSupport k = KernelTestSupport.vectorDefault();
    try (Parallel p5 = new Parallel(5)) {
      for (int[] s : new int[][] {{7, 70, 9}, {3, 600, 5}, {130, 40, 30}}) {
        int m = s[0], n = s[1], kk = s[2];
        for (int t = 0; t < 4; t++) {
          boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
          int lda = ta ? m : kk, ldb = tb ? kk : n;
          double[] a = random(rnd, m * kk), b = random(rnd, kk * n), c1 = random(rnd, m * n), c5 = c1.clone();
          k.gemm(ta, tb, m, n, kk, 0.9, a, 0, lda, b, 0, ldb, 0.3, c1, 0, n);
          k.gemm(p5, ta, tb, m, n, kk, 0.9, a, 0, lda, b, 0, ldb, 0.3, c5, 0, n);
          String what = k.name() + " " + m + "x" + n + "x" + kk + " t" + t + ", 5 threads";
          assertArrayEquals(c1, c5, what);
          float[] af = randomF(rnd, m * kk), bf = randomF(rnd, kk * n), f1 = randomF(rnd, m * n), f5 = f1.clone();
          k.gemm(ta, tb, m, n, kk, 1.1f, af, 0, lda, bf, 0, ldb, 0.5f, f1, 0, n);
          k.gemm(p5, ta, tb, m, n, kk, 1.1f, af, 0, lda, bf, 0, ldb, 0.5f, f5, 0, n);
          assertArrayEquals(f1, f5, what + " float");
        }
      }
    }
  }

  @Test
  void betaZeroClearsCWhenThereIsNothingToAdd() {
    // alpha = 0 or k = 0 with beta = 0: C = 0 (NaN in C included), float as double
    for (KernelSupport k : KernelTestSupport.vectorImpls()) {
      double[] c = {Double.NaN, 2, 3, 4};
      k.gemm(false, false, 2, 2, 3, 0.0, new double[6], 0, 3, new double[6], 0, 2, 0.0, c, 0, 2);
      assertArrayEquals(new double[4], c, k.name() + " alpha = 0");
      c = new double[] {Double.NaN, 2, 3, 4};
      k.gemm(false, false, 2, 2, 0, 1.0, new double[1], 0, 1, new double[1], 0, 2, 0.0, c, 0, 2);
      assertArrayEquals(new double[4], c, k.name() + " k = 0");
      float[] f = {Float.NaN, 2, 3, 4};
      k.gemm(false, false, 2, 2, 3, 0f, new float[6], 0, 3, new float[6], 0, 2, 0f, f, 0, 2);
      assertArrayEquals(new float[4], f, k.name() + " float alpha = 0");
      f = new float[] {Float.NaN, 2, 3, 4};
      k.gemm(false, false, 2, 2, 0, 1f, new float[1], 0, 1, new float[1], 0, 2, 0f, f, 0, 2);
      assertArrayEquals(new float[4], f, k.name() + " float k = 0");
      f = new float[] {1, 2, 3, 4};
      k.gemm(false, false, 2, 2, 3, 0f, new float[6], 0, 3, new float[6], 0, 2, -2f, f, 0, 2);
      assertArrayEquals(new float[] {-2, -4, -6, -8}, f, k.name() + " float alpha = 0, beta = -2");
    }
  }

  @Test
  void packingZeroPadsThePanelsWhateverTheBufferHeld() {
    // the micro-kernel runs the full tile on the padding: it must be 0, not what the reused buffer held
    SplittableRandom rnd = new SplittableRandom(7);
    int ndd = 2 * PanamaOps.LD, ndf = 2 * PanamaOps.LF, dim = 2 * ndf + 8, off = 3;
    double[] a = random(rnd, off + dim * dim);
    float[] af = randomF(rnd, off + dim * dim);
    int ic = 2, pc = 1, kc = 3, jc = 1;
    for (boolean t : new boolean[] {false, true}) {
      // op(A) rows ic.. (one full panel and a short one), depth pc..pc+kc-1
      int mcur = PanamaOps.MR + 2;
      double[] ap = new double[2 * PanamaOps.MR * kc];
      java.util.Arrays.fill(ap, Double.NaN);
      PanamaGemm.packA(a, off, dim, t, ic, mcur, pc, kc, ap);
      for (int q = 0; q < 2; q++) {
        for (int p = 0; p < kc; p++) {
          for (int r = 0; r < PanamaOps.MR; r++) {
            int i = q * PanamaOps.MR + r;
            double e = i < mcur ? a[off + (t ? (pc + p) * dim + ic + i : (ic + i) * dim + pc + p)] : 0;
            assertEquals(e, ap[q * PanamaOps.MR * kc + p * PanamaOps.MR + r], 0.0, "packA tA=" + t + " row " + i + " depth " + p);
          }
        }
      }
      int mcurF = PanamaOps.MRF + 3;
      float[] apf = new float[2 * PanamaOps.MRF * kc];
      java.util.Arrays.fill(apf, Float.NaN);
      PanamaGemm.packA(af, off, dim, t, ic, mcurF, pc, kc, apf);
      for (int q = 0; q < 2; q++) {
        for (int p = 0; p < kc; p++) {
          for (int r = 0; r < PanamaOps.MRF; r++) {
            int i = q * PanamaOps.MRF + r;
            float e = i < mcurF ? af[off + (t ? (pc + p) * dim + ic + i : (ic + i) * dim + pc + p)] : 0;
            assertEquals(e, apf[q * PanamaOps.MRF * kc + p * PanamaOps.MRF + r], 0f, "float packA tA=" + t + " row " + i + " depth " + p);
          }
        }
      }
      // op(B) rows pc..pc+kc-1, columns jc.. (one full panel and a short one)
      int nc = ndd + 3;
      double[] bp = new double[2 * kc * ndd];
      java.util.Arrays.fill(bp, Double.NaN);
      PanamaGemm.packB(a, off, dim, t, jc, nc, pc, kc, ndd, bp, 0, 2);
      for (int q = 0; q < 2; q++) {
        for (int p = 0; p < kc; p++) {
          for (int j = 0; j < ndd; j++) {
            int col = q * ndd + j;
            double e = col < nc ? a[off + (t ? (jc + col) * dim + pc + p : (pc + p) * dim + jc + col)] : 0;
            assertEquals(e, bp[q * kc * ndd + p * ndd + j], 0.0, "packB tB=" + t + " column " + col + " depth " + p);
          }
        }
      }
      int ncF = ndf + 5;
      float[] bpf = new float[2 * kc * ndf];
      java.util.Arrays.fill(bpf, Float.NaN);
      PanamaGemm.packB(af, off, dim, t, jc, ncF, pc, kc, ndf, bpf, 0, 2);
      for (int q = 0; q < 2; q++) {
        for (int p = 0; p < kc; p++) {
          for (int j = 0; j < ndf; j++) {
            int col = q * ndf + j;
            float e = col < ncF ? af[off + (t ? (jc + col) * dim + pc + p : (pc + p) * dim + jc + col)] : 0;
            assertEquals(e, bpf[q * kc * ndf + p * ndf + j], 0f, "float packB tB=" + t + " column " + col + " depth " + p);
          }
        }
      }
    }
  }

  @Test
  void integerValuedGemmIsBitExactAtEveryBlockEdge() {
    // Small nonzero integers: every product and partial sum is exact, so any summation order gives the same
    // bits, and the edges of the register tile (MR, MRF rows; 2 vectors of columns), of the depth block KC and
    // of the row and column blocks MC, NC are checked bit for bit against the scalar twin.
    int mr = PanamaOps.MR, mrf = PanamaOps.MRF, nd = 2 * PanamaOps.LD, nf = 2 * PanamaOps.LF;
    int kc = PanamaGemm.KC, mc = PanamaGemm.MC, nc = PanamaGemm.NC;
    int[][] shapes = {
        {1, 1, 1}, {mr, nd, kc}, {mr + 1, nd + 1, kc + 1}, {mrf, nf, kc - 1}, {mrf + 1, nf - 1, 2 * kc + 5},
        {mc, nc, 2}, {mc + 1, nc + 1, 3}, {mc - 1, nc - 1, 1}, {2 * mc + 3, 7, kc + 2}, {3, 2 * nc + 1, 2},
    };
    SplittableRandom rnd = new SplittableRandom(8);
    KernelSupport k = KernelTestSupport.vectorDefault();
    for (int[] s : shapes) {
      int m = s[0], n = s[1], kk = s[2];
      for (int t = 0; t < 8; t++) {
        boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
        double beta = (t & 4) != 0 ? 0.0 : -1.0;
        int lda = ta ? m : kk, ldb = tb ? kk : n;
        double[] a = smallInts(rnd, m * kk), b = smallInts(rnd, kk * n), c = smallInts(rnd, m * n);
        double[] expected = c.clone(), actual = c.clone();
        SCALAR.gemm(ta, tb, m, n, kk, 2.0, a, 0, lda, b, 0, ldb, beta, expected, 0, n);
        k.gemm(ta, tb, m, n, kk, 2.0, a, 0, lda, b, 0, ldb, beta, actual, 0, n);
        String what = k.name() + " " + m + "x" + n + "x" + kk + " tA=" + ta + " tB=" + tb + " beta=" + beta;
        assertArrayEquals(expected, actual, what);
        float[] af = toFloat(a), bf = toFloat(b), ef = toFloat(c), gf = toFloat(c);
        SCALAR.gemm(ta, tb, m, n, kk, 2f, af, 0, lda, bf, 0, ldb, (float) beta, ef, 0, n);
        k.gemm(ta, tb, m, n, kk, 2f, af, 0, lda, bf, 0, ldb, (float) beta, gf, 0, n);
        assertArrayEquals(ef, gf, what + " float");
      }
    }
  }

  /** Integers in -3..3 but 0 (no signed zeros anywhere: bit-exact comparisons stay meaningful). */
  private static double[] smallInts(SplittableRandom rnd, int len) {
    double[] a = new double[len];
    for (int i = 0; i < len; i++) {
      int v = rnd.nextInt(1, 4);
      a[i] = rnd.nextBoolean() ? v : -v;
    }
    return a;
  }

  private static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
    return f;
  }
}
