package lrnn.kernel;

import static lrnn.kernel.KernelTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The row blocking of the fused Krylov step and the reuse of its per-thread scratch (PIT survivors). */
@Tag("kernels")
class PanamaKernelsEdgesTest {

  @Test
  void identity() {
    PanamaKernels k = new PanamaKernels(0);
    assertEquals(PanamaOps.BITS, k.bits());
    assertEquals("PanamaKernels[vector-" + PanamaOps.BITS + "]", k.toString());
  }

  @Test
  void krylovRowBlocksAreAtLeast64RowsAtMost32BlocksAndMultiplesOfFour() {
    assertEquals(64, PanamaKernels.krylovRowBlock(1));
    assertEquals(64, PanamaKernels.krylovRowBlock(2048)); // 2048 / 32 = 64
    assertEquals(68, PanamaKernels.krylovRowBlock(2049)); // ceil(2049 / 32) = 65, rounded up to 68
    assertEquals(128, PanamaKernels.krylovRowBlock(4096));
    assertEquals(128, PanamaKernels.krylovRowBlock(4065)); // ceil(4065 / 32) = 128
    assertEquals(132, PanamaKernels.krylovRowBlock(4097)); // 129 -> 132
    for (int n = 1; n <= 10_000; n += 37) {
      int rb = PanamaKernels.krylovRowBlock(n);
      assertEquals(0, rb % 4, "n = " + n);
      assertEquals(true, rb >= 64 && (n + rb - 1) / rb <= 32, "n = " + n + ": " + rb);
    }
  }

  @Test
  void aStepAfterALargerOneGivesTheBitsOfAFreshOne() {
    // The Q partial sums live in a per-thread buffer kept between steps: a smaller step must not read what a
    // larger one left there. n = 128 is exactly two row blocks of 64.
    SplittableRandom rnd = new SplittableRandom(41);
    PanamaKernels k = new PanamaKernels(0);
    int big = 300, n = 128;
    double[] wb = random(rnd, big * big), pb = random(rnd, big * 2), qb = random(rnd, 2 * big);
    double[] w = random(rnd, n * n), p = random(rnd, n), q = random(rnd, 2 * n);
    double[] pFresh = new double[n], qFresh = new double[2 * n];
    Thread t = new Thread(() -> k.krylovStep(null, n, w, 0.5, 1, p, 0, pFresh, 0, 1, 2, q, 0, qFresh, 0, n));
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    k.krylovStep(null, big, wb, 0.5, 2, pb, 0, new double[big * 2], 0, 2, 2, qb, 0, new double[2 * big], 0, big);
    double[] pAfter = new double[n], qAfter = new double[2 * n];
    k.krylovStep(null, n, w, 0.5, 1, p, 0, pAfter, 0, 1, 2, q, 0, qAfter, 0, n);
    assertArrayEquals(pFresh, pAfter);
    assertArrayEquals(qFresh, qAfter);
  }
}
