package lrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lrnn.util.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/** The scaled parameterization of SPEC (6)-(7) entry by entry: Ghat, the GD step, copies and checks. */
class ConvolutionTest {

  /** K = 3 lags, n_y = 2, n_x = 3: G[j, b, a] = 1 + j + 0.1 b + 0.01 a (distinct entries). */
  static ImpulseResponse g0() {
    double[] g = new double[3 * 2 * 3];
    for (int j = 0; j < 3; j++) for (int b = 0; b < 2; b++) for (int a = 0; a < 3; a++) g[(j * 2 + b) * 3 + a] = 1 + j + 0.1 * b + 0.01 * a;
    return ImpulseResponse.of(3, 2, 3, g);
  }

  @Test
  void ghatIsGOverSqrtLambdaAndZeroWhereLambdaIsZero() {
    double[] lambda = {4, 0, 0.25};
    Convolution c = Convolution.scaled(lambda, g0());
    double[] ghat = c.ghat();
    for (int j = 0; j < 3; j++) {
      for (int b = 0; b < 2; b++) {
        for (int a = 0; a < 3; a++) {
          double want = j == 1 ? 0 : g0().get(j, b, a) / Math.sqrt(lambda[j]);
          assertEquals(want, ghat[(j * 2 + b) * 3 + a], 1e-15, "Ghat[" + j + "," + b + "," + a + "]");
        }
      }
    }
    assertArrayEquals(g0().toArray(), c.coefficients().toArray());
    assertArrayEquals(g0().toArray(), Convolution.unscaled(g0()).ghat(), "unscaled: Ghat = G");
  }

  @Test
  void stepIsPreconditionedGradientDescentOnG() {
    double[] lambda = {2, 0.5, 0.125};
    double[] dg = new double[18];
    for (int t = 0; t < 18; t++) dg[t] = 0.3 - 0.05 * t;
    ImpulseResponse grad = ImpulseResponse.of(3, 2, 3, dg);
    Convolution next = Convolution.scaled(lambda, g0()).step(0.1, grad);
    for (int j = 0; j < 3; j++) {
      for (int b = 0; b < 2; b++) {
        for (int a = 0; a < 3; a++) {
          int t = (j * 2 + b) * 3 + a;
          assertEquals(g0().get(j, b, a) - 0.1 * lambda[j] * dg[t], next.coefficients().get(j, b, a), 1e-15, "G[" + t + "]");
        }
      }
    }
    assertArrayEquals(lambda, next.lambda(), "the step keeps lambda");
    Convolution u = Convolution.unscaled(g0()).step(0.1, grad);
    for (int t = 0; t < 18; t++) assertEquals(g0().toArray()[t] - 0.1 * dg[t], u.coefficients().toArray()[t], 1e-15);
  }

  @Test
  void stepChecksItsArguments() {
    Convolution c = Convolution.unscaled(g0());
    assertThrows(IllegalArgumentException.class, () -> c.step(Double.NaN, g0()));
    assertThrows(IllegalArgumentException.class, () -> c.step(0.1, null));
    assertThrows(ShapeMismatchException.class, () -> c.step(0.1, ImpulseResponse.zeros(2, 2, 3)));
    assertThrows(ShapeMismatchException.class, () -> c.step(0.1, ImpulseResponse.zeros(3, 1, 3)));
    assertThrows(ShapeMismatchException.class, () -> c.step(0.1, ImpulseResponse.zeros(3, 2, 2)));
  }

  @Test
  void lambdaIsCheckedAndCopiedBothWays() {
    double[] lambda = {1, 2, 3};
    Convolution c = Convolution.scaled(lambda, g0());
    lambda[0] = 99;
    assertArrayEquals(new double[] {1, 2, 3}, c.lambda(), "scaled() copies its lambda");
    c.lambda()[1] = 99;
    assertArrayEquals(new double[] {1, 2, 3}, c.lambda(), "lambda() returns a copy");
    assertArrayEquals(new double[] {1, 1, 1}, Convolution.unscaled(g0()).lambda());
    assertThrows(IllegalArgumentException.class, () -> Convolution.scaled(new double[] {1, -1e-300, 1}, g0()));
    Convolution.scaled(new double[] {1, 0, 1}, g0()); // zero is allowed
    assertThrows(IllegalArgumentException.class, () -> Convolution.scaled(new double[] {1, 1}, g0()));
    assertThrows(IllegalArgumentException.class, () -> Convolution.scaled(new double[] {1, 1, 1}, null));
    assertThrows(IllegalArgumentException.class, () -> Convolution.unscaled(null));
  }

  @Test
  void applyIsTheConvolutionOfItsCoefficients() {
    double[] x = new double[2 * 4 * 3];
    for (int i = 0; i < x.length; i++) x[i] = Math.sin(i + 1);
    Sequences xs = Sequences.of("x", 2, 4, 3, x);
    Sequences y = Convolution.scaled(new double[] {4, 1, 0.5}, g0()).apply(xs);
    for (int i = 0; i < 2; i++) {
      for (int k = 0; k < 4; k++) {
        for (int b = 0; b < 2; b++) {
          double want = 0;
          for (int j = 0; j <= Math.min(k, 2); j++) for (int a = 0; a < 3; a++) want += g0().get(j, b, a) * xs.get(i, k - j, a);
          assertEquals(want, y.get(i, k, b), 1e-14, "y[" + i + "," + k + "," + b + "]");
        }
      }
    }
    Convolution c = Convolution.unscaled(g0());
    assertSame(c.coefficients(), c.coefficients());
    assertTrue(c.coefficients().lags() == 3);
  }
}
