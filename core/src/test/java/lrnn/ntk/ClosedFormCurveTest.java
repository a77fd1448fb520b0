package lrnn.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lrnn.model.Convolution;
import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.Metrics;
import lrnn.model.Sequences;
import lrnn.theory.ScaleFactors;
import lrnn.train.GradientDescent;
import lrnn.train.Objectives;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** (K5): the closed-form GD trajectory of the scaled convolution equals iterated GD. */
class ClosedFormCurveTest {

  static final long[] STEPS = {0, 1, 7, 300};

  static double relFrob(ImpulseResponse a, ImpulseResponse b) {
    double[] x = a.toArray(), y = b.toArray();
    double num = 0, den = 0;
    for (int i = 0; i < x.length; i++) {
      num += (x[i] - y[i]) * (x[i] - y[i]);
      den += y[i] * y[i];
    }
    return Math.sqrt(num / den);
  }

  /**
   * Cases: 0 regular (L > K); 1 singular Rxx because L < K; 2 singular Rxx because an input channel is
   * identically zero; 3 some lambda_j = 0 (lags that must not move) and the unscaled lambda = 1 elsewhere.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void equalsIteratedGradientDescent(int kase) {
    int nx = 2, ny = 2, count = 5;
    int len = kase == 1 ? 4 : 10, lags = kase == 1 ? 7 : 6;
    double[] xs = NtkGramTest.gaussian(count, len, nx, 10 + kase).toArray();
    if (kase == 2) for (int t = 1; t < xs.length; t += nx) xs[t] = 0;
    Sequences x = Sequences.of("x", count, len, nx, xs);
    Sequences y = NtkGramTest.gaussian(count, len, ny, 20 + kase);
    Sequences xt = NtkGramTest.gaussian(3, len, nx, 30 + kase), yt = NtkGramTest.gaussian(3, len, ny, 40 + kase);
    double[] lambda = ScaleFactors.lambda(0.5, 1, 1, nx, false, lags);
    if (kase == 3) lambda = new double[] {1, 0, 1, 1, 0, 1};
    ImpulseResponse g0 = LinearRnn.random(50, nx, ny, InitScales.DEFAULT, kase).impulseResponse(lags);
    DataMoments mom = DataMoments.of(x, y, lags);
    ClosedFormCurve curve = ClosedFormCurve.of(mom, lambda, g0, 1.0);
    double eta = 0.6 * curve.maxStableLearningRate();
    curve = ClosedFormCurve.of(mom, lambda, g0, eta);
    int singular = 0;
    for (double e : curve.eigenvalues()) if (e <= curve.eigenFloor()) singular++;
    if (kase == 1 || kase == 2 || kase == 3) assertTrue(singular > 0, "case " + kase + " should be singular");

    double[] train = curve.trainMse(STEPS);
    double[] test = curve.testMse(xt, yt, STEPS);
    double[] testM = curve.testMse(DataMoments.of(xt, yt, lags), STEPS);
    double worst = 0;
    for (int i = 0; i < STEPS.length; i++) {
      Convolution gd = GradientDescent.run(Objectives.convolution(mom), Convolution.scaled(lambda, g0),
          new GradientDescent.Options(eta, (int) STEPS[i]), (t, m, loss) -> {});
      worst = Math.max(worst, relFrob(curve.coefficients(STEPS[i]), gd.coefficients()));
      double gdTrain = mom.loss(gd.coefficients()), gdTest = Metrics.mse(gd.apply(xt), yt);
      assertEquals(gdTrain, train[i], 1e-10 * gdTrain, "train MSE at t = " + STEPS[i]);
      assertEquals(gdTest, test[i], 1e-10 * gdTest, "test MSE at t = " + STEPS[i]);
      assertEquals(gdTest, testM[i], 1e-9 * gdTest, "test MSE from moments at t = " + STEPS[i]);
    }
    System.out.printf("closed form vs GD, case %d (%d singular directions): max relative coefficient diff %.2e%n",
        kase, singular, worst);
    assertTrue(worst < 1e-10, "case " + kase + ": relative difference " + worst);
    if (kase == 3) {
      ImpulseResponse g300 = curve.coefficients(300);
      for (int b = 0; b < ny; b++) {
        for (int a = 0; a < nx; a++) {
          assertEquals(g0.get(1, b, a), g300.get(1, b, a), 0, "lambda_1 = 0: lag 1 must not move");
          assertEquals(g0.get(4, b, a), g300.get(4, b, a), 0, "lambda_4 = 0: lag 4 must not move");
        }
      }
    }
    // the limit is a minimizer: its gradient (projected by Lambda) vanishes, and late GD approaches it
    ImpulseResponse lim = curve.limit();
    double[] grad = mom.gradient(lim).toArray();
    double gmax = 0;
    for (int t = 0; t < grad.length; t++) gmax = Math.max(gmax, Math.abs(grad[t]) * lambda[t / (nx * ny)]);
    assertTrue(gmax < 1e-10, "Lambda-scaled gradient at the limit " + gmax);
    assertTrue(relFrob(curve.coefficients(1_000_000_000L), lim) < 1e-6);
  }

  @Test
  void validatesArguments() {
    Sequences x = NtkGramTest.gaussian(2, 5, 1, 1), y = NtkGramTest.gaussian(2, 5, 1, 2);
    DataMoments mom = DataMoments.of(x, y, 3);
    ImpulseResponse g0 = ImpulseResponse.zeros(3, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> ClosedFormCurve.of(mom, new double[] {1, 1}, g0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> ClosedFormCurve.of(mom, new double[] {1, 1, 1}, g0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> ClosedFormCurve.of(mom, new double[] {1, 1, 1}, ImpulseResponse.zeros(4, 1, 1), 0.1));
    ClosedFormCurve c = ClosedFormCurve.forRnn(mom, InitScales.DEFAULT, g0, 1e6);
    assertThrows(IllegalStateException.class, c::limit);
    assertThrows(IllegalArgumentException.class, () -> c.coefficients(-1));
  }
}
