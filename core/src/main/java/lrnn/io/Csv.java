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
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads CSV files of numeric columns with a header row into a {@link Table}.
 *
 * <h2>Format</h2>
 * UTF-8 (a leading byte-order mark is skipped); lines end in LF or CRLF, the last one optionally;
 * fields are separated by commas, or by tabs or semicolons: {@link Options#separator()}, by default
 * detected from the header line (a tab if it has one outside quotes, else a semicolon if it has more
 * semicolons than commas, else a comma). The first line names the columns; names and cells may be
 * quoted with double quotes ({@code ""} inside quotes is a quote; a quoted field cannot span lines).
 * Spaces around a field are ignored. Every data line has one cell per column, each a finite decimal
 * number such as {@code 3}, {@code -0.25} or {@code 1.5e-3} (with a tab or semicolon separator also a
 * decimal comma, {@code -0,25}). Trailing blank lines are ignored. With {@link Options#missingAsNaN()}
 * an empty cell or {@code NA}, {@code N/A}, {@code NaN}, {@code null}, {@code ?} is a missing value,
 * held as NaN (see {@link Table#withMissing}); only the columns {@link Options#columns()} accepts are
 * parsed (others, e.g. a time stamp, are skipped and need not be numbers).
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
  /** A number with a decimal comma, e.g. {@code -0,25} or {@code 1,5e-3} (only with a tab or semicolon separator). */
  private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?[0-9]+,[0-9]+(?:[eE][+-]?[0-9]+)?");
  /** Spellings of a missing cell (besides the empty cell), case-insensitive. */
  private static final Pattern MISSING = Pattern.compile("na|n/a|nan|null|none|\\?", Pattern.CASE_INSENSITIVE);

  /**
   * How to read a file.
   *
   * @param separator    {@code ','}, {@code '\t'} or {@code ';'}; 0 to detect it from the header line
   * @param missingAsNaN read empty and {@code NA}-like cells as NaN (missing) instead of failing
   * @param columns      which columns to parse, by name; the others are skipped (not in the table)
   */
  public record Options(char separator, boolean missingAsNaN, Predicate<String> columns) {
    public Options {
      if (separator != 0 && separator != ',' && separator != '\t' && separator != ';') {
        throw new IllegalArgumentException("separator must be a comma, a tab or a semicolon, got '" + separator + "'");
      }
      Objects.requireNonNull(columns, "columns");
    }

    /** Strict: the separator detected, no missing cells, every column. */
    public static final Options DEFAULT = new Options((char) 0, false, name -> true);

    public Options withMissingAsNaN(boolean on) {
      return new Options(separator, on, columns);
    }

    public Options withColumns(Predicate<String> which) {
      return new Options(separator, missingAsNaN, which);
    }

    public Options withSeparator(char sep) {
      return new Options(sep, missingAsNaN, columns);
    }
  }

  /**
   * Reads a CSV file; its name (as given) is the table's {@link Table#source()}.
   *
   * @throws NoSuchFileException if the file does not exist (the message names the path)
   * @throws MalformedFileException if the content is not a numeric CSV as described above
   * @throws IOException on other read errors
   */
  public static Table read(Path file) throws IOException {
    return read(file, Options.DEFAULT);
  }

  /** As {@link #read(Path)}, read as {@code options} say. */
  public static Table read(Path file, Options options) throws IOException {
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
    return parse(bytes, name, options);
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
    return parse(bytes, source, Options.DEFAULT);
  }

  /** Parses a CSV image held in memory, as {@code options} say. */
  static Table parse(byte[] bytes, String source, Options options) throws MalformedFileException {
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
    char sep = options.separator() != 0 ? options.separator() : detectSeparator(lines.get(0));
    List<String> header = fields(lines.get(0), 1, source, sep);
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
    boolean[] parse = new boolean[nc];
    List<String> kept = new ArrayList<>();
    for (int c = 0; c < nc; c++) {
      parse[c] = options.columns().test(header.get(c));
      if (parse[c]) kept.add(header.get(c));
    }
    double[][] cols = new double[nc][];
    for (int c = 0; c < nc; c++) if (parse[c]) cols[c] = new double[nr];
    int[] lineNo = new int[nr];
    for (int r = 0; r < nr; r++) {
      int line = r + 2;
      lineNo[r] = line;
      String raw = lines.get(r + 1);
      if (raw.isBlank()) {
        throw new MalformedFileException(source, "line " + line + " is blank; expected " + nc
            + " numbers (" + String.join(",", header) + "); remove blank lines between rows");
      }
      List<String> cells = fields(raw, line, source, sep);
      if (cells.size() != nc) {
        throw new MalformedFileException(source, "line " + line + " has " + cells.size()
            + (cells.size() == 1 ? " cell" : " cells") + " but the header has " + nc
            + " columns (" + String.join(",", header) + "): " + abbreviate(raw));
      }
      for (int c = 0; c < nc; c++) {
        if (parse[c]) cols[c][r] = number(cells.get(c), line, header.get(c), source, sep, options.missingAsNaN());
      }
    }
    double[][] keptCols = new double[kept.size()][];
    for (int c = 0, k = 0; c < nc; c++) if (parse[c]) keptCols[k++] = cols[c];
    return Table.wrap(source, kept, keptCols, nr, lineNo);
  }

  private static final Pattern UNIT_SUFFIX =
      Pattern.compile("(?:[ _-]*[(\\[][^)\\]]*[)\\]]|[ _-]+(?:s|sec|secs|seconds|ms|us|min|h|hr|hours|idx|no|nr))$");
  private static final java.util.Set<String> TIME_NAMES = java.util.Set.of("time", "t", "timestamp", "timestamps",
      "date", "datetime", "index", "sample", "frame", "seconds", "tr", "scan", "volume");

  /**
   * Whether a column name names a time axis rather than a signal: {@code time}, {@code t}, {@code timestamp},
   * {@code date}, {@code datetime}, {@code index}, {@code sample}, {@code frame}, {@code seconds}, {@code tr},
   * {@code scan}, {@code volume}, in any case, optionally with a unit ({@code time_s}, {@code Time (ms)},
   * {@code t[s]}, {@code sample_idx}). A time column is the series' clock, not an input: fed to a
   * convolution it is an unbounded ramp.
   */
  public static boolean isTimeName(String name) {
    String n = name.strip().toLowerCase(java.util.Locale.ROOT);
    if (TIME_NAMES.contains(n)) return true;
    String base = UNIT_SUFFIX.matcher(n).replaceAll("");
    return !base.equals(n) && TIME_NAMES.contains(base.strip());
  }

  /** The separator of a header line: a tab if it has one (outside quotes), else ';' if more ';' than ',', else ','. */
  static char detectSeparator(String header) {
    int tabs = 0, semis = 0, commas = 0;
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char ch = header.charAt(i);
      if (ch == '"') quoted = !quoted;
      else if (!quoted && ch == '\t') tabs++;
      else if (!quoted && ch == ';') semis++;
      else if (!quoted && ch == ',') commas++;
    }
    return tabs > 0 ? '\t' : semis > commas ? ';' : ',';
  }

  private static double number(String cell, int line, String column, String source, char sep, boolean missingAsNaN)
      throws MalformedFileException {
    if (missingAsNaN && (cell.isEmpty() || MISSING.matcher(cell).matches())) {
      return Double.NaN;
    }
    if (sep != ',' && DECIMAL_COMMA.matcher(cell).matches()) {
      cell = cell.replace(',', '.');
    }
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
          + cell + "; all values must be finite: fill or drop missing values before saving"
          + (missingAsNaN ? "" : ", or read them as missing (realdata: --missing drop|interpolate)"));
    }
    throw new MalformedFileException(source, "line " + line + ", column '" + column + "': "
        + (cell.isEmpty() ? "the cell is empty" : "'" + abbreviate(cell) + "' is not a number")
        + "; every cell below the header must be a decimal number such as -0.25 or 1e-3"
        + (cell.isEmpty() && !missingAsNaN ? ", or read empty cells as missing (realdata: --missing drop|interpolate)"
        : ""));
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
  private static List<String> fields(String line, int lineNo, String source, char sep) throws MalformedFileException {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      while (i < n && line.charAt(i) != sep && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
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
        while (i < n && line.charAt(i) != sep && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
          i++;
        }
        if (i < n && line.charAt(i) != sep) {
          throw new MalformedFileException(source, "line " + lineNo + " has text after a closing quote "
              + "at character " + (i + 1) + ": " + abbreviate(line));
        }
        out.add(sb.toString());
      } else {
        int comma = line.indexOf(sep, i);
        int end = comma < 0 ? n : comma;
        out.add(line.substring(i, end).strip());
        i = end;
      }
      if (i >= n) {
        return out;
      }
      i++; // the separator
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
