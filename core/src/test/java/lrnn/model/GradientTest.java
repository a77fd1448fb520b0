package lrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §4 and §8: BPTT vs central finite differences, and BPTT == Krylov path (K4) to rounding. */
class GradientTest {

  private static final InitScales WITH_D = new InitScales(0.6, 1, 0.7, 0.5, true);

  private static double loss(LinearRnn r, Sequences x, Sequences y) {
    return Metrics.mse(r.forward(x), y);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void bpttMatchesCentralDifferencesForEveryParameter(boolean withD) {
    int n = 5, nx = 2, ny = 2, len = 6, count = 3;
    InitScales s = withD ? WITH_D : new InitScales(0.6, 1, 0.7, 0, false);
    LinearRnn rnn = LinearRnn.random(n, nx, ny, s, 11);
    Sequences x = TestData.gaussian(count, len, nx, 1);
    Sequences y = TestData.gaussian(count, len, ny, 2);
    RnnGradient g = Gradients.bptt(rnn, x, y).gradient();
    double h = 1e-6;
    check("W~", rnn.wTilde(), g.w(), p -> LinearRnn.ofTilde(n, nx, ny, p, rnn.fTilde(), rnn.cTilde(), rnn.dTilde()), x, y, h);
    check("F~", rnn.fTilde(), g.f(), p -> LinearRnn.ofTilde(n, nx, ny, rnn.wTilde(), p, rnn.cTilde(), rnn.dTilde()), x, y, h);
    check("C~", rnn.cTilde(), g.c(), p -> LinearRnn.ofTilde(n, nx, ny, rnn.wTilde(), rnn.fTilde(), p, rnn.dTilde()), x, y, h);
    if (withD) {
      check("D~", rnn.dTilde(), g.d(), p -> LinearRnn.ofTilde(n, nx, ny, rnn.wTilde(), rnn.fTilde(), rnn.cTilde(), p), x, y, h);
    }
  }

  private static void check(String name, double[] theta, double[] grad, Function<double[], LinearRnn> make,
                            Sequences x, Sequences y, double h) {
    for (int i = 0; i < theta.length; i++) {
      double[] plus = theta.clone(), minus = theta.clone();
      plus[i] += h;
      minus[i] -= h;
      double fd = (loss(make.apply(plus), x, y) - loss(make.apply(minus), x, y)) / (2 * h);
      assertEquals(fd, grad[i], 1e-7 * (1 + Math.abs(fd)), name + "[" + i + "]");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void krylovPathEqualsBpttToRounding(boolean withD) {
    int n = 30, nx = 2, ny = 3, len = 6, count = 4;
    InitScales s = withD ? WITH_D : InitScales.DEFAULT;
    LinearRnn rnn = LinearRnn.random(n, nx, ny, s, 5);
    Sequences x = TestData.gaussian(count, len, nx, 3);
    Sequences y = TestData.gaussian(count, len, ny, 4);
    RnnEvaluation bptt = Gradients.bptt(rnn, x, y);
    RnnEvaluation kry = Gradients.krylov(rnn, DataMoments.of(x, y, len));
    double scale = bptt.gradient().maxAbs();
    assertTrue(bptt.gradient().maxAbsDiff(kry.gradient()) < 1e-13 * Math.max(1, scale),
        "max diff " + bptt.gradient().maxAbsDiff(kry.gradient()));
    assertEquals(bptt.loss(), kry.loss(), 1e-12 * bptt.loss());
  }

  @Test
  void krylovPathWithOneLag() {
    LinearRnn rnn = LinearRnn.random(7, 1, 1, InitScales.DEFAULT, 9);
    Sequences x = TestData.gaussian(2, 1, 1, 1), y = TestData.gaussian(2, 1, 1, 2);
    RnnEvaluation bptt = Gradients.bptt(rnn, x, y);
    RnnEvaluation kry = Gradients.krylov(rnn, DataMoments.of(x, y, 1));
    assertTrue(bptt.gradient().maxAbsDiff(kry.gradient()) < 1e-14);
  }

  @Test
  void momentsLossEqualsDirectLoss() {
    Sequences x = TestData.gaussian(3, 9, 2, 1), y = TestData.gaussian(3, 9, 2, 2);
    ImpulseResponse g = ImpulseResponse.of(9, 2, 2, TestData.gaussian(1, 9, 4, 5).toArray());
    DataMoments m = DataMoments.of(x, y, 9);
    assertEquals(Metrics.mse(g.apply(x), y), m.loss(g), 1e-12);
  }
}
