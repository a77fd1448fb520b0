package lrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.train.Objectives.GradientPath;
import org.junit.jupiter.api.Test;

/** E1 at a test-sized width: the RNN follows the scaled convolution, not the unscaled one. */
class DynamicsTest {

  @Test
  void rnnFollowsScaledConvolutionNotUnscaled() {
    Dataset data = SyntheticTask.E1.generate(1);
    LinearRnn init = LinearRnn.random(1000, 1, 1, InitScales.DEFAULT, 2);
    Dynamics.Config cfg = new Dynamics.Config(InitScales.DEFAULT, 0.05, 150, 10, GradientPath.KRYLOV, false);
    Dynamics.Result r = Dynamics.run(cfg, data, init, ProgressSink.NONE);
    assertEquals(16, r.rows().size());
    assertEquals(0, r.rows().get(0).step());
    assertEquals(150, r.rows().get(15).step());
    double rnnGap = r.maxRelativeGapRnnScaled(), convGap = r.maxRelativeGapScaledConv();
    System.out.printf("E1 n=1000: max gap RNN-scaled %.4f, scaled-unscaled %.4f%n", rnnGap, convGap);
    assertTrue(rnnGap < 0.15, "RNN vs scaled gap " + rnnGap);
    assertTrue(convGap > 5 * rnnGap, "unscaled curve should differ much more: " + convGap + " vs " + rnnGap);
    // training decreases the loss of every model
    var last = r.rows().get(15);
    var first = r.rows().get(0);
    assertTrue(last.trainRnn() < first.trainRnn() && last.trainScaled() < first.trainScaled()
        && last.trainConv() < first.trainConv());
  }

  /**
   * SPEC §8: the gap is a random quantity of the draw (3%–34% over seeds at n = 1000). With the draw of
   * {@code lrnn dynamics --seed 9} (data seed 9, RNN seed 10) it is known to be about 4% (over 150 steps; the
   * draws of seeds 1-12 give 4%-30%): the curves agree within a few percent at every logged step, and the
   * unscaled curve is far away.
   */
  @Test
  void atAKnownDrawTheCurvesAgreeWithinAFewPercentAtEveryLoggedStep() {
    Dataset data = SyntheticTask.E1.generate(9);
    LinearRnn init = LinearRnn.random(1000, 1, 1, InitScales.DEFAULT, 10);
    Dynamics.Result r = Dynamics.run(new Dynamics.Config(InitScales.DEFAULT, 0.05, 150, 10, GradientPath.KRYLOV,
        false), data, init, ProgressSink.NONE);
    for (Dynamics.Row row : r.rows()) {
      double gap = Math.abs(row.trainRnn() - row.trainScaled()) / row.trainScaled();
      assertTrue(gap < 0.05, "step " + row.step() + ": RNN " + row.trainRnn() + " vs scaled " + row.trainScaled());
    }
    assertTrue(r.maxRelativeGapScaledConv() > 10 * r.maxRelativeGapRnnScaled(),
        "unscaled " + r.maxRelativeGapScaledConv() + " vs RNN " + r.maxRelativeGapRnnScaled());
  }

  @Test
  void bpttAndKrylovPathsGiveTheSameCurves() {
    Dataset data = SyntheticTask.E1.withLength(8).generate(3);
    LinearRnn init = LinearRnn.random(64, 1, 1, InitScales.DEFAULT, 4);
    var a = Dynamics.run(new Dynamics.Config(InitScales.DEFAULT, 0.05, 20, 5, GradientPath.KRYLOV, false),
        data, init, ProgressSink.NONE);
    var b = Dynamics.run(new Dynamics.Config(InitScales.DEFAULT, 0.05, 20, 5, GradientPath.BPTT, false),
        data, init, ProgressSink.NONE);
    for (int i = 0; i < a.rows().size(); i++) {
      assertEquals(a.rows().get(i).trainRnn(), b.rows().get(i).trainRnn(), 1e-10 * a.rows().get(i).trainRnn());
      assertEquals(a.rows().get(i).testRnn(), b.rows().get(i).testRnn(), 1e-10 * a.rows().get(i).testRnn());
    }
  }
}
