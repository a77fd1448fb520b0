package lrnn.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable table of named numeric columns, as read by {@link Csv#read}. Columns are selected by
 * name or 0-based index; every accessor returns a copy. Row-major export ({@link #toRowMajor()})
 * lays a row's values side by side: {@code data[row * columnCount() + col]}, the layout of an input
 * sequence {@code x} of shape {@code (L, n_x)}.
 *
 * <p>A table remembers its source (file name) and, when read from a file, the line of each row, so
 * that errors from {@link #column(String)} or {@link #oneHot} can point into the file.
 */
public final class Table {

  private final String source;
  private final List<String> names;
  private final double[][] columns; // columns[c][row]
  private final int rows;
  private final int[] lines; // 1-based file line of each row, or null

  private Table(String source, List<String> names, double[][] columns, int rows, int[] lines) {
    this.source = source;
    this.names = names;
    this.columns = columns;
    this.rows = rows;
    this.lines = lines;
  }

  /**
   * A table over copies of the given columns.
   *
   * @param names distinct column names
   * @param columns {@code columns[c]} holds column {@code c}; all the same length
   * @throws IllegalArgumentException if the counts or lengths disagree or a name repeats
   */
  public static Table of(List<String> names, double[][] columns) {
    if (names.size() != columns.length) {
      throw new IllegalArgumentException(names.size() + " names for " + columns.length + " columns");
    }
    int rows = columns.length == 0 ? 0 : columns[0].length;
    double[][] copy = new double[columns.length][];
    for (int c = 0; c < columns.length; c++) {
      if (columns[c].length != rows) {
        throw new IllegalArgumentException("column " + names.get(c) + " has " + columns[c].length
            + " rows but column " + names.get(0) + " has " + rows);
      }
      copy[c] = columns[c].clone();
    }
    List<String> n = List.copyOf(names);
    if (new HashSet<>(n).size() != n.size()) {
      throw new IllegalArgumentException("duplicate column names in " + n);
    }
    return new Table("table", n, copy, rows, null);
  }

  /** Takes ownership (no copies): for readers in this package. */
  static Table wrap(String source, List<String> names, double[][] columns, int rows, int[] lines) {
    return new Table(source, List.copyOf(names), columns, rows, lines);
  }

  /** The source name: the file name for tables read from disk, otherwise {@code "table"}. */
  public String source() {
    return source;
  }

  /** The column names in order (unmodifiable). */
  public List<String> columnNames() {
    return names;
  }

  /** Number of data rows (the header is not a row). */
  public int rowCount() {
    return rows;
  }

  /** Number of columns. */
  public int columnCount() {
    return names.size();
  }

  /**
   * The 0-based index of a column.
   *
   * @throws MalformedFileException if there is no such column; the message lists the available ones
   */
  public int columnIndex(String name) throws MalformedFileException {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new MalformedFileException(source, "has no column '" + name + "'; the columns are "
          + String.join(", ", names.stream().map(s -> "'" + s + "'").toList()));
    }
    return i;
  }

  /** A copy of the named column; see {@link #columnIndex}. */
  public double[] column(String name) throws MalformedFileException {
    return columns[columnIndex(name)].clone();
  }

  /**
   * A copy of column {@code index}.
   *
   * @throws IndexOutOfBoundsException if there is no such column
   */
  public double[] column(int index) {
    return columns[Objects.checkIndex(index, columns.length)].clone();
  }

  /** The value at a row and column (both 0-based). */
  public double get(int row, int column) {
    return columns[Objects.checkIndex(column, columns.length)][Objects.checkIndex(row, rows)];
  }

  /** A table with the named columns in the given order; see {@link #columnIndex}. */
  public Table select(String... columnNames) throws MalformedFileException {
    int[] idx = new int[columnNames.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = columnIndex(columnNames[i]);
    }
    return select(idx);
  }

  /**
   * A table with the given columns (0-based) in the given order.
   *
   * @throws IndexOutOfBoundsException if an index is out of range
   * @throws IllegalArgumentException if an index repeats
   */
  public Table select(int... indices) {
    List<String> n = new ArrayList<>();
    double[][] cols = new double[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      n.add(names.get(Objects.checkIndex(indices[i], names.size())));
      cols[i] = columns[indices[i]];
    }
    if (new HashSet<>(n).size() != n.size()) {
      throw new IllegalArgumentException("column selected twice in " + Arrays.toString(indices));
    }
    return new Table(source, List.copyOf(n), cols, rows, lines);
  }

  /**
   * Rows {@code from} (inclusive) to {@code to} (exclusive), e.g. a train/test split.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= rowCount()}
   */
  public Table rows(int from, int to) {
    Objects.checkFromToIndex(from, to, rows);
    double[][] cols = new double[columns.length][];
    for (int c = 0; c < cols.length; c++) {
      cols[c] = Arrays.copyOfRange(columns[c], from, to);
    }
    return new Table(source, names, cols, to - from, lines == null ? null : Arrays.copyOfRange(lines, from, to));
  }

  /** What {@link #withMissing} does with missing (NaN) cells, as read by {@link Csv.Options#missingAsNaN()}. */
  public enum Missing {
    /** Refuse them: the error names the first one's line and column. */
    ERROR,
    /** Drop every row with a missing cell (the remaining rows are taken as consecutive samples). */
    DROP,
    /**
     * Fill each from its column's nearest present neighbours, linearly in the row index; a run at the start or the
     * end takes the nearest present value.
     */
    INTERPOLATE
  }

  /** The number of missing (NaN) cells. */
  public long missingCount() {
    long n = 0;
    for (double[] col : columns) for (double v : col) if (Double.isNaN(v)) n++;
    return n;
  }

  /**
   * This table with its missing (NaN) cells handled by {@code policy}; this table itself if none is missing.
   *
   * @throws MalformedFileException for {@link Missing#ERROR} if a cell is missing (the message names its line and
   *     column), for {@link Missing#INTERPOLATE} if a column has no value at all, for {@link Missing#DROP} if no row
   *     is complete
   */
  public Table withMissing(Missing policy) throws MalformedFileException {
    Objects.requireNonNull(policy, "policy");
    if (missingCount() == 0) return this;
    switch (policy) {
      case ERROR -> {
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < columns.length; c++) {
            if (Double.isNaN(columns[c][r])) {
              throw new MalformedFileException(source, "column '" + names.get(c) + "' has a missing value at "
                  + where(r) + " (" + missingCount() + " missing in all); fill it, or drop or interpolate the "
                  + "missing values");
            }
          }
        }
        throw new AssertionError("unreachable: missingCount() > 0");
      }
      case DROP -> {
        int[] keep = new int[rows]; // the kept rows: at most all of them, so one array, filled to kept
        int kept = 0;
        for (int r = 0; r < rows; r++) {
          boolean complete = true;
          for (double[] col : columns) complete &= !Double.isNaN(col[r]);
          if (complete) keep[kept++] = r;
        }
        if (kept == 0) {
          throw new MalformedFileException(source, "has no row without a missing value; nothing is left after "
              + "dropping them (interpolate instead?)");
        }
        double[][] cols = new double[columns.length][kept];
        int[] ln = lines == null ? null : new int[kept];
        for (int k = 0; k < kept; k++) {
          int r = keep[k];
          for (int c = 0; c < columns.length; c++) cols[c][k] = columns[c][r];
          if (ln != null) ln[k] = lines[r];
        }
        return new Table(source, names, cols, kept, ln);
      }
      case INTERPOLATE -> {
        double[][] cols = new double[columns.length][];
        for (int c = 0; c < columns.length; c++) {
          cols[c] = interpolate(columns[c]);
          if (cols[c] == null) {
            throw new MalformedFileException(source, "column '" + names.get(c) + "' has no value at all; there is "
                + "nothing to interpolate from");
          }
        }
        return new Table(source, names, cols, rows, lines);
      }
      default -> throw new AssertionError(policy);
    }
  }

  /** A copy of {@code v} with NaN runs filled linearly between present neighbours (ends: nearest); null if all NaN. */
  static double[] interpolate(double[] v) {
    double[] out = v.clone();
    int prev = -1;
    for (int i = 0; i <= out.length; i++) {
      if (i < out.length && Double.isNaN(out[i])) continue;
      // out[prev] and out[i] are present (or prev = -1, i = length): fill prev+1 .. i-1
      for (int k = prev + 1; k < i; k++) {
        if (prev < 0 && i == out.length) return null;
        if (prev < 0) out[k] = out[i];
        else if (i == out.length) out[k] = out[prev];
        else out[k] = out[prev] + (out[i] - out[prev]) * (k - prev) / (i - prev);
      }
      prev = i;
    }
    return out;
  }

  /** All values row-major: {@code data[row * columnCount() + col]}. */
  public double[] toRowMajor() {
    int nc = columns.length;
    double[] out = new double[Math.multiplyExact(rows, nc)];
    for (int c = 0; c < nc; c++) {
      double[] col = columns[c];
      for (int r = 0; r < rows; r++) {
        out[r * nc + c] = col[r];
      }
    }
    return out;
  }

  /**
   * Replaces a categorical column by one-hot columns for its distinct nonzero values, in ascending
   * order; 0 means "no category" and maps to all zeros. The new columns, inserted where the old one
   * was, are named {@code column + "=" + value} (e.g. {@code events=3}).
   *
   * @throws MalformedFileException if there is no such column
   */
  public Table oneHot(String column) throws MalformedFileException {
    int ci = columnIndex(column);
    TreeSet<Double> distinct = new TreeSet<>();
    for (double v : columns[ci]) {
      if (v != 0) {
        distinct.add(v);
      }
    }
    double[] cats = distinct.stream().mapToDouble(Double::doubleValue).toArray();
    return expand(ci, cats);
  }

  /**
   * Replaces a categorical column holding integers {@code 0..categories} by {@code categories} one-hot
   * columns: value {@code k >= 1} sets column {@code k - 1}, and 0 ("no event") gives all zeros. The
   * new columns are named {@code column + "=" + k}. SPEC §6: {@code oneHot("events", 6)} gives the
   * six input channels of the fMRI data.
   *
   * @throws MalformedFileException if there is no such column, or a value is not an integer in
   *     {@code 0..categories} (the message gives the row and, for files, the line)
   * @throws IllegalArgumentException if {@code categories < 0}
   */
  public Table oneHot(String column, int categories) throws MalformedFileException {
    if (categories < 0) {
      throw new IllegalArgumentException("categories = " + categories + " < 0");
    }
    int ci = columnIndex(column);
    double[] col = columns[ci];
    for (int r = 0; r < rows; r++) {
      double v = col[r];
      if (!(v >= 0 && v <= categories && v == Math.rint(v))) {
        throw new MalformedFileException(source, "column '" + column + "' has the value " + Csv.format(v)
            + " at " + where(r) + ", but categories 0.." + categories
            + " (0 = none) were expected as whole numbers");
      }
    }
    double[] cats = new double[categories];
    for (int k = 0; k < categories; k++) {
      cats[k] = k + 1;
    }
    return expand(ci, cats);
  }

  private String where(int row) {
    return "row " + row + (lines == null ? "" : " (line " + lines[row] + ")");
  }

  private Table expand(int ci, double[] cats) {
    List<String> n = new ArrayList<>(names.subList(0, ci));
    List<double[]> cols = new ArrayList<>(Arrays.asList(columns).subList(0, ci));
    double[] src = columns[ci];
    for (double cat : cats) {
      double[] hot = new double[rows];
      for (int r = 0; r < rows; r++) {
        hot[r] = src[r] == cat ? 1.0 : 0.0;
      }
      n.add(names.get(ci) + "=" + Csv.format(cat));
      cols.add(hot);
    }
    n.addAll(names.subList(ci + 1, names.size()));
    cols.addAll(Arrays.asList(columns).subList(ci + 1, columns.length));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n.size(); i++) {
      while (!seen.add(n.get(i))) {
        n.set(i, n.get(i) + "_"); // a clash with an existing column name: keep names distinct
      }
    }
    return new Table(source, List.copyOf(n), cols.toArray(double[][]::new), rows, lines);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Table t && names.equals(t.names) && Arrays.deepEquals(columns, t.columns);
  }

  @Override
  public int hashCode() {
    return 31 * names.hashCode() + Arrays.deepHashCode(columns);
  }

  @Override
  public String toString() {
    return "Table[" + source + ", " + rows + " rows, columns " + names + "]";
  }
}
