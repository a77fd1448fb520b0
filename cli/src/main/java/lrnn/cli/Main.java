package lrnn.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import lrnn.kernel.Kernels;
import lrnn.kernel.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code lrnn} command line. Subcommands are listed once, in {@code subcommands} below; to add one,
 * write a {@code @Command} class implementing {@code Callable<Integer>} with
 * {@code @Mixin CommonOptions common;} and add its class to that list.
 *
 * <p>Exit codes: 0 success, 1 failure (I/O, divergence, any unexpected exception), 2 usage error
 * (picocli parse errors, {@link UsageException}). Errors are one line on stderr,
 * {@code lrnn <command>: error: <message>}, with the stack trace only under {@code --debug}. This is the
 * only class that calls {@link System#exit}.
 */
@Command(name = "lrnn",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Linear RNNs, their NTK and the scaled convolution (Emami et al., ICML 2021).",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footer = {"", "Run 'lrnn COMMAND --help' for a command's options. Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted (Ctrl-C, kill; see --checkpoint).",
        "Grids of experiments on Apache Spark: './lrnn sweep --help' (docs/sweeps.md)."},
    subcommands = {
        HelpCommand.class,
        InfoCommand.class,
        ScalesCommand.class,
        DynamicsCommand.class,
        DelayCommand.class,
        RealDataCommand.class,
        NtkConvergenceCommand.class,
        NtkCommand.class,
        TheoremsCommand.class,
        PaperCommand.class,
    })
public final class Main implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    // Ctrl-C or kill (SIGINT, SIGTERM): interrupt the command, which checkpoints (with --checkpoint) and reports
    // in one line, and let the JVM exit only once it has (or after a grace period).
    Thread worker = Thread.currentThread();
    java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (finished.getCount() == 0) return;
      worker.interrupt();
      try {
        finished.await(SHUTDOWN_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.flush();
      err.flush();
    }, "lrnn-shutdown"));
    int code;
    try {
      code = run(out, err, stderrIsTerminal(), args);
    } finally {
      out.flush();
      err.flush();
      finished.countDown();
    }
    System.exit(code);
  }

  /**
   * How long an interrupted command may take to write its checkpoint before the JVM exits anyway (a wide W is
   * gigabytes; the checkpoint file is replaced atomically, so an exit mid-write leaves the previous one).
   */
  static final long SHUTDOWN_GRACE_SECONDS = 300;

  /** Runs the command line in-process (tests) and returns the exit code; progress goes to {@code err} as log lines. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, false, args);
  }

  static int run(PrintWriter out, PrintWriter err, boolean terminal, String... args) {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    try {
      return commandLine(out, err, terminal).execute(args);
    } catch (Throwable t) { // an Error (out of memory, stack overflow) escapes picocli's handlers
      err.println("lrnn: error: " + Errors.message(t));
      if (List.of(args).contains("--debug")) t.printStackTrace(err);
      err.flush();
      return 1;
    } finally {
      Progress.reset();
    }
  }

  /** The configured picocli command line, writing to {@code out} and {@code err}. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean terminal) {
    CommandLine cl = new CommandLine(new Main());
    Errors errors = new Errors();
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(errors);
    cl.setParameterExceptionHandler(errors);
    cl.setExecutionStrategy(pr -> execute(pr, terminal, errors));
    return cl;
  }

  private static int execute(ParseResult pr, boolean terminal, Errors errors) {
    List<CommandLine> chain = pr.asCommandLineList();
    CommandLine leaf = chain.get(chain.size() - 1);
    CommonOptions common = CommonOptions.of(leaf).orElse(null);
    if (common != null && !leaf.isUsageHelpRequested()) {
      common.validate();
      Progress.configure(leaf.getErr(), Progress.modeFor(common.quiet(), terminal), common.commandName());
    }
    try {
      if (common != null && !leaf.isUsageHelpRequested() && common.threads() > 1) {
        // every kernel call of the command runs on this pool (bit-identical to one thread); closed afterwards
        try (Parallel par = new Parallel(common.threads())) {
          return Kernels.withParallel(par, () -> new CommandLine.RunLast().execute(pr));
        }
      }
      return new CommandLine.RunLast().execute(pr);
    } catch (Error e) { // picocli lets Errors through; they get the same one-line report, exit code 1
      return errors.handleError(e, leaf);
    }
  }

  /** Whether a redrawn progress bar makes sense: a console that is a terminal, and not a dumb one. */
  private static boolean stderrIsTerminal() {
    java.io.Console c = System.console();
    return c != null && c.isTerminal() && !"dumb".equals(System.getenv("TERM"));
  }

  /** {@code lrnn} without a command. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "missing command (one of " + String.join(", ", spec.subcommands().keySet()) + ")");
  }

  /** {@code lrnn --version}: version, JDK, kernels, Vector API. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
          "lrnn " + SystemInfo.version(),
          "jdk: " + SystemInfo.jdk(),
          "kernels: " + SystemInfo.kernelName(),
          "vector api: jdk.incubator.vector " + (SystemInfo.vectorModulePresent() ? "present" : "absent"),
      };
    }
  }
}
