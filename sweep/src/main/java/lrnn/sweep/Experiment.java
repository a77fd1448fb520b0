package lrnn.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The experiments a sweep runs and what a cell contributes to sweep.csv: rows of the experiment's own CSV file,
 * exactly as the single command writes them (the same strings, hence the same digits).
 *
 * <ul>
 *   <li>{@code dynamics}: the last logged row of dynamics.csv without its step (one row per cell);</li>
 *   <li>{@code delay}: every row of delay.csv (one per delay: one row per cell with {@code --grid delays=...});</li>
 *   <li>{@code ntk-convergence}: every row of convergence.csv (one per width and seed);</li>
 *   <li>{@code realdata}: every row of realdata.csv (one per regime and output).</li>
 * </ul>
 */
enum Experiment {
  DYNAMICS("dynamics", "dynamics.csv", true, List.of("step"), List.of()),
  DELAY("delay", "delay.csv", false, List.of(), List.of("delay")),
  NTK_CONVERGENCE("ntk-convergence", "convergence.csv", false, List.of(), List.of("n", "seed")),
  REALDATA("realdata", "realdata.csv", false, List.of(), List.of("regime", "output"));

  final String command;
  final String file;
  final boolean lastRowOnly;
  final List<String> dropped;
  /** Columns that label a row within a cell; not plotted. */
  final List<String> keys;

  Experiment(String command, String file, boolean lastRowOnly, List<String> dropped, List<String> keys) {
    this.command = command;
    this.file = file;
    this.lastRowOnly = lastRowOnly;
    this.dropped = dropped;
    this.keys = keys;
  }

  /** The experiment named {@code name} on the command line. */
  static Experiment of(String name) {
    for (Experiment e : values()) {
      if (e.command.equals(name)) return e;
    }
    throw new IllegalArgumentException("unknown experiment '" + name + "'; use one of " + names());
  }

  static String names() {
    List<String> n = new ArrayList<>();
    for (Experiment e : values()) n.add(e.command);
    return String.join(", ", n);
  }

  /** A cell's summary: its column names and rows (strings as written by the single command). */
  record Summary(List<String> columns, List<List<String>> rows) {}

  /**
   * The summary of a successful cell from its output files. Columns named like a grid axis are prefixed with the
   * file's stem ({@code seed -> convergence_seed}) so that the grid's own columns stay unambiguous.
   *
   * @throws IllegalStateException if the file is missing or empty
   */
  Summary summary(Map<String, String> files, List<String> gridNames) {
    String text = files.get(file);
    if (text == null) throw new IllegalStateException(command + " wrote no " + file);
    List<List<String>> table = CsvText.parse(text);
    if (table.size() < 2) throw new IllegalStateException(file + " has no rows");
    List<String> header = table.get(0);
    List<Integer> keep = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    String stem = file.substring(0, file.length() - ".csv".length());
    for (int c = 0; c < header.size(); c++) {
      String name = header.get(c);
      if (dropped.contains(name)) continue;
      keep.add(c);
      columns.add(gridNames.contains(name) || name.equals(SweepTable.STATUS) || name.equals(SweepTable.ERROR)
          ? stem + "_" + name : name);
    }
    List<List<String>> rows = new ArrayList<>();
    for (int r = lastRowOnly ? table.size() - 1 : 1; r < table.size(); r++) {
      List<String> row = table.get(r);
      if (row.size() != header.size()) {
        throw new IllegalStateException(String.format(Locale.ROOT, "%s row %d has %d cells, its header %d", file, r,
            row.size(), header.size()));
      }
      List<String> out = new ArrayList<>();
      for (int c : keep) out.add(row.get(c));
      rows.add(out);
    }
    return new Summary(columns, rows);
  }
}
