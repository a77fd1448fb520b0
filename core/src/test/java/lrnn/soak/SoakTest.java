package lrnn.soak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.model.DataMoments;
import lrnn.model.Gradients;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.RnnGradient;
import lrnn.train.GradientDescent;
import lrnn.train.Objectives;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Long-run stability (not in the default suite: tag "soak"). GD on the E1 task by the Krylov path for
 * {@code lrnn.soak.steps} steps at width {@code lrnn.soak.n}; every {@code lrnn.soak.every} steps it records the
 * heap in use after GC (must stay flat: no leak per step) and the max abs difference between the BPTT and Krylov
 * gradients at the current parameters (must stay at rounding level: no drift). Writes
 * {@code target/soak-n<n>-steps<steps>.csv}.
 *
 * <pre>
 *   mvn -B -o -pl core test -Psoak                                           # n = 512, 500 steps
 *   mvn -B -o -pl core test -Psoak -Dlrnn.soak.n=2048 -Dlrnn.soak.steps=10000  # the full soak
 * </pre>
 */
@Tag("soak")
class SoakTest {

  record Sample(int step, double loss, long heapAfterGc, double gradDiff, double gradScale, double secs) {}

  private static long heapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }

  @Test
  void longTrainingKeepsMemoryFlatAndGradientsConsistent() throws IOException {
    int n = Integer.getInteger("lrnn.soak.n", 512);
    int steps = Integer.getInteger("lrnn.soak.steps", 500);
    int every = Integer.getInteger("lrnn.soak.every", Math.max(1, steps / 10));
    double eta = Double.parseDouble(System.getProperty("lrnn.soak.eta", "0.05"));
    Dataset data = SyntheticTask.E1.generate(1);
    int lags = data.xTrain().length();
    DataMoments moments = DataMoments.of(data.xTrain(), data.yTrain(), lags);
    LinearRnn init = LinearRnn.random(n, 1, 1, InitScales.DEFAULT, 2);
    List<Sample> samples = new ArrayList<>();
    long t0 = System.nanoTime();
    GradientDescent.run(Objectives.rnnKrylov(moments), init, new GradientDescent.Options(eta, steps), (t, m, loss) -> {
      if (t % every == 0 || t == steps) {
        RnnGradient bptt = Gradients.bptt(m, data.xTrain(), data.yTrain()).gradient();
        RnnGradient kry = Gradients.krylov(m, moments).gradient();
        samples.add(new Sample(t, loss, heapAfterGc(), bptt.maxAbsDiff(kry), bptt.maxAbs(),
            (System.nanoTime() - t0) / 1e9));
      }
    });
    Path out = Path.of("target", "soak-n" + n + "-steps" + steps + ".csv");
    Files.createDirectories(out.getParent());
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      String head = "step,train_mse,heap_after_gc_mib,max_abs_grad_diff,max_abs_grad,seconds";
      w.println(head);
      System.out.println("soak n=" + n + " steps=" + steps + " eta=" + eta + " (" + out + ")");
      System.out.println(head);
      for (Sample s : samples) {
        String line = String.format(Locale.ROOT, "%d,%.6g,%.1f,%.3e,%.3e,%.1f", s.step(), s.loss(),
            s.heapAfterGc() / 1048576.0, s.gradDiff(), s.gradScale(), s.secs());
        w.println(line);
        System.out.println(line);
      }
    }
    // flat memory: after the first sample the retained heap may not grow by more than 2 models' worth + 32 MiB
    long slack = 2 * LinearRnn.parameterBytes(n, 1, 1) + (32L << 20);
    long first = samples.get(1 % samples.size()).heapAfterGc();
    for (Sample s : samples) {
      assertTrue(s.heapAfterGc() <= first + slack,
          "heap after GC grew from " + first + " to " + s.heapAfterGc() + " bytes at step " + s.step());
    }
    // no drift: the two exact gradients agree to rounding, relative to the gradient's size, at every sample
    for (Sample s : samples) {
      assertTrue(s.gradDiff() <= 1e-9 * s.gradScale() + 1e-15,
          "BPTT and Krylov gradients differ by " + s.gradDiff() + " at step " + s.step());
    }
  }
}
