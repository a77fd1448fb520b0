package lrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import lrnn.model.Convolution;
import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import lrnn.model.Sequences;
import lrnn.model.TestData;
import lrnn.theory.ScaleFactors;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/** {@code --eta auto}: lambda_max by Lanczos against EJML's dense eigen-decomposition, and GD at the chosen rate. */
class StepSizeTest {

  /** The largest eigenvalue by EJML's symmetric QR algorithm (the reference). */
  static double denseMax(double[] a, int d) {
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
    if (!eig.decompose(DMatrixRMaj.wrap(d, d, a.clone()))) throw new AssertionError("EJML eig failed");
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < d; i++) max = Math.max(max, eig.getEigenvalue(i).real);
    return max;
  }

  /** A B^T B with B (r x d): PSD of rank min(r, d), entries scaled by s. */
  static double[] gram(int d, int r, double s, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] b = new double[r * d];
    for (int i = 0; i < b.length; i++) b[i] = s * rnd.nextGaussian();
    double[] a = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double t = 0;
        for (int k = 0; k < r; k++) t += b[k * d + i] * b[k * d + j];
        a[i * d + j] = t;
      }
    }
    return a;
  }

  @Test
  void lanczosMatchesDenseEigenAtAwkwardSizes() {
    for (int d : new int[] {1, 2, 3, 7, 13, 40, 64, 130}) {
      for (int r : new int[] {1, Math.max(1, d / 3), 2 * d}) {
        double[] a = gram(d, r, 1, 31L * d + r);
        double ref = denseMax(a, d);
        double got = StepSize.largestEigenvalue(a, d);
        assertEquals(ref, got, 1e-12 * ref, "d = " + d + ", rank " + r);
      }
    }
  }

  @Test
  void lanczosStepsAreCappedAndStillFindTheTopOfALargeSpectrum() {
    int d = StepSize.MAX_STEPS + 88; // more than the cap: the basis stops at MAX_STEPS vectors
    double[] a = gram(d, 2 * d, 1, 99); // Marchenko-Pastur bulk: the top edge is not well separated
    double ref = denseMax(a, d), got = StepSize.largestEigenvalue(a, d);
    assertTrue(got <= ref * (1 + 1e-12), "a Ritz value is a lower bound: " + got + " vs " + ref);
    assertEquals(ref, got, 1e-6 * ref);
  }

  @Test
  void lanczosHandlesRepeatedIndefiniteAndDiagonalSpectra() {
    // identity (one eigenvalue of multiplicity d: the start vector is already an eigenvector)
    int d = 9;
    double[] id = new double[d * d];
    for (int i = 0; i < d; i++) id[i * d + i] = 2.5;
    assertEquals(2.5, StepSize.largestEigenvalue(id, d), 1e-15);
    // indefinite, largest eigenvalue smaller in magnitude than the most negative one
    double[] a = {1, 0, 0, 0, -5, 0, 0, 0, 0.5};
    assertEquals(1, StepSize.largestEigenvalue(a, 3), 1e-14);
    // a tight cluster at the top: 1, 1 - 1e-9, ...
    double[] c = new double[d * d];
    for (int i = 0; i < d; i++) c[i * d + i] = i == 0 ? 1 : 1 - 1e-9 * i;
    assertEquals(1, StepSize.largestEigenvalue(c, d), 1e-14);
    assertEquals(0, StepSize.largestEigenvalue(new double[4], 2));
    // scale: 1e-300 and 1e+150 entries
    double[] tiny = gram(7, 7, 1e-150, 3), huge = gram(7, 7, 1e75, 3);
    assertEquals(denseMax(tiny, 7), StepSize.largestEigenvalue(tiny, 7), 1e-12 * denseMax(tiny, 7));
    assertEquals(denseMax(huge, 7), StepSize.largestEigenvalue(huge, 7), 1e-12 * denseMax(huge, 7));
  }

  @Test
  void hessiansAreTheScaledGramsOfSpec9() {
    int nx = 3, ny = 2, lags = 5;
    Sequences x = TestData.gaussian(4, 11, nx, 7), y = TestData.gaussian(4, 11, ny, 8);
    DataMoments m = DataMoments.of(x, y, lags);
    double[] lambda = ScaleFactors.lambda(0.5, 1, 1, nx, false, lags);
    int d = lags * nx;
    double c = 2.0 / (4 * 11 * ny);
    double[] rxx = m.rxx();
    assertEquals(c * denseMax(rxx, d), StepSize.hessianMaxUnscaled(m), 1e-12 * c * denseMax(rxx, d));
    double[] s = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < d; k++) s[i * d + k] = Math.sqrt(lambda[i / nx] * lambda[k / nx]) * rxx[i * d + k];
    }
    assertEquals(c * denseMax(s, d), StepSize.hessianMaxScaled(m, lambda), 1e-12 * c * denseMax(s, d));
    StepSize.Choice ch = StepSize.choose(m, lambda);
    assertEquals(StepSize.FRACTION * 2 / Math.max(c * denseMax(rxx, d), c * denseMax(s, d)), ch.eta(), 1e-12 * ch.eta());
    // from the inputs alone: the same numbers
    StepSize.Choice fromX = StepSize.choose(x, ny, lags, lambda);
    assertEquals(ch.eta(), fromX.eta(), 1e-13 * ch.eta());
    assertEquals(ch.lambdaMaxUnscaled(), fromX.lambdaMaxUnscaled(), 1e-13 * ch.lambdaMaxUnscaled());
    // the Hessian really is that: the gradient is affine with that slope along the top direction (finite difference
    // along e_0 of lag 0 bounds the curvature from below: H_00 = c Rxx_00 <= lambda_max)
    assertTrue(c * rxx[0] <= StepSize.hessianMaxUnscaled(m) * (1 + 1e-12));
  }

  /** GD on both convolutions, at {@code factor} times the chosen rate; returns the final loss. */
  private static double[] train(DataMoments m, double[] lambda, double eta, int steps) {
    ImpulseResponse zero = ImpulseResponse.zeros(m.lags(), m.ny(), m.nx());
    double[] out = new double[2];
    Convolution[] starts = {Convolution.unscaled(zero), Convolution.scaled(lambda, zero)};
    for (int k = 0; k < 2; k++) {
      Convolution fin = GradientDescent.run(Objectives.convolution(m), starts[k], new GradientDescent.Options(eta, steps),
          (t, model, loss) -> {});
      out[k] = m.loss(fin.coefficients());
    }
    return out;
  }

  @Test
  void gdConvergesAtTheChosenRateAndDivergesAFewTimesAboveTheLimit() {
    int nx = 2, ny = 1, lags = 8;
    for (double unit : new double[] {1e-3, 1, 1e3}) {
      Sequences x0 = TestData.gaussian(3, 40, nx, 11);
      double[] xs = x0.toArray();
      for (int i = 0; i < xs.length; i++) xs[i] = unit * (xs[i] + 0.7); // raw units and an offset
      Sequences x = Sequences.of("x", 3, 40, nx, xs);
      Sequences y = TestData.gaussian(3, 40, ny, 12);
      DataMoments m = DataMoments.of(x, y, lags);
      double[] lambda = ScaleFactors.lambda(0.5, 1, 1, nx, false, lags);
      StepSize.Choice ch = StepSize.choose(m, lambda);
      double start = m.loss(ImpulseResponse.zeros(lags, ny, nx));
      double[] fin = train(m, lambda, ch.eta(), 200);
      assertTrue(fin[0] < start && fin[1] < start, "unit " + unit + ": GD at the chosen eta descends: " + fin[0] + ", "
          + fin[1] + " from " + start);
      // the unscaled conv holds the larger curvature here: just above its limit GD diverges
      assertTrue(ch.lambdaMaxUnscaled() >= ch.lambdaMaxScaled());
      double over = 3 * 2 / ch.lambdaMaxUnscaled();
      assertThrows(DivergenceException.class, () -> GradientDescent.run(Objectives.convolution(m),
          Convolution.unscaled(ImpulseResponse.zeros(lags, ny, nx)), new GradientDescent.Options(over, 200),
          (t, model, loss) -> {}), "unit " + unit);
      // and just below the limit (0.95 of it) it still does not diverge
      double[] edge = train(m, lambda, 0.95 * ch.stabilityLimit(), 200);
      assertTrue(Double.isFinite(edge[0]) && edge[0] <= start, "unit " + unit + ": " + edge[0]);
    }
  }

  @Test
  void zeroInputsHaveNoRate() {
    Sequences x = Sequences.of("x", 1, 5, 1, new double[5]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StepSize.choose(x, 1, 2, new double[] {1, 0.5}));
    assertTrue(e.getMessage().contains("all zero"), e.getMessage());
  }

  @Test
  void theScaledHessianDescribesTheWideRnn() {
    // unit-variance inputs with an offset: lambda_max(H_u) >> lambda_max(H_s), so the RNN's own limit (about
    // 2 / lambda_max(H_s), Theorem 3.3) lies far above the comparison's rate: check both sides of it
    int nx = 8, ny = 1, lags = 10, n = 150;
    Sequences x0 = TestData.gaussian(5, lags, nx, 21);
    double[] xs = x0.toArray();
    for (int i = 0; i < xs.length; i++) xs[i] += 1.5;
    Sequences x = Sequences.of("x", 5, lags, nx, xs);
    Sequences y = TestData.gaussian(5, lags, ny, 22);
    DataMoments m = DataMoments.of(x, y, lags);
    lrnn.model.InitScales s = lrnn.model.InitScales.DEFAULT;
    StepSize.Choice ch = StepSize.choose(x, ny, lags, s);
    double limitRnn = 2 / ch.lambdaMaxScaled();
    // discriminating: half the RNN's limit is far above the unscaled conv's limit
    assertTrue(0.5 * limitRnn > 2 * (2 / ch.lambdaMaxUnscaled()), ch.toString());
    lrnn.model.LinearRnn init = lrnn.model.LinearRnn.random(n, nx, ny, s, 5);
    double start = m.loss(init.impulseResponse(lags));
    double[] last = {0};
    GradientDescent.run(Objectives.rnnKrylov(m), init, new GradientDescent.Options(ch.eta(), 100),
        (t, model, loss) -> last[0] = loss);
    assertTrue(last[0] < start, "the RNN descends at eta auto: " + last[0] + " from " + start);
    GradientDescent.run(Objectives.rnnKrylov(m), init, new GradientDescent.Options(0.5 * limitRnn, 100),
        (t, model, loss) -> last[0] = loss);
    assertTrue(last[0] < start, "and at half its own limit 2 / lambda_max(H_s): " + last[0]);
    assertThrows(DivergenceException.class, () -> GradientDescent.run(Objectives.rnnKrylov(m), init,
        new GradientDescent.Options(3 * limitRnn, 100), (t, model, loss) -> {}), "3x its limit diverges");
  }
}
