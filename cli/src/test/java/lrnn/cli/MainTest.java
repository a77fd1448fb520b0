package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir
  Path tmp;

  @Test
  void helpListsTheCommands() {
    Run r = Run.of("--help");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("Usage: lrnn"), r::toString);
    assertTrue(r.out().contains("info"), r::toString);
    assertTrue(r.out().contains("scales"), r::toString);
  }

  @Test
  void commandHelpShowsCommonOptions() {
    Run r = Run.of("scales", "--help");
    assertEquals(0, r.code(), r::toString);
    for (String opt : List.of("--out", "--seed", "--threads", "--quiet", "--debug", "--nu-w", "--allow-unstable")) {
      assertTrue(r.out().contains(opt), () -> opt + " missing\n" + r);
    }
  }

  @Test
  void everyCommandSharesTheCommonOptions() {
    var cl = Main.commandLine(new java.io.PrintWriter(new java.io.StringWriter()),
        new java.io.PrintWriter(new java.io.StringWriter()), false);
    cl.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommand() instanceof picocli.CommandLine.HelpCommand) return;
      assertTrue(CommonOptions.of(sub).isPresent(), () -> "lrnn " + name + " lacks @Mixin CommonOptions");
      assertTrue(sub.getCommand() instanceof java.util.concurrent.Callable<?>, () -> "lrnn " + name + " is not a Callable");
    });
  }

  @Test
  void versionNamesJdkKernelsAndVectorApi() {
    Run r = Run.of("--version");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("lrnn "), r::toString);
    assertFalse(r.out().startsWith("lrnn unknown"), "version.properties not filtered\n" + r);
    assertTrue(r.out().contains("jdk: "), r::toString);
    assertTrue(r.out().contains("kernels: " + lrnn.kernel.KernelProvider.get().name()), r::toString);
    assertTrue(r.out().contains("vector api: jdk.incubator.vector "), r::toString);
  }

  @Test
  void infoReportsTheMachine() {
    Run r = Run.of("info", "--threads", "3");
    assertEquals(0, r.code(), r::toString);
    for (String key : List.of("cpu", "cores", "max heap", "jdk", "kernels", "vector api", "-Dlrnn.kernels",
        "-Dlrnn.vector.bits")) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(key + " ")), () -> key + " missing\n" + r);
    }
    assertTrue(r.out().lines().anyMatch(l -> l.matches("threads\\s+3")), r::toString);
    // the tests run with --add-modules jdk.incubator.vector (surefire argLine)
    assertTrue(r.out().matches("(?s).*preferred species \\d+ bits.*"), r::toString);
    // which kernels and why: the cli suite runs unforced, so the vector kernels at the hardware's width
    assertTrue(r.out().lines().anyMatch(l -> l.matches("kernels\\s+" + lrnn.kernel.KernelProvider.get().name()
        + " \\((the CPU's preferred species \\(\\d+ bits\\).*|forced by -Dlrnn\\.\\S+)\\)")), r::toString);
  }

  @Test
  void scalesWritesTableCsvPngAndSvg() throws IOException {
    Path out = tmp.resolve("results");
    Run r = Run.of("scales", "--out", out.toString(), "--lags", "5");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("lambda_j/lambda_0"), r::toString);
    assertTrue(r.out().contains("wrote " + out.resolve("scales.csv")), r::toString);

    List<String> csv = Files.readAllLines(out.resolve("scales.csv"));
    assertEquals("j,lambda,relative,bound", csv.get(0));
    assertEquals(6, csv.size());
    // nu_W = 0.5, nu_F = nu_C = 1, n_x = 1: lambda = 2, 2, 1.5, 1, 0.625; bound (22) coincides without D
    assertEquals("0,2.0,1.0,2.0", csv.get(1));
    assertEquals("2,1.5,0.75,1.5", csv.get(3));
    assertEquals("4,0.625,0.3125,0.625", csv.get(5));

    assertPng(out.resolve("scales.png"));
    assertSvg(out.resolve("scales.svg"));
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(List.of("scales.csv", "scales.png", "scales.svg"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
    }
  }

  @Test
  void scalesWithDAndInputDimension() throws IOException {
    Run r = Run.of("scales", "--out", tmp.toString(), "--lags", "2", "--n-x", "2", "--with-d", "-q");
    assertEquals(0, r.code(), r::toString);
    assertFalse(r.out().contains("wrote"), "--quiet prints no 'wrote' lines\n" + r);
    List<String> csv = Files.readAllLines(tmp.resolve("scales.csv"));
    assertEquals("0,1.5,1.0,1.0", csv.get(1)); // (2 + 1) / 2; the bound has no D term
  }

  @Test
  void unstableNuWIsAUsageErrorUnlessAllowed() {
    Run r = Run.of("scales", "--out", tmp.toString(), "--nu-w", "1.2");
    assertEquals(2, r.code(), r::toString);
    assertArrayEquals(new String[] {"lrnn scales: error: nu_W = 1.2 >= 1: the RNN is unstable "
        + "(spectral radius ~ sqrt(nu_W) >= 1); pass --allow-unstable to proceed"}, withoutKernelWarning(r), r::toString);
    assertFalse(Files.exists(tmp.resolve("scales.csv")));

    Run ok = Run.of("scales", "--out", tmp.toString(), "--nu-w", "1.2", "--allow-unstable", "--lags", "3");
    assertEquals(0, ok.code(), ok::toString);
    String[] err = withoutKernelWarning(ok);
    assertEquals(1, err.length, ok::toString);
    assertTrue(err[0].startsWith("lrnn scales: warning: nu_W = 1.2 >= 1"), ok::toString);
  }

  @Test
  void badOptionIsOneLineWithExitCode2() {
    Run r = Run.of("scales", "--bogus");
    assertEquals(2, r.code(), r::toString);
    assertArrayEquals(new String[] {"lrnn scales: error: Unknown option: '--bogus'; try 'lrnn scales --help'"},
        withoutKernelWarning(r), r::toString);
    assertEquals("", r.out());
  }

  @Test
  void badOptionValueIsAUsageError() {
    Run r = Run.of("scales", "--lags", "many");
    assertEquals(2, r.code(), r::toString);
    String[] err = withoutKernelWarning(r);
    assertEquals(1, err.length, r::toString);
    assertTrue(err[0].startsWith("lrnn scales: error: Invalid value for option '--lags'"), r::toString);

    Run zero = Run.of("scales", "--lags", "0", "--out", tmp.toString());
    assertEquals(2, zero.code(), zero::toString);
    assertArrayEquals(new String[] {"lrnn scales: error: --lags must be >= 1, got 0"}, withoutKernelWarning(zero));

    Run threads = Run.of("info", "--threads", "0");
    assertEquals(2, threads.code(), threads::toString);
    assertArrayEquals(new String[] {"lrnn info: error: --threads must be >= 1, got 0; try 'lrnn info --help'"},
        withoutKernelWarning(threads));
  }

  @Test
  void unknownAndMissingCommands() {
    Run r = Run.of("sclaes");
    assertEquals(2, r.code(), r::toString);
    String[] err = withoutKernelWarning(r);
    assertEquals(1, err.length, r::toString);
    assertTrue(err[0].startsWith("lrnn: error: Unmatched argument"), r::toString);
    assertTrue(err[0].contains("did you mean scales"), r::toString);

    Run none = Run.of();
    assertEquals(2, none.code(), none::toString);
    assertEquals(1, withoutKernelWarning(none).length, none::toString);
    assertTrue(none.err().contains("lrnn: error: missing command"), none::toString);
  }

  @Test
  void ioFailureIsExitCode1AndStackTraceOnlyWithDebug() throws IOException {
    Path notADir = Files.writeString(tmp.resolve("file"), "x");
    Run r = Run.of("scales", "--out", notADir.toString(), "--lags", "3");
    assertEquals(1, r.code(), r::toString);
    String[] err = withoutKernelWarning(r);
    assertEquals(1, err.length, r::toString);
    assertTrue(err[0].startsWith("lrnn scales: error: cannot create the output directory"), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);

    Run d = Run.of("scales", "--out", notADir.toString(), "--lags", "3", "--debug");
    assertEquals(1, d.code(), d::toString);
    assertTrue(d.err().contains("\tat lrnn.cli.Output.createDirectory"), d::toString);
  }

  static String[] withoutKernelWarning(Run r) {
    // KernelProvider warns once per JVM when the vector kernels cannot be loaded; not ours to test
    return r.err().lines().filter(l -> !l.isBlank() && !l.startsWith("lrnn: warning: jdk.incubator.vector"))
        .toArray(String[]::new);
  }

  static void assertPng(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    assertTrue(b.length > 1000, "PNG too small: " + b.length);
    for (int i = 0; i < magic.length; i++) assertEquals(magic[i], b[i], "PNG signature byte " + i);
    assertTrue(javax.imageio.ImageIO.read(p.toFile()) != null, "ImageIO cannot read " + p);
  }

  static void assertSvg(Path p) throws IOException {
    String s = Files.readString(p, StandardCharsets.UTF_8);
    assertTrue(s.startsWith("<svg") || s.startsWith("<?xml"), () -> s.substring(0, Math.min(80, s.length())));
    assertTrue(s.stripTrailing().endsWith("</svg>"), "SVG is complete");
  }
}
