package lrnn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command line as a library, for programs that run many commands in one JVM (the cells of
 * {@code lrnn sweep}): the option names a command takes, a parse-only check of its arguments, and a run into a
 * given folder. A run is exactly {@code lrnn COMMAND ARGS --out DIR --threads T --quiet} (plus the hidden
 * {@code --no-plot}: no figures, the CSV files and the JSON beside them only), so its files are the single
 * command's, digit for digit. Runs may go on in
 * several threads at once: each has its own writers, its own {@link Progress} configuration (per thread) and its
 * own scoped kernel pool and dtype.
 */
public final class Embedded {

  /** Options of every command that a caller of {@link #run} sets itself; not part of a command's own options. */
  public static final List<String> RESERVED = List.of("out", "threads", "quiet", "debug", "help", "no-plot");

  private Embedded() {}

  /** What a run did: its exit code (0 ok, 1 failure, 2 usage error) and what it printed. */
  public record Run(int exitCode, String stdout, String stderr) {

    /** Whether the command succeeded. */
    public boolean ok() {
      return exitCode == 0;
    }

    /**
     * The command's one-line error ({@code lrnn dynamics: error: <message>}, the first such line on stderr), the
     * last line of stderr if there is none, or null when the command succeeded.
     */
    public String error() {
      if (ok()) return null;
      String last = null;
      for (String line : stderr.split("\\R")) {
        if (line.contains(": error: ")) return line.strip();
        if (!line.isBlank()) last = line.strip();
      }
      return last != null ? last : "exit code " + exitCode + " without a message";
    }
  }

  /** The names of the commands, e.g. {@code dynamics}, {@code delay}. */
  public static List<String> commands() {
    return new ArrayList<>(commandLine().getSubcommands().keySet());
  }

  /**
   * The options of {@code command} that take a value, by long name without the dashes (e.g. {@code n -> "INT"},
   * {@code eta -> "RATE"}: name to parameter label), without {@link #RESERVED}; flags (no value) are left out.
   *
   * @throws IllegalArgumentException if there is no such command
   */
  public static Map<String, String> valueOptions(String command) {
    CommandLine sub = subcommand(command);
    Map<String, String> names = new LinkedHashMap<>();
    for (OptionSpec o : sub.getCommandSpec().options()) {
      String name = o.longestName();
      if (!name.startsWith("--")) continue;
      name = name.substring(2);
      if (RESERVED.contains(name) || o.arity().max() == 0) continue;
      names.put(name, o.paramLabel());
    }
    return names;
  }

  /**
   * The long names (without the dashes) of {@code command}'s flags: options that take no value, e.g.
   * {@code allow-unstable}; without {@link #RESERVED}.
   */
  public static List<String> flags(String command) {
    List<String> names = new ArrayList<>();
    for (OptionSpec o : subcommand(command).getCommandSpec().options()) {
      String name = o.longestName();
      if (name.startsWith("--") && o.arity().max() == 0 && !RESERVED.contains(name.substring(2))) {
        names.add(name.substring(2));
      }
    }
    return names;
  }

  /**
   * Parses {@code lrnn command args} without running it: unknown options and values of the wrong type fail here.
   *
   * @throws IllegalArgumentException with picocli's one-line message (e.g. "Invalid value for option '--n': 'x'
   *                                  is not an int")
   */
  public static void check(String command, List<String> args) {
    checkAll(command, List.of(args));
  }

  /**
   * {@link #check} for many argument lists with one parser (picocli resets it before each parse).
   *
   * @throws IllegalArgumentException with picocli's one-line message for the first list that does not parse; its
   *                                  {@link CheckException#index()} says which
   */
  public static void checkAll(String command, List<List<String>> argLists) {
    CommandLine cl = commandLine();
    for (int i = 0; i < argLists.size(); i++) {
      List<String> all = new ArrayList<>();
      all.add(command);
      all.addAll(argLists.get(i));
      try {
        cl.parseArgs(all.toArray(String[]::new));
      } catch (ParameterException e) {
        throw new CheckException(e.getMessage(), i, e);
      }
    }
  }

  /** A list of {@link #checkAll} that does not parse: picocli's message and the list's index. */
  public static final class CheckException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int index;

    CheckException(String message, int index, Throwable cause) {
      super(message, cause);
      this.index = index;
    }

    /** The index of the argument list that failed. */
    public int index() {
      return index;
    }
  }

  /**
   * Runs {@code lrnn command args --out dir --threads threads --quiet --no-plot} in this thread and returns its exit
   * code and output; never throws for a failing command (its error is in {@link Run#error()}).
   */
  public static Run run(String command, List<String> args, Path dir, int threads) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(args);
    all.addAll(List.of("--out", dir.toString(), "--threads", Integer.toString(threads), "--quiet", "--no-plot"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
      code = Main.run(o, e, all.toArray(String[]::new));
    }
    return new Run(code, out.toString(), err.toString());
  }

  private static CommandLine commandLine() {
    PrintWriter sink = new PrintWriter(java.io.Writer.nullWriter());
    return Main.commandLine(sink, sink, false);
  }

  private static CommandLine subcommand(String command) {
    CommandLine sub = commandLine().getSubcommands().get(command);
    if (sub == null) {
      throw new IllegalArgumentException("unknown command '" + command + "' (one of "
          + String.join(", ", commandLine().getSubcommands().keySet()) + ")");
    }
    return sub;
  }
}
