package lrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

  @TempDir
  Path dir;

  private static Table parse(String text) throws MalformedFileException {
    return Csv.parse(text.getBytes(StandardCharsets.UTF_8), "d.csv");
  }

  private static String reject(String text) {
    return assertThrows(MalformedFileException.class, () -> parse(text)).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "message lacks '" + part + "': " + message);
    }
  }

  @Test
  void readsNumbersWithQuotedHeaderCrlfBomAndTrailingNewline() throws IOException {
    Path p = dir.resolve("a.csv");
    Files.write(p, "\uFEFF\"bold\", \"events\"\r\n-0.5,0\r\n1e-3,4.0\r\n+2, 6\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    Table t = Csv.read(p);
    assertEquals(List.of("bold", "events"), t.columnNames());
    assertEquals(3, t.rowCount());
    assertArrayEquals(new double[] {-0.5, 1e-3, 2}, t.column("bold"));
    assertArrayEquals(new double[] {0, 4, 6}, t.column(1));
    assertArrayEquals(new double[] {-0.5, 0, 1e-3, 4, 2, 6}, t.toRowMajor());
    assertEquals(4.0, t.get(1, 1));
    assertEquals(p.toString(), t.source());
  }

  @Test
  void noTrailingNewlineAndQuotedCellsAndEscapedQuotes() throws IOException {
    Table t = parse("\"a,\"\"b\"\"\",c\n\"1.5\",2");
    assertEquals(List.of("a,\"b\"", "c"), t.columnNames());
    assertArrayEquals(new double[] {1.5}, t.column("a,\"b\""));
    assertEquals(0, parse("x,y\n").rowCount());
  }

  @Test
  void selectsByNameAndIndexAndSlicesRows() throws IOException {
    Table t = parse("a,b,c\n1,2,3\n4,5,6\n7,8,9\n");
    Table s = t.select("c", "a");
    assertEquals(List.of("c", "a"), s.columnNames());
    assertArrayEquals(new double[] {3, 1, 6, 4, 9, 7}, s.toRowMajor());
    assertEquals(t.select(2, 0), s);
    assertArrayEquals(new double[] {4, 7}, t.rows(1, 3).column("a"));
    assertThrows(IndexOutOfBoundsException.class, () -> t.select(3));
    assertThrows(IllegalArgumentException.class, () -> t.select(0, 0));
    assertContains(assertThrows(MalformedFileException.class, () -> t.select("bold")).getMessage(),
        "d.csv", "no column 'bold'", "'a', 'b', 'c'");
  }

  @Test
  void oneHotWithCategoryCountMapsZeroToNothing() throws IOException {
    Table t = parse("bold,events\n0.1,0\n0.2,3\n0.3,1\n0.4,6\n").oneHot("events", 6);
    assertEquals(List.of("bold", "events=1", "events=2", "events=3", "events=4", "events=5", "events=6"),
        t.columnNames());
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0}, t.select(1, 2, 3, 4, 5, 6).rows(0, 1).toRowMajor());
    assertArrayEquals(new double[] {0, 0, 1, 0, 0, 0}, t.select(1, 2, 3, 4, 5, 6).rows(1, 2).toRowMajor());
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1}, t.select(1, 2, 3, 4, 5, 6).rows(3, 4).toRowMajor());
    assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, t.column("bold"));
    assertContains(reject2(() -> parse("e\n0\n7\n").oneHot("e", 6)), "value 7", "row 1 (line 3)", "0..6");
    assertContains(reject2(() -> parse("e\n0\n1.5\n").oneHot("e", 6)), "value 1.5", "line 3");
    assertContains(reject2(() -> parse("e\n-1\n").oneHot("e", 6)), "value -1", "line 2");
  }

  private interface Thrower {
    Object run() throws MalformedFileException;
  }

  private static String reject2(Thrower r) {
    return assertThrows(MalformedFileException.class, r::run).getMessage();
  }

  @Test
  void oneHotOfDistinctValues() throws IOException {
    Table t = parse("k,v\n5,1\n0,2\n-2,3\n5,4\n").oneHot("k");
    assertEquals(List.of("k=-2", "k=5", "v"), t.columnNames());
    assertArrayEquals(new double[] {0, 0, 1, 0}, t.column("k=-2"));
    assertArrayEquals(new double[] {1, 0, 0, 1}, t.column("k=5"));
  }

  @Test
  void errorsSayWhatAndWhere() {
    assertContains(reject(""), "d.csv", "is empty", "header");
    assertContains(reject("\n\r\n  \n"), "is empty");
    assertContains(reject("1,2\n3,4\n"), "no header", "line 1 is all numbers");
    assertContains(reject("a,b\n1,2\n3\n"), "line 3 has 1 cell but the header has 2 columns (a,b)");
    assertContains(reject("a,b\n1,2,3\n"), "line 2 has 3 cells");
    assertContains(reject("a,b\n1,2\n\n3,4\n"), "line 3 is blank");
    assertContains(reject("a,b\n1,x1\n"), "line 2, column 'b'", "'x1' is not a number");
    assertContains(reject("a,b\n1,\n"), "line 2, column 'b'", "empty");
    assertContains(reject("a,b\n1,2\n3,NaN\n"), "line 3, column 'b' is NaN", "finite");
    assertContains(reject("a,b\n-inf,2\n"), "line 2, column 'a' is -inf");
    assertContains(reject("a,b\n1e999,2\n"), "line 2, column 'a'", "outside the range");
    assertContains(reject("a,b\n0x10,2\n"), "'0x10' is not a number");
    assertContains(reject("a,b\n1d,2\n"), "'1d' is not a number");
    assertContains(reject("a,,c\n1,2,3\n"), "empty name for column 2");
    assertContains(reject("a,b,a\n1,2,3\n"), "columns 1 and 3 both 'a'");
    assertContains(reject("\"a,b\n1\n"), "line 1", "unterminated quoted field");
    assertContains(reject("\"a\"x,b\n1,2\n"), "text after a closing quote");
    assertContains(assertThrows(MalformedFileException.class,
        () -> Csv.parse(new byte[] {'a', '\n', (byte) 0xff}, "d.csv")).getMessage(), "not valid UTF-8");
  }

  @Test
  void missingFileNamesThePath() {
    Path p = dir.resolve("no/such.csv");
    assertContains(assertThrows(NoSuchFileException.class, () -> Csv.read(p)).getMessage(), p.toString());
    assertThrows(MalformedFileException.class, () -> Csv.read(dir));
  }

  @Test
  void writerRoundTripsDoublesExactly() throws IOException {
    double[] values = {0.1, -1.0 / 3, Double.MIN_VALUE, Double.MAX_VALUE, -0.0, 1e-300, 12345678.9, Math.PI};
    CsvWriter w = new CsvWriter("x", "minus x");
    for (double v : values) {
      w.addNumbers(v, -v);
    }
    Path p = dir.resolve("out/results.csv");
    w.write(p);
    Table t = Csv.read(p);
    assertEquals(List.of("x", "minus x"), t.columnNames());
    assertArrayEquals(values, t.column("x"));
    assertEquals(values.length, w.rowCount());
    assertTrue(Files.readString(p).startsWith("x,minus x\n0.1,-0.1\n"));
  }

  @Test
  void writerFormatsMixedCellsAndQuotesText() {
    CsvWriter w = new CsvWriter("model", "step", "mse", "f", "ok");
    w.addRow("rnn", 3, 0.25, 0.1f, true);
    w.addRow("conv, scaled", 4L, Double.NaN, Float.POSITIVE_INFINITY, false);
    w.addRow("say \"hi\"", 5, 1e-7, 1f, true);
    assertEquals("model,step,mse,f,ok\nrnn,3,0.25,0.1,true\n\"conv, scaled\",4,NaN,Infinity,false\n"
        + "\"say \"\"hi\"\"\",5,1.0E-7,1.0,true\n", w.toCsv());
    assertThrows(IllegalArgumentException.class, () -> w.addNumbers(1.0, 2.0));
    assertThrows(IllegalArgumentException.class, () -> w.addRow("a", null, 1, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> w.addRow("a", new Object(), 1, 2, 3));
    assertThrows(IllegalArgumentException.class, CsvWriter::new);
    assertEquals("\"a,b\",c\n", new CsvWriter("a,b", "c").toCsv());
  }

  @Test
  void tableOfCopiesAndChecks() {
    double[][] cols = {{1, 2}, {3, 4}};
    Table t = Table.of(List.of("a", "b"), cols);
    cols[0][0] = 9;
    assertEquals(1, t.get(0, 0));
    assertThrows(IllegalArgumentException.class, () -> Table.of(List.of("a"), cols));
    assertThrows(IllegalArgumentException.class, () -> Table.of(List.of("a", "a"), cols));
    assertThrows(IllegalArgumentException.class, () -> Table.of(List.of("a", "b"), new double[][] {{1}, {1, 2}}));
  }
}
