package lrnn.model;

import java.util.SplittableRandom;

/** Small random inputs for tests. */
public final class TestData {
  private TestData() {}

  public static Sequences gaussian(int count, int length, int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[count * length * dim];
    for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
    return Sequences.of("test", count, length, dim, a);
  }
}
