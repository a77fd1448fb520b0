package lrnn.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of sweep.csv: the grid columns in {@code --grid} order, the experiment's summary columns (ending with
 * {@link Experiment#ETA_USED}), then {@code status} ({@code ok} or {@code failed}) and {@code error} (the failed
 * cell's one-line error, empty otherwise). Cells are kept in grid order; a failed cell is one row with empty
 * summary cells. Thread-safe.
 */
final class SweepTable {

  static final String STATUS = "status";
  static final String ERROR = "error";
  static final String OK = "ok";
  static final String FAILED = "failed";

  private final List<String> gridNames;
  private List<String> summaryColumns; // null until the first successful cell
  private final TreeMap<Integer, List<List<String>>> okRows = new TreeMap<>();
  private final TreeMap<Integer, String> failures = new TreeMap<>();
  private final Map<Integer, List<String>> values = new HashMap<>();

  SweepTable(List<String> gridNames) {
    this.gridNames = List.copyOf(gridNames);
  }

  /** Records a successful cell; fails (recorded as the cell's error) if its columns differ from earlier cells'. */
  synchronized void ok(Grid.Cell cell, Experiment.Summary s) {
    if (summaryColumns == null) summaryColumns = List.copyOf(s.columns());
    if (!summaryColumns.equals(s.columns())) {
      failed(cell, "the cell's columns " + s.columns() + " differ from the sweep's " + summaryColumns);
      return;
    }
    failures.remove(cell.index());
    okRows.put(cell.index(), s.rows());
    values.put(cell.index(), cell.values());
  }

  /** Records a failed cell and its one-line error. */
  synchronized void failed(Grid.Cell cell, String error) {
    okRows.remove(cell.index());
    failures.put(cell.index(), error.replaceAll("\\R", " "));
    values.put(cell.index(), cell.values());
  }

  /** Whether a cell has succeeded (in this run or a resumed one). */
  synchronized boolean done(int index) {
    return okRows.containsKey(index);
  }

  synchronized int okCount() {
    return okRows.size();
  }

  synchronized int failedCount() {
    return failures.size();
  }

  /** The failed cells' errors, by cell index. */
  synchronized Map<Integer, String> failures() {
    return new TreeMap<>(failures);
  }

  /** The header: grid names, summary columns, status, error. */
  synchronized List<String> header() {
    List<String> h = new ArrayList<>(gridNames);
    if (summaryColumns != null) h.addAll(summaryColumns);
    h.add(STATUS);
    h.add(ERROR);
    return h;
  }

  /** The summary columns (empty until a cell succeeds). */
  synchronized List<String> summaryColumns() {
    return summaryColumns == null ? List.of() : summaryColumns;
  }

  /** Every row in grid order (as written to sweep.csv, without the header). */
  synchronized List<List<String>> rows() {
    TreeMap<Integer, Boolean> all = new TreeMap<>();
    okRows.keySet().forEach(i -> all.put(i, true));
    failures.keySet().forEach(i -> all.put(i, false));
    int width = summaryColumns == null ? 0 : summaryColumns.size();
    List<List<String>> rows = new ArrayList<>();
    for (var e : all.entrySet()) {
      List<String> v = values.get(e.getKey());
      if (e.getValue()) {
        for (List<String> r : okRows.get(e.getKey())) {
          List<String> row = new ArrayList<>(v);
          row.addAll(r);
          row.add(OK);
          row.add("");
          rows.add(row);
        }
      } else {
        List<String> row = new ArrayList<>(v);
        for (int i = 0; i < width; i++) row.add("");
        row.add(FAILED);
        row.add(failures.get(e.getKey()));
        rows.add(row);
      }
    }
    return rows;
  }

  /** sweep.csv's text. */
  synchronized String toCsv() {
    StringBuilder s = new StringBuilder(CsvText.line(header())).append('\n');
    for (List<String> r : rows()) s.append(CsvText.line(r)).append('\n');
    return s.toString();
  }

  /**
   * Reads the successful cells of an earlier sweep.csv ({@code --resume}): rows are matched to this grid's cells by
   * their grid values; rows of cells outside this grid and failed rows are dropped (failed cells run again). A
   * table written before sweeps recorded the rate has no {@link Experiment#ETA_USED}: its kept rows get an empty
   * one, so that the cells run now line up with them.
   *
   * @return how many cells were taken over
   * @throws IllegalArgumentException if the file's grid columns are not this sweep's
   */
  synchronized int resume(Path file, Grid grid) throws IOException {
    List<List<String>> t = CsvText.parse(Files.readString(file, StandardCharsets.UTF_8));
    if (t.isEmpty()) return 0;
    List<String> h = t.get(0);
    int g = gridNames.size();
    if (h.size() < g + 2 || !h.subList(0, g).equals(gridNames) || !h.get(h.size() - 2).equals(STATUS)
        || !h.get(h.size() - 1).equals(ERROR)) {
      throw new IllegalArgumentException(file + " has the columns " + h + ", not those of a sweep over "
          + gridNames + "; use the same --grid names in the same order, or another --out");
    }
    List<String> summary = new ArrayList<>(h.subList(g, h.size() - 2));
    boolean withoutEta = !summary.contains(Experiment.ETA_USED);
    if (withoutEta) summary.add(Experiment.ETA_USED);
    List<Grid.Cell> cells = grid.cells();
    Map<List<String>, Grid.Cell> byValues = new HashMap<>();
    for (Grid.Cell c : cells) byValues.put(c.values(), c);
    Map<Integer, List<List<String>>> found = new TreeMap<>();
    for (int r = 1; r < t.size(); r++) {
      List<String> row = t.get(r);
      if (row.size() != h.size()) throw new IllegalArgumentException(file + " row " + r + " has " + row.size()
          + " cells, its header " + h.size() + "; the file is damaged: drop --resume");
      if (!OK.equals(row.get(h.size() - 2))) continue;
      Grid.Cell c = byValues.get(row.subList(0, g));
      if (c == null) continue;
      List<String> kept = new ArrayList<>(row.subList(g, h.size() - 2));
      if (withoutEta) kept.add("");
      found.computeIfAbsent(c.index(), k -> new ArrayList<>()).add(kept);
    }
    if (!found.isEmpty()) summaryColumns = List.copyOf(summary);
    for (var e : found.entrySet()) {
      okRows.put(e.getKey(), e.getValue());
      values.put(e.getKey(), cells.get(e.getKey()).values());
    }
    return found.size();
  }
}
