package lrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lrnn.data.SyntheticTask;
import lrnn.model.InitScales;
import org.junit.jupiter.api.Test;

/** E5 at test size: Theorem 3.3(a) variances and the drift bound (25). */
class TheoremsTest {

  @Test
  void impulseResponseVarianceMatchesTheorem33a() {
    InitScales s = new InitScales(0.6, 1, 0.7, 0.3, true);
    var cfg = new Theorems.VarianceConfig(128, 2, 2, 4, s, 150, 0);
    List<Theorems.VarianceRow> rows = Theorems.variance(cfg, ProgressSink.NONE);
    assertEquals(4, rows.size());
    assertEquals((0.7 + 0.3) / 2, rows.get(0).predicted(), 1e-15);
    for (Theorems.VarianceRow r : rows) {
      System.out.printf("E5 variance lag %d: measured %.5f +- %.5f, predicted %.5f%n", r.lag(), r.measured(),
          r.standardError(), r.predicted());
      // four standard errors plus the O(j/n) finite-width bias
      double tol = 4 * r.standardError() + r.predicted() * 2.0 * r.lag() / cfg.n();
      assertEquals(r.predicted(), r.measured(), tol, "lag " + r.lag());
      assertTrue(r.standardError() > 0 && r.standardError() < 0.2 * r.predicted());
    }
  }

  @Test
  void rnnDriftIsBoundedByLambdaUnlikeTheUnscaledConvolution() {
    // a delayed target puts the optimum's mass at long lags, where the unscaled model moves freely
    SyntheticTask task = SyntheticTask.E1.withLength(14).withDelay(9);
    var cfg = new Theorems.DriftConfig(256, InitScales.DEFAULT, task, 3, 0.05, 40, 14);
    List<Theorems.DriftRow> rows = Theorems.drift(cfg, ProgressSink.NONE);
    assertEquals(14, rows.size());
    double maxRnn = 0, maxScaled = 0;
    for (Theorems.DriftRow r : rows) {
      System.out.printf("E5 drift lag %d: lambda %.3e, max_t |dG|/(t lambda): RNN %.4f, scaled %.4f, unscaled %.4f%n",
          r.lag(), r.lambda(), r.rnn(), r.scaled(), r.unscaled());
      maxRnn = Math.max(maxRnn, r.rnn());
      maxScaled = Math.max(maxScaled, r.scaled());
    }
    // (25): one constant c bounds the ratio at every lag for the scaled convolution (exactly: its ratio is at
    // most eta max_s |dG_j(s)|) and, up to finite-width corrections, for the RNN; the unscaled convolution's
    // ratio at the delayed lags is of order 1/lambda_j larger
    assertTrue(maxRnn < 2 * maxScaled, "RNN ratio " + maxRnn + " vs scaled " + maxScaled);
    double maxUnscaledLong = 0;
    for (int j = 9; j < 14; j++) maxUnscaledLong = Math.max(maxUnscaledLong, rows.get(j).unscaled());
    assertTrue(maxUnscaledLong > 5 * maxRnn, "unscaled ratio at long lags " + maxUnscaledLong + " vs RNN " + maxRnn);
    assertThrows(IllegalArgumentException.class,
        () -> new Theorems.DriftConfig(16, InitScales.DEFAULT, task, 0, 0.05, 10, 15));
  }
}
