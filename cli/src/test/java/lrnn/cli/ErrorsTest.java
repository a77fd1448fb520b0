package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ErrorsTest {

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    final Supplier<Throwable> what;

    Boom(Supplier<Throwable> what) {
      this.what = what;
    }

    @Override
    public Integer call() throws Exception {
      Throwable t = what.get();
      if (t instanceof Exception e) throw e;
      throw (Error) t;
    }
  }

  private static Run boom(Supplier<Throwable> what, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), false);
    cl.addSubcommand("boom", new Boom(what));
    cl.setOut(new PrintWriter(out, true)); // again, so that the added subcommand gets the writers too
    cl.setErr(new PrintWriter(err, true));
    String[] args = new String[extra.length + 1];
    args[0] = "boom";
    System.arraycopy(extra, 0, args, 1, extra.length);
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void exitCodesAndOneLineMessages() {
    assertOneLine(2, "lrnn boom: error: --k must be >= 1, got 0", boom(() -> new UsageException("--k must be >= 1, got 0")));
    assertOneLine(1, "lrnn boom: error: training diverged at step 12 (loss = Infinity)",
        boom(() -> new ArithmeticException("training diverged at step 12 (loss = Infinity)")));
    assertOneLine(1, "lrnn boom: error: weights.bin: no such file or directory",
        boom(() -> new CompletionException(new NoSuchFileException("weights.bin"))));
    assertOneLine(1, "lrnn boom: error: AssertionError: multi; line", boom(() -> new AssertionError("multi\n  line")));
    assertOneLine(1, "lrnn boom: error: NullPointerException", boom(NullPointerException::new));
    assertOneLine(1, "lrnn boom: error: state", boom(() -> new IllegalStateException("state")));
  }

  @Test
  void debugAddsTheStackTrace() {
    Run r = boom(() -> new IllegalStateException("state"), "--debug");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("lrnn boom: error: state"), r::toString);
    assertTrue(r.err().contains("\tat lrnn.cli.ErrorsTest"), r::toString);
  }

  private static void assertOneLine(int code, String line, Run r) {
    assertEquals(code, r.code(), r::toString);
    assertEquals(line, r.err().strip(), r::toString);
  }

  @Test
  void aDivergedRunNamesASmallerRateAndTheAutomaticOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    Run r = Run.of("dynamics", "--n", "16", "--steps", "20", "--seq-len", "5", "--eta", "1000", "--out",
        tmp.resolve("o").toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("training diverged at step") && r.err().contains("(rerun with --eta 250.0, or --eta auto"),
        r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
