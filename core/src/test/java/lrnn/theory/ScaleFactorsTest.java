package lrnn.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScaleFactorsTest {

  @Test
  void defaultsMatchHandComputedValues() {
    // nu_W = 0.5, nu_F = nu_C = 1, n_x = 1: lambda_j = 2 * 0.5^j + j * 0.5^(j-1)
    double[] l = ScaleFactors.lambda(0.5, 1, 1, 1, false, 5);
    assertArrayEquals(new double[] {2.0, 2.0, 1.5, 1.0, 0.625}, l, 1e-15);
  }

  @Test
  void unequalVariancesAndInputDimension() {
    // nu_W = 0.6, nu_F = 1, nu_C = 0.7, n_x = 3 (SPEC section 8's setting)
    double[] l = ScaleFactors.lambda(0.6, 1, 0.7, 3, false, 3);
    assertArrayEquals(new double[] {1.7 / 3, 1.72 / 3, 1.452 / 3}, l, 1e-15);
    double[] b = ScaleFactors.bound(0.6, 1, 0.7, 3, 3);
    assertEquals(1.452 / 3, b[2], 1e-15);
  }

  @Test
  void trainedDAddsOneOverNxAtLagZeroOnly() {
    double[] with = ScaleFactors.lambda(0.5, 1, 1, 2, true, 4);
    double[] without = ScaleFactors.lambda(0.5, 1, 1, 2, false, 4);
    assertEquals(without[0] + 0.5, with[0], 1e-15);
    for (int j = 1; j < 4; j++) assertEquals(without[j], with[j], 0.0);
  }

  @Test
  void zeroNuWKeepsOnlyTheFirstTwoLags() {
    // 0^0 = 1 in the C~/F~ term; the W~ term is j nu_C nu_F nu_W^(j-1), i.e. nu_C nu_F at j = 1 only
    double[] l = ScaleFactors.lambda(0.0, 2, 3, 1, false, 4);
    assertArrayEquals(new double[] {5.0, 6.0, 0.0, 0.0}, l, 0.0);
  }

  @Test
  void lambdaIsBelowTheBoundAndDecaysGeometrically() {
    double[][] params = {{0.5, 1, 1}, {0.9, 2, 0.3}, {0.1, 0.5, 4}, {0.99, 1, 1}};
    for (double[] p : params) {
      for (boolean d : new boolean[] {false, true}) {
        double[] l = ScaleFactors.lambda(p[0], p[1], p[2], 2, d, 200);
        double[] b = ScaleFactors.bound(p[0], p[1], p[2], 2, 200);
        for (int j = d ? 1 : 0; j < l.length; j++) {
          assertTrue(l[j] <= b[j] * (1 + 1e-12), "lambda_" + j + " = " + l[j] + " > bound " + b[j]);
        }
      }
      // lambda_{j+1} / lambda_j = nu_W (1 + O(1/j)): geometric decay at rate nu_W
      double[] l = ScaleFactors.lambda(p[0], p[1], p[2], 1, false, 102);
      assertEquals(p[0], l[101] / l[100], 0.02 * p[0], "decay rate for nu_W = " + p[0]);
    }
  }

  @Test
  void invalidArgumentsAreNamed() {
    assertMessage("n_x = 0 must be at least 1", () -> ScaleFactors.lambda(0.5, 1, 1, 0, false, 3));
    assertMessage("lags = 0 must be at least 1", () -> ScaleFactors.lambda(0.5, 1, 1, 1, false, 0));
    assertMessage("nu_F = -1.0 must be a finite variance >= 0", () -> ScaleFactors.lambda(0.5, -1, 1, 1, false, 3));
    assertMessage("nu_C = NaN must be a finite variance >= 0", () -> ScaleFactors.bound(0.5, 1, Double.NaN, 1, 3));
    assertMessage("nu_W = Infinity must be a finite variance >= 0",
        () -> ScaleFactors.lambda(Double.POSITIVE_INFINITY, 1, 1, 1, false, 3));
    assertMessage("nu_W = 0.0 must be a finite number > 0 for the bound (22)", () -> ScaleFactors.bound(0, 1, 1, 1, 3));
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertEquals(expected, e.getMessage());
  }
}
