package lrnn.util;

/** Memory estimates before large allocations, so that a width that will not fit fails early and clearly. */
public final class Memory {

  private Memory() {}

  /**
   * Fails with {@link InsufficientMemoryException} if {@code bytes} more cannot be allocated in this heap.
   *
   * @param what a description used in the message, e.g. "the RNN at n = 100000"
   */
  public static void require(String what, long bytes) {
    java.util.List<Requirement> log = RECORDING.get();
    if (log != null) log.add(new Requirement(what, bytes));
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    long available = rt.maxMemory() - used;
    if (bytes > available && bytes <= rt.maxMemory()) {
      // "used" counts garbage not yet collected (e.g. the last step's arrays): collect once before refusing
      System.gc();
      used = rt.totalMemory() - rt.freeMemory();
      available = rt.maxMemory() - used;
    }
    if (bytes > available) {
      throw new InsufficientMemoryException(what + " needs about " + human(bytes) + " (" + bytes + " bytes) but only " + human(available)
          + " of the " + human(rt.maxMemory()) + " heap are free; use a smaller width or raise the heap (-Xmx, "
          + "e.g. LRNN_JAVA_OPTS=-Xmx" + Math.max(1, (bytes + used) * 5 / 4 / (1L << 30) + 1) + "g)", bytes);
    }
  }

  /** One {@link #require} call: what it was for and the bytes it asked for. */
  public record Requirement(String what, long bytes) {}

  private static final ThreadLocal<java.util.List<Requirement>> RECORDING = new ThreadLocal<>();

  /**
   * Runs {@code body} and returns the {@link #require} calls it made on this thread, in order (a nested
   * recording keeps the calls made inside it). For checking each estimate against the arrays an operation really
   * allocates, and for memory plans that want the library's own numbers.
   */
  public static java.util.List<Requirement> requirementsOf(Runnable body) {
    java.util.List<Requirement> log = new java.util.ArrayList<>(), outer = RECORDING.get();
    RECORDING.set(log);
    try {
      body.run();
    } finally {
      if (outer == null) RECORDING.remove(); else RECORDING.set(outer);
    }
    return java.util.List.copyOf(log);
  }

  /** Bytes of the product of {@code dims} doubles, saturating at {@code Long.MAX_VALUE} instead of overflowing. */
  public static long doubles(long... dims) {
    long p = 8;
    for (long d : dims) {
      if (d < 0) throw new IllegalArgumentException("negative dimension " + d);
      try {
        p = Math.multiplyExact(p, d);
      } catch (ArithmeticException overflow) {
        return Long.MAX_VALUE;
      }
    }
    return p;
  }

  /** {@code a + b} for non-negative byte counts, saturating at {@code Long.MAX_VALUE} as {@link #doubles} does. */
  public static long plus(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }

  public static String human(long bytes) {
    if (bytes < 1024) return bytes + " B";
    double v = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = -1;
    while (v >= 1024 && u + 1 < units.length) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Thrown when an allocation would not fit in the heap. */
  public static final class InsufficientMemoryException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final long bytesNeeded;

    public InsufficientMemoryException(String message, long bytesNeeded) {
      super(message);
      this.bytesNeeded = bytesNeeded;
    }

    public long bytesNeeded() {
      return bytesNeeded;
    }
  }
}
