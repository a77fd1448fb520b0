package lrnn.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * The Spark side of a sweep: one Spark job of one task per cell, submitted from a pool of driver threads so that
 * the driver gets each cell's result as soon as its task ends (progress, sweep.csv written as it goes) while the
 * scheduler keeps every executor slot busy. Each task takes {@code spark.task.cpus = --task-cores} slots and runs
 * its kernels on that many threads, so tasks never oversubscribe an executor.
 *
 * <p>Embedded (no {@code --master}): {@code local[*]}, in this JVM. Everything binds to 127.0.0.1 unless the caller's
 * {@code --conf} (or SPARK_LOCAL_IP) says otherwise, and Spark's UI is off unless {@code --conf spark.ui.enabled=true}.
 */
final class SparkSweep implements AutoCloseable {

  /** Driver threads that wait for cells at once; cells beyond that queue on the driver. */
  static final int MAX_JOBS_IN_FLIGHT = 256;

  private final JavaSparkContext sc;
  private final int taskCores;
  private final int tasksPerExecutor;

  /**
   * Starts Spark.
   *
   * @param master    a Spark master URL, or null for the embedded {@code local[*]}
   * @param taskCores threads (and spark.task.cpus) per cell
   * @param conf      extra Spark settings ({@code --conf KEY=VALUE}), applied last
   */
  SparkSweep(String master, String appName, int taskCores, Map<String, String> conf) {
    Logs.quiet();
    SparkConf c = new SparkConf()
        .setAppName(appName)
        .setMaster(master == null ? "local[*]" : master)
        .set("spark.ui.enabled", "false")
        .set("spark.task.cpus", Integer.toString(taskCores))
        .set("spark.task.maxFailures", "1") // a cell that fails fails for good: its error is the result
        .set("spark.ui.showConsoleProgress", "false");
    boolean loopback = System.getenv("SPARK_LOCAL_IP") == null || "127.0.0.1".equals(System.getenv("SPARK_LOCAL_IP"));
    if (loopback) {
      c.set("spark.driver.bindAddress", "127.0.0.1").set("spark.driver.host", "127.0.0.1");
    }
    // what the executors need on Java 17+ (Spark's own list; it includes --add-modules jdk.incubator.vector)
    c.set("spark.executor.extraJavaOptions", JavaModuleOptions.defaultModuleOptions());
    for (Map.Entry<String, String> e : conf.entrySet()) {
      if (e.getKey().equals("spark.executor.extraJavaOptions")) {
        c.set(e.getKey(), JavaModuleOptions.defaultModuleOptions() + " " + e.getValue());
      } else {
        c.set(e.getKey(), e.getValue());
      }
    }
    this.taskCores = taskCores;
    this.sc = new JavaSparkContext(c);
    this.tasksPerExecutor = tasksPerExecutor(sc.getConf(), taskCores);
  }

  /** Tasks that share one executor's heap: local[N] gives N / task cores, spark.executor.cores likewise; 0: unknown. */
  static int tasksPerExecutor(SparkConf conf, int taskCores) {
    String master = conf.get("spark.master", "");
    int cores = 0;
    if (master.startsWith("local")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\*|\\d+)(,\\d+)?]").matcher(master);
      cores = m.matches() ? (m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(m.group(1))) : 1;
    } else if (conf.contains("spark.executor.cores")) {
      cores = Integer.parseInt(conf.get("spark.executor.cores").trim());
    }
    return cores == 0 ? 0 : Math.max(1, cores / taskCores);
  }

  int tasksPerExecutor() {
    return tasksPerExecutor;
  }

  /** The executors' heap in bytes as configured (local mode: this JVM's), or -1 if not known here. */
  long executorHeap() {
    if (sc.master().startsWith("local")) return Runtime.getRuntime().maxMemory();
    return sc.getConf().getSizeAsBytes("spark.executor.memory", "1g");
  }

  String master() {
    return sc.master();
  }

  /** Runs every job; {@code onResult} is called on a driver thread as each cell ends (never concurrently). */
  void run(List<CellJob> jobs, Consumer<CellResult> onResult) throws InterruptedException {
    if (jobs.isEmpty()) return;
    int threads = Math.min(jobs.size(), MAX_JOBS_IN_FLIGHT);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "lrnn-sweep-job");
      t.setDaemon(true);
      return t;
    });
    Object lock = new Object();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (CellJob job : jobs) {
        futures.add(pool.submit(() -> {
          sc.setJobDescription(describe(job));
          CellResult r;
          try {
            r = sc.parallelize(List.of(job), 1).map(CellRunner::run).collect().get(0);
          } catch (RuntimeException e) { // the task itself failed (executor lost, serialization): the cell fails
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            r = new CellResult(job.cell().index(), "lrnn sweep: error: the Spark task failed: "
                + msg.lines().findFirst().orElse(msg), Map.of(), -1, 0, "unknown");
          }
          synchronized (lock) {
            onResult.accept(r);
          }
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a sweep driver thread failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String describe(CellJob job) {
    return String.format(Locale.ROOT, "lrnn %s cell %d", job.experiment(), job.cell().index());
  }

  JavaSparkContext context() {
    return sc;
  }

  int taskCores() {
    return taskCores;
  }

  @Override
  public void close() {
    sc.stop();
  }
}
