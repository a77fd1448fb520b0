package lrnn.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lrnn.kernel.Kernels;
import lrnn.model.Dtype;
import lrnn.train.Objectives.GradientPath;
import lrnn.util.Memory;

/**
 * The peak heap of a whole run as a formula in n, K, N, L and dtype (SPEC §9), checked BEFORE any O(n^2)
 * work, so that a width that cannot fit fails in seconds with the need, the limit and the fix instead of an
 * OutOfMemoryError after minutes. Each part names what it is; {@link #bytes()} is their sum plus the JVM's
 * own working set ({@link #BASELINE}: classes' heap objects, the command line, the plots). b = bytes per
 * element of W (8 float64, 4 float32).
 *
 * <ul>
 *   <li>E1 ({@code dynamics}), Krylov path, RNN trained in place: {@code b n^2} (W, the only n x n) +
 *       {@code 8 n (2 K n_x + K n_y)} (P, R, Q; float32 adds their float copies) + the data.</li>
 *   <li>E1 by BPTT: {@code 8 n^2} (W) + {@code 8 n^2} (W packed for the GEMMs) + {@code 16 L N n} (hidden and
 *       adjoint states) + the data.</li>
 *   <li>Commands that train several RNNs from one initial RNN (delay, realdata, theorems, ntk-convergence's
 *       curve gap): the initial RNN and one working copy, {@code 2 b n^2} + the Krylov rows.</li>
 *   <li>{@code --init} files: while W.npy is read and converted, its float64 array and, for float32, the
 *       float copy ({@code 8 n^2 + 4 n^2}).</li>
 * </ul>
 */
public final class MemoryPlan {

  /** Heap the JVM and the command use besides the run's arrays (measured: 20-40 MB; plots at the end). */
  public static final long BASELINE = 64L << 20;

  private final String what;
  private final Dtype dtype;
  private final GradientPath path;
  private final List<String> parts = new ArrayList<>();
  private long work;

  private MemoryPlan(String what, Dtype dtype, GradientPath path) {
    this.what = what;
    this.dtype = dtype;
    this.path = path;
  }

  /**
   * The fixes to offer when this run does not fit: {@code smaller} (e.g. "a smaller --n"), then float32 for a
   * float64 run and the Krylov path for a BPTT run, e.g. "a smaller --n, --dtype float32, --gradient krylov".
   */
  public String fixes(String smaller) {
    return smaller + (dtype == Dtype.FLOAT64 ? ", --dtype float32" : "")
        + (path == GradientPath.BPTT ? ", --gradient krylov" : "");
  }

  private MemoryPlan add(String part, long bytes) {
    if (bytes <= 0) return this;
    parts.add(part + " " + Memory.human(bytes));
    work = Memory.plus(work, bytes);
    return this;
  }

  /** Bytes of the run's own arrays (without the baseline): what a measured peak above the idle heap shows. */
  public long workBytes() {
    return work;
  }

  /** The estimated peak heap of the run: {@link #workBytes()} + {@link #BASELINE}. */
  public long bytes() {
    return Memory.plus(work, BASELINE);
  }

  /** "E1 at n = 16384 (float64, krylov)". */
  public String what() {
    return what;
  }

  /** "W 2.0 GiB + Krylov rows 6.0 MiB + data 0.1 MiB". */
  public String breakdown() {
    return String.join(" + ", parts);
  }

  private static long w(long n, Dtype dtype) {
    return sat(Memory.doubles(n, n) / (dtype == Dtype.FLOAT32 ? 2 : 1));
  }

  private static long sat(long v) {
    return v < 0 ? Long.MAX_VALUE : v;
  }

  private static long krylovRows(long n, int lags, int nx, int ny, Dtype dtype) {
    return sat(Memory.doubles(n, lrnn.model.Gradients.krylovRowDoubles(lags, nx, ny, dtype)));
  }

  private static long data(long sequences, int len, int nx, int ny, int lags) {
    long d = (long) lags * nx;
    return sat(Memory.doubles(sequences, len, nx + ny) + Memory.doubles(d, d + ny));
  }

