package lrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lrnn.data.SyntheticTask;
import lrnn.model.InitScales;
import lrnn.train.Objectives.GradientPath;
import org.junit.jupiter.api.Test;

/** E4 at test size: rows, means, slopes and progress. */
class ConvergenceTest {

  @Test
  void lagKernelErrorShrinksAndCurveGapIsMeasured() {
    SyntheticTask task = SyntheticTask.E1.withLength(8);
    Convergence.Config cfg = new Convergence.Config(List.of(32, 512), 2, 0, 8, InitScales.DEFAULT, task, 0.05, 20, 5,
        GradientPath.KRYLOV);
    long[] last = {0, 0};
    Convergence.Result r = Convergence.run(cfg, (done, total) -> {
      assertTrue(done > last[0] && done <= total, "progress " + done + " / " + total);
      last[0] = done;
      last[1] = total;
    });
    assertEquals(last[1], last[0], "progress must reach its total");
    assertEquals(4, r.rows().size());
    assertEquals(32, r.rows().get(0).n());
    assertEquals(1, r.rows().get(1).seed());
    for (Convergence.Row row : r.rows()) {
      assertTrue(row.lagKernelRelErr() > 0 && row.lagKernelRelErr() < 1, "lag kernel error " + row);
      assertTrue(row.curveGap() >= 0 && row.curveGap() < 1, "curve gap " + row);
    }
    System.out.printf("E4 test: means %s, slopes %.3f (lag kernel) %.3f (curve gap)%n", r.means(), r.lagKernelSlope(),
        r.curveGapSlope());
    assertEquals(2, r.means().size());
    assertEquals((r.rows().get(0).lagKernelRelErr() + r.rows().get(1).lagKernelRelErr()) / 2,
        r.means().get(0).lagKernelRelErr(), 1e-15);
    // n^{-1/2}: a factor 16 in width is about a factor 4 in error
    assertTrue(r.lagKernelSlope() < -0.3 && r.lagKernelSlope() > -0.75, "slope " + r.lagKernelSlope());
    assertTrue(Double.isFinite(r.curveGapSlope()));
  }

  @Test
  void curveCanBeSkipped() {
    Convergence.Config cfg = Convergence.Config.defaults().withWidths(List.of(16)).withSeeds(1).withCurveSteps(0);
    Convergence.Result r = Convergence.run(cfg, ProgressSink.NONE);
    assertTrue(Double.isNaN(r.rows().get(0).curveGap()));
    assertTrue(Double.isNaN(r.lagKernelSlope()), "one width: no slope");
    assertThrows(IllegalArgumentException.class, () -> cfg.withWidths(List.of()));
    assertThrows(IllegalArgumentException.class, () -> cfg.withWidths(List.of(0)));
  }

  @Test
  void logLogSlopeOfAPowerLaw() {
    double[] x = {10, 100, 1000, 5000};
    double[] y = new double[4];
    for (int i = 0; i < 4; i++) y[i] = 3 * Math.pow(x[i], -0.5);
    assertEquals(-0.5, Convergence.logLogSlope(x, y), 1e-12);
    assertTrue(Double.isNaN(Convergence.logLogSlope(new double[] {1, 2}, new double[] {1, Double.NaN})));
  }
}
