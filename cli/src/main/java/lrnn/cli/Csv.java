package lrnn.cli;

/**
 * A small CSV table builder (RFC 4180: comma separated, {@code \n} line ends, fields quoted only when
 * they contain a comma, quote or line break). Numbers are written locale-independently: integers as
 * integers, doubles with {@link Double#toString(double)} (shortest form that reads back exactly;
 * {@code NaN}, {@code Infinity} for non-finite values).
 */
public final class Csv {

  private final int columns;
  private final StringBuilder text = new StringBuilder();
  private int rows;

  private Csv(String... header) {
    if (header.length == 0) throw new IllegalArgumentException("a CSV table needs at least one column");
    columns = header.length;
    appendRow(header);
  }

  /** A table with these column names. */
  public static Csv withHeader(String... header) {
    return new Csv(header);
  }

  /** Appends a row; it must have one value per column (Number, String, Boolean, …). */
  public Csv row(Object... values) {
    if (values.length != columns) {
      throw new IllegalArgumentException("CSV row has " + values.length + " values for " + columns + " columns");
    }
    appendRow(values);
    rows++;
    return this;
  }

  /** The number of data rows (not counting the header). */
  public int rows() {
    return rows;
  }

  /** The table as CSV text, header first. */
  @Override
  public String toString() {
    return text.toString();
  }

  private void appendRow(Object[] values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) text.append(',');
      text.append(field(values[i]));
    }
    text.append('\n');
  }

  static String field(Object v) {
    if (v == null) return "";
    if (v instanceof Double d) return Double.toString(d);
    if (v instanceof Float f) return Float.toString(f);
    if (v instanceof Number n) return n.toString();
    String s = v.toString();
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