  /**
   * E1: one RNN trained in place (the initial RNN handed over), two convolutions.
   *
   * @param train     training sequences (the BPTT states hold them)
   * @param test      test sequences
   * @param fromFiles W~ is read from W.npy (a float64 read buffer while it is converted)
   */
  public static MemoryPlan dynamics(int n, int nx, int ny, int train, int test, int len, Dtype dtype,
                                    GradientPath path, boolean fromFiles) {
    long sequences = (long) train + test;
    MemoryPlan p = new MemoryPlan(String.format(Locale.ROOT, "E1 at n = %d (%s, %s gradient)", n, dtype.label(),
        path.name().toLowerCase(Locale.ROOT)), dtype, path);
    p.add("W", w(n, dtype));
    if (path == GradientPath.BPTT) {
      p.add("W packed for BPTT", Memory.doubles(n, n));
      p.add("BPTT states", Memory.doubles(2L * len, train, n));
    } else {
      p.add("Krylov rows", krylovRows(n, len, nx, ny, dtype));
    }
    p.add("data", data(sequences, len, nx, ny, len));
    if (fromFiles) p.readBuffer(n, dtype);
    return p;
  }

  /**
   * Commands that keep one initial RNN and train working copies of it one at a time (delay, realdata,
   * theorems, the curve gap of ntk-convergence): two n x n matrices.
   */
  public static MemoryPlan twoCopies(String what, int n, int nx, int ny, int lags, long sequences, int len,
                                     Dtype dtype) {
    MemoryPlan p = new MemoryPlan(String.format(Locale.ROOT, "%s at n = %d (%s)", what, n, dtype.label()), dtype,
        GradientPath.KRYLOV);
    p.add("W and its working copy", sat(2 * w(n, dtype)));
    p.add("Krylov rows", krylovRows(n, lags, nx, ny, dtype));
    p.add("data", data(sequences, len, nx, ny, lags));
    return p;
  }

  /**
   * {@code lrnn ntk}: the exact NTK Gram {@code T M T^T} of an RNN on N sequences of length L through its lag
   * kernel with K lags: W ({@code b n^2}), the Krylov bases P, Q ({@code 8 n K (n_x + n_y)}; float32 adds
   * their float copies), their Grams ({@code 8 K^2 (n_x^2 + n_y^2)}), M and its copy for writing
   * ({@code 2 x 8 (K n_y n_x)^2}), the Gram ({@code 8 (N L n_y)^2}; streamed to gram.npy, never copied) and the
   * data. {@code infinite}: the scaled convolution's Gram (17), stored as its {@code (N L)^2} core, no RNN.
   */
  public static MemoryPlan ntk(int n, int nx, int ny, int sequences, int len, int lags, Dtype dtype,
                               boolean fromFiles, boolean infinite) {
    MemoryPlan p = new MemoryPlan(infinite
        ? String.format(Locale.ROOT, "the infinite-width NTK Gram of %d sequences of length %d", sequences, len)
        : String.format(Locale.ROOT, "the NTK Gram at n = %d, K = %d on %d sequences of length %d (%s)", n, lags,
            sequences, len, dtype.label()), dtype, GradientPath.KRYLOV);
    long rows = (long) sequences * len * (infinite ? 1 : ny);
    p.add("Gram", sat(Memory.doubles(rows, rows)));
    p.add("Gram scratch", sat(Memory.doubles(Kernels.ntkGramScratchDoubles(sequences, len, nx,
        infinite ? 1 : ny, lags, !infinite))));
    long dim = (long) lags * ny * nx;
    p.add("lag kernel", sat(2 * Memory.doubles(dim, dim)));
    if (!infinite) {
      p.add("W", w(n, dtype));
      p.add("Krylov bases", sat(Memory.doubles(n, (long) lags * (nx + ny)) * (dtype == Dtype.FLOAT32 ? 3 : 2) / 2));
      p.add("Krylov Grams", sat(Memory.doubles((long) lags * nx, (long) lags * nx)
          + Memory.doubles((long) lags * ny, (long) lags * ny)));
      if (fromFiles) p.readBuffer(n, dtype);
    }
    p.add("data", sat(Memory.doubles(sequences, len, nx + ny)));
    return p;
  }

