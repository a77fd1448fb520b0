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
    // theory.md: the curve gap is noisier than the lag kernel but also shrinks (slope -0.42 over 64 … 2048);
    // here (2 seeds, 32 vs 512) it falls from 0.27 to 0.086, slope -0.41
    assertTrue(r.means().get(1).curveGap() < 0.5 * r.means().get(0).curveGap(), "curve gap " + r.means());
    assertTrue(r.curveGapSlope() < -0.2 && r.curveGapSlope() > -0.8, "curve gap slope " + r.curveGapSlope());
  }

  /**
   * SPEC §8's independent reference for the lag kernel (K = 20, default nu, 4 seeds): mean relative error 0.24 at
   * n = 64, 0.13 at 256, 0.063 at 1024, log-log slope -0.50 up to 4096. Our 12 seeds are other draws: the
   * per-seed error is heavy-tailed at n = 64 (0.15 … 0.44 here), so that mean is held to 40% of the reference,
   * the others to 25%, and the slope over 64 … 1024 to [-0.65, -0.40]. Measured: 0.321, 0.111, 0.068, slope
   * -0.56. (With the students of consecutive seeds one draw apart, the bug fixed in Convergence.rnnSeed, the
   * n = 1024 mean was 0.088 and the slope -0.41: this test failed.)
   */
  @Test
  void lagKernelErrorMatchesTheReferenceAndFallsLikeOneOverSqrtN() {
    Convergence.Config cfg = new Convergence.Config(List.of(64, 256, 1024), 12, 0, 20, InitScales.DEFAULT,
        SyntheticTask.E1, 0.05, 0, 10, GradientPath.KRYLOV);
    Convergence.Result r = Convergence.run(cfg, ProgressSink.NONE);
    System.out.printf("E4 lag kernel K=20: means %s, slope %.3f%n", r.means(), r.lagKernelSlope());
    assertEquals(0.24, r.means().get(0).lagKernelRelErr(), 0.40 * 0.24, "n = 64");
    assertEquals(0.13, r.means().get(1).lagKernelRelErr(), 0.25 * 0.13, "n = 256");
    assertEquals(0.063, r.means().get(2).lagKernelRelErr(), 0.25 * 0.063, "n = 1024");
    assertTrue(r.lagKernelSlope() > -0.65 && r.lagKernelSlope() < -0.40, "slope " + r.lagKernelSlope());
  }

  /** The students of different seeds are independent draws, not shifted copies of one stream. */
  @Test
  void studentsOfDifferentSeedsAreNotShiftedCopies() {
    double[] a = lrnn.model.LinearRnn.random(64, 1, 1, InitScales.DEFAULT, Convergence.rnnSeed(0)).wTilde();
    double[] b = lrnn.model.LinearRnn.random(64, 1, 1, InitScales.DEFAULT, Convergence.rnnSeed(1)).wTilde();
    for (int shift = 0; shift < 8; shift++) {
      int same = 0;
      for (int i = 0; i + shift < a.length; i++) if (a[i + shift] == b[i] || b[i + shift] == a[i]) same++;
      assertTrue(same < 4, same + " equal entries at shift " + shift);
    }
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
