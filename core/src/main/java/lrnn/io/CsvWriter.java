package lrnn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a CSV of results row by row and writes it atomically (via {@link AtomicFiles}). The header
 * is written exactly as given; lines end in LF. Doubles print with {@link Double#toString(double)},
 * the shortest text that parses back to the same double (so values round-trip exactly, also through
 * Python's {@code float} and pandas); floats with {@link Float#toString(float)}; other numbers with
 * {@code toString()}; NaN and infinities as {@code NaN}, {@code Infinity}, {@code -Infinity}. Text
 * cells (and header names) containing a comma, quote, line break or edge space are quoted, with
 * inner quotes doubled.
 *
 * <p>Not thread-safe. Example:
 * <pre>{@code
 * new CsvWriter("step", "model", "train_mse").addRow(0, "rnn", 0.25).write(Path.of("out/e1.csv"));
 * }</pre>
 */
public final class CsvWriter {

  private final List<String> header;
  private final StringBuilder body = new StringBuilder();
  private int rows;

  /**
   * @param header the column names, at least one
   * @throws IllegalArgumentException if there are none
   */
  public CsvWriter(String... header) {
    this(List.of(header));
  }

  /** See {@link #CsvWriter(String...)}. */
  public CsvWriter(List<String> header) {
    if (header.isEmpty()) {
      throw new IllegalArgumentException("a CSV needs at least one column");
    }
    this.header = List.copyOf(header);
  }

  /**
   * Appends a row of numbers (a primitive array of doubles, e.g. one row of a matrix).
   *
   * @return this writer
   * @throws IllegalArgumentException if the row length differs from the header's
   */
  public CsvWriter addNumbers(double... values) {
    checkLength(values.length);
    for (int i = 0; i < values.length; i++) {
      body.append(i == 0 ? "" : ",").append(Double.toString(values[i]));
    }
    body.append('\n');
    rows++;
    return this;
  }

  /**
   * Appends a row of mixed cells: {@link Number}s (formatted as described in the class comment),
   * {@link CharSequence}s, booleans.
   *
   * @return this writer
   * @throws IllegalArgumentException if the row length differs from the header's, or a cell is null
   *     or of another type
   */
  public CsvWriter addRow(Object... cells) {
    checkLength(cells.length);
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      line.append(i == 0 ? "" : ",").append(cell(cells[i], i));
    }
    body.append(line).append('\n');
    rows++;
    return this;
  }

  private String cell(Object v, int i) {
    return switch (v) {
      case null -> throw new IllegalArgumentException("cell " + i + " (" + header.get(i) + ") is null");
      case Double d -> Double.toString(d);
      case Float f -> Float.toString(f);
      case Number n -> n.toString();
      case CharSequence s -> quoteIfNeeded(s.toString());
      case Boolean b -> b.toString();
      default -> throw new IllegalArgumentException("cell " + i + " (" + header.get(i)
          + ") has unsupported type " + v.getClass().getName());
    };
  }

  private void checkLength(int n) {
    if (n != header.size()) {
      throw new IllegalArgumentException("row of " + n + " cells for " + header.size() + " columns " + header);
    }
  }

  /** Number of data rows added so far. */
  public int rowCount() {
    return rows;
  }

  /** The CSV text: the header line, then the rows. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < header.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(quoteIfNeeded(header.get(i)));
    }
    return sb.append('\n').append(body).toString();
  }

  /** Writes {@link #toCsv()} as UTF-8 to {@code file} atomically, creating parent directories. */
  public void write(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    AtomicFiles.writeString(file, toCsv());
  }

  static String quoteIfNeeded(String s) {
    boolean needs = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0 || !s.equals(s.strip());
    return needs ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  @Override
  public String toString() {
    return "CsvWriter[" + header + ", " + rows + " rows]";
  }
}
