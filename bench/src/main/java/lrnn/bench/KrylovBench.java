package lrnn.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import lrnn.kernel.KernelProvider;
import lrnn.kernel.KernelSupport;
import lrnn.kernel.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.State;

/**
 * One fused Krylov step (SPEC (K1)), {@code P' = W P} and {@code Q' = Q W} with {@code cols} columns of P
 * and rows of Q, against the scalar twin; and, in the same run, the memory bandwidth bounds: a streaming
 * copy of an array the size of W ({@code copyW}, 2 n^2 8 bytes moved) and a streaming read of W
 * ({@code readW}, a dot product of W with itself, n^2 8 bytes read). The Krylov step reads W once, so
 * its bandwidth is {@code 8 n^2 / time}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KrylovBench {

  @Param({"256", "1000", "2048", "4096"})
  public int n;

  /** n_x = columns of P = n_y = rows of Q. */
  @Param({"1", "6"})
  public int cols;

  /** Lane width of the vector kernels (0 = the hardware's; one width per fork, see BenchData.width). */
  @Param({"0"})
  public int bits;

  private KernelSupport scalar, vector;
  private double[] w, w2, p, pOut, q, qOut;

  private float[] wF, pF, qF, pOutF, qOutF;

  /** Two threads for the multi-threaded variants (the calling thread and one worker). */
  private Parallel par2;

  @Setup
  public void setup() {
    par2 = new Parallel(2);
    scalar = KernelProvider.lookup("scalar", 0);
    BenchData.width(bits);
    vector = KernelProvider.lookup("vector", bits);
    SplittableRandom rnd = new SplittableRandom(7);
    w = new double[n * n];
    w2 = new double[n * n];
    for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() / Math.sqrt(n);
    p = new double[n * cols];
    pOut = new double[n * cols];
    q = new double[cols * n];
    qOut = new double[cols * n];
    for (int i = 0; i < p.length; i++) {
      p[i] = rnd.nextGaussian();
      q[i] = rnd.nextGaussian();
    }
    wF = new float[n * n];
    for (int i = 0; i < w.length; i++) wF[i] = (float) w[i];
    pF = new float[n * cols];
    qF = new float[cols * n];
    for (int i = 0; i < p.length; i++) {
      pF[i] = (float) p[i];
      qF[i] = (float) q[i];
    }
    pOutF = new float[n * cols];
    qOutF = new float[cols * n];
  }

  @Benchmark
  public double[] krylovScalar() {
    scalar.krylovStep(n, w, cols, p, 0, pOut, 0, cols, cols, q, 0, qOut, 0, n);
    return pOut;
  }

  @Benchmark
  public double[] krylovVector() {
    vector.krylovStep(n, w, cols, p, 0, pOut, 0, cols, cols, q, 0, qOut, 0, n);
    return pOut;
  }

  /** The same step on two threads (fixed row blocks: the same bits as krylovVector). */
  @Benchmark
  public double[] krylovVector2T() {
    vector.krylovStep(par2, n, w, 1.0, cols, p, 0, pOut, 0, cols, cols, q, 0, qOut, 0, n);
    return pOut;
  }

  /** Single precision: half the bytes of W per sweep. */
  @Benchmark
  public float[] krylovVectorFloat() {
    vector.krylovStep(n, wF, cols, pF, 0, pOutF, 0, cols, cols, qF, 0, qOutF, 0, n);
    return pOutF;
  }

  @Benchmark
  public double[] copyW() {
    System.arraycopy(w, 0, w2, 0, w.length);
    return w2;
  }

  @Benchmark
  public double readW() {
    return vector.dot(w, 0, w, 0, w.length);
  }

  /** The read bandwidth bound for two threads: each reads half of W. */
  @Benchmark
  public double readW2T() {
    double[] sums = new double[2];
    int half = w.length / 2;
    par2.forEach(2, t -> sums[t] = t == 0 ? vector.dot(w, 0, w, 0, half) : vector.dot(w, half, w, half, w.length - half));
    return sums[0] + sums[1];
  }

  @TearDown
  public void tearDown() {
    par2.close();
  }
}
