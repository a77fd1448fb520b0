package lrnn.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import lrnn.cli.Embedded;
import lrnn.cli.Output;
import lrnn.cli.plot.Panels;
import lrnn.experiment.MemoryPlan;
import lrnn.io.AtomicFiles;
import lrnn.util.Memory;

/**
 * {@code lrnn sweep}: an experiment over a grid of its options, one Spark task per cell ({@link SweepOptions} has
 * the command line). The driver parses and checks the whole grid first (a typo fails before Spark starts), states
 * the memory per task by the experiment's own {@link MemoryPlan}, runs the missing cells, and writes sweep.csv as
 * cells finish (so an interrupted sweep resumes with {@code --resume}), then sweep.parquet and the summary plot.
 *
 * <p>Exit codes as for {@code lrnn}: 0 ok, 1 failure (some cell failed; the others' rows are written), 2 usage error.
 */
public final class SweepMain {

  static final String ARGS_FILE = "sweep.args";
  private static final long WRITE_EVERY_NANOS = 2_000_000_000L;

  private SweepMain() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    List<String> a = new ArrayList<>(Arrays.asList(args));
    if (!a.isEmpty() && a.get(0).equals("sweep")) a.remove(0);
    int code = run(out, err, a);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs a sweep in this JVM (the arguments after {@code sweep}); returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, List<String> args) {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    SweepOptions o;
    try {
      o = SweepOptions.parse(args);
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    if (o.help()) {
      out.println(SweepOptions.USAGE);
      out.flush();
      return 0;
    }
    try {
      return sweep(o, out, err);
    } catch (IllegalArgumentException e) {
      if (o.debug()) e.printStackTrace(err);
      return usage(err, e.getMessage());
    } catch (Exception | Error e) {
      err.println("lrnn sweep: error: " + (e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\R",
          " ")));
      if (o.debug()) e.printStackTrace(err);
      err.flush();
      return 1;
    }
  }

  private static int usage(PrintWriter err, String message) {
    err.println("lrnn sweep: error: " + message + "; try 'lrnn sweep --help'");
    err.flush();
    return 2;
  }

  private static int sweep(SweepOptions o, PrintWriter out, PrintWriter err) throws Exception {
    Experiment exp = Experiment.of(o.experiment());
    Map<String, String> options = Embedded.valueOptions(exp.command);
    Grid grid = Grid.parse(o.grid(), options.keySet(), Embedded.flags(exp.command), exp.command);
    for (String a : o.experimentArgs()) {
      String name = a.startsWith("--") ? a.substring(2).split("=", 2)[0] : null;
      if (name != null && grid.names().contains(name)) {
        throw new IllegalArgumentException("--" + name + " is both an option of " + exp.command + " and a --grid; "
            + "drop one");
      }
    }
    List<Grid.Cell> cells = grid.cells();
    List<List<String>> cellArgs = new ArrayList<>(cells.size());
    for (Grid.Cell c : cells) {
      List<String> args = new ArrayList<>(o.experimentArgs());
      args.addAll(grid.args(c));
      cellArgs.add(args);
    }
    try {
      Embedded.checkAll(exp.command, cellArgs);
    } catch (Embedded.CheckException e) {
      throw new IllegalArgumentException("cell " + label(grid, cells.get(e.index())) + ": " + e.getMessage());
    }

    Path dir = o.out();
    Output output = new Output(dir, out, o.quiet());
    SweepTable table = new SweepTable(grid.names());
    Path csv = dir.resolve("sweep.csv");
    String identity = identity(exp, o.experimentArgs());
    if (o.resume()) {
      Path argsFile = dir.resolve(ARGS_FILE);
      if (Files.exists(argsFile)) {
        String before = Files.readString(argsFile, StandardCharsets.UTF_8);
        if (!before.equals(identity)) {
          throw new IllegalArgumentException(dir + " holds a sweep of '" + before.strip().replace('\n', ' ')
              + "', this one is '" + identity.strip().replace('\n', ' ') + "'; resume with the same experiment and "
              + "options, or use another --out");
        }
      }
      int kept = Files.exists(csv) ? table.resume(csv, grid) : 0;
      info(o, out, String.format(Locale.ROOT, "resume: %d of %d cells already done in %s", kept, cells.size(), csv));
    } else {
      deleteTree(dir.resolve("cells"));
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("cannot create the output folder " + dir + " (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "); choose another --out", e);
    }
    AtomicFiles.writeAtomically(dir.resolve(ARGS_FILE), s -> s.write(identity.getBytes(StandardCharsets.UTF_8)));

    List<CellJob> todo = new ArrayList<>();
    List<Grid.Cell> todoCells = new ArrayList<>();
    for (Grid.Cell c : cells) {
      if (!table.done(c.index())) todoCells.add(c);
    }

    // memory per task, by the experiment's own estimate (the same MemoryPlan the single command checks)
    long tPlan = System.nanoTime();
    long largest = -1;
    String largestWhat = null;
    Grid.Cell largestCell = null;
    // the seed changes the draws, never the sizes: one estimate per combination of the other grid values
    int seedAxis = grid.names().indexOf("seed");
    Map<List<String>, Long> planned = new java.util.HashMap<>();
    for (Grid.Cell c : todoCells) {
      List<String> sizes = sizes(c, seedAxis);
      if (planned.containsKey(sizes)) continue;
      MemoryPlan.TaskShare plan = CellRunner.plan(exp.command, cellArgs.get(c.index()));
      planned.put(sizes, plan.need());
      if (plan.need() > largest) {
        largest = plan.need();
        largestWhat = plan.what();
        largestCell = c;
      }
    }

    long t0 = System.nanoTime();
    double planSeconds = (t0 - tPlan) / 1e9;
    double[] busy = {0};
    double startSeconds = 0;
    double cellSeconds = 0;
    int total = cells.size();
    String master = o.master() != null ? o.master() : System.getProperty("spark.master", "local[*]"); // spark-submit
    info(o, out, String.format(Locale.ROOT, "lrnn sweep %s: %d cells (%s), %d to run, on Spark %s with %d core%s per "
            + "cell", exp.command, total, describeGrid(grid), todoCells.size(), master, o.taskCores(),
        o.taskCores() == 1 ? "" : "s"));
    if (todoCells.isEmpty()) {
      finish(o, exp, grid, table, output, out);
      return report(o, table, err, csv);
    }
    try (SparkSweep spark = new SparkSweep(o.master(), "lrnn sweep " + exp.command, o.taskCores(), o.conf())) {
      startSeconds = (System.nanoTime() - t0) / 1e9;
      int perExecutor = spark.tasksPerExecutor();
      long heap = spark.executorHeap();
      info(o, out, String.format(Locale.ROOT, "Spark %s started in %.1f s", spark.master(), startSeconds));
      if (largest > 0) {
        String share = perExecutor > 0
            ? String.format(Locale.ROOT, "each task's share of the heap is %s (%s / %d task%s at once)",
                Memory.human(heap / perExecutor), Memory.human(heap), perExecutor, perExecutor == 1 ? "" : "s")
            : String.format(Locale.ROOT, "each executor's heap (spark.executor.memory = %s) is shared by the tasks "
                + "it runs at once (its cores / %d)", Memory.human(heap), o.taskCores());
        info(o, out, String.format(Locale.ROOT, "memory per task: the largest cell (%s) needs about %s of heap "
            + "(lrnn.experiment.MemoryPlan: %s); %s", label(grid, largestCell), Memory.human(largest), largestWhat,
            share));
      }
      // the largest cells first (by their memory estimate, which grows with the work): no big cell left for the end
      List<Grid.Cell> order = new ArrayList<>(todoCells);
      order.sort(Comparator.comparingLong((Grid.Cell c) -> planned.get(sizes(c, seedAxis))).reversed());
      for (Grid.Cell c : order) {
        todo.add(new CellJob(c, exp.command, cellArgs.get(c.index()), o.taskCores(), perExecutor));
      }
      CellProgress progress = new CellProgress(err, todo.size(), o.quiet());
      long[] lastWrite = {System.nanoTime()};
      Thread hook = new Thread(() -> writeQuietly(csv, table));
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        long tCells = System.nanoTime();
        spark.run(todo, r -> {
          busy[0] += r.seconds(); // called on this thread, one result at a time
          Grid.Cell c = cells.get(r.index());
          String error = r.error();
          if (error == null) {
            try {
              table.ok(c, exp.summary(r.files(), grid.names()));
              Path cellDir = dir.resolve("cells").resolve(folder(grid, c));
              for (var f : r.files().entrySet()) {
                Files.createDirectories(cellDir);
                AtomicFiles.writeAtomically(cellDir.resolve(f.getKey()),
                    s -> s.write(f.getValue().getBytes(StandardCharsets.UTF_8)));
              }
            } catch (IOException | RuntimeException e) {
              error = "lrnn sweep: error: cell output: " + e.getMessage();
            }
          }
          if (error != null) {
            table.failed(c, error);
            err.println("lrnn sweep: warning: cell " + label(grid, c) + " failed: " + error);
            err.flush();
          }
          progress.done(error != null);
          if (System.nanoTime() - lastWrite[0] >= WRITE_EVERY_NANOS) {
            writeQuietly(csv, table);
            lastWrite[0] = System.nanoTime();
          }
        });
        cellSeconds = (System.nanoTime() - tCells) / 1e9;
      } finally {
        progress.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook writes the table
        }
      }
    }
    long tFinish = System.nanoTime();
    finish(o, exp, grid, table, output, out);
    info(o, out, String.format(Locale.ROOT, "sweep done in %.1f s: memory plan %.1f s, Spark's start %.1f s, cells "
            + "%.1f s (the cells' own run time adds up to %.1f s), sweep.csv/parquet/plot %.1f s",
        (System.nanoTime() - tPlan) / 1e9, planSeconds, startSeconds, cellSeconds, busy[0],
        (System.nanoTime() - tFinish) / 1e9));
    return report(o, table, err, csv);
  }

  /** A cell's values without its seed: what its memory estimate depends on. */
  private static List<String> sizes(Grid.Cell c, int seedAxis) {
    List<String> sizes = new ArrayList<>(c.values());
    if (seedAxis >= 0) sizes.remove(seedAxis);
    return sizes;
  }

  private static void finish(SweepOptions o, Experiment exp, Grid grid, SweepTable table, Output output,
      PrintWriter out) throws IOException {
    output.writeString("sweep.csv", table.toCsv());
    List<String> header = table.header();
    List<List<String>> rows = table.rows();
    Path parquet = output.path("sweep.parquet");
    ParquetOut.write(parquet, header, rows);
    if (!o.quiet()) out.println("wrote " + parquet);
    List<List<String>> okRows = rows.stream().filter(r -> r.get(r.size() - 2).equals(SweepTable.OK)).toList();
    Panels fig = SummaryPlot.figure(exp.command, header, okRows, grid.names(), exp.keys);
    if (fig != null) {
      output.writeFigure("sweep", fig);
    } else {
      info(o, out, "no summary plot: it needs a successful cell and a numeric grid variable other than seed");
    }
    out.flush();
  }

  private static int report(SweepOptions o, SweepTable table, PrintWriter err, Path csv) {
    int failed = table.failedCount();
    if (failed == 0) return 0;
    err.println(String.format(Locale.ROOT, "lrnn sweep: error: %d of %d cells failed (their errors are in %s); "
        + "rerun with --resume to run only those", failed, failed + table.okCount(), csv));
    err.flush();
    return 1;
  }

  private static void writeQuietly(Path csv, SweepTable table) {
    try {
      Files.createDirectories(csv.toAbsolutePath().getParent());
      String text = table.toCsv();
      AtomicFiles.writeAtomically(csv, s -> s.write(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      // the final write reports problems; an intermediate one may fail quietly
    }
  }

  /** What must not change between a sweep and its {@code --resume}: the experiment and its fixed options. */
  static String identity(Experiment exp, List<String> args) {
    return exp.command + "\n" + String.join("\n", args) + "\n";
  }

  static String label(Grid grid, Grid.Cell c) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < grid.names().size(); i++) parts.add(grid.names().get(i) + "=" + c.values().get(i));
    return String.join(",", parts);
  }

  /** The cell's folder under cells/: its label with characters other than letters, digits and .,=+- as _. */
  static String folder(Grid grid, Grid.Cell c) {
    return label(grid, c).replaceAll("[^A-Za-z0-9.,=+\\-]", "_");
  }

  private static String describeGrid(Grid grid) {
    List<String> parts = new ArrayList<>();
    for (Grid.Axis a : grid.axes()) parts.add(a.name() + " x " + a.values().size());
    return String.join(", ", parts);
  }

  private static void info(SweepOptions o, PrintWriter out, String line) {
    if (o.quiet()) return;
    out.println(line);
    out.flush();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  /** Cells done / total with the elapsed time and an ETA, on stderr at every 10% and at least every 10 s. */
  static final class CellProgress {
    private final PrintWriter err;
    private final int total;
    private final boolean quiet;
    private final long t0 = System.nanoTime();
    private long last = t0;
    private int done;
    private int failed;
    private int lastDecile;

    CellProgress(PrintWriter err, int total, boolean quiet) {
      this.err = err;
      this.total = total;
      this.quiet = quiet;
    }

    synchronized void done(boolean failedCell) {
      done++;
      if (failedCell) failed++;
      long now = System.nanoTime();
      int decile = 10 * done / total;
      if (done < total && (decile > lastDecile || now - last >= 10_000_000_000L)) {
        lastDecile = decile;
        last = now;
        print(now, false);
      }
    }

    synchronized void close() {
      print(System.nanoTime(), true);
    }

    private void print(long now, boolean end) {
      if (quiet) return;
      double s = (now - t0) / 1e9;
      String eta = !end && done > 0 && done < total ? ", ETA " + duration(s * (total - done) / done) : "";
      err.println(String.format(Locale.ROOT, "lrnn sweep: %d/%d cells%s, %s%s", done, total,
          failed > 0 ? " (" + failed + " failed)" : "", end ? "done in " + duration(s) : duration(s) + " elapsed",
          eta));
      err.flush();
    }

    static String duration(double seconds) {
      if (seconds < 60) return String.format(Locale.ROOT, "%.1fs", seconds);
      long t = Math.round(seconds);
      if (t < 3600) return String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
      return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
    }
  }
}
