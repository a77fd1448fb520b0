package lrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lrnn.model.DataMoments;
import lrnn.model.Sequences;
import lrnn.model.TestData;
import org.junit.jupiter.api.Test;

/**
 * {@link StepSize} at its edges, each value exact: the record's fields and {@code min}, 1 x 1 and 2 x 2 matrices,
 * the scaling, the argument checks and both refusals of {@code choose} (found by mutation testing).
 */
class StepSizeEdgesTest {

  @Test
  void choiceMinKeepsTheSmallerRateAndThisOnATie() {
    StepSize.Choice a = new StepSize.Choice(1, 2, 0.5), b = new StepSize.Choice(1, 0.5, 2);
    StepSize.Choice c = new StepSize.Choice(0.25, 4, 1);
    assertSame(a, a.min(b), "a tie keeps this");
    assertSame(b, b.min(a));
    assertSame(c, a.min(c));
    assertSame(c, c.min(a));
    assertEquals(1.0, a.stabilityLimit());
    assertEquals(1.0, b.stabilityLimit());
    assertEquals(0.5, c.stabilityLimit());
  }

  @Test
  void oneByOneAndTwoByTwoMatricesAreExact() {
    assertEquals(5.0, StepSize.largestEigenvalue(new double[] {5}, 1));
    assertEquals(-3.0, StepSize.largestEigenvalue(new double[] {-3}, 1), "a 1 x 1 matrix is its own eigenvalue");
    assertEquals(1.0, StepSize.largestEigenvalue(new double[] {4}, 1, new double[] {0.5}));
    assertEquals(3.0, StepSize.largestEigenvalue(new double[] {2, 1, 1, 2}, 2), 1e-15);
    // S A S = [[2, 2], [2, 8]]: 5 + sqrt(13)
    assertEquals(5 + Math.sqrt(13), StepSize.largestEigenvalue(new double[] {2, 1, 1, 2}, 2, new double[] {1, 2}),
        1e-14);
    // negative definite: the largest is the one nearest zero
    assertEquals(-1.0, StepSize.largestEigenvalue(new double[] {-2, 1, 1, -2}, 2), 1e-15);
    // a zero scaling of one coordinate leaves the other's block
    assertEquals(2.0, StepSize.largestEigenvalue(new double[] {2, 1, 1, 2}, 2, new double[] {1, 0}), 1e-15);
    // the input is not modified
    double[] a = {2, 1, 1, 2};
    StepSize.largestEigenvalue(a, 2, new double[] {1, 2});
    assertEquals(java.util.List.of(2.0, 1.0, 1.0, 2.0), java.util.Arrays.stream(a).boxed().toList());
  }

  @Test
  void tridiagonalBisectionIsExactOnSmallMatrices() {
    assertEquals(7.0, StepSize.largestTridiagonal(new double[] {7}, new double[] {0}, 1));
    assertEquals(3.0, StepSize.largestTridiagonal(new double[] {2, 2}, new double[] {0, 1}, 2), 1e-15);
    // [[1, 2, 0], [2, 1, 2], [0, 2, 1]]: 1 + 2 sqrt(2)
    assertEquals(1 + 2 * Math.sqrt(2), StepSize.largestTridiagonal(new double[] {1, 1, 1}, new double[] {0, 2, 2}, 3),
        1e-14);
    // only the first k rows count; a negative off-diagonal acts as its absolute value
    assertEquals(3.0, StepSize.largestTridiagonal(new double[] {2, 2, 100}, new double[] {0, -1, 50}, 2), 1e-15);
    // diagonal with a zero pivot on the way (alpha - x = 0 exactly at x = 0 for the middle row)
    assertEquals(4.0, StepSize.largestTridiagonal(new double[] {-1, 0, 4}, new double[] {0, 0, 0}, 3), 1e-15);
  }

