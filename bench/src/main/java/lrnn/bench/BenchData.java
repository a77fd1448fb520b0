package lrnn.bench;

import java.util.SplittableRandom;
import lrnn.model.Sequences;

/** Deterministic random inputs for benchmarks. */
final class BenchData {
  private BenchData() {}

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
