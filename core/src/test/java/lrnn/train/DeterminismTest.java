package lrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.experiment.Dynamics;
import lrnn.experiment.ProgressSink;
import lrnn.kernel.Kernels;
import lrnn.kernel.Parallel;
import lrnn.model.Convolution;
import lrnn.model.DataMoments;
import lrnn.model.Gradients;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.RnnGradient;
import lrnn.theory.ScaleFactors;
import org.junit.jupiter.api.Test;

/**
 * No hidden shared state: trainings on separate instances give the same bits whether run one after another or
 * concurrently in several threads, and the same seed gives the same bits run to run.
 */
@org.junit.jupiter.api.Tag("determinism")
class DeterminismTest {

  /** What a training produced: all losses and the final parameters. */
  record Outcome(double[] losses, double[] params) {}

  /** Everything from the seed: data, initial model, training. */
  private static Callable<Outcome> job(int kind, long seed) {
    return () -> {
      Dataset data = SyntheticTask.E1.withLength(12).generate(seed);
      DataMoments m = DataMoments.of(data.xTrain(), data.yTrain(), 12);
      LinearRnn rnn = LinearRnn.random(48, 1, 1, InitScales.DEFAULT, seed + 1);
      GradientDescent.Options o = new GradientDescent.Options(0.05, 40);
      double[] losses = new double[41];
      GradientDescent.Listener<Object> rec = (t, mm, l) -> losses[t] = l;
      return switch (kind) {
        case 0 -> new Outcome(losses, ModelKind.LINEAR_RNN.parameters(
            GradientDescent.run(Objectives.rnnKrylov(m), rnn, o, rec::onStep)));
        case 1 -> new Outcome(losses, ModelKind.LINEAR_RNN.parameters(
            GradientDescent.run(Objectives.rnnBptt(data.xTrain(), data.yTrain()), rnn, o, rec::onStep)));
        case 2 -> new Outcome(losses, ModelKind.CONVOLUTION.parameters(GradientDescent.run(Objectives.convolution(m),
            Convolution.scaled(ScaleFactors.lambda(0.5, 1, 1, 1, false, 12), rnn.impulseResponse(12)), o,
            rec::onStep)));
        default -> {
          var r = Dynamics.run(new Dynamics.Config(InitScales.DEFAULT, 0.05, 20, 5,
              Objectives.GradientPath.KRYLOV, false), data, rnn, ProgressSink.NONE);
          double[] flat = new double[r.rows().size() * 6];
          for (int i = 0; i < r.rows().size(); i++) {
            var row = r.rows().get(i);
            System.arraycopy(new double[] {row.trainRnn(), row.trainScaled(), row.trainConv(), row.testRnn(),
                row.testScaled(), row.testConv()}, 0, flat, 6 * i, 6);
          }
          yield new Outcome(new double[0], flat);
        }
      };
    };
  }

  private static List<Callable<Outcome>> jobs() {
    List<Callable<Outcome>> jobs = new ArrayList<>();
    for (int k = 0; k < 8; k++) jobs.add(job(k % 4, 100 + k / 4));
    return jobs;
  }

