package lrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** E3 on the fMRI recording at a test-sized width: the limited-data regime punishes the unscaled convolution. */
class RealDataFmriTest {

  @Test
  void limitedDataRegimeFavoursTheShortMemoryModels() {
    TimeSeries ts = FmriData.load();
    RealData.Config cfg = RealData.Config.defaults().withWidth(64).withSteps(60, 20);
    RealData.Result r = RealData.run(cfg, ts, ProgressSink.NONE);
    for (RealData.Row row : r.rows()) {
      System.out.printf("E3 fMRI n=64, 60 steps: %-7s R^2 rnn %.4f scaled %.4f conv %.4f%n", row.regime(), row.r2Rnn(),
          row.r2Scaled(), row.r2Conv());
    }
    assertEquals(2, r.rows().size());
    assertEquals(8, r.curves().size());
    RealData.Row limited = r.row("limited", "bold"), full = r.row("full", "bold");
    // 336 samples, 384 coefficients: the unscaled convolution overfits, the scaled one barely moves off zero
    assertTrue(limited.r2Conv() < -0.2, limited.toString());
    assertTrue(limited.r2Scaled() > limited.r2Conv() + 0.2, limited.toString());
    // with 80% of the data every model predicts something
    assertTrue(full.r2Conv() > 0 && full.r2Scaled() > 0 && full.r2Rnn() > 0, full.toString());
  }
}
