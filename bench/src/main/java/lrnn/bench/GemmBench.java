package lrnn.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import lrnn.kernel.KernelProvider;
import lrnn.kernel.KernelSupport;
import lrnn.kernel.Parallel;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Square GEMM {@code C = A B} (2 n^3 flops): the vector kernels at a chosen lane width, 1 and 2 threads,
 * double and float, against the scalar twin and EJML ({@code CommonOps_DDRM.mult}, and
 * {@code CommonOps_MT_DDRM.mult} limited to 2 threads). The scalar twin is slow: run it at small n only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmBench {

  @Param({"256", "1000", "2048"})
  public int n;

  /** Lane width of the vector kernels (0 = the hardware's; one width per fork, see BenchData.width). */
  @Param({"0"})
  public int bits;

  private KernelSupport vector;
  private Parallel two;
  private double[] a, b, c;
  private float[] af, bf, cf;
  private DMatrixRMaj ma, mb, mc;

  @Setup(Level.Trial)
  public void setup() {
    BenchData.width(bits);
    vector = KernelProvider.lookup("vector", bits);
    two = new Parallel(2);
    SplittableRandom rnd = new SplittableRandom(42);
    a = new double[n * n];
    b = new double[n * n];
    c = new double[n * n];
    af = new float[n * n];
    bf = new float[n * n];
    cf = new float[n * n];
    for (int i = 0; i < n * n; i++) {
      a[i] = rnd.nextDouble(-1, 1);
      b[i] = rnd.nextDouble(-1, 1);
      af[i] = (float) a[i];
      bf[i] = (float) b[i];
    }
    ma = DMatrixRMaj.wrap(n, n, a);
    mb = DMatrixRMaj.wrap(n, n, b);
    mc = new DMatrixRMaj(n, n);
    EjmlConcurrency.setMaxThreads(2);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    two.close();
  }

  @Benchmark
  public double[] dgemmScalar() {
    KernelProvider.lookup("scalar", 0).gemm(false, false, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
    return c;
  }

  @Benchmark
  public double[] dgemmVector() {
    vector.gemm(false, false, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
    return c;
  }

  @Benchmark
  public double[] dgemmVector2T() {
    vector.gemm(two, false, false, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
    return c;
  }

  @Benchmark
  public float[] sgemmVector() {
    vector.gemm(false, false, n, n, n, 1f, af, 0, n, bf, 0, n, 0f, cf, 0, n);
    return cf;
  }

  @Benchmark
  public float[] sgemmVector2T() {
    vector.gemm(two, false, false, n, n, n, 1f, af, 0, n, bf, 0, n, 0f, cf, 0, n);
    return cf;
  }

  @Benchmark
  public DMatrixRMaj ejmlMult() {
    CommonOps_DDRM.mult(ma, mb, mc);
    return mc;
  }

  @Benchmark
  public DMatrixRMaj ejmlMult2T() {
    CommonOps_MT_DDRM.mult(ma, mb, mc);
    return mc;
  }
}
