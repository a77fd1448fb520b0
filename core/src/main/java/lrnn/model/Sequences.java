package lrnn.model;

import lrnn.util.Require;

/**
 * A batch of {@code N} sequences of length {@code L} with {@code dim} channels, stored row-major as
 * {@code (N, L, dim)}: element {@code (i, k, a)} is {@code data[(i*L + k)*dim + a]} (the layout of a
 * C-order NumPy array of that shape). Immutable: the array is copied on the way in and out.
 */
public final class Sequences {

  private final int count;
  private final int length;
  private final int dim;
  private final double[] data;

  private Sequences(int count, int length, int dim, double[] data) {
    this.count = count;
    this.length = length;
    this.dim = dim;
    this.data = data;
  }

  /**
   * @param name used in error messages (e.g. "x_train")
   * @param data {@code N*L*dim} finite values, copied
   */
  public static Sequences of(String name, int count, int length, int dim, double[] data) {
    Require.positive(name + ": N (sequences)", count);
    Require.positive(name + ": L (length)", length);
    Require.positive(name + ": channels", dim);
    Require.length(name, data, (long) count * length * dim);
    Require.allFinite(name, data);
    return new Sequences(count, length, dim, data.clone());
  }

  /** Wraps without copying or checking; for internal use on arrays this package created. */
  static Sequences wrap(int count, int length, int dim, double[] data) {
    return new Sequences(count, length, dim, data);
  }

  public int count() {
    return count;
  }

  public int length() {
    return length;
  }

  public int dim() {
    return dim;
  }

  /** Number of scalar values, {@code N*L*dim}. */
  public int size() {
    return data.length;
  }

  public double get(int i, int k, int a) {
    return data[(i * length + k) * dim + a];
  }

  /** A copy of the data, {@code (N, L, dim)} row-major. */
  public double[] toArray() {
    return data.clone();
  }

  /** The internal array; callers must not modify it. */
  double[] raw() {
    return data;
  }

  /** The first {@code n} sequences. */
  public Sequences head(int n) {
    Require.inRange("head: number of sequences", n, 1, count);
    return new Sequences(n, length, dim, java.util.Arrays.copyOf(data, n * length * dim));
  }

  /** Time steps {@code [from, to)} of every sequence. */
  public Sequences slice(int from, int to) {
    if (from < 0 || to > length || from >= to) {
      throw new IllegalArgumentException("time slice [" + from + ", " + to + ") of sequences of length " + length
          + " is empty or out of range; need 0 <= from < to <= " + length);
    }
    int nl = to - from;
    double[] out = new double[count * nl * dim];
    for (int i = 0; i < count; i++) {
      System.arraycopy(data, (i * length + from) * dim, out, i * nl * dim, nl * dim);
    }
    return new Sequences(count, nl, dim, out);
  }

  /** Checks that {@code other} pairs with this batch (same N and L), naming both in the error. */
  public void requireSameShape(String name, Sequences other, String otherName) {
    Require.nonNull(otherName, other);
    if (other.count != count || other.length != length) {
      throw new lrnn.util.ShapeMismatchException(name + " has " + count + " sequences of length " + length + " but "
          + otherName + " has " + other.count + " of length " + other.length + "; they must match");
    }
  }

  /** Mean of squares over all values. */
  public double meanSquare() {
    double s = 0;
    for (double v : data) s += v * v;
    return s / data.length;
  }

  @Override
  public String toString() {
    return "Sequences(N=" + count + ", L=" + length + ", dim=" + dim + ")";
  }
}
