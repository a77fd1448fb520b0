package lrnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every {@code lrnn} command shares, as a picocli mixin: declare
 * {@code @Mixin CommonOptions common;} in the command class. Also the command's handle on its
 * surroundings: its writers, its {@link Output} directory, warnings and {@link Progress}.
 *
 * <p>Streams: stdout carries results (tables, reports, {@code wrote <path>} lines); stderr carries
 * progress, warnings and errors. {@code --quiet} silences progress and {@code wrote} lines (and anything
 * sent through {@link #info}); warnings and errors always appear.
 */
public final class CommonOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("out");

  @Option(names = "--seed", paramLabel = "LONG", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 1L;

  @Option(names = "--threads", paramLabel = "INT",
      description = "Worker threads for the kernels (default: the available processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = {"-q", "--quiet"}, description = "No progress and no 'wrote' lines; warnings and errors still appear.")
  boolean quiet;

  @Option(names = "--debug", description = "Print the full stack trace of an error.")
  boolean debug;

  // hidden: lrnn sweep runs each cell with it (the sweep draws its own summary plot)
  @Option(names = "--no-plot", hidden = true, description = "Write no figures (the CSV and JSON files only).")
  boolean noPlot;

  private Output output;

  /** The output directory ({@code --out}); created on the first write. */
  public Path out() {
    return out;
  }

  /** The random seed ({@code --seed}, default 1). */
  public long seed() {
    return seed;
  }

  /** The number of worker threads ({@code --threads}, default the available processors), {@code >= 1}. */
  public int threads() {
    return threads;
  }

  /** Whether {@code --quiet} was given. */
  public boolean quiet() {
    return quiet;
  }

  /** Whether {@code --debug} was given. */
  public boolean debug() {
    return debug;
  }

  /** The qualified command name used in messages, e.g. {@code "lrnn scales"}. */
  public String commandName() {
    return mixee.qualifiedName();
  }

  /** The command's standard output (results). */
  public PrintWriter stdout() {
    return mixee.commandLine().getOut();
  }

  /** The command's standard error (progress, warnings). */
  public PrintWriter stderr() {
    return mixee.commandLine().getErr();
  }

  /** Prints an informational line on stdout unless {@code --quiet}. */
  public void info(String line) {
    if (quiet) return;
    PrintWriter w = stdout();
    w.println(line);
    w.flush();
  }

  /** Prints {@code lrnn <command>: warning: <message>} on stderr (also with {@code --quiet}). */
  public void warn(String message) {
    PrintWriter w = stderr();
    w.println(commandName() + ": warning: " + message);
    w.flush();
  }

  /** The writer of result files into {@code --out} (atomic writes, {@code wrote} lines). */
  public Output output() {
    if (output == null) output = new Output(out, stdout(), quiet, noPlot);
    return output;
  }

  /**
   * Creates {@code --out} now and checks that it is writable, so that a bad output folder fails before a long
   * run rather than after it. Commands that write files call this first.
   */
  public void prepareOut() throws java.io.IOException {
    Output.createDirectory(out);
  }


  /** Same as {@link Progress#start(String, long)}: a progress display for a task of {@code total} steps. */
  public Progress.Handle progress(String task, long total) {
    return Progress.start(task, total);
  }

  /** Same as {@link Progress#startWork(String, long)}: progress in cost units, shown as a percentage. */
  public Progress.Handle progressWork(String task, long total) {
    return Progress.startWork(task, total);
  }

  /** Checks the shared options; called by {@link Main} before the command runs. */
  void validate() {
    if (threads < 1) {
      throw new ParameterException(mixee.commandLine(), "--threads must be >= 1, got " + threads);
    }
  }

  /** The common options of a parsed command, if it mixes them in. */
  static Optional<CommonOptions> of(CommandLine cl) {
    for (Object m : cl.getMixins().values()) {
      if (m instanceof CommonOptions c) return Optional.of(c);
    }
    return Optional.empty();
  }
}
