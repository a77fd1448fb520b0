package lrnn.kernel;

import static lrnn.kernel.KernelTestSupport.randomF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scaled float32 fused Krylov step (SPEC (K1), the float32 path of the RNN): every lane width against the
 * scalar reference computed in float64 on awkward shapes (n = 1, tails, several row blocks, m or r = 0), and
 * bit-identical results on 1, 2 and 3 threads, directly and through the facade inside withParallel.
 */
@Tag("kernels")
class FloatKrylovTest {

  private static final KernelSupport SCALAR = ScalarKernels.INSTANCE;

  /** pOut = s W pIn and qOut = (s qIn) W in float64 from the float inputs. */
  private static double[][] reference(int n, float[] w, float s, int m, float[] pIn, int ldp, int r, float[] qIn, int ldq) {
    double[] p = new double[n * ldp], q = new double[r * ldq];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < m; c++) {
        double acc = 0;
        for (int l = 0; l < n; l++) acc += (double) w[i * n + l] * pIn[l * ldp + c];
        p[i * ldp + c] = s * acc;
      }
    }
    for (int t = 0; t < r; t++) {
      for (int l = 0; l < n; l++) {
        double acc = 0;
        for (int i = 0; i < n; i++) acc += (double) s * qIn[t * ldq + i] * w[i * n + l];
        q[t * ldq + l] = acc;
      }
    }
    return new double[][] {p, q};
  }

  private static void close(double[] expected, float[] actual, int n, String what) {
    for (int i = 0; i < expected.length; i++) {
      double tol = 2e-6 * Math.sqrt(n) * (1 + Math.abs(expected[i])) * 4;
      assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
          what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]);
    }
  }

  @Test
  void everyWidthMatchesTheFloat64ReferenceAndIsThreadCountIndependent() {
    SplittableRandom rnd = new SplittableRandom(5);
    float scale = 0.37f;
    try (Parallel p2 = new Parallel(2); Parallel p3 = new Parallel(3)) {
      java.util.List<KernelSupport> impls = new java.util.ArrayList<>(KernelTestSupport.vectorImpls());
      impls.add(SCALAR);
      for (KernelSupport k : impls) {
        for (int n : new int[] {1, 3, 17, 66, 130, 301}) {
          for (int[] mr : new int[][] {{1, 1}, {0, 2}, {3, 0}, {2, 3}}) {
            int m = mr[0], r = mr[1], ldp = m + 2, ldq = n + 1;
            float[] w = randomF(rnd, n * n), pIn = randomF(rnd, n * ldp), qIn = randomF(rnd, Math.max(1, r) * ldq);
            double[][] ref = reference(n, w, scale, m, pIn, ldp, r, qIn, ldq);
            float[][] p = new float[3][n * ldp], q = new float[3][Math.max(1, r) * ldq];
            k.krylovStep(null, n, w, scale, m, pIn, 0, p[0], 0, ldp, r, qIn, 0, q[0], 0, ldq);
            k.krylovStep(p2, n, w, scale, m, pIn, 0, p[1], 0, ldp, r, qIn, 0, q[1], 0, ldq);
            k.krylovStep(p3, n, w, scale, m, pIn, 0, p[2], 0, ldp, r, qIn, 0, q[2], 0, ldq);
            String what = k.name() + " float krylov n=" + n + " m=" + m + " r=" + r;
            for (int i = 0; i < n; i++) {
              for (int c = 0; c < m; c++) {
                close(new double[] {ref[0][i * ldp + c]}, new float[] {p[0][i * ldp + c]}, n, what + " P");
              }
            }
            for (int t = 0; t < r; t++) {
              for (int l = 0; l < n; l++) {
                close(new double[] {ref[1][t * ldq + l]}, new float[] {q[0][t * ldq + l]}, n, what + " Q");
              }
            }
            for (int t = 1; t < 3; t++) {
              assertArrayEquals(p[0], p[t], what + " P, " + (t + 1) + " threads");
              assertArrayEquals(q[0], q[t], what + " Q, " + (t + 1) + " threads");
            }
          }
        }
      }
    }
  }

  /** Through the facade at a size where its parallel branch is taken (n^2 (m + r) >= 2^19). */
  @Test
  void facadeRunsTheParallelBranchWithTheSameBits() {
    SplittableRandom rnd = new SplittableRandom(6);
    int n = 600, m = 1, r = 1;
    assertTrue((long) n * n * (m + r) >= Kernels.PARALLEL_KRYLOV_MIN_FMAS);
    float[] w = randomF(rnd, n * n), pIn = randomF(rnd, n), qIn = randomF(rnd, n);
    float[] p1 = new float[n], q1 = new float[n], p2 = new float[n], q2 = new float[n];
    Kernels.krylovStep(n, w, 0.5f, m, pIn, 0, p1, 0, 1, r, qIn, 0, q1, 0, n);
    try (Parallel par = new Parallel(2)) {
      Kernels.withParallel(par, () -> {
        Kernels.krylovStep(n, w, 0.5f, m, pIn, 0, p2, 0, 1, r, qIn, 0, q2, 0, n);
        return null;
      });
    }
    assertArrayEquals(p1, p2);
    assertArrayEquals(q1, q2);
    double[][] ref = reference(n, w, 0.5f, m, pIn, 1, r, qIn, n);
    close(ref[0], p1, n, "facade P");
    close(ref[1], q1, n, "facade Q");
  }
}