  @Test
  void argumentsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> StepSize.largestEigenvalue(new double[0], 0));
    assertThrows(IllegalArgumentException.class, () -> StepSize.largestEigenvalue(new double[3], 2));
    assertThrows(IllegalArgumentException.class, () -> StepSize.largestEigenvalue(new double[] {1, 0, 0, Double.NaN}, 2));
    assertThrows(IllegalArgumentException.class,
        () -> StepSize.largestEigenvalue(new double[] {1, 0, 0, 1}, 2, new double[] {1}));
    Sequences x = TestData.gaussian(2, 6, 2, 1);
    assertThrows(IllegalArgumentException.class, () -> StepSize.choose(x, 0, 2, new double[] {1, 1}));
    assertThrows(IllegalArgumentException.class, () -> StepSize.choose(x, 1, 2, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> StepSize.choose((DataMoments) null, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> StepSize.choose(x, 1, 2, (lrnn.model.InitScales) null));
  }

  @Test
  void lambdaMustBeFiniteAndNonNegativeAndZeroIsAllowed() {
    assertEquals(java.util.List.of(0.0, 0.0, 2.0, 2.0),
        java.util.Arrays.stream(StepSize.sqrtLambda(2, 2, new double[] {0, 4})).boxed().toList());
    for (double bad : new double[] {-1e-300, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StepSize.sqrtLambda(2, 3, new double[] {1, bad, 1}));
      assertEquals("lambda_1 = " + bad + " must be finite and non-negative", e.getMessage());
    }
  }

  /** x = (1, 1) (N = 1, L = 2, n_x = 1), K = 2: Rxx = [[2, 1], [1, 1]]; every field of the choice, exactly. */
  @Test
  void chooseReturnsEveryFieldOfSpec9() {
    Sequences x = Sequences.of("x", 1, 2, 1, new double[] {1, 1});
    assertEquals(java.util.List.of(2.0, 1.0, 1.0, 1.0),
        java.util.Arrays.stream(DataMoments.inputGram(x, 2)).boxed().toList());
    int ny = 3;
    double c = 2.0 / (1 * 2 * ny);
    double top = (3 + Math.sqrt(5)) / 2;
    // lambda = (1, 0): S A S = [[2, 0], [0, 0]], lambda_max 2 < top (the unscaled Hessian is the stiffer)
    StepSize.Choice u = StepSize.choose(x, ny, 2, new double[] {1, 0});
    assertEquals(c * top, u.lambdaMaxUnscaled(), 1e-15);
    assertEquals(c * 2, u.lambdaMaxScaled(), 1e-15);
    assertEquals(1 / (c * top), u.eta(), 1e-14);
    // lambda = (4, 4): the scaled Hessian is 4 times the unscaled one and sets the rate
    StepSize.Choice s = StepSize.choose(x, ny, 2, new double[] {4, 4});
    assertEquals(c * top, s.lambdaMaxUnscaled(), 1e-15);
    assertEquals(4 * c * top, s.lambdaMaxScaled(), 1e-14);
    assertEquals(1 / (4 * c * top), s.eta(), 1e-14);
    assertSame(s, u.min(s));
    // the moments' overload: c = 2 / (N L n_y) from the targets
    DataMoments m = DataMoments.of(x, Sequences.of("y", 1, 2, ny, new double[6]), 2);
    StepSize.Choice fromM = StepSize.choose(m, new double[] {4, 4});
    assertEquals(s.eta(), fromM.eta(), 1e-15);
    assertEquals(s.lambdaMaxScaled(), fromM.lambdaMaxScaled(), 1e-15);
    assertEquals(c * top, StepSize.hessianMaxUnscaled(m), 1e-15);
    assertEquals(4 * c * top, StepSize.hessianMaxScaled(m, new double[] {4, 4}), 1e-14);
    assertThrows(IllegalArgumentException.class, () -> StepSize.hessianMaxScaled(m, new double[] {4}));
  }

  @Test
  void overflowingCurvatureIsRefusedWithItsValue() {
    // Rxx entries about 1e160, lambda = 1e150: lambda_max(H_s) overflows while every input is finite
    Sequences x = Sequences.of("x", 1, 2, 1, new double[] {1e80, 1e80});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StepSize.choose(x, 1, 2, new double[] {1e150, 1e150}));
    assertEquals("the inputs' second moments overflow (lambda_max(Rxx) = Infinity); rescale or standardize the inputs",
        e.getMessage());
    // and a zero scaling gives no curvature either way only when the inputs are zero
    StepSize.Choice ok = StepSize.choose(x, 1, 2, new double[] {0, 0});
    assertEquals(0.0, ok.lambdaMaxScaled());
    assertTrue(ok.eta() > 0);
  }

  /**
   * A flat spectrum larger than the step cap, 2 - 2e-4 i (i = 0 .. 699): the Ritz value still moves by more than
   * 1e-14 at step MAX_STEPS, so the loop ends by its cap and returns the scaled Ritz value it has (max entry 2).
   */
  @Test
  void theStepCapReturnsTheScaledRitzValue() {
    int d = 700;
    double[] a = new double[d * d];
    for (int i = 0; i < d; i++) a[i * d + i] = 2 - 2e-4 * i;
    double got = StepSize.largestEigenvalue(a, d);
    assertTrue(got <= 2 * (1 + 1e-15), "a lower bound: " + got);
    assertEquals(2.0, got, 1e-8);
  }
}
