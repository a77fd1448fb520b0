package lrnn.bench;

import java.util.SplittableRandom;
import lrnn.model.Sequences;

/** Deterministic random inputs for benchmarks. */
final class BenchData {
  private BenchData() {}

  /**
   * Fixes this fork's lane width before the first kernel call: the width is chosen once per JVM (a static final
   * species in the kernels), so a JMH {@code bits} parameter sets {@code -Dlrnn.vector.bits} here, in the
   * benchmark's {@code @Setup}, which JMH runs in a fresh fork for every parameter combination (with {@code -f 0}
   * the second width is refused by KernelProvider with a message). 0 leaves the hardware's choice.
   */
  static void width(int bits) {
    if (bits != 0 && System.getProperty(lrnn.kernel.KernelProvider.BITS_PROPERTY) == null) {
      System.setProperty(lrnn.kernel.KernelProvider.BITS_PROPERTY, Integer.toString(bits));
    }
  }

  static Sequences gaussian(int count, int length, int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[count * length * dim];
    for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
    return Sequences.of("bench", count, length, dim, a);
  }

  static double[] gaussian(int len, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[len];
    for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
    return a;
  }
}
