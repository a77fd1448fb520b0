package lrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact messages and values at the boundaries of {@link Csv} and {@link Table}: a file that is only a byte-order
 * mark, separators inside quotes, a quoted decimal comma in a comma file, leading empty cells in a tab file, the
 * 80-character abbreviation, control characters in messages, {@link Csv#format} at 1e15, one-hot name clashes.
 */
class CsvEdgeTest {

  private static final Csv.Options LENIENT = Csv.Options.DEFAULT.withMissingAsNaN(true);

  private static Table parse(String text, Csv.Options o) throws MalformedFileException {
    return Csv.parse(text.getBytes(StandardCharsets.UTF_8), "e.csv", o);
  }

  private static String reject(String text, Csv.Options o) {
    return assertThrows(MalformedFileException.class, () -> parse(text, o)).getMessage();
  }

  private static String reject(String text) {
    return reject(text, Csv.Options.DEFAULT);
  }

  @Test
  void aByteOrderMarkAloneIsAnEmptyFile() throws MalformedFileException {
    String m = assertThrows(MalformedFileException.class,
        () -> Csv.parse(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "e.csv")).getMessage();
    assertEquals("e.csv: is empty; expected a header line naming the columns (e.g. bold,events) followed by rows "
        + "of numbers", m);
    // two bytes of a mark are not a mark: invalid UTF-8
    assertThrows(MalformedFileException.class, () -> Csv.parse(new byte[] {(byte) 0xEF, (byte) 0xBB}, "e.csv"));
    // a mark with one wrong byte is not skipped (the decoder refuses it, or it is a name)
    Table t = Csv.parse("\uFEFFa\n1\n".getBytes(StandardCharsets.UTF_8), "e.csv");
    assertEquals(List.of("a"), t.columnNames());
    Table u = Csv.parse("\uFEFF\uFEFFa\n1\n".getBytes(StandardCharsets.UTF_8), "e.csv");
    assertEquals(List.of("\uFEFFa"), u.columnNames(), "only the first mark is skipped");
  }

  @Test
  void separatorsInsideQuotesDoNotCount() throws MalformedFileException {
    assertEquals(',', Csv.detectSeparator("\"a\tb\",c"));
    assertEquals(';', Csv.detectSeparator("\"a,b,c\";d"));
    assertEquals(',', Csv.detectSeparator("a;b,c"), "as many semicolons as commas: a comma file");
    assertEquals(',', Csv.detectSeparator("a"));
    assertEquals(';', Csv.detectSeparator("a;b"));
    assertEquals('\t', Csv.detectSeparator("a\tb;c;d"));
    assertEquals('\t', Csv.detectSeparator("\"x\"\ty"));
    Table t = parse("\"a,b,c\";d\n1;2\n", Csv.Options.DEFAULT);
    assertEquals(List.of("a,b,c", "d"), t.columnNames());
  }

  @Test
  void aQuotedDecimalCommaIsNotANumberInACommaFile() throws MalformedFileException {
    assertEquals("e.csv: line 2, column 'b': '1,5' is not a number; every cell below the header must be a decimal "
        + "number such as -0.25 or 1e-3", reject("a,b\n1,\"1,5\"\n"));
    assertArrayEquals(new double[] {1.5}, parse("a;b\n1;\"1,5\"\n", Csv.Options.DEFAULT).column("b"));
    assertArrayEquals(new double[] {-2.5e-3}, parse("a\tb\n1\t-2,5e-3\n", Csv.Options.DEFAULT).column("b"));
  }

  @Test
  void leadingAndTrailingEmptyCellsInATabFile() throws MalformedFileException {
    Table t = parse("x\ty\tz\n\t4\t\n1\t\t3\n", LENIENT);
    assertEquals(2, t.rowCount());
    assertEquals(Double.NaN, t.get(0, 0));
    assertEquals(4.0, t.get(0, 1));
    assertEquals(Double.NaN, t.get(0, 2));
    assertEquals(Double.NaN, t.get(1, 1));
    assertEquals(3.0, t.get(1, 2));
    // a quoted cell followed by spaces, then the tab
    Table q = parse("x\ty\n\"1\"  \t2\n", Csv.Options.DEFAULT);
    assertArrayEquals(new double[] {1, 2}, q.toRowMajor());
  }

  @Test
  void messagesForNonFiniteAndEmptyCellsUnderEachPolicy() {
    assertEquals("e.csv: line 2, column 'a' is NaN; all values must be finite: fill or drop missing values before "
        + "saving, or read them as missing (realdata: --missing drop|interpolate)", reject("a\nNaN\n"));
    assertEquals("e.csv: line 2, column 'a' is -Infinity; all values must be finite: fill or drop missing values "
        + "before saving", reject("a\n-Infinity\n", LENIENT));
    assertEquals("e.csv: line 2, column 'a': the cell is empty; every cell below the header must be a decimal number "
        + "such as -0.25 or 1e-3, or read empty cells as missing (realdata: --missing drop|interpolate)",
        reject("a,b\n,1\n"));
    assertEquals("e.csv: line 2, column 'a': 'x' is not a number; every cell below the header must be a decimal "
        + "number such as -0.25 or 1e-3", reject("a\nx\n", LENIENT));
    assertEquals("e.csv: line 2, column 'a': 1e400 is outside the range of a double; all values must be finite",
        reject("a\n1e400\n"));
    assertEquals("e.csv: has no header: line 1 is all numbers (1,nan,-inf); add a first line naming the columns, "
        + "e.g. bold,events", reject("1,nan,-inf\n"));
  }

  @Test
  void aLeadingLineBreakLeavesAnEmptyHeaderName() {
    assertEquals("e.csv: line 1 (the header) has an empty name for column 1; name every column",
        reject("\na,b\n1,2\n"));
    assertEquals("e.csv: line 1 (the header) has an empty name for column 1; name every column",
        reject("\r\na,b\n1,2\n"));
  }

  @Test
  void messagesAbbreviateAt80CharactersAndEscapeControlCharacters() {
    String eighty = "1," + "2".repeat(78);
    assertEquals(80, eighty.length());
    assertEquals("e.csv: line 2 has 2 cells but the header has 1 columns (a): " + eighty, reject("a\n" + eighty + "\n"));
    String more = eighty + "3";
    assertEquals("e.csv: line 2 has 2 cells but the header has 1 columns (a): " + eighty + "...",
        reject("a\n" + more + "\n"));
    assertEquals("e.csv: line 2 has 3 cells but the header has 1 columns (a): 1,\\x1f,\\x7f ~",
        reject("a\n1,\u001f,\u007f ~\n"));
    assertEquals("e.csv: line 2 has an unterminated quoted field (quoted fields cannot span lines): \"1",
        reject("a\n\"1\n"));
    assertEquals("e.csv: line 2 has text after a closing quote at character 4: \"1\"x", reject("a\n\"1\"x\n"));
    assertEquals("e.csv: line 3 is blank; expected 2 numbers (a,b); remove blank lines between rows",
        reject("a,b\n1,2\n \n3,4\n"));
    assertEquals("e.csv: line 1 (the header) names columns 2 and 3 both 'b'; column names must be distinct",
        reject("a,b,b\n1,2,3\n"));
  }

  @Test
  void formatWritesWholeNumbersBelow1e15WithoutAPoint() {
    assertEquals("999999999999999", Csv.format(999_999_999_999_999.0));
    assertEquals("-999999999999999", Csv.format(-999_999_999_999_999.0));
    assertEquals("1.0E15", Csv.format(1e15));
    assertEquals("-1.0E15", Csv.format(-1e15));
    assertEquals("0.5", Csv.format(0.5));
    assertEquals("3", Csv.format(3));
    assertEquals("0", Csv.format(0));
  }

  @Test
  void tableBoundaries() throws MalformedFileException {
    Table empty = Table.of(List.of(), new double[0][]);
    assertEquals(0, empty.rowCount());
    assertEquals(0, empty.columnCount());
    assertEquals(0, empty.toRowMajor().length);
    Table t = Table.of(List.of("a", "b"), new double[][] {{1, Double.NaN, 3}, {4, 5, Double.NaN}});
    assertEquals("table", t.source());
    assertEquals("Table[table, 3 rows, columns [a, b]]", t.toString());
    assertEquals(2, t.missingCount());
    assertEquals("table: column 'a' has a missing value at row 1 (2 missing in all); fill it, or drop or interpolate "
        + "the missing values", assertThrows(MalformedFileException.class, () -> t.withMissing(Table.Missing.ERROR))
        .getMessage());
    Table d = t.withMissing(Table.Missing.DROP);
    assertEquals(1, d.rowCount());
    assertArrayEquals(new double[] {1, 4}, d.toRowMajor());
    assertEquals("table: has no column 'c'; the columns are 'a', 'b'",
        assertThrows(MalformedFileException.class, () -> t.column("c")).getMessage());
    assertEquals(1, t.columnIndex("b"));
    assertEquals(0, t.columnIndex("a"));
    // equality is by names and values, not by source
    Table same = Table.of(List.of("a", "b"), new double[][] {{1, Double.NaN, 3}, {4, 5, Double.NaN}});
    assertEquals(t, same);
    assertEquals(t.hashCode(), same.hashCode());
    assertNotEquals(t, Table.of(List.of("a", "c"), new double[][] {{1, Double.NaN, 3}, {4, 5, Double.NaN}}));
    assertNotEquals(t, Table.of(List.of("a", "b"), new double[][] {{1, Double.NaN, 3}, {4, 5, 6}}));
    assertNotEquals(t.hashCode(), Table.of(List.of("a", "b"), new double[][] {{1, 2, 3}, {4, 5, 6}}).hashCode());
    assertFalse(t.equals("a table"));
    // names hash into the table's hash: the same data under other names hashes differently
    assertNotEquals(Table.of(List.of("x", "y"), new double[][] {{1}, {2}}).hashCode(),
        Table.of(List.of("u", "v"), new double[][] {{1}, {2}}).hashCode());
    // names hashes 128 and 129, data hashes 62 - 31 and 62: 31 * n + d differ, 31 * n - d would not
    double tiny = Double.longBitsToDouble(0xFFFFFFE1L);
    assertNotEquals(Table.of(List.of("a"), new double[][] {{tiny}}).hashCode(),
        Table.of(List.of("b"), new double[][] {{0}}).hashCode());
    // rows() keeps the file lines of a read table
    Table r = parse("a,b\n1,2\n,4\n5,6\n", LENIENT).rows(1, 3);
    assertEquals("e.csv: column 'a' has a missing value at row 0 (line 3) (1 missing in all); fill it, or drop or "
        + "interpolate the missing values",
        assertThrows(MalformedFileException.class, () -> r.withMissing(Table.Missing.ERROR)).getMessage());
    Table dropped = parse("a,b\n,2\n3,4\n5,x\n", LENIENT.withColumns(n -> !n.equals("b"))).withMissing(Table.Missing.DROP);
    assertArrayEquals(new double[] {3, 5}, dropped.column("a"));
    assertEquals("e.csv: column 'a' has the value 5 at row 1 (line 4), but categories 0..4 (0 = none) were expected as "
        + "whole numbers", assertThrows(MalformedFileException.class, () -> dropped.oneHot("a", 4)).getMessage());
  }

  @Test
  void interpolationIsLinearInTheRowIndex() {
    double n = Double.NaN;
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6}, Table.interpolate(new double[] {0, n, n, 3, n, n, 6}));
    assertArrayEquals(new double[] {2, 2, 2}, Table.interpolate(new double[] {n, n, 2}));
    assertArrayEquals(new double[] {2, 2, 2}, Table.interpolate(new double[] {2, n, n}));
    assertArrayEquals(new double[] {1, 2}, Table.interpolate(new double[] {1, 2}));
    assertArrayEquals(new double[0], Table.interpolate(new double[0]));
    assertEquals(null, Table.interpolate(new double[] {n}));
  }

  @Test
  void oneHotBoundaries() throws MalformedFileException {
    Table t = Table.of(List.of("e", "e=1", "v"), new double[][] {{0, 1, 1}, {7, 8, 9}, {0.5, 0.25, 0}});
    Table zero = Table.of(List.of("z", "v"), new double[][] {{0, 0}, {1, 2}}).oneHot("z", 0);
    assertEquals(List.of("v"), zero.columnNames(), "no categories: the column is dropped");
    assertArrayEquals(new double[] {1, 2}, zero.column(0));
    Table one = t.oneHot("e", 1);
    assertEquals(List.of("e=1", "e=1_", "v"), one.columnNames(), "a clash with an existing name gets a suffix");
    assertArrayEquals(new double[] {0, 1, 1}, one.column(0));
    assertArrayEquals(new double[] {7, 8, 9}, one.column(1));
    assertEquals("categories = -1 < 0",
        assertThrows(IllegalArgumentException.class, () -> t.oneHot("e", -1)).getMessage());
    assertEquals("table: column 'v' has the value 0.5 at row 0, but categories 0..3 (0 = none) were expected as whole "
        + "numbers", assertThrows(MalformedFileException.class, () -> t.oneHot("v", 3)).getMessage());
    Table distinct = t.oneHot("v");
    assertEquals(List.of("e", "e=1", "v=0.25", "v=0.5"), distinct.columnNames());
    assertArrayEquals(new double[] {0, 1, 0}, distinct.column("v=0.25"));
    assertSame(t, t.withMissing(Table.Missing.DROP));
  }

  @Test
  void optionsAndStreams() throws java.io.IOException {
    for (char c : new char[] {0, ',', '\t', ';'}) {
      assertEquals(c, new Csv.Options(c, false, n -> true).separator());
    }
    assertEquals("separator must be a comma, a tab or a semicolon, got '|'", assertThrows(
        IllegalArgumentException.class, () -> Csv.Options.DEFAULT.withSeparator('|')).getMessage());
    Csv.Options lenient = Csv.Options.DEFAULT.withMissingAsNaN(true);
    assertEquals(true, lenient.missingAsNaN());
    assertEquals(false, lenient.withMissingAsNaN(false).missingAsNaN());
    Table t = Csv.read(new java.io.ByteArrayInputStream("a;b\n1,5;2\n".getBytes(StandardCharsets.UTF_8)), "s.csv");
    assertEquals("s.csv", t.source());
    assertArrayEquals(new double[] {1.5, 2}, t.toRowMajor());
    Table plain = Table.of(List.of("a"), new double[][] {{1, 2, 3}});
    assertArrayEquals(new double[] {2, 3}, plain.rows(1, 3).column(0));
  }
}
