package lrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import lrnn.model.Sequences;
import org.junit.jupiter.api.Test;

class FirBaselineTest {

  @Test
  void reproducesTheSpecFmriBaseline() {
    TimeSeries ts = FmriData.load();
    assertEquals(3360, ts.length());
    assertEquals(6, ts.nx());
    double full = FirBaseline.evaluate(ts, 12, 0.8, 0.2).testR2()[0];
    double limited = FirBaseline.evaluate(ts, 12, 0.1, 0.2).testR2()[0];
    System.out.printf("FIR 12 lags on fMRI: R^2 %.4f (first 80%%), %.4f (first 10%%)%n", full, limited);
    assertEquals(0.17, full, 0.05, "SPEC §6: about 17% of the test variance");
    assertTrue(limited < 0, "SPEC §6: overfits on 10%: " + limited);
  }

  @Test
  void recoversAKnownFilterExactly() {
    SplittableRandom rng = new SplittableRandom(3);
    int len = 200, nx = 2, ny = 2, lags = 5;
    double[] xv = new double[len * nx];
    for (int i = 0; i < xv.length; i++) xv[i] = rng.nextGaussian();
    double[] gv = new double[lags * ny * nx];
    for (int i = 0; i < gv.length; i++) gv[i] = rng.nextGaussian();
    ImpulseResponse g = ImpulseResponse.of(lags, ny, nx, gv);
    Sequences x = Sequences.of("x", 1, len, nx, xv);
    Sequences y = g.apply(x);
    ImpulseResponse fit = FirBaseline.fit(DataMoments.of(x, y, lags));
    assertTrue(fit.maxAbsDiff(g) < 1e-10, "max diff " + fit.maxAbsDiff(g));
    // more lags than the truth: the extra lags come out zero
    ImpulseResponse wide = FirBaseline.fit(DataMoments.of(x, y, 8));
    assertTrue(wide.truncate(lags).maxAbsDiff(g) < 1e-10);
    for (int j = lags; j < 8; j++) assertEquals(0, wide.norm(j), 1e-10);
  }

  @Test
  void underdeterminedFitIsTheMinimumNormInterpolant() {
    // 6 samples, 10 coefficients: the fit interpolates the training data exactly
    SplittableRandom rng = new SplittableRandom(9);
    int len = 6, lags = 10;
    double[] xv = new double[len], yv = new double[len];
    for (int i = 0; i < len; i++) {
      xv[i] = rng.nextGaussian();
      yv[i] = rng.nextGaussian();
    }
    Sequences x = Sequences.of("x", 1, len, 1, xv), y = Sequences.of("y", 1, len, 1, yv);
    ImpulseResponse fit = FirBaseline.fit(DataMoments.of(x, y, lags));
    double[] yhat = fit.apply(x).toArray();
    for (int i = 0; i < len; i++) assertEquals(yv[i], yhat[i], 1e-9);
    // lags 6..9 never meet a nonzero input inside the window: minimum norm sets them to 0
    for (int j = len; j < lags; j++) assertEquals(0, fit.norm(j), 1e-12);
  }
}
