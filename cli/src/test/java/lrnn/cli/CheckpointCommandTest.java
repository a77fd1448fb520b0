package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --checkpoint/--resume} on every command that trains for long: an interrupted run resumes and ends with
 * byte-identical CSVs to an uninterrupted one (at another thread count); a resume with other options is refused
 * naming them; the interruption reports, in one line, what was kept and the command that continues the run.
 */
class CheckpointCommandTest {

  @TempDir
  Path tmp;

  record Case(String command, List<String> options, String changed, List<String> csvs) {
    @Override
    public String toString() {
      return command;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("dynamics", List.of("--n", "64", "--steps", "40", "--seq-len", "10", "--log-every", "5"), "--steps",
            List.of("dynamics.csv")),
        new Case("delay", List.of("--n", "48", "--steps", "30", "--seq-len", "12", "--delays", "0,4,8"), "--steps",
            List.of("delay.csv")),
        new Case("realdata", List.of("--n", "32", "--steps", "30", "--lags", "6", "--log-every", "10"), "--lags",
            List.of("realdata.csv", "realdata_curves.csv")),
        new Case("ntk-convergence", List.of("--widths", "16,32", "--seeds", "2", "--steps", "20", "--lags", "6"),
            "--seeds", List.of("convergence.csv")));
  }

  static String[] args(Case c, String... more) {
    List<String> a = new ArrayList<>();
    a.add(c.command());
    a.addAll(c.options());
    a.addAll(List.of(more));
    a.add("--quiet");
    return a.toArray(String[]::new);
  }

  /** Runs the command line on a thread whose interrupt status is set before it starts (a Ctrl-C at once). */
  static Run interruptedAtOnce(String[] args) throws InterruptedException {
    Run[] r = new Run[1];
    Thread t = new Thread(() -> {
      Thread.currentThread().interrupt();
      r[0] = Run.of(args);
    });
    t.start();
    t.join();
    return r[0];
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void interruptedRunResumesToByteIdenticalCsvs(Case c) throws Exception {
    Path whole = tmp.resolve("whole"), parts = tmp.resolve("parts"), dir = tmp.resolve("ckpt");
    Run a = Run.of(args(c, "--out", whole.toString(), "--threads", "2"));
    assertEquals(0, a.code(), a.toString());

    Run cut = interruptedAtOnce(args(c, "--out", parts.toString(), "--threads", "2", "--checkpoint", dir.toString(),
        "--checkpoint-every", "3"));
    assertEquals(Errors.INTERRUPTED, cut.code(), cut.toString());
    String line = cut.err().strip();
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.contains("the run's state is kept in " + dir) && line.contains("continue with: lrnn " + c.command())
        && line.endsWith("--resume " + dir), line);
    assertTrue(Files.isRegularFile(dir.resolve(CheckpointOptions.RUN_FILE)));
    for (String csv : c.csvs()) assertFalse(Files.exists(parts.resolve(csv)), "an interrupted run wrote " + csv);

    // other options are refused, naming the difference
    List<String> other = new ArrayList<>(c.options());
    int i = other.indexOf(c.changed());
    other.set(i + 1, other.get(i + 1).equals("2") ? "3" : other.get(i + 1).equals("6") ? "5" : "41");
    Run bad = Run.of(args(new Case(c.command(), other, c.changed(), c.csvs()), "--out", parts.toString(), "--resume",
        dir.toString()));
    assertEquals(Errors.USAGE, bad.code(), bad.toString());
    assertTrue(bad.err().contains("other options: " + c.changed() + " "), bad.err());

    Run resumed = Run.of(args(c, "--out", parts.toString(), "--threads", "1", "--resume", dir.toString()));
    assertEquals(0, resumed.code(), resumed.toString());
    for (String csv : c.csvs()) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(csv)), Files.readAllBytes(parts.resolve(csv)), csv);
    }
    assertTrue(Files.readString(dir.resolve(CheckpointOptions.RUN_FILE)).contains("finished=true"));
    // a finished run replays from its folder without training, to the same bytes
    Path again = tmp.resolve("again");
    Run replay = Run.of(args(c, "--out", again.toString(), "--resume", dir.toString()));
    assertEquals(0, replay.code(), replay.toString());
    for (String csv : c.csvs()) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(csv)), Files.readAllBytes(again.resolve(csv)), csv);
    }
  }

  @Test
  void checkpointFolderRules() throws IOException {
    Path used = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(used.resolve("notes.txt"), "mine");
    Run r = Run.of("dynamics", "--n", "16", "--steps", "2", "--out", tmp.resolve("o").toString(), "--checkpoint",
        used.toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("is not empty"), r.err());
    Run none = Run.of("dynamics", "--n", "16", "--steps", "2", "--out", tmp.resolve("o").toString(), "--resume",
        tmp.resolve("nothing").toString());
    assertEquals(2, none.code());
    assertTrue(none.err().contains("holds no lrnn checkpoint"), none.err());
    assertFalse(Files.exists(tmp.resolve("o")), "a refused run created its output folder");
    Run every = Run.of("dynamics", "--n", "16", "--checkpoint-every", "0", "--out", tmp.resolve("o").toString());
    assertEquals(2, every.code());
    assertTrue(every.err().contains("--checkpoint-every"), every.err());
    // a checkpoint of one command cannot be resumed by another
    Path d = tmp.resolve("d");
    assertEquals(0, Run.of("dynamics", "--n", "16", "--steps", "2", "--seq-len", "4", "--out",
        tmp.resolve("o2").toString(), "--checkpoint", d.toString(), "--quiet").code());
    Run wrong = Run.of("delay", "--n", "16", "--out", tmp.resolve("o3").toString(), "--resume", d.toString());
    assertEquals(2, wrong.code());
    assertTrue(wrong.err().contains("holds a checkpoint of 'lrnn dynamics'"), wrong.err());
  }

  /**
   * A real process killed mid-run (SIGTERM, as {@code kill} or a shutdown sends; Ctrl-C's SIGINT takes the same
   * path): it checkpoints, says so in one line and exits with 143; the resumed run's CSV equals an uninterrupted run's.
   */
  @Test
  void aKilledProcessCheckpointsAndResumes() throws Exception {
    Path dir = tmp.resolve("k"), out = tmp.resolve("out"), whole = tmp.resolve("whole");
    String[] opts = {"dynamics", "--n", "600", "--steps", "400", "--seq-len", "20", "--quiet"};
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "lrnn.cli.Main"));
    cmd.addAll(List.of(opts));
    cmd.addAll(List.of("--out", out.toString(), "--checkpoint", dir.toString(), "--checkpoint-every", "5"));
    Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("err.txt").toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(dir.resolve("rnn.ckpt")) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
    assertTrue(p.isAlive(), "the run ended before it could be killed: " + Files.readString(tmp.resolve("err.txt")));
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String err = Files.readString(tmp.resolve("err.txt"));
    assertEquals(143, p.exitValue(), err);
    assertTrue(err.contains("interrupted at step") && err.contains("--resume " + dir), err);
    assertFalse(Files.exists(out.resolve("dynamics.csv")));

    String[] resume = concat(opts, "--out", out.toString(), "--resume", dir.toString());
    assertEquals(0, Run.of(resume).code());
    assertEquals(0, Run.of(concat(opts, "--out", whole.toString())).code());
    assertArrayEquals(Files.readAllBytes(whole.resolve("dynamics.csv")), Files.readAllBytes(out.resolve("dynamics.csv")));
  }

  static String[] concat(String[] a, String... b) {
    String[] o = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, o, a.length, b.length);
    return o;
  }

}
