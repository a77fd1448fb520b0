package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import lrnn.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lrnn dynamics} (E1) at a tiny size: files, headers, inputs from files, and bad input. */
class DynamicsCommandTest {

  @TempDir
  Path tmp;

  private static final String[] TINY = {"--n", "32", "--steps", "20", "--log-every", "5", "--seq-len", "8",
      "--train", "6", "--test", "4"};

  private Run run(String... extra) {
    String[] args = new String[1 + TINY.length + extra.length];
    args[0] = "dynamics";
    System.arraycopy(TINY, 0, args, 1, TINY.length);
    System.arraycopy(extra, 0, args, 1 + TINY.length, extra.length);
    return Run.of(args);
  }

  @Test
  void writesCsvWithTheExactHeaderAndAPlot() throws IOException {
    Path out = tmp.resolve("out");
    Run r = run("--out", out.toString());
    assertEquals(0, r.code(), r.toString());
    List<String> lines = Files.readAllLines(out.resolve("dynamics.csv"));
    assertEquals("step,train_rnn,train_scaled,train_conv,test_rnn,test_scaled,test_conv", lines.get(0));
    assertEquals(1 + 5, lines.size()); // steps 0, 5, 10, 15, 20
    assertTrue(lines.get(1).startsWith("0,"));
    assertTrue(lines.get(5).startsWith("20,"));
    MainTest.assertPng(out.resolve("dynamics.png"));
    MainTest.assertSvg(out.resolve("dynamics.svg"));
    assertTrue(r.out().contains("wrote " + out.resolve("dynamics.csv")), r.out());
  }

  @Test
  void sameSeedGivesTheSameNumbers() throws IOException {
    Path a = tmp.resolve("a"), b = tmp.resolve("b");
    assertEquals(0, run("--out", a.toString(), "--seed", "7").code());
    assertEquals(0, run("--out", b.toString(), "--seed", "7").code());
    assertEquals(Files.readString(a.resolve("dynamics.csv")), Files.readString(b.resolve("dynamics.csv")));
  }

  private static void save(Path p, int[] shape, SplittableRandom r, double scale) throws IOException {
    int len = 1;
    for (int s : shape) len *= s;
    double[] d = new double[len];
    for (int i = 0; i < len; i++) d[i] = scale * r.nextGaussian();
    Npy.write(p, shape, d);
  }

  private Path dataDir(int nx, int ny) throws IOException {
    Path d = tmp.resolve("data");
    Files.createDirectories(d);
    SplittableRandom r = new SplittableRandom(3);
    save(d.resolve("x_train.npy"), new int[] {5, 7, nx}, r, 1);
    save(d.resolve("y_train.npy"), new int[] {5, 7, ny}, r, 1);
    save(d.resolve("x_test.npy"), new int[] {3, 7, nx}, r, 1);
    save(d.resolve("y_test.npy"), new int[] {3, 7, ny}, r, 1);
    return d;
  }

  private Path initDir(int n, int nx, int ny) throws IOException {
    Path d = tmp.resolve("init");
    Files.createDirectories(d);
    SplittableRandom r = new SplittableRandom(4);
    save(d.resolve("W.npy"), new int[] {n, n}, r, Math.sqrt(0.5));
    save(d.resolve("F.npy"), new int[] {n, nx}, r, 1);
    save(d.resolve("C.npy"), new int[] {ny, n}, r, 1);
    return d;
  }

  @Test
  void readsDataAndInitFromNumpyFiles() throws IOException {
    Path data = dataDir(2, 3), init = initDir(16, 2, 3), out = tmp.resolve("o");
    Run r = Run.of("dynamics", "--data", data.toString(), "--init", init.toString(), "--steps", "4",
        "--log-every", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("n = 16, n_x = 2, n_y = 3, L = 7"), r.out());
    assertEquals(4, Files.readAllLines(out.resolve("dynamics.csv")).size());
  }

  @Test
  void mismatchedInitShapesAreOneLineErrorsNamingTheFile() throws IOException {
    Path data = dataDir(2, 3), init = initDir(16, 1, 3), out = tmp.resolve("o");
    Run r = Run.of("dynamics", "--data", data.toString(), "--init", init.toString(), "--out", out.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("F.npy"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(Files.exists(out.resolve("dynamics.csv")));
  }

  @Test
  void nanInDataIsReportedWithItsPosition() throws IOException {
    Path data = dataDir(1, 1);
    double[] bad = new double[5 * 7];
    bad[9] = Double.NaN;
    Npy.write(data.resolve("y_train.npy"), new int[] {5, 7, 1}, bad);
    Run r = Run.of("dynamics", "--data", data.toString(), "--n", "8", "--out", tmp.resolve("o").toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("y_train") && r.err().contains("NaN"), r.err());
  }

  @Test
  void divergingLearningRateStopsWithTheStepAndASuggestion() {
    Path out = tmp.resolve("o");
    Run r = run("--eta", "50", "--out", out.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("diverged at step") && r.err().contains("--eta"), r.err());
    assertFalse(Files.exists(out.resolve("dynamics.csv")), "no result file after a failed run");
  }

  @Test
  void unstableNuWIsRefusedUnlessAllowed() {
    Run r = run("--nu-w", "1.2", "--out", tmp.resolve("o").toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--allow-unstable"), r.err());
  }

  @Test
  void aWidthThatDoesNotFitSaysHowManyBytes() {
    Run r = Run.of("dynamics", "--n", "300000", "--out", tmp.resolve("o").toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("needs about") && r.err().contains("GiB"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void anUnusableOutputFolderFailsBeforeTraining() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Run r = run("--out", file.resolve("sub").toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("cannot create the output directory") && r.err().contains("choose another --out"),
        r.err());
    assertFalse(r.out().contains("final train MSE"), "no training ran: " + r.out());
  }

  @Test
  void aUsageErrorLeavesNoOutputFolderBehind() {
    Path out = tmp.resolve("never");
    Run r = run("--eta", "-1", "--out", out.toString());
    assertEquals(2, r.code(), r.toString());
    assertFalse(Files.exists(out), "the output folder was created before the options were checked");
  }
}
