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
 * NTK Grams: the scaled convolution's {@code T Lambda T^T} (SPEC (17)) and the full lag kernel's
 * {@code T M T^T} (SPEC (K2)). Shapes: {@code e1} = SPEC E1 training set (N = 50, L = 20, n_x = n_y = 1,
 * K = 20: a 1000 x 1000 Gram); {@code e3} = SPEC E3 limited data (one fMRI sequence of L = 336, n_x = 6,
 * K = 64). The full-M Gram uses n_y = 1 and K = 20 (M is (K n_y n_x)^2).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NtkGramBench {

  @Param({"e1", "e3"})
  public String shape;

  int nSeq, len, nx, lags, lagsFull;
  private KernelSupport scalar, vector;
  private double[] x, lambda, m, out;

  @Setup
  public void setup() {
    switch (shape) {
      case "e1" -> { nSeq = 50; len = 20; nx = 1; lags = 20; lagsFull = 20; }
      case "e3" -> { nSeq = 1; len = 336; nx = 6; lags = 64; lagsFull = 20; }
      default -> throw new IllegalArgumentException(shape);
    }
    scalar = KernelProvider.lookup("scalar", 0);
    vector = KernelProvider.lookup("vector", 0);
    SplittableRandom rnd = new SplittableRandom(5);
    x = new double[nSeq * len * nx];
    for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
    lambda = new double[lags];
    for (int j = 0; j < lags; j++) lambda[j] = (2 + j) * Math.pow(0.5, j); // (21) with nu = (0.5, 1, 1)
    int d = lagsFull * nx;
    m = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k <= i; k++) m[i * d + k] = m[k * d + i] = (i == k ? lambda[i / nx] : 0) + 0.01 * rnd.nextGaussian();
    }
    int rows = nSeq * len;
    out = new double[rows * rows];
  }

  @Benchmark
  public double[] scaledScalar() {
    scalar.ntkGramScaled(nSeq, len, nx, lags, x, lambda, out);
    return out;
  }

  @Benchmark
  public double[] scaledVector() {
    vector.ntkGramScaled(nSeq, len, nx, lags, x, lambda, out);
    return out;
  }

  @Benchmark
  public double[] fullScalar() {
    scalar.ntkGramFull(nSeq, len, nx, 1, lagsFull, x, m, out);
    return out;
  }

  @Benchmark
  public double[] fullVector() {
    vector.ntkGramFull(nSeq, len, nx, 1, lagsFull, x, m, out);
    return out;
  }
}
