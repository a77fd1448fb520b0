package lrnn.kernel;

import static lrnn.kernel.KernelTestSupport.random;
import static lrnn.kernel.KernelTestSupport.randomF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The in-place rank-k update {@code W += alpha U V^T} (SPEC (K4), the W~ step of the Krylov path) at every
 * lane width and in the scalar twin, against a float64 reference on awkward shapes (n = 1, tails of rows and
 * of vectors, strips, k = 0), with the same bits on 1, 2 and 3 threads and through the facade.
 */
@Tag("kernels")
class RankUpdateTest {

  private static List<KernelSupport> impls() {
    List<KernelSupport> all = new ArrayList<>(KernelTestSupport.vectorImpls());
    all.add(ScalarKernels.INSTANCE);
    return all;
  }

  @Test
  void doubleAndFloatMatchTheReferenceAndAreThreadCountIndependent() {
    SplittableRandom rnd = new SplittableRandom(8);
    try (Parallel p2 = new Parallel(2); Parallel p3 = new Parallel(3)) {
      for (KernelSupport ks : impls()) {
        for (int n : new int[] {1, 3, 9, 66, 130, 259}) {
          for (int k : new int[] {0, 1, 3, 19}) {
            if (n > 200 && ks == ScalarKernels.INSTANCE) continue;
            int ldu = k + 1, ldv = k + 2;
            double alpha = -0.3;
            double[] u = random(rnd, n * ldu + 1), v = random(rnd, n * ldv + 1), w0 = random(rnd, n * n);
            double[] ref = w0.clone();
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < n; j++) {
                double s = 0;
                for (int b = 0; b < k; b++) s += u[i * ldu + b] * v[j * ldv + b];
                ref[i * n + j] += alpha * s;
              }
            }
            double[][] w = {w0.clone(), w0.clone(), w0.clone()};
            ks.rankUpdate(null, n, alpha, u, ldu, k, v, ldv, w[0]);
            ks.rankUpdate(p2, n, alpha, u, ldu, k, v, ldv, w[1]);
            ks.rankUpdate(p3, n, alpha, u, ldu, k, v, ldv, w[2]);
            String what = ks.name() + " rank update n=" + n + " k=" + k;
            KernelTestSupport.assertClose(ref, w[0], 1e-14 * (k + 1), what);
            assertArrayEquals(w[0], w[1], what + ", 2 threads");
            assertArrayEquals(w[0], w[2], what + ", 3 threads");

            float[] uf = randomF(rnd, n * ldu + 1), vf = randomF(rnd, n * ldv + 1), wf = randomF(rnd, n * n);
            float[] wf1 = wf.clone(), wf2 = wf.clone(), wfs = wf.clone();
            ks.rankUpdate(null, n, 0.7f, uf, ldu, k, vf, ldv, wf1, 42L + n);
            ks.rankUpdate(p3, n, 0.7f, uf, ldu, k, vf, ldv, wf2, 42L + n);
            assertArrayEquals(wf1, wf2, what + " float, 3 threads");
            // the vector kernels do the scalar twin's operations lane by lane, stochastic rounding included
            ScalarKernels.INSTANCE.rankUpdate(null, n, 0.7f, uf, ldu, k, vf, ldv, wfs, 42L + n);
            assertArrayEquals(wfs, wf1, what + " float vs the scalar twin, bit for bit");
            for (int i = 0; i < n * n; i += Math.max(1, n * n / 97)) {
              int r = i / n, c = i % n;
              double s = wf[i];
              for (int b = 0; b < k; b++) s += 0.7 * uf[r * ldu + b] * vf[c * ldv + b];
              assertTrue(Math.abs(s - wf1[i]) <= 1e-5 * (k + 1), what + " float element " + i + ": " + s + " vs " + wf1[i]);
            }
          }
        }
      }
    }
  }

  /**
   * Updates far below half an ulp of W: round-to-nearest would drop every one; the stochastic rounding keeps
   * them in expectation (mean change within 3% of the exact update over 10^6 elements), and a different seed
   * draws differently.
   */
  @Test
  void float32UpdatesBelowHalfAnUlpAreKeptInExpectation() {
    int n = 1000;
    float[] w = new float[n * n];
    java.util.Arrays.fill(w, 1.0f);
    float d = Math.ulp(1.0f) / 8; // 1/8 ulp: nearest rounding gives exactly 1.0
    assertTrue(1.0f + d == 1.0f);
    float[] u = new float[n], v = new float[n];
    java.util.Arrays.fill(u, d);
    java.util.Arrays.fill(v, 1f);
    float[] a = w.clone(), b = w.clone();
    Kernels.rankUpdate(n, 1f, u, 1, 1, v, 1, a, 7);
    Kernels.rankUpdate(n, 1f, u, 1, 1, v, 1, b, 8);
    double mean = 0;
    for (float x : a) mean += (x - 1.0) / a.length;
    assertEquals(d, mean, 0.03 * d, "mean change " + mean + " vs update " + d);
    assertTrue(!java.util.Arrays.equals(a, b), "another seed, other draws");
    for (float x : a) assertTrue(x == 1.0f || x == Math.nextUp(1.0f), "one of the two neighbours: " + x);
  }

  @Test
  void facadeUsesTheBoundThreadsWithTheSameBits() {
    SplittableRandom rnd = new SplittableRandom(9);
    int n = 700, k = 19;
    double[] u = random(rnd, n * k), v = random(rnd, n * (k + 1)), w = random(rnd, n * n);
    double[] a = w.clone(), b = w.clone();
    Kernels.rankUpdate(n, 0.25, u, k, k, v, k + 1, a);
    try (Parallel par = new Parallel(2)) {
      Kernels.withParallel(par, () -> {
        Kernels.rankUpdate(n, 0.25, u, k, k, v, k + 1, b);
        return null;
      });
    }
    assertArrayEquals(a, b);
    assertTrue(a[5] != w[5], "W changed");
  }
}
