package lrnn.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads CSV files of numeric columns with a header row into a {@link Table}.
 *
 * <h2>Format</h2>
 * UTF-8 (a leading byte-order mark is skipped); lines end in LF or CRLF, the last one optionally;
 * fields are separated by commas. The first line names the columns; names and cells may be quoted
 * with double quotes ({@code ""} inside quotes is a quote; a quoted field cannot span lines). Spaces
 * around a field are ignored. Every data line has one cell per column, each a finite decimal number
 * such as {@code 3}, {@code -0.25} or {@code 1.5e-3}. Trailing blank lines are ignored.
 *
 * <h2>Errors</h2>
 * A {@link MalformedFileException} naming the file and, where it applies, the line and column: an
 * empty file, a missing header (a first line of numbers), empty or repeated column names, ragged rows
 * (the line, its cell count and the expected count), blank lines between rows, non-numeric cells (the
 * line, column name and text), NaN or infinite cells, unterminated quotes, invalid UTF-8. A missing
 * file is a {@link NoSuchFileException} naming the path. Results are written with {@link CsvWriter}.
 */
public final class Csv {

  private Csv() {}

  /** A finite or overflowing decimal: digits with an optional point and exponent. */
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern NON_FINITE =
      Pattern.compile("[+-]?(?:nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

  /**
   * Reads a CSV file; its name (as given) is the table's {@link Table#source()}.
   *
   * @throws NoSuchFileException if the file does not exist (the message names the path)
   * @throws MalformedFileException if the content is not a numeric CSV as described above
   * @throws IOException on other read errors
   */
  public static Table read(Path file) throws IOException {
    String name = file.toString();
    if (Files.isDirectory(file)) {
      throw new MalformedFileException(name, "is a directory, not a CSV file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(name, null, "no such file (absolute path "
          + file.toAbsolutePath() + "); check the path");
    }
    return parse(bytes, name);
  }

  /**
   * Reads CSV from a stream (e.g. a classpath resource), which is read to its end but not closed.
   *
   * @param source names the data in messages
   * @throws MalformedFileException if the content is not a numeric CSV as described above
   */
  public static Table read(InputStream in, String source) throws IOException {
    return parse(in.readAllBytes(), source);
  }

  /** Parses a CSV image held in memory. */
  static Table parse(byte[] bytes, String source) throws MalformedFileException {
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedFileException(source, "is not valid UTF-8 text; save it as UTF-8 CSV", e);
    }
    List<String> lines = splitLines(text);
    int last = lines.size();
    while (last > 0 && lines.get(last - 1).isBlank()) {
      last--;
    }
    if (last == 0) {
      throw new MalformedFileException(source, "is empty; expected a header line naming the columns "
          + "(e.g. bold,events) followed by rows of numbers");
    }
    List<String> header = fields(lines.get(0), 1, source);
    Map<String, Integer> seen = new HashMap<>();
    boolean allNumeric = true;
    for (int c = 0; c < header.size(); c++) {
      String h = header.get(c);
      allNumeric &= NUMBER.matcher(h).matches() || NON_FINITE.matcher(h).matches();
      if (h.isEmpty()) {
        throw new MalformedFileException(source, "line 1 (the header) has an empty name for column "
            + (c + 1) + "; name every column");
      }
      Integer prev = seen.put(h, c);
      if (prev != null) {
        throw new MalformedFileException(source, "line 1 (the header) names columns " + (prev + 1)
            + " and " + (c + 1) + " both '" + h + "'; column names must be distinct");
      }
    }
    if (allNumeric) {
      throw new MalformedFileException(source, "has no header: line 1 is all numbers ("
          + abbreviate(lines.get(0)) + "); add a first line naming the columns, e.g. bold,events");
    }
    int nc = header.size();
    int nr = last - 1;
    double[][] cols = new double[nc][nr];
    int[] lineNo = new int[nr];
    for (int r = 0; r < nr; r++) {
      int line = r + 2;
      lineNo[r] = line;
      String raw = lines.get(r + 1);
      if (raw.isBlank()) {
        throw new MalformedFileException(source, "line " + line + " is blank; expected " + nc
            + " numbers (" + String.join(",", header) + "); remove blank lines between rows");
      }
      List<String> cells = fields(raw, line, source);
      if (cells.size() != nc) {
        throw new MalformedFileException(source, "line " + line + " has " + cells.size()
            + (cells.size() == 1 ? " cell" : " cells") + " but the header has " + nc
            + " columns (" + String.join(",", header) + "): " + abbreviate(raw));
      }
      for (int c = 0; c < nc; c++) {
        cols[c][r] = number(cells.get(c), line, header.get(c), source);
      }
    }
    return Table.wrap(source, header, cols, nr, lineNo);
  }

  private static double number(String cell, int line, String column, String source)
      throws MalformedFileException {
    if (NUMBER.matcher(cell).matches()) {
      double v = Double.parseDouble(cell);
      if (Double.isFinite(v)) {
        return v;
      }
      throw new MalformedFileException(source, "line " + line + ", column '" + column + "': "
          + abbreviate(cell) + " is outside the range of a double; all values must be finite");
    }
    if (NON_FINITE.matcher(cell).matches()) {
      throw new MalformedFileException(source, "line " + line + ", column '" + column + "' is "
          + cell + "; all values must be finite: fill or drop missing values before saving");
    }
    throw new MalformedFileException(source, "line " + line + ", column '" + column + "': "
        + (cell.isEmpty() ? "the cell is empty" : "'" + abbreviate(cell) + "' is not a number")
        + "; every cell below the header must be a decimal number such as -0.25 or 1e-3");
  }

  /** Splits on LF, dropping a CR before it. A final line without LF counts; a final LF adds none. */
  private static List<String> splitLines(String text) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int nl = text.indexOf('\n', from);
      int end = nl < 0 ? text.length() : nl;
      int e = end > from && text.charAt(end - 1) == '\r' ? end - 1 : end;
      out.add(text.substring(from, e));
      from = end + 1;
    }
    return out;
  }

  /** The trimmed, unquoted fields of one line. */
  private static List<String> fields(String line, int lineNo, String source) throws MalformedFileException {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i < n && line.charAt(i) == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            throw new MalformedFileException(source, "line " + lineNo + " has an unterminated quoted "
                + "field (quoted fields cannot span lines): " + abbreviate(line));
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              sb.append('"');
              i++;
            } else {
              break;
            }
          } else {
            sb.append(c);
          }
        }
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
          i++;
        }
        if (i < n && line.charAt(i) != ',') {
          throw new MalformedFileException(source, "line " + lineNo + " has text after a closing quote "
              + "at character " + (i + 1) + ": " + abbreviate(line));
        }
        out.add(sb.toString());
      } else {
        int comma = line.indexOf(',', i);
        int end = comma < 0 ? n : comma;
        out.add(line.substring(i, end).strip());
        i = end;
      }
      if (i >= n) {
        return out;
      }
      i++; // the comma
    }
  }

  private static String abbreviate(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    StringBuilder sb = new StringBuilder();
    for (char c : t.toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }

  /** A double for messages and names: whole numbers without ".0", others as {@link Double#toString}. */
  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
