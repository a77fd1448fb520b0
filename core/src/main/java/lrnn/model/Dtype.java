package lrnn.model;

import java.util.Locale;

/**
 * The storage precision of a {@link LinearRnn}'s recurrent matrix W~ and of its Krylov vectors. F~, C~, D~
 * (O(n) numbers) and every reduction (lag residuals, losses, Gram entries, the data moments) stay in float64
 * in both cases; float32 halves the O(n^2) memory and the bytes read per pass over W.
 */
public enum Dtype {
  FLOAT64(8),
  FLOAT32(4);

  private final int bytes;

  private static final ScopedValue<Dtype> DEFAULT = ScopedValue.newInstance();

  Dtype(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per element of W. */
  public int bytes() {
    return bytes;
  }

  /** "float64" or "float32" (the command-line spelling). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The dtype of RNNs made without an explicit one ({@link LinearRnn#random(int, int, int, InitScales, long)},
   * hence every experiment) in the current dynamic scope: float64 unless bound by {@link #withDefault}.
   */
  public static Dtype current() {
    return DEFAULT.isBound() ? DEFAULT.get() : FLOAT64;
  }

  /**
   * Runs {@code body} with {@code dtype} as {@link #current()} (a scoped binding, like
   * {@code Kernels.withParallel}): e.g. {@code Dtype.withDefault(FLOAT32, () -> Convergence.run(cfg, sink))}.
   */
  public static <T, X extends Throwable> T withDefault(Dtype dtype, ScopedValue.CallableOp<T, X> body) throws X {
    java.util.Objects.requireNonNull(dtype, "dtype");
    return ScopedValue.where(DEFAULT, dtype).call(body);
  }

  /** Parses "float64"/"float32" (also "f64", "f32", "double", "float"), case-insensitive. */
  public static Dtype parse(String s) {
    if (s == null) throw new IllegalArgumentException("dtype is missing (null); use float64 or float32");
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "float64", "f64", "double" -> FLOAT64;
      case "float32", "f32", "float" -> FLOAT32;
      default -> throw new IllegalArgumentException("dtype '" + s + "' is not known; use float64 or float32");
    };
  }
}
