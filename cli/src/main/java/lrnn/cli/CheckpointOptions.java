package lrnn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import lrnn.io.AtomicFiles;
import lrnn.train.RunJournal;
import lrnn.train.TrainingCancelledException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --checkpoint DIR --checkpoint-every STEPS --resume DIR} for the commands that train for long. DIR holds a
 * {@link RunJournal} (the state of every GD run of the command) and {@code run.txt}: the command and every option
 * that determines its results. {@code --resume DIR} continues the run with the same options (refused, naming the
 * difference, with others); its CSVs end byte-identical to an uninterrupted run's. Options that do not change
 * results ({@code --out}, {@code --threads}: bit-identical on any thread count, {@code --quiet}, ...) may differ.
 */
public final class CheckpointOptions {

  /** The file in DIR that names the run. */
  static final String RUN_FILE = "run.txt";

  /** Options that do not change a run's results: they may differ between the interrupted and the resumed run. */
  private static final Set<String> NOT_RESULTS = Set.of("--out", "--threads", "--quiet", "--debug", "--help",
      "--checkpoint", "--checkpoint-every", "--resume", "--save-model", "--version");

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--checkpoint", paramLabel = "DIR",
      description = "Keep the run's state in DIR (a new or empty folder): every --checkpoint-every steps and when "
          + "interrupted (Ctrl-C, kill), so that the run can continue with --resume DIR.")
  Path checkpoint;

  @Option(names = "--checkpoint-every", paramLabel = "STEPS", defaultValue = "50",
      description = "Write the checkpoint every this many GD steps of each model (default: ${DEFAULT-VALUE}).")
  int every;

  @Option(names = "--resume", paramLabel = "DIR",
      description = "Continue the run kept in DIR by --checkpoint DIR; give the same options as that run (--out and "
          + "--threads may differ). The results are those of an uninterrupted run, byte for byte.")
  Path resume;

  private Path dir;

  /**
   * Checks the options and returns the run's journal ({@link RunJournal#NONE} without --checkpoint/--resume).
   * Creates or checks DIR: call it after the other checks, where a run that cannot start must leave nothing.
   */
  RunJournal open() throws IOException {
    Checks.atLeast("--checkpoint-every", every, 1);
    if (checkpoint != null && resume != null && !checkpoint.toAbsolutePath().normalize()
        .equals(resume.toAbsolutePath().normalize())) {
      throw new UsageException("--checkpoint " + checkpoint + " and --resume " + resume + " name different folders; "
          + "--resume DIR keeps checkpointing into DIR, drop --checkpoint");
    }
    String command = mixee.qualifiedName();
    Map<String, String> options = fingerprint();
    if (resume != null) {
      Path runFile = resume.resolve(RUN_FILE);
      if (!Files.isRegularFile(runFile)) {
        throw new UsageException("--resume " + resume + " holds no lrnn checkpoint (no " + RUN_FILE + "); start the "
            + "run with --checkpoint DIR to be able to resume it");
      }
      Map<String, String> had = read(runFile);
      String hadCommand = had.remove("command");
      had.remove("finished");
      if (!command.equals(hadCommand)) {
        throw new UsageException("--resume " + resume + " holds a checkpoint of '" + hadCommand + "', not of '" + command
            + "'; resume it with " + hadCommand);
      }
      List<String> diff = new ArrayList<>();
      Set<String> names = new TreeSet<>(had.keySet());
      names.addAll(options.keySet());
      for (String k : names) {
        String a = had.get(k), b = options.get(k);
        if (a == null || b == null || !a.equals(b)) {
          diff.add(k + " " + (a == null ? "(absent)" : a) + " (now " + (b == null ? "absent" : b) + ")");
        }
      }
      if (!diff.isEmpty()) {
        throw new UsageException("the checkpoint in " + resume + " is from a run with other options: "
            + String.join(", ", diff) + "; resume with the options of that run, or start afresh with --checkpoint "
            + "and another folder");
      }
      dir = resume;
      return RunJournal.in(resume, every);
    }
    if (checkpoint == null) return RunJournal.NONE;
    if (Files.exists(checkpoint.resolve(RUN_FILE))) {
      throw new UsageException("--checkpoint " + checkpoint + " already holds the checkpoint of a run; continue it "
          + "with --resume " + checkpoint + ", or choose a new folder");
    }
    if (Files.isDirectory(checkpoint)) {
      try (Stream<Path> s = Files.list(checkpoint)) {
        if (s.findAny().isPresent()) {
          throw new UsageException("--checkpoint " + checkpoint + " is not empty; choose a new or empty folder");
        }
      }
    } else if (Files.exists(checkpoint)) {
      throw new UsageException("--checkpoint " + checkpoint + " is a file, not a folder");
    }
    Output.createDirectory(checkpoint);
    dir = checkpoint;
    write(false);
    return RunJournal.in(checkpoint, every);
  }

  /** Marks the run in DIR as finished (a later --resume replays it from DIR without training). */
  void finish() throws IOException {
    if (dir != null) write(true);
  }

  /**
   * The exception to end an interrupted command with: one line saying what was kept and how to resume, exit code
   * {@link Errors#INTERRUPTED}.
   */
  Interrupted interrupted(CancellationException e) {
    String what = "interrupted";
    if (e instanceof TrainingCancelledException t) {
      Path f = t.checkpoint();
      String unit = f == null ? null : f.getFileName().toString().replaceFirst("\\.ckpt$", "");
      what += " at step " + t.step() + (unit == null ? "" : " of " + unit);
    }
    if (dir == null) {
      return new Interrupted(what + "; nothing was kept (no --checkpoint); rerun with --checkpoint DIR to be able "
          + "to resume an interrupted run");
    }
    return new Interrupted(what + "; the run's state is kept in " + dir + "; continue with: " + resumeCommand());
  }

  /** The command line that continues this run: the original arguments with --resume DIR for --checkpoint DIR. */
  String resumeCommand() {
    List<String> args = new ArrayList<>(mixee.commandLine().getParseResult().originalArgs());
    List<String> out = new ArrayList<>();
    out.add("lrnn");
    out.add(mixee.name());
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals(mixee.name()) && out.size() == 2 && i == 0) continue;
      if (a.equals("--checkpoint") || a.equals("--resume")) {
        i++;
        continue;
      }
      if (a.startsWith("--checkpoint=") || a.startsWith("--resume=")) continue;
      out.add(a.contains(" ") ? "'" + a + "'" : a);
    }
    out.add("--resume");
    out.add(dir.toString());
    return String.join(" ", out);
  }

  /** A run ended by Ctrl-C or kill: its message is the whole report (exit code 130). */
  static final class Interrupted extends CancellationException {
    Interrupted(String message) {
      super(message);
    }
  }

  /** Every option of the command that determines its results, by its longest name, with its value as given. */
  Map<String, String> fingerprint() {
    Map<String, String> m = new TreeMap<>();
    for (OptionSpec o : mixee.options()) {
      String name = o.longestName();
      if (NOT_RESULTS.contains(name) || o.usageHelp() || o.versionHelp()) continue;
      Object v = o.getValue();
      String s = v == null ? "" : v instanceof Collection<?> c ? String.join(",", c.stream().map(String::valueOf)
          .toList()) : String.valueOf(v);
      if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
        throw new UsageException(name + " contains a line break, which a checkpoint cannot record");
      }
      m.put(name, s);
    }
    return m;
  }

  private void write(boolean finished) throws IOException {
    StringBuilder sb = new StringBuilder("# lrnn run state (do not edit): continue with --resume ").append(dir)
        .append(" and these options\ncommand=").append(mixee.qualifiedName()).append('\n');
    for (Map.Entry<String, String> e : fingerprint().entrySet()) {
      sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    if (finished) sb.append("finished=true\n");
    AtomicFiles.write(dir.resolve(RUN_FILE), sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> read(Path file) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isEmpty() || line.startsWith("#")) continue;
      int eq = line.indexOf('=');
      if (eq <= 0) throw new lrnn.io.MalformedFileException(file.toString(), "has a line without '=': " + line);
      m.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return m;
  }
}
