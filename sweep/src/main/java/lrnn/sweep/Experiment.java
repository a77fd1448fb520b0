package lrnn.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lrnn.cli.EtaOption;

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
 *
 * <p>After the file's own columns comes {@link #ETA_USED}: the rate the cell used, as the JSON named after the CSV
 * (dynamics.json, ..., realdata.json) records it.
 */
enum Experiment {
  DYNAMICS("dynamics", "dynamics.csv", true, List.of("step"), List.of()),
  DELAY("delay", "delay.csv", false, List.of(), List.of("delay")),
  NTK_CONVERGENCE("ntk-convergence", "convergence.csv", false, List.of(), List.of("n", "seed")),
  REALDATA("realdata", "realdata.csv", false, List.of(), List.of("regime", "output"));

  /** The summary's last column: the learning rate the cell used (from its JSON; empty if it wrote none). */
  static final String ETA_USED = "eta_used";

  final String command;
  final String file;
  /** {@link #file} without {@code .csv}: the prefix of its columns that clash with the grid's. */
  private final String stem;
  /** The JSON the command writes beside {@link #file}: its settings and the rate it used. */
  final String json;
  final boolean lastRowOnly;
  final List<String> dropped;
  /** Columns that label a row within a cell; not plotted. */
  final List<String> keys;

  Experiment(String command, String file, boolean lastRowOnly, List<String> dropped, List<String> keys) {
    this.command = command;
    this.file = file;
    this.stem = file.substring(0, file.length() - ".csv".length());
    this.json = stem + ".json";
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
   * The summary of a successful cell from its output files: the rows of {@link #file} (the only file parsed as
   * CSV), each followed by {@link #ETA_USED}. Columns named like a grid axis are prefixed with the file's stem
   * ({@code seed -> convergence_seed}) so that the grid's own columns stay unambiguous.
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
    String eta = etaUsed(files);
    for (int c = 0; c < header.size(); c++) {
      String name = header.get(c);
      if (dropped.contains(name)) continue;
      keep.add(c);
      columns.add(gridNames.contains(name) || name.equals(SweepTable.STATUS) || name.equals(SweepTable.ERROR)
          || name.equals(ETA_USED) ? stem + "_" + name : name);
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
      out.add(eta);
      rows.add(out);
    }
    columns.add(ETA_USED);
    return new Summary(columns, rows);
  }

  /**
   * The rate a cell used: the {@code eta} of {@link #json} exactly as written (the digits the command printed),
   * or the empty string if the cell wrote no such JSON or it records no rate.
   */
  String etaUsed(Map<String, String> files) {
    String text = files.get(json);
    return text == null ? "" : EtaOption.recorded(text).map(EtaOption.Recorded::eta).orElse("");
  }
}
