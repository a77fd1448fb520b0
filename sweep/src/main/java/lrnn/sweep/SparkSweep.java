package lrnn.sweep;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * The Spark side of a sweep: one Spark job of one task per cell, all submitted at once (asynchronously) so that
 * the driver gets each cell's result as soon as its task ends (progress, sweep.csv written as it goes) while the
 * scheduler keeps every executor slot busy. Each task takes {@code spark.task.cpus = --task-cores} slots and runs
 * its kernels on that many threads, so tasks never oversubscribe an executor.
 *
 * <p>Embedded (no {@code --master}): {@code local[*]}, in this JVM. Everything binds to 127.0.0.1 unless the caller's
 * {@code --conf} (or SPARK_LOCAL_IP) says otherwise, and Spark's UI is off unless {@code --conf spark.ui.enabled=true}.
 */
final class SparkSweep implements AutoCloseable {

  /** Jobs submitted to Spark at once; the others wait on the driver. */
  static final int MAX_JOBS_IN_FLIGHT = 256;
  private static final long POLL_MILLIS = 20;

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
    SparkConf c = new SparkConf(); // also the spark.* system properties (spark-submit sets spark.master there)
    String url = master != null ? master : c.get("spark.master", "local[*]");
    c.setAppName(appName)
        .setMaster(url)
        .set("spark.ui.enabled", "false")
        .set("spark.task.cpus", Integer.toString(taskCores))
        .set("spark.task.maxFailures", "1") // a cell that fails fails for good: its error is the result
        .set("spark.ui.showConsoleProgress", "false");
    if (loopback(url) && !c.contains("spark.driver.host")) {
      c.set("spark.driver.bindAddress", "127.0.0.1").set("spark.driver.host", "127.0.0.1");
    }
    // ./lrnn sweep --master spark://...: the executors fetch lrnn (without Spark) from the driver
    String jar = System.getProperty("lrnn.sweep.jar");
    if (!url.startsWith("local") && jar != null && !c.contains("spark.jars") && new java.io.File(jar).isFile()) {
      c.set("spark.jars", jar);
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

  /**
   * Whether the driver binds to 127.0.0.1: in the embedded mode, with a master on this machine's loopback, or with
   * SPARK_LOCAL_IP=127.0.0.1. A master elsewhere must reach the driver, so Spark's own choice of address stands
   * (or {@code --conf spark.driver.host=...}).
   */
  static boolean loopback(String master) {
    return loopback(master, System.getenv("SPARK_LOCAL_IP"));
  }

  static boolean loopback(String master, String ip) {
    if (ip != null) return ip.equals("127.0.0.1") || ip.equals("localhost");
    if (master.startsWith("local")) return true;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("spark://([^:/]+)(:\\d+)?").matcher(master);
    return m.matches() && (m.group(1).equals("localhost") || m.group(1).startsWith("127."));
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

  /**
   * Runs every job, submitted in the order given (at most {@value #MAX_JOBS_IN_FLIGHT} at once; Spark's FIFO scheduler
   * starts them in that order); {@code onResult} is called on this thread as each cell ends.
   */
  void run(List<CellJob> jobs, Consumer<CellResult> onResult) throws InterruptedException {
    Map<CellJob, JavaFutureAction<List<CellResult>>> inFlight = new LinkedHashMap<>();
    int next = 0;
    try {
      while (next < jobs.size() || !inFlight.isEmpty()) {
        while (next < jobs.size() && inFlight.size() < MAX_JOBS_IN_FLIGHT) {
          CellJob job = jobs.get(next++);
          sc.setJobDescription(describe(job));
          inFlight.put(job, sc.parallelize(List.of(job), 1).map(CellRunner::run).collectAsync());
        }
        boolean any = false;
        for (Iterator<Map.Entry<CellJob, JavaFutureAction<List<CellResult>>>> it = inFlight.entrySet().iterator();
            it.hasNext(); ) {
          Map.Entry<CellJob, JavaFutureAction<List<CellResult>>> e = it.next();
          if (!e.getValue().isDone()) continue;
          it.remove();
          any = true;
          onResult.accept(result(e.getKey(), e.getValue()));
        }
        if (!any) Thread.sleep(POLL_MILLIS);
      }
    } finally {
      for (JavaFutureAction<List<CellResult>> f : inFlight.values()) f.cancel(true);
    }
  }

  private static CellResult result(CellJob job, JavaFutureAction<List<CellResult>> f) throws InterruptedException {
    try {
      return f.get().get(0);
    } catch (ExecutionException | RuntimeException e) {
      // the task itself failed (an executor lost, a class missing on the executor): the cell fails with that
      Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      return new CellResult(job.cell().index(), "lrnn sweep: error: the Spark task failed: "
          + msg.lines().findFirst().orElse(msg), Map.of(), -1, 0, "unknown");
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