  private static void assertSame(List<Outcome> a, List<Outcome> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).losses(), b.get(i).losses(), "losses of job " + i);
      assertArrayEquals(a.get(i).params(), b.get(i).params(), "parameters of job " + i);
    }
  }

  @Test
  void concurrentRunsEqualSequentialRunsBitForBit() throws Exception {
    List<Outcome> sequential = new ArrayList<>();
    for (Callable<Outcome> j : jobs()) sequential.add(j.call());
    for (int threads : new int[] {2, 4}) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Outcome> concurrent = new ArrayList<>();
        for (Future<Outcome> f : pool.invokeAll(jobs())) concurrent.add(f.get());
        assertSame(sequential, concurrent);
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void sameSeedSameBits() throws Exception {
    for (int kind = 0; kind < 4; kind++) {
      Outcome a = job(kind, 7).call(), b = job(kind, 7).call();
      assertArrayEquals(a.losses(), b.losses());
      assertArrayEquals(a.params(), b.params());
    }
  }

  /**
   * Width of the thread-count runs: at n = 512 (n_x = n_y = 1) a fused Krylov step of P and Q costs
   * n^2 (1 + 1) = 2^19 multiply-adds, exactly {@code Kernels.PARALLEL_KRYLOV_MIN_FMAS}; the Krylov gradient's
   * R_b P_b^T GEMMs (n x n x 10) and the BPTT GEMMs are far above {@code PARALLEL_GEMM_MIN_FMAS} = 2^18, and
   * the parameter update's axpy over n^2 + 2n elements is above {@code PARALLEL_AXPY_MIN} = 2^17.
   */
  static final int WIDE_N = 512;

  /** A BPTT training and an E1 run wide enough that every multi-threaded branch is taken inside a Parallel scope. */
  private static List<double[]> wideRuns() {
    Dataset data = SyntheticTask.E1.withLength(10).generate(5);
    LinearRnn rnn = LinearRnn.random(WIDE_N, 1, 1, InitScales.DEFAULT, 6);
    double[] losses = new double[5];
    LinearRnn trained = GradientDescent.run(Objectives.rnnBptt(data.xTrain(), data.yTrain()), rnn,
        new GradientDescent.Options(0.05, 4), (t, mm, l) -> losses[t] = l);
    var e1 = Dynamics.run(new Dynamics.Config(InitScales.DEFAULT, 0.05, 10, 5, Objectives.GradientPath.KRYLOV, false),
        data, rnn, ProgressSink.NONE);
    double[] rows = new double[6 * e1.rows().size()];
    for (int i = 0; i < e1.rows().size(); i++) {
      var row = e1.rows().get(i);
      System.arraycopy(new double[] {row.trainRnn(), row.trainScaled(), row.trainConv(), row.testRnn(),
          row.testScaled(), row.testConv()}, 0, rows, 6 * i, 6);
    }
    // The gradients themselves, not only the trained parameters: a one-ulp change of a gradient entry is usually
    // rounded away by the update W~ - eta dW~, so it would not show in the parameters.
    RnnGradient bptt = Gradients.bptt(rnn, data.xTrain(), data.yTrain()).gradient();
    RnnGradient krylov = Gradients.krylov(rnn, DataMoments.of(data.xTrain(), data.yTrain(), 10)).gradient();
    // the immutable step theta + alpha grad (its n^2 axpy is the facade's parallel AXPY branch)
    LinearRnn stepped = rnn.plus(-0.05, krylov);
    return List.of(losses, ModelKind.LINEAR_RNN.parameters(trained), rows, bptt.w(), bptt.f(), bptt.c(),
        krylov.w(), krylov.f(), krylov.c(), stepped.wTilde());
  }

  private static long[] parallelCalls() {
    Kernels.ParallelBranch[] b = Kernels.ParallelBranch.values();
    long[] c = new long[b.length];
    for (int i = 0; i < b.length; i++) c[i] = Kernels.parallelCalls(b[i]);
    return c;
  }

  @Test
  void resultsDoNotDependOnTheThreadCount() {
    List<double[]> one = wideRuns();
    for (int threads : new int[] {2, 3}) {
      try (Parallel par = new Parallel(threads)) {
        long[] before = parallelCalls();
        List<double[]> many = Kernels.withParallel(par, DeterminismTest::wideRuns);
        long[] after = parallelCalls();
        // The claim is only as good as the branches it ran through: each multi-threaded branch must have been taken.
        for (Kernels.ParallelBranch b : Kernels.ParallelBranch.values()) {
          assertTrue(after[b.ordinal()] > before[b.ordinal()],
              "the multi-threaded " + b + " branch was never taken at " + threads + " threads (n = " + WIDE_N + ")");
        }
        for (int i = 0; i < one.size(); i++) assertArrayEquals(one.get(i), many.get(i), threads + " threads, item " + i);
      }
    }
    // the E1 rows are real losses, not a degenerate run
    double[] rows = one.get(2);
    for (double v : rows) assertTrue(v > 0 && Double.isFinite(v), "E1 loss " + v);
  }
}