  private void readBuffer(int n, Dtype dtype) {
    // reading W.npy: a float64 file is handed over without a copy; for float32 its array (8 n^2) lives while
    // the float copy is made
    if (dtype == Dtype.FLOAT32) add("W.npy read buffer", w(n, Dtype.FLOAT64));
  }

  /**
   * Fails with {@link Memory.InsufficientMemoryException} if the run will not fit in this JVM's heap: the
   * message names the need, the limit and the fixes.
   *
   * @param fixes e.g. "a smaller --n, --dtype float32 or --gradient krylov"
   */
  public void require(String fixes) {
    long need = bytes();
    TaskShare share = TASK_SHARE.isBound() ? TASK_SHARE.get() : null;
    if (share != null) {
      share.need = need;
      share.what = what;
      if (share.limit <= 0) throw new PlanOnlyException(); // TaskShare.plan: the estimate was all that was asked
      if (need > share.limit) {
        throw new Memory.InsufficientMemoryException(what + " needs about " + Memory.human(need) + " of heap at its "
            + "peak (" + breakdown() + " + JVM " + Memory.human(BASELINE) + ") but a task's share of the heap is "
            + Memory.human(share.limit) + " (" + share.source + "); use " + fixes + ", fewer tasks per executor "
            + "(--task-cores) or more executor memory", need);
      }
    }
    Runtime rt = Runtime.getRuntime();
    long limit = rt.maxMemory();
    long used = rt.totalMemory() - rt.freeMemory();
    if (need > limit - used + BASELINE / 2) {
      long suggest = need == Long.MAX_VALUE ? -1 : (need * 5 / 4 + (1L << 30) - 1) >> 30;
      throw new Memory.InsufficientMemoryException(what + " needs about " + Memory.human(need) + " of heap at its peak ("
          + breakdown() + " + JVM " + Memory.human(BASELINE) + ") but the heap limit is " + Memory.human(limit)
          + "; use " + fixes + (suggest > 0 ? ", or a larger heap (LRNN_JAVA_OPTS=-Xmx" + suggest + "g)" : ""), need);
    }
  }

  private static final ScopedValue<TaskShare> TASK_SHARE = ScopedValue.newInstance();

  /**
   * A run's share of a heap that several runs use at once (the tasks of a sweep on one executor): inside
   * {@link #withTaskShare}, {@link #require} also refuses a run whose estimate exceeds the share, and records the
   * estimate here. {@link #plan()} only records it: {@code require} then stops the run with
   * {@link PlanOnlyException} before any O(n^2) work.
   */
  public static final class TaskShare {
    private final long limit;
    private final String source;
    private volatile long need = -1;
    private volatile String what;

    private TaskShare(long limit, String source) {
      this.limit = limit;
      this.source = source;
    }

    /** A share of {@code limit} bytes; {@code source} says where it comes from, e.g. "heap 8.0 GiB / 2 tasks". */
    public static TaskShare of(long limit, String source) {
      if (limit <= 0) throw new IllegalArgumentException("a task's share of the heap must be > 0, got " + limit);
      return new TaskShare(limit, source);
    }

    /** Records the estimate and stops the run at its memory check. */
    public static TaskShare plan() {
      return new TaskShare(0, "plan only");
    }

    /** The estimated peak heap of the run ({@link #bytes()}), or -1 if it never reached its memory check. */
    public long need() {
      return need;
    }

    /** What the estimate was for ({@link #what()}), or null. */
    public String what() {
      return what;
    }
  }

  /** Thrown by {@link #require} inside {@link TaskShare#plan()}: the estimate is recorded, the run goes no further. */
  public static final class PlanOnlyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PlanOnlyException() {
      super("memory plan only: stopped at the memory check", null, false, false);
    }
  }

  /** Runs {@code body} with every {@link #require} in its dynamic scope checked against {@code share}. */
  public static <T, X extends Throwable> T withTaskShare(TaskShare share, ScopedValue.CallableOp<T, X> body) throws X {
    java.util.Objects.requireNonNull(share, "share");
    return ScopedValue.where(TASK_SHARE, share).call(body);
  }
}
