package lrnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Progress of long runs, on stderr: a redrawn bar (percentage, steps/total, elapsed, ETA, last message)
 * when stderr is a terminal, plain log lines at every 10% and at least every {@value #LOG_EVERY_SECONDS} s
 * otherwise, nothing with {@code --quiet}. {@link Main} configures it for the command being run; the
 * environment variable {@code LRNN_PROGRESS=bar|log|off} overrides the choice.
 *
 * <pre>{@code
 * try (Progress.Handle p = Progress.start("training", steps)) {
 *   for (int t = 1; t <= steps; t++) { ...; p.step(t); if (t % 50 == 0) p.message("mse " + mse); }
 * }
 * }</pre>
 *
 * A {@link Handle} is also a {@link LongConsumer} ({@code accept(done)} = {@code step(done)}), so it can
 * be passed to core code that reports progress through a plain callback. Handles are thread-safe.
 *
 * <p>Hand-written rather than {@code me.tongfei:progressbar}: that library pulls in JLine for terminal
 * handling, while what is needed here (a {@code \r}-redrawn line, a log fallback that works under CI and
 * in captured test output, a quiet mode, an injectable clock for tests) is about a hundred lines.
 */
public final class Progress {

  /** How progress is shown. */
  public enum Mode { BAR, LOG, OFF }

  static final int LOG_EVERY_SECONDS = 10;
  /** In log mode, nothing is printed for tasks that finish within this time: short runs stay quiet. */
  static final long LOG_QUIET_NANOS = 1_000_000_000L;
  private static final long REDRAW_NANOS = 100_000_000L; // at most 10 redraws a second
  private static final int BAR_WIDTH = 24;

  private record Config(PrintWriter err, Mode mode, String prefix, LongSupplier clock) {}

  // per thread: Main.run configures and resets it on the thread that runs the command, so several commands can run
  // at once in one JVM (the cells of lrnn sweep) without one's reset turning another's quiet progress back on
  private static final ThreadLocal<Config> CONFIG = ThreadLocal.withInitial(Progress::defaultConfig);

  private Progress() {}

  /**
   * Starts showing the progress of a task of {@code total} steps ({@code total <= 0}: unknown, then no
   * percentage or ETA). Close the handle when the task ends (normally or not).
   */
  public static Handle start(String task, long total) {
    Config c = CONFIG.get();
    if (c.mode == Mode.OFF) return NOOP;
    return new Live(c, task, total, true);
  }

  /**
   * As {@link #start} for work measured in cost units (e.g. estimated multiply-adds) rather than steps: the
   * display shows the percentage and the ETA, not the raw counts.
   */
  public static Handle startWork(String task, long total) {
    Config c = CONFIG.get();
    if (c.mode == Mode.OFF) return NOOP;
    return new Live(c, task, total, false);
  }

  /** A running progress display. */
  public interface Handle extends AutoCloseable, LongConsumer {
    /** Reports that {@code done} of the total steps are complete (absolute, not an increment). */
    void step(long done);

    /** Attaches a short status (e.g. the current loss) to the display; shown with the next update. */
    void message(String message);

    /** Ends the display with a final line. Idempotent. */
    @Override
    void close();

    @Override
    default void accept(long done) {
      step(done);
    }
  }

  /** Sets where and how progress is shown; {@code prefix} starts log lines, e.g. {@code "lrnn e1"}. */
  static void configure(PrintWriter err, Mode mode, String prefix) {
    configure(err, mode, prefix, System::nanoTime);
  }

  static void configure(PrintWriter err, Mode mode, String prefix, LongSupplier clock) {
    CONFIG.set(new Config(err, mode, prefix, clock));
  }

  /** Back to the default: log lines on System.err. */
  static void reset() {
    CONFIG.remove();
  }

  /** The mode for a command: off if quiet, else {@code LRNN_PROGRESS}, else bar on a terminal, else log. */
  static Mode modeFor(boolean quiet, boolean terminal) {
    if (quiet) return Mode.OFF;
    String env = System.getenv("LRNN_PROGRESS");
    if (env != null) {
      switch (env.trim().toLowerCase(Locale.ROOT)) {
        case "bar": return Mode.BAR;
        case "log": return Mode.LOG;
        case "off": return Mode.OFF;
        default: break;
      }
    }
    return terminal ? Mode.BAR : Mode.LOG;
  }

  private static Config defaultConfig() {
    return new Config(new PrintWriter(System.err, true), Mode.LOG, "lrnn", System::nanoTime);
  }

  private static final Handle NOOP = new Handle() {
    @Override public void step(long done) {}
    @Override public void message(String message) {}
    @Override public void close() {}
  };

  private static final class Live implements Handle {
    private final Config c;
    private final String task;
    private final long total;
    private final long t0;
    private long done;
    private String message = "";
    private long lastDraw = Long.MIN_VALUE;
    private int lastDecile;
    private boolean printed;
    private int lastWidth;
    private boolean closed;

    private final boolean showCounts;

    Live(Config c, String task, long total, boolean showCounts) {
      this.c = c;
      this.task = task;
      this.total = total;
      this.showCounts = showCounts;
      this.t0 = c.clock.getAsLong();
      this.lastDraw = t0;
      if (c.mode == Mode.BAR) draw(t0, false);
    }

    @Override
    public synchronized void step(long done) {
      if (closed) return;
      this.done = Math.max(0, total > 0 ? Math.min(done, total) : done);
      long now = c.clock.getAsLong();
      if (c.mode == Mode.BAR) {
        if (now - lastDraw >= REDRAW_NANOS || this.done == total) draw(now, false);
      } else {
        int decile = total > 0 ? (int) (10 * this.done / total) : 0;
        boolean due = now - lastDraw >= LOG_EVERY_SECONDS * 1_000_000_000L;
        if ((decile > lastDecile && this.done < total) || due) {
          lastDecile = decile;
          if (now - t0 >= LOG_QUIET_NANOS) draw(now, false);
        }
      }
    }

    @Override
    public synchronized void message(String message) {
      if (closed) return;
      this.message = message == null ? "" : message.replaceAll("\\R", " ");
    }

    @Override
    public synchronized void close() {
      if (closed) return;
      closed = true;
      long now = c.clock.getAsLong();
      if (c.mode == Mode.BAR || printed || now - t0 >= LOG_QUIET_NANOS) draw(now, true);
    }

    private void draw(long now, boolean last) {
      lastDraw = now;
      printed = true;
      double elapsed = (now - t0) / 1e9;
      StringBuilder s = new StringBuilder();
      if (c.mode == Mode.BAR) {
        s.append('\r').append(task).append(' ');
        if (total > 0) {
          int fill = (int) (BAR_WIDTH * done / total);
          s.append('[').append("#".repeat(fill)).append(".".repeat(BAR_WIDTH - fill)).append("] ");
        }
      } else {
        s.append(c.prefix).append(": ").append(task).append(": ");
      }
      s.append(counts());
      s.append(last ? ", done in " : ", ").append(duration(elapsed)).append(last ? "" : " elapsed");
      if (!last && total > 0 && done > 0 && done < total) {
        s.append(", ETA ").append(duration(elapsed * (total - done) / done));
      }
      if (last && done < total && total > 0) s.append(" (stopped)");
      if (!message.isEmpty()) s.append("  ").append(message);
      PrintWriter w = c.err;
      if (c.mode == Mode.BAR) {
        int width = s.length();
        if (width < lastWidth) s.append(" ".repeat(lastWidth - width)); // erase the longer previous line
        lastWidth = width;
        w.print(s);
        if (last) w.println();
      } else {
        w.println(s);
      }
      w.flush();
    }

    private String counts() {
      if (total <= 0) return done + " steps";
      if (!showCounts) return String.format(Locale.ROOT, "%3d%%", 100 * done / total);
      return String.format(Locale.ROOT, "%3d%% %d/%d", 100 * done / total, done, total);
    }
  }

  /** {@code 4.2s}, {@code 3:07}, {@code 1:02:03}. */
  static String duration(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) return "?";
    if (seconds < 60) return String.format(Locale.ROOT, "%.1fs", seconds);
    long s = Math.round(seconds);
    if (s < 3600) return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
