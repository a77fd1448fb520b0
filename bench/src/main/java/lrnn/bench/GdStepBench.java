package lrnn.bench;

import java.util.concurrent.TimeUnit;
import lrnn.kernel.Kernels;
import lrnn.kernel.Parallel;
import lrnn.model.DataMoments;
import lrnn.model.Gradients;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.RnnEvaluation;
import lrnn.model.Sequences;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full-batch GD step of the linear RNN (gradient + update), float64, by the two exact paths of SPEC §4.
 * The peer is bench/peers/torch_gd_step.py (PyTorch autograd over a Python time loop) at the same sizes.
 * The Krylov path uses K = L lags (exact) and data moments formed once, outside the timed region, as a
 * training loop would. {@code threads} binds a {@link Parallel} pool of that many threads with
 * {@link Kernels#withParallel} around the step (every GEMM of the step then runs on it; results are
 * bit-identical to one thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class GdStepBench {

  @Param({"1000"})
  public int n;

  @Param({"50"})
  public int batch;

  @Param({"100"})
  public int len;

  @Param({"1", "2"})
  public int threads;

  private LinearRnn rnn;
  private Sequences x;
  private Sequences y;
  private DataMoments moments;
  private Parallel par;

  @Setup(Level.Trial)
  public void setup() {
    rnn = LinearRnn.random(n, 1, 1, InitScales.DEFAULT, 1);
    x = BenchData.gaussian(batch, len, 1, 2);
    y = BenchData.gaussian(batch, len, 1, 3);
    moments = DataMoments.of(x, y, len);
    par = new Parallel(threads);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    par.close();
  }

  @Benchmark
  public LinearRnn bpttStep() {
    return Kernels.withParallel(par, () -> {
      RnnEvaluation e = Gradients.bptt(rnn, x, y);
      return rnn.plus(-0.05, e.gradient());
    });
  }

  @Benchmark
  public LinearRnn krylovStep() {
    return Kernels.withParallel(par, () -> {
      RnnEvaluation e = Gradients.krylov(rnn, moments);
      return rnn.plus(-0.05, e.gradient());
    });
  }
}
