package lrnn.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code lrnn sweep EXPERIMENT [that experiment's options] --grid NAME=VALUES ... [--master URL]
 * [--out DIR] [--resume] [--task-cores INT] [--conf KEY=VALUE ...] [--quiet] [--debug]}: the sweep's own options may
 * stand anywhere after EXPERIMENT (also as {@code --name=value}); everything else is the experiment's, in order.
 */
record SweepOptions(String experiment, List<String> experimentArgs, List<String> grid, String master, Path out,
    boolean resume, int taskCores, Map<String, String> conf, boolean quiet, boolean debug, boolean help) {

  static final String USAGE = String.join("\n",
      "Usage: lrnn sweep EXPERIMENT [EXPERIMENT's options] --grid NAME=VALUES [--grid NAME=VALUES ...]",
      "                  [--master URL] [--out DIR] [--resume] [--task-cores INT] [--conf KEY=VALUE ...] [-q] [--debug]",
      "Runs EXPERIMENT (" + Experiment.names() + ") once per cell of a grid on Apache Spark:",
      "embedded in this JVM by default (local[*], bound to 127.0.0.1, no UI), or on a cluster with --master.",
      "Each cell is exactly 'lrnn EXPERIMENT [options] --NAME VALUE ...' run in-process: its row in sweep.csv equals",
      "the single run's, digit for digit.",
      "",
      "      --grid NAME=VALUES  An axis of the grid: NAME is an option of EXPERIMENT without the dashes (n, seed, eta,",
      "                          nu-w, delays, lags, ...); VALUES a comma list (64,128,256), an inclusive integer range",
      "                          (1:10) or a:b:step (0.01:0.05:0.01), or a mix (1:4,8). The grid is the product of all",
      "                          --grid options, the first varying slowest.",
      "      --master URL        Spark master, e.g. spark://host:7077 (default: embedded, local[*]).",
      "      --out DIR           Output folder (default: out): sweep.csv, sweep.parquet, sweep.png/.svg, cells/.",
      "      --resume            Keep the successful cells of DIR/sweep.csv and run only the missing and failed ones.",
      "      --task-cores INT    Kernel threads per cell, = spark.task.cpus (default: 1): an executor with C cores runs",
      "                          C / INT cells at once, each with its share of the executor's heap.",
      "      --conf KEY=VALUE    A Spark setting, e.g. --conf spark.executor.memory=8g (repeatable).",
      "  -q, --quiet             No progress and no 'wrote' lines; warnings and errors still appear.",
      "      --debug             Print the full stack trace of an error.",
      "  -h, --help              Show this help and exit.",
      "",
      "Writes DIR/sweep.csv (grid columns in --grid order, the experiment's summary columns, eta_used: the rate the",
      "cell used, status, error), DIR/sweep.parquet, DIR/sweep.png/.svg (mean and spread over seeds against the first",
      "other grid variable) and DIR/cells/NAME=VALUE,.../ (each cell's CSV files and the JSON beside them: settings",
      "and rate). A failed cell is a row with status 'failed' and its one-line error; the exit code is then 1.",
      "docs/sweeps.md has the details (cluster, spark-submit, pandas).",
      "Exit codes: 0 ok, 1 failure (a cell failed), 2 usage error.");

  /** Parses the arguments after {@code sweep}; throws {@link IllegalArgumentException} with a one-line message. */
  static SweepOptions parse(List<String> args) {
    if (args.isEmpty()) throw new IllegalArgumentException("missing EXPERIMENT (one of " + Experiment.names() + ")");
    if (args.get(0).equals("-h") || args.get(0).equals("--help")) {
      return new SweepOptions(null, List.of(), List.of(), null, Path.of("out"), false, 1, Map.of(), false, false, true);
    }
    String experiment = args.get(0);
    if (experiment.startsWith("-")) {
      throw new IllegalArgumentException("the first argument must be the EXPERIMENT (one of " + Experiment.names()
          + "), got '" + experiment + "'");
    }
    Experiment.of(experiment);
    List<String> expArgs = new ArrayList<>();
    List<String> grid = new ArrayList<>();
    Map<String, String> conf = new LinkedHashMap<>();
    String master = null;
    Path out = Path.of("out");
    boolean resume = false;
    boolean quiet = false;
    boolean debug = false;
    boolean help = false;
    int taskCores = 1;
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      String name = a;
      String inline = null;
      if (a.startsWith("--") && a.contains("=")) {
        name = a.substring(0, a.indexOf('='));
        inline = a.substring(a.indexOf('=') + 1);
      }
      switch (name) {
        case "--grid", "--master", "--out", "--task-cores", "--conf" -> {
          String v;
          if (inline != null) {
            v = inline;
          } else {
            if (i + 1 >= args.size()) throw new IllegalArgumentException(name + " needs a value");
            v = args.get(++i);
          }
          switch (name) {
            case "--grid" -> grid.add(v);
            case "--master" -> master = v;
            case "--out" -> out = Path.of(v);
            case "--task-cores" -> {
              try {
                taskCores = Integer.parseInt(v.strip());
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--task-cores must be an integer, got '" + v + "'");
              }
              if (taskCores < 1) throw new IllegalArgumentException("--task-cores must be >= 1, got " + taskCores);
            }
            default -> {
              int eq = v.indexOf('=');
              if (eq <= 0) throw new IllegalArgumentException("--conf " + v + ": expected KEY=VALUE, e.g. "
                  + "--conf spark.executor.memory=8g");
              conf.put(v.substring(0, eq).strip(), v.substring(eq + 1).strip());
            }
          }
        }
        case "--resume" -> resume = true;
        case "-q", "--quiet" -> quiet = true;
        case "--debug" -> debug = true;
        case "-h", "--help" -> help = true;
        case "--threads" -> throw new IllegalArgumentException("--threads is set per cell by --task-cores (kernel "
            + "threads per cell); drop --threads");
        case "--no-plot" -> throw new IllegalArgumentException("--no-plot is set by the sweep itself; drop it");
        case "--checkpoint", "--save-model" -> throw new IllegalArgumentException(name + " is not for a sweep: every "
            + "cell would write into the same folder; the sweep keeps each cell's CSV and JSON files in DIR/cells/ "
            + "and resumes with --resume (run the single command for a checkpointed run or a saved model)");
        default -> expArgs.add(a);
      }
    }
    if (!help && grid.isEmpty()) {
      throw new IllegalArgumentException("no --grid given; add one, e.g. --grid seed=1:8");
    }
    return new SweepOptions(experiment, expArgs, grid, master, out, resume, taskCores, conf, quiet, debug, help);
  }
}
