package lrnn.sweep;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sweep's speed target (docs/sweeps.md): {@code dynamics --steps 300} over n = 64,128,256,512 x seed = 1:8,
 * either as 32 single runs one after another in this JVM ({@code single}: as the user's commands, plots included;
 * {@code single-noplot}: CSV only, as a sweep's cell) or as one embedded sweep ({@code sweep}). Not a test: run it
 * with {@code java [Spark's JVM flags] -cp sweep/target/test-classes:... lrnn.sweep.SweepBench MODE DIR}, each mode in
 * a fresh JVM, interleaved.
 */
public final class SweepBench {

  static final String[] NS = {"64", "128", "256", "512"};

  private SweepBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path dir = Path.of(args[1]);
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    if (mode.startsWith("single")) {
      for (String n : NS) {
        for (int seed = 1; seed <= 8; seed++) {
          List<String> a = new ArrayList<>(List.of("dynamics", "--steps", "300", "--n", n, "--seed",
              Integer.toString(seed), "--out", dir.resolve("n" + n + "s" + seed).toString(), "--quiet"));
          if (mode.equals("single-noplot")) a.add("--no-plot");
          StringWriter err = new StringWriter();
          int code = lrnn.cli.Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
              a.toArray(String[]::new));
          if (code != 0) throw new IllegalStateException(err.toString());
        }
      }
      System.out.printf(Locale.ROOT, "%s: 32 runs in %.1f s%n", mode, (System.nanoTime() - t0) / 1e9);
    } else {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = SweepMain.run(new PrintWriter(out), new PrintWriter(err), List.of("dynamics", "--steps", "300",
          "--grid", "n=" + String.join(",", NS), "--grid", "seed=1:8", "--out", dir.toString()));
      if (code != 0) throw new IllegalStateException(err.toString());
      double total = (System.nanoTime() - t0) / 1e9;
      String started = String.join("; ", out.toString().lines().filter(l -> l.startsWith("Spark ") || l.startsWith("sweep done")).toList());
      System.out.printf(Locale.ROOT, "sweep: 32 cells in %.1f s (%s)%n", total, started);
    }
  }
}
