package lrnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster of two processes on 127.0.0.1 — a master and one worker, started here from the
 * project's own classpath (this module, lrnn's modules and the Spark jars Maven resolved) — runs the same sweep as
 * the embedded mode, with the same table. The worker starts its executor as a third JVM, so the cells run in a
 * process that only knows what the driver shipped: the JVM flags (Spark's module options, with
 * --add-modules jdk.incubator.vector) and the classpath.
 */
@Timeout(420)
class ClusterSweepTest {

  @TempDir
  Path tmp;

  @Test
  void aStandaloneClusterGivesTheSameTableAsTheEmbeddedMode() throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // the worker builds the executor's command from SPARK_HOME/jars (present, empty) plus spark.executor.extraClassPath
    Path sparkHome = Files.createDirectories(tmp.resolve("spark-home"));
    Files.createDirectories(sparkHome.resolve("jars"));
    int masterPort = freePort();
    List<Process> started = new ArrayList<>();
    try {
      started.add(start("master", classpath, sparkHome, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort())));
      awaitPort(masterPort, started.get(0));
      String master = "spark://127.0.0.1:" + masterPort;
      started.add(start("worker", classpath, sparkHome, "org.apache.spark.deploy.worker.Worker", "--host",
          "127.0.0.1", "--webui-port", Integer.toString(freePort()), "--cores", "2", "--memory", "1g", "--work-dir",
          Files.createDirectories(tmp.resolve("work")).toString(), master));

      String[] grid = {"--grid", "n=8,24", "--grid", "seed=1:2"};
      Path cluster = tmp.resolve("cluster");
      SweepTestSupport.Result r = SweepTestSupport.sweep(LocalSweepTest.concat(LocalSweepTest.concat(
          new String[] {"dynamics"}, LocalSweepTest.FIXED), LocalSweepTest.concat(grid, "--master", master, "--out",
          cluster.toString(), "--conf", "spark.executor.memory=512m", "--conf", "spark.executor.extraClassPath="
          + classpath)));
      assertEquals(0, r.code(), r.err() + "\nmaster log:\n" + log("master") + "\nworker log:\n" + log("worker"));
      assertTrue(r.out().contains("on Spark " + master), r.out());

      Path local = tmp.resolve("local");
      r = SweepTestSupport.sweep(LocalSweepTest.concat(LocalSweepTest.concat(new String[] {"dynamics"},
          LocalSweepTest.FIXED), LocalSweepTest.concat(grid, "--out", local.toString())));
      assertEquals(0, r.code(), r.err());
      List<List<String>> a = SweepTestSupport.table(cluster.resolve("sweep.csv"));
      assertEquals(5, a.size());
      assertTrue(a.stream().skip(1).allMatch(row -> row.get(row.size() - 2).equals("ok")), a.toString());
      assertEquals(SweepTestSupport.table(local.resolve("sweep.csv")), a);

      // the cells ran in the worker's executor JVM, which got the kernels' module flag
      String executorLog = executorLogs(tmp.resolve("work"));
      assertTrue(executorLog.contains("--add-modules=jdk.incubator.vector"), executorLog);
    } finally {
      for (int i = started.size() - 1; i >= 0; i--) stop(started.get(i));
    }
  }

  private Process start(String name, String classpath, Path sparkHome, String mainClass, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptions().split(" ")));
    cmd.addAll(List.of("-Xmx512m", "-cp", classpath, mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve(name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_LOCAL_IP", "127.0.0.1"); // every socket and web UI of the master and the worker on loopback
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.remove("SPARK_CONF_DIR");
    return pb.start();
  }

  private static void stop(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroy); // the executor the worker started
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
    p.descendants().forEach(ProcessHandle::destroyForcibly);
  }

  private String log(String name) {
    try {
      return Files.readString(tmp.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String executorLogs(Path work) throws IOException {
    StringBuilder s = new StringBuilder();
    try (var files = Files.walk(work)) {
      for (Path p : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
        s.append(Files.readString(p)).append('\n');
      }
    }
    return s.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static void awaitPort(int port, Process owner) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!owner.isAlive()) throw new IllegalStateException("the Spark master exited with " + owner.exitValue());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("the Spark master did not open port " + port + " within 120 s");
  }
}
