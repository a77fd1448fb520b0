package lrnn.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import lrnn.kernel.KernelProvider;
import lrnn.kernel.KernelSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Toeplitz convolution (SPEC (5)), its adjoint and the lagged data Gram at the shapes of the experiments:
 * {@code e1} = SPEC E1 (N = 50 sequences, L = 20, n_x = n_y = 1, K = 20); {@code e3} = SPEC E3 full data
 * (one fMRI sequence of L = 2688, n_x = 6 event channels, n_y = 1, K = 64); {@code wide} = N = 8, L = 1000,
 * n_x = 6, n_y = 4, K = 100.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ToeplitzBench {

  @Param({"e1", "e3", "wide"})
  public String shape;

  int nSeq, len, nx, ny, lags;
  private KernelSupport scalar, vector;
  private double[] x, g, y, e, dg, rxx;

  @Setup
  public void setup() {
    switch (shape) {
      case "e1" -> { nSeq = 50; len = 20; nx = 1; ny = 1; lags = 20; }
      case "e3" -> { nSeq = 1; len = 2688; nx = 6; ny = 1; lags = 64; }
      case "wide" -> { nSeq = 8; len = 1000; nx = 6; ny = 4; lags = 100; }
      default -> throw new IllegalArgumentException(shape);
    }
    scalar = KernelProvider.lookup("scalar", 0);
    vector = KernelProvider.lookup("vector", 0);
    SplittableRandom rnd = new SplittableRandom(3);
    x = random(rnd, nSeq * len * nx);
    g = random(rnd, lags * ny * nx);
    e = random(rnd, nSeq * len * ny);
    y = new double[nSeq * len * ny];
    dg = new double[lags * ny * nx];
    rxx = new double[lags * nx * lags * nx];
  }

  private static double[] random(SplittableRandom rnd, int len) {
    double[] a = new double[len];
    for (int i = 0; i < len; i++) a[i] = rnd.nextGaussian();
    return a;
  }

  @Benchmark
  public double[] convolveScalar() {
    scalar.convolve(nSeq, len, nx, ny, lags, x, g, y, false);
    return y;
  }

  @Benchmark
  public double[] convolveVector() {
    vector.convolve(nSeq, len, nx, ny, lags, x, g, y, false);
    return y;
  }

  @Benchmark
  public double[] correlateScalar() {
    scalar.correlate(nSeq, len, nx, ny, lags, e, x, dg);
    return dg;
  }

  @Benchmark
  public double[] correlateVector() {
    vector.correlate(nSeq, len, nx, ny, lags, e, x, dg);
    return dg;
  }

  @Benchmark
  public double[] lagGramScalar() {
    scalar.lagGram(nSeq, len, nx, lags, x, rxx);
    return rxx;
  }

  @Benchmark
  public double[] lagGramVector() {
    vector.lagGram(nSeq, len, nx, lags, x, rxx);
    return rxx;
  }
}
