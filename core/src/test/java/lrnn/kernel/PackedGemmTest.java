package lrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** GEMM with a pre-packed B is bit-identical to the plain GEMM, for every implementation, shape and thread count. */
@Tag("kernels")
class PackedGemmTest {

  private static List<KernelSupport> all() {
    List<KernelSupport> l = new ArrayList<>(KernelTestSupport.vectorImpls());
    l.add(ScalarKernels.INSTANCE);
    return l;
  }

  @Test
  void packedEqualsPlainBitForBit() {
    SplittableRandom rnd = new SplittableRandom(21);
    int[][] shapes = {{1, 1, 1}, {7, 13, 5}, {13, 7, 300}, {50, 207, 207}, {6, 8, 256}, {0, 5, 3}, {3, 4, 0}, {9, 1030, 300},
        {3, PanamaGemm.NC, 5}, // n a multiple of the column block NC: no empty block after the last
        // several column and depth blocks at this width's KC (256 or 512), with a tail in each
        {9, PanamaGemm.NC + 17, PanamaGemm.KC + 44}, {5, 2 * PanamaGemm.NC + 3, 2 * PanamaGemm.KC + 3}};
    try (Parallel par = new Parallel(3)) {
      for (KernelSupport k : all()) {
        for (int[] s : shapes) {
          int m = s[0], n = s[1], kk = s[2];
          for (boolean tA : new boolean[] {false, true}) {
            for (boolean tB : new boolean[] {false, true}) {
              int lda = (tA ? m : kk) + 2, ldb = (tB ? kk : n) + 1, ldc = n + 3;
              double[] a = KernelTestSupport.random(rnd, 1 + (tA ? kk : m) * lda);
              double[] b = KernelTestSupport.random(rnd, 2 + (tB ? n : kk) * ldb);
              double[] c0 = KernelTestSupport.random(rnd, m * ldc + 1);
              double[] plain = c0.clone(), packed = c0.clone(), packedPar = c0.clone();
              k.gemm(tA, tB, m, n, kk, 0.7, a, 1, lda, b, 2, ldb, 0.3, plain, 1, ldc);
              PackedMatrix pb = k.packB(tB, kk, n, b, 2, ldb);
              k.gemm(null, tA, m, 0.7, a, 1, lda, pb, 0.3, packed, 1, ldc);
              k.gemm(par, tA, m, 0.7, a, 1, lda, pb, 0.3, packedPar, 1, ldc);
              String what = k.name() + " m=" + m + " n=" + n + " k=" + kk + " tA=" + tA + " tB=" + tB;
              if (k != ScalarKernels.INSTANCE) {
                assertArrayEquals(plain, packed, what);
                assertArrayEquals(plain, packedPar, what + " (3 threads)");
              } else {
                KernelTestSupport.assertClose(plain, packed, 1e-13 * (kk + 1), what);
                KernelTestSupport.assertClose(plain, packedPar, 1e-13 * (kk + 1), what + " (3 threads)");
              }
            }
          }
        }
      }
    }
  }

  @Test
  void aMatrixPackedByAnotherImplementationIsRefused() {
    PackedMatrix scalarPacked = ScalarKernels.INSTANCE.packB(false, 2, 2, new double[4], 0, 2);
    KernelSupport v = KernelTestSupport.vectorDefault();
    assertThrows(IllegalArgumentException.class,
        () -> v.gemm(null, false, 2, 1.0, new double[4], 0, 2, scalarPacked, 0.0, new double[4], 0, 2));
  }
}
