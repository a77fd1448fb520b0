package lrnn.util;

/**
 * Argument checks shared by the public entry points. Each throws {@link IllegalArgumentException}
 * with a message that names the argument, the value and what to do.
 */
public final class Require {

  private Require() {}

  public static int positive(String name, int v) {
    if (v <= 0) throw new IllegalArgumentException(name + " = " + v + " must be at least 1");
    return v;
  }

  public static int nonNegative(String name, int v) {
    if (v < 0) throw new IllegalArgumentException(name + " = " + v + " must be >= 0");
    return v;
  }

  public static double finite(String name, double v) {
    if (!Double.isFinite(v)) {
      throw new NonFiniteValueException(name, -1, name + " = " + v + " must be a finite number");
    }
    return v;
  }

  /** Checks that {@code o} is present; the message names the argument. */
  public static <T> T nonNull(String name, T o) {
    if (o == null) throw new IllegalArgumentException(name + " is missing (null)");
    return o;
  }

  /** Checks {@code lo <= v <= hi}. */
  public static int inRange(String name, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(name + " = " + v + " must be between " + lo + " and " + hi);
    }
    return v;
  }

  public static double nonNegative(String name, double v) {
    finite(name, v);
    if (v < 0) throw new IllegalArgumentException(name + " = " + v + " must be >= 0");
    return v;
  }

  public static double positive(String name, double v) {
    finite(name, v);
    if (v <= 0) throw new IllegalArgumentException(name + " = " + v + " must be > 0");
    return v;
  }

  /** Checks that {@code a} has exactly {@code len} elements. */
  public static double[] length(String name, double[] a, long len) {
    if (a == null) throw new IllegalArgumentException(name + " is missing (null)");
    if (a.length != len) {
      throw new ShapeMismatchException(name + " has " + a.length + " elements but " + len + " were expected");
    }
    return a;
  }

  /** Checks that every element is finite; names the first offending index. */
  public static double[] allFinite(String name, double[] a) {
    nonNull(name, a);
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        throw new NonFiniteValueException(name, i, name + " contains " + a[i] + " at flat index " + i
            + "; remove or impute non-finite values before training");
      }
    }
    return a;
  }

  /** As {@link #allFinite(String, double[])} for float arrays. */
  public static float[] allFinite(String name, float[] a) {
    nonNull(name, a);
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        throw new NonFiniteValueException(name, i, name + " contains " + a[i] + " at flat index " + i
            + "; remove or impute non-finite values before training");
      }
    }
    return a;
  }

  /** Product of dimensions as a long, failing if it does not fit in a Java array. */
  public static int arraySize(String name, long... dims) {
    long p = 1;
    for (long d : dims) {
      if (d < 0) throw new IllegalArgumentException(name + ": negative dimension " + d);
      p = Math.multiplyExact(p, d);
    }
    if (p > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(name + " would need " + p + " elements, more than a Java array holds ("
          + (Integer.MAX_VALUE - 8) + "); use smaller dimensions");
    }
    return (int) p;
  }
}
