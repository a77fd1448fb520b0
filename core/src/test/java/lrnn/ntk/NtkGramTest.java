package lrnn.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.Sequences;
import lrnn.theory.ScaleFactors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NTK Grams: the empirical T M T^T against J(x) J(x')^T (SPEC (13)), and the analytic (17). */
class NtkGramTest {

  static Sequences gaussian(int count, int len, int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[count * len * dim];
    for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
    return Sequences.of("test", count, len, dim, a);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void empiricalGramEqualsBruteForceJacobianProduct(boolean withD) {
    int n = 6, nx = 2, ny = 2, len = 4;
    LinearRnn rnn = LinearRnn.random(n, nx, ny, new InitScales(0.6, 1, 0.7, 0.5, withD), 3);
    Sequences x = gaussian(2, len, nx, 1);
    Sequences xp = gaussian(3, len, nx, 2);
    LagKernel m = LagKernel.of(rnn, len);
    double[][] jx = BruteForce.jacobian(rnn, BruteForce.outputs(x));
    double[][] jxp = BruteForce.jacobian(rnn, BruteForce.outputs(xp));

    NtkGram self = NtkGram.empirical(x, m);
    double[] expectSelf = BruteForce.gram(jx, jx);
    double scale = BruteForce.maxAbs(expectSelf);
    double dSelf = BruteForce.maxAbsDiff(expectSelf, self.toMatrix());
    NtkGram cross = NtkGram.empirical(x, xp, m);
    double dCross = BruteForce.maxAbsDiff(BruteForce.gram(jx, jxp), cross.toMatrix());
    System.out.printf("empirical NTK Gram vs J J^T (D=%b): self %.2e, cross %.2e (scale %.2f)%n", withD, dSelf, dCross,
        scale);
    assertTrue(dSelf <= 1e-12 * scale, "self Gram max diff " + dSelf);
    assertTrue(dCross <= 1e-12 * scale, "cross Gram max diff " + dCross);
    assertEquals(2 * len * ny, cross.rows());
    assertEquals(3 * len * ny, cross.cols());
    assertFalse(cross.hasOutputIdentity());
    assertEquals(cross.toMatrix()[(1 * cross.cols()) + 2 * ny + 1], cross.get(0, 0, 1, 0, 2, 1));
  }

  @Test
  void kernelSelfGramsEqualGemmCrossGrams() {
    int nx = 3, ny = 2, len = 6, lags = 4;
    Sequences x = gaussian(3, len, nx, 5);
    double[] lambda = ScaleFactors.lambda(0.5, 1, 1, nx, false, lags);
    assertArrayEquals(NtkGram.scaled(x, x, lambda, ny).toMatrix(), NtkGram.scaled(x, lambda, ny).toMatrix(), 1e-12);
    LagKernel m = LagKernel.of(LinearRnn.random(20, nx, ny, InitScales.DEFAULT, 4), lags);
    assertArrayEquals(NtkGram.empirical(x, x, m).toMatrix(), NtkGram.empirical(x, m).toMatrix(), 1e-12);
    // the scaled Gram is the empirical Gram of the diagonal lag kernel diag(lambda) ⊗ I
    LagKernel diag = LagKernel.diagonal(lambda, ny, nx);
    assertArrayEquals(NtkGram.empirical(x, diag).toMatrix(), NtkGram.scaled(x, lambda, ny).toMatrix(), 1e-12);
  }

  @Test
  void scaledGramMatchesFormula17() {
    int nx = 2, ny = 3, len = 5;
    double[] lambda = {1.5, 0.7, 0.2};
    Sequences x = gaussian(2, len, nx, 9), xp = gaussian(4, len, nx, 10);
    NtkGram g = NtkGram.scaled(x, xp, lambda, ny);
    assertTrue(g.hasOutputIdentity());
    for (int i = 0; i < 2; i++) {
      for (int k = 0; k < len; k++) {
        for (int ip = 0; ip < 4; ip++) {
          for (int kp = 0; kp < len; kp++) {
            double s = 0;
            for (int j = 0; j < lambda.length && j <= k && j <= kp; j++) {
              for (int a = 0; a < nx; a++) s += lambda[j] * x.get(i, k - j, a) * xp.get(ip, kp - j, a);
            }
            assertEquals(s, g.get(i, k, 1, ip, kp, 1), 1e-13);
            assertEquals(0, g.get(i, k, 0, ip, kp, 2));
          }
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> NtkGram.scaled(x, gaussian(1, 3, 1, 1), lambda, ny));
    assertThrows(IllegalArgumentException.class, () -> NtkGram.scaled(x, new double[] {1, -1}, ny));
    assertThrows(IllegalArgumentException.class, () -> NtkGram.empirical(gaussian(1, 3, 1, 1),
        LagKernel.diagonal(lambda, ny, nx)));
  }
}
