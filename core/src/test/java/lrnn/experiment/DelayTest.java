package lrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.data.Teacher;
import lrnn.model.Sequences;
import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import org.junit.jupiter.api.Test;

/** E2 at a test-sized width: the RNN and the scaled convolution lose accuracy with delay, the unscaled one does not. */
class DelayTest {

  private static final SyntheticTask TINY = SyntheticTask.E1.withLength(30);

  @Test
  void rnnAndScaledConvolutionDegradeWithDelayUnscaledDoesNot() {
    Delay.Config cfg = Delay.Config.defaults().withDelays(List.of(0, 5, 10, 15)).withTask(TINY).withWidth(64)
        .withSteps(100);
    long[] last = {0, 0};
    Delay.Result r = Delay.run(cfg, (done, total) -> {
      last[0] = done;
      last[1] = total;
    });
    assertEquals(4, r.rows().size());
    assertEquals(last[1], last[0], "progress reaches the total");
    assertEquals(4L * 3 * 101, last[1]);
    for (Delay.Row row : r.rows()) {
      System.out.printf("E2 tiny: delay %2d  test rnn %.4f scaled %.4f conv %.4f%n", row.delay(), row.testRnn(),
          row.testScaled(), row.testConv());
    }
    Delay.Row d0 = r.rows().get(0), dMax = r.rows().get(3);
    assertEquals(0, d0.delay());
    assertEquals(15, dMax.delay());
    // measured (seeds 1, 2): RNN 0.0053 -> 0.068, scaled 0.0060 -> 0.068, unscaled 0.0013 throughout
    assertTrue(dMax.testRnn() > 2 * d0.testRnn(), "RNN: " + d0.testRnn() + " -> " + dMax.testRnn());
    assertTrue(dMax.testScaled() > 2 * d0.testScaled(), "scaled: " + d0.testScaled() + " -> " + dMax.testScaled());
    double convMin = Double.MAX_VALUE, convMax = 0;
    for (Delay.Row row : r.rows()) {
      convMin = Math.min(convMin, row.testConv());
      convMax = Math.max(convMax, row.testConv());
      // at every positive delay the short-memory models are far behind the unscaled one
      if (row.delay() > 0) assertTrue(row.testRnn() > 3 * row.testConv() && row.testScaled() > 3 * row.testConv());
    }
    assertTrue(convMax < 1.5 * convMin, "unscaled test MSE should be flat in the delay: " + convMin + " .. " + convMax);
  }

  @Test
  void delayedDataSetsShareTeacherInputsAndNoise() {
    List<Dataset> sets = Delay.datasets(TINY, List.of(0, 7), 5);
    Dataset plain = TINY.generate(5);
    double[] a = sets.get(0).yTrain().toArray(), b = plain.yTrain().toArray();
    for (int t = 0; t < a.length; t++) assertEquals(b[t], a[t], 1e-12);
    assertEquals(plain.xTest().get(3, 4, 0), sets.get(1).xTest().get(3, 4, 0));
    // the same noise at every delay: y_d - delay(clean, d) does not depend on d (clean = the noise-free draw)
    SyntheticTask noiseFree = new SyntheticTask(1, 1, TINY.length(), TINY.train(), TINY.test(),
        Double.POSITIVE_INFINITY, TINY.teacherNuW(), TINY.teacherStates(), 0);
    double[] clean = Delay.datasets(noiseFree, List.of(0), 5).get(0).yTrain().toArray();
    double[] e0 = minus(sets.get(0).yTrain().toArray(), Teacher.delay(
        Sequences.of("clean", TINY.train(), TINY.length(), 1, clean), 0).toArray());
    double[] e7 = minus(sets.get(1).yTrain().toArray(), Teacher.delay(
        Sequences.of("clean", TINY.train(), TINY.length(), 1, clean), 7).toArray());
    double ss = 0;
    for (int t = 0; t < e0.length; t++) {
      assertEquals(e0[t], e7[t], 1e-12);
      ss += e0[t] * e0[t];
    }
    double signal = 0;
    for (double v : clean) signal += v * v;
    assertTrue(ss > 0 && ss < 0.05 * signal, "noise at 20 dB: " + ss + " vs " + signal);
  }

  private static double[] minus(double[] a, double[] b) {
    double[] o = a.clone();
    for (int t = 0; t < o.length; t++) o[t] -= b[t];
    return o;
  }

  @Test
  void sharedMomentsEqualSeparateOnes() {
    List<Dataset> sets = Delay.datasets(TINY, List.of(0, 3, 9), 4);
    List<DataMoments> shared = DataMoments.of(sets.get(0).xTrain(), sets.stream().map(Dataset::yTrain).toList(), 30);
    double[] gv = new double[30];
    for (int j = 0; j < 30; j++) gv[j] = Math.pow(0.7, j);
    ImpulseResponse g = ImpulseResponse.of(30, 1, 1, gv);
    for (int i = 0; i < sets.size(); i++) {
      DataMoments sep = DataMoments.of(sets.get(i).xTrain(), sets.get(i).yTrain(), 30);
      assertEquals(sep.loss(g), shared.get(i).loss(g), 0.0);
      assertEquals(sep.sumSquaresY(), shared.get(i).sumSquaresY(), 0.0);
      double[] x = sep.rxx(), y = shared.get(i).rxx();
      for (int t = 0; t < x.length; t++) assertEquals(x[t], y[t], 0.0);
      x = sep.rxyTransposed();
      y = shared.get(i).rxyTransposed();
      for (int t = 0; t < x.length; t++) assertEquals(x[t], y[t], 0.0);
    }
  }

  @Test
  void configRejectsBadDelays() {
    Delay.Config cfg = Delay.Config.defaults();
    assertThrows(IllegalArgumentException.class, () -> cfg.withDelays(List.of(0, 60)));
    assertThrows(IllegalArgumentException.class, () -> cfg.withDelays(List.of(-1)));
    assertThrows(IllegalArgumentException.class, () -> cfg.withDelays(List.of()));
    assertThrows(IllegalArgumentException.class, () -> cfg.withTask(SyntheticTask.E1.withLength(60).withDelay(3)));
    assertEquals(31, cfg.delays().size());
    assertEquals(60, cfg.task().length());
  }
}
