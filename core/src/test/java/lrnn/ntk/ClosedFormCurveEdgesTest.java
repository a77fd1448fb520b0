package lrnn.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import lrnn.model.Sequences;
import lrnn.util.Memory;
import org.junit.jupiter.api.Test;

/** ClosedFormCurve at its boundaries: memory, lambda checks, floor, the stability bound, t = 0, shape errors. */
class ClosedFormCurveEdgesTest {

  @Test
  void boundariesAndChecks() {
    int lags = 3, nx = 2, ny = 3;
    Sequences x = NtkGramTest.gaussian(4, 8, nx, 81), y = NtkGramTest.gaussian(4, 8, ny, 82);
    DataMoments mom = DataMoments.of(x, y, lags);
    double[] lambda = {1, 0.5, 0.25};
    ImpulseResponse g0 = ImpulseResponse.of(lags, ny, nx, NtkGramTest.gaussian(1, lags, ny * nx, 83).toArray());
    ClosedFormCurve[] out = new ClosedFormCurve[1];
    List<Memory.Requirement> log = Memory.requirementsOf(() -> out[0] = ClosedFormCurve.of(mom, lambda, g0, 0.1));
    Memory.Requirement r = log.stream().filter(q -> q.what().startsWith("the closed-form curve")).findFirst()
        .orElseThrow(() -> new AssertionError(log.toString()));
    assertEquals(8L * 6 * (5 * 6 + 4 * 3), r.bytes());
    ClosedFormCurve curve = out[0];
    assertEquals(0.1, curve.eta(), 0);
    double mx = 0;
    for (double e : curve.eigenvalues()) mx = Math.max(mx, e);
    assertEquals(6 * Math.ulp(1.0) * mx, curve.eigenFloor(), 0);
    assertEquals((double) mom.targetCount() / mx, curve.maxStableLearningRate(), 0);
    assertArrayEquals(g0.toArray(), curve.coefficients(0).toArray(), 0);
    // eta exactly at the bound diverges; just below converges
    double bound = curve.maxStableLearningRate();
    ClosedFormCurve at = ClosedFormCurve.of(mom, lambda, g0, bound);
    IllegalStateException ise = assertThrows(IllegalStateException.class, at::limit);
    assertTrue(ise.getMessage().startsWith("gradient descent with eta = " + bound + " diverges"), ise.getMessage());
    ClosedFormCurve.of(mom, lambda, g0, Math.nextDown(bound)).limit();
    // a negative lambda anywhere is rejected
    for (int j = 0; j < lags; j++) {
      double[] bad = lambda.clone();
      bad[j] = -0.5;
      assertThrows(IllegalArgumentException.class, () -> ClosedFormCurve.of(mom, bad, g0, 0.1));
    }
    // test sequences: x and y must have the same count and length
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> curve.testMse(NtkGramTest.gaussian(2, 8, nx, 84), NtkGramTest.gaussian(3, 8, ny, 85), 1));
    assertTrue(e.getMessage().startsWith("x_test has 2 sequences of length 8 but y_test has 3"), e.getMessage());
  }

  /**
   * An eigenvalue exactly at the floor counts as singular (sigma > floor, not >=): a delta input makes Rxx = I_4,
   * so with lambda = (1, 1/4, 1/16, 2^-50) (exact square roots) the eigenvalues are lambda and the floor is d 2^-52 sigma_max = 2^-50.
   * That lag must then never move, in the curve and in the limit.
   */
  @Test
  void anEigenvalueExactlyAtTheFloorDoesNotMove() {
    Sequences x = Sequences.of("delta", 1, 4, 1, new double[] {1, 0, 0, 0});
    Sequences y = Sequences.of("y", 1, 4, 1, new double[4]);
    DataMoments mom = DataMoments.of(x, y, 4);
    ImpulseResponse g0 = ImpulseResponse.of(4, 1, 1, new double[] {0.3, -0.2, 0.1, 0.7});
    ClosedFormCurve curve = ClosedFormCurve.of(mom, new double[] {1, 0.25, 0.0625, 0x1p-50}, g0, 1.0);
    double[] sig = curve.eigenvalues().clone();
    java.util.Arrays.sort(sig);
    assertArrayEquals(new double[] {0x1p-50, 0.0625, 0.25, 1}, sig, 0);
    assertEquals(0x1p-50, curve.eigenFloor(), 0);
    assertEquals(0.7, curve.coefficients(1L << 50).toArray()[3], 0);
    assertEquals(0.7, curve.limit().toArray()[3], 0);
    assertEquals(0, curve.limit().toArray()[0], 1e-15);
  }
}
