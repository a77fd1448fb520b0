package lrnn.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import lrnn.cli.Embedded;
import lrnn.experiment.MemoryPlan;
import lrnn.util.Memory;

/**
 * Runs one cell where it is called (an executor's task thread, or the driver in tests): the experiment's own
 * command, in-process, into a temporary folder that is removed afterwards, under this task's share of the heap
 * ({@link MemoryPlan#withTaskShare}: the executor's heap divided by the tasks that run on it at once).
 */
final class CellRunner {

  private CellRunner() {}

  static CellResult run(CellJob job) {
    long t0 = System.nanoTime();
    String host = host();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("lrnn-sweep-cell-");
      int tasks = job.tasksPerExecutor() > 0 ? job.tasksPerExecutor()
          : Math.max(1, Runtime.getRuntime().availableProcessors() / job.threads());
      long heap = Runtime.getRuntime().maxMemory();
      MemoryPlan.TaskShare share = MemoryPlan.TaskShare.of(heap / tasks,
          "executor heap " + Memory.human(heap) + " / " + tasks + (tasks == 1 ? " task" : " tasks at once"));
      Path out = dir;
      Embedded.Run r = MemoryPlan.withTaskShare(share,
          () -> Embedded.run(job.experiment(), job.args(), out, job.threads()));
      Map<String, String> files = r.ok() ? resultFiles(dir) : Map.of();
      return new CellResult(job.cell().index(), r.error(), files, share.need(), seconds(t0), host);
    } catch (IOException | RuntimeException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new CellResult(job.cell().index(), "lrnn sweep: error: " + msg.replaceAll("\\R", " "), Map.of(), -1,
          seconds(t0), host);
    } finally {
      if (dir != null) deleteQuietly(dir);
    }
  }

  /** The heap the cell would need by the command's own MemoryPlan (-1 if it fails before its memory check). */
  static MemoryPlan.TaskShare plan(String experiment, List<String> args) throws IOException {
    Path dir = Files.createTempDirectory("lrnn-sweep-plan-");
    try {
      MemoryPlan.TaskShare share = MemoryPlan.TaskShare.plan();
      MemoryPlan.withTaskShare(share, () -> Embedded.run(experiment, args, dir, 1));
      return share;
    } finally {
      deleteQuietly(dir);
    }
  }

  /** The command's CSV files and the JSON beside them (its settings and the rate it used), by name. */
  static Map<String, String> resultFiles(Path dir) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> isResult(p.getFileName().toString())).sorted().toList()) {
        files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  /** A file a cell sends back: {@code *.csv} and {@code *.json} (figures are not drawn in a sweep). */
  static boolean isResult(String name) {
    return name.endsWith(".csv") || name.endsWith(".json");
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static String host() {
    try {
      org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
      String id = env == null ? "in-process" : "executor " + env.executorId();
      return String.format(Locale.ROOT, "%s on %s", id, java.net.InetAddress.getLocalHost().getHostName());
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary folder is not worth failing the cell for
    }
  }
}
