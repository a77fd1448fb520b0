package lrnn.sweep;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV of strings: quotes a cell that holds a comma, a quote or a line break; parses what it writes. */
final class CsvText {

  private CsvText() {}

  /** One line (no line break at the end). */
  static String line(List<String> cells) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) s.append(',');
      String c = cells.get(i) == null ? "" : cells.get(i);
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
        s.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }

  /** Every record of {@code text}; a blank line at the end is ignored. */
  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(ch);
        }
        continue;
      }
      switch (ch) {
        case '"' -> {
          quoted = true;
          any = true;
        }
        case ',' -> {
          row.add(cell.toString());
          cell.setLength(0);
          any = true;
        }
        case '\r' -> { }
        case '\n' -> {
          if (any || cell.length() > 0) {
            row.add(cell.toString());
            rows.add(row);
          }
          row = new ArrayList<>();
          cell.setLength(0);
          any = false;
        }
        default -> {
          cell.append(ch);
          any = true;
        }
      }
    }
    if (quoted) throw new IllegalArgumentException("unterminated quoted cell at the end of the CSV text");
    if (any || cell.length() > 0) {
      row.add(cell.toString());
      rows.add(row);
    }
    return rows;
  }
}
