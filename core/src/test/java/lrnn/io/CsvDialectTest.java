package lrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What real recordings look like: tabs and semicolons, quoted headers, missing cells, time columns. */
class CsvDialectTest {

  private static Table parse(String text, Csv.Options o) throws MalformedFileException {
    return Csv.parse(text.getBytes(StandardCharsets.UTF_8), "r.csv", o);
  }

  private static final Csv.Options LENIENT = Csv.Options.DEFAULT.withMissingAsNaN(true);

  @Test
  void tabSeparatedWithQuotedHeaderHoldingCommasAndSpaces() throws MalformedFileException {
    Table t = parse("\"time (s)\"\t\"stim, a.u.\"\t spikes \n0.0\t1.5\t3\n0.5\t-2\t 4\n", Csv.Options.DEFAULT);
    assertEquals(List.of("time (s)", "stim, a.u.", "spikes"), t.columnNames());
    assertArrayEquals(new double[] {1.5, -2}, t.column("stim, a.u."));
    assertArrayEquals(new double[] {3, 4}, t.column("spikes"));
  }

  @Test
  void semicolonSeparatedWithDecimalCommas() throws MalformedFileException {
    Table t = parse("\"a\";\"b;c\"\n1,5;-0,25\n2;3e-1\n", Csv.Options.DEFAULT);
    assertEquals(List.of("a", "b;c"), t.columnNames());
    assertArrayEquals(new double[] {1.5, 2}, t.column("a"));
    assertArrayEquals(new double[] {-0.25, 0.3}, t.column("b;c"));
    // a comma file is still a comma file: "1,5" there is two cells
    assertEquals(2, parse("a,b\n1,5\n", Csv.Options.DEFAULT).columnCount());
    assertEquals('\t', Csv.detectSeparator("a\tb,c"));
    assertEquals(';', Csv.detectSeparator("a;b;c,d"));
    assertEquals(',', Csv.detectSeparator("\"a;b\",c"));
    // an explicit separator wins over detection
    assertEquals(List.of("a;b", "c"), parse("a;b,c\n1,2\n", Csv.Options.DEFAULT.withSeparator(',')).columnNames());
  }

  @Test
  void missingCellsAreErrorsUnlessReadAsNaN() throws MalformedFileException {
    String text = "x,y\n1,2\n,4\nNA,6\n7,?\n9,10\n";
    MalformedFileException e = assertThrows(MalformedFileException.class, () -> parse(text, Csv.Options.DEFAULT));
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'x'"), e.getMessage());
    Table t = parse(text, LENIENT);
    assertEquals(3, t.missingCount());
    MalformedFileException err = assertThrows(MalformedFileException.class, () -> t.withMissing(Table.Missing.ERROR));
    assertTrue(err.getMessage().contains("column 'x'") && err.getMessage().contains("line 3")
        && err.getMessage().contains("3 missing"), err.getMessage());
    Table dropped = t.withMissing(Table.Missing.DROP);
    assertArrayEquals(new double[] {1, 9}, dropped.column("x"));
    assertArrayEquals(new double[] {2, 10}, dropped.column("y"));
    Table filled = t.withMissing(Table.Missing.INTERPOLATE);
    assertArrayEquals(new double[] {1, 3, 5, 7, 9}, filled.column("x"), 1e-12);
    assertArrayEquals(new double[] {2, 4, 6, 8, 10}, filled.column("y"), 1e-12);
    assertSame(filled, filled.withMissing(Table.Missing.ERROR)); // nothing missing: the same table
    // infinities are never "missing"
    assertThrows(MalformedFileException.class, () -> parse("x\ninf\n", LENIENT));
  }

  @Test
  void interpolationFillsEndsFromTheNearestValueAndRefusesAnEmptyColumn() throws MalformedFileException {
    assertArrayEquals(new double[] {4, 4, 4, 5, 6, 6}, Table.interpolate(new double[] {Double.NaN, Double.NaN, 4,
        Double.NaN, 6, Double.NaN}), 1e-12);
    assertEquals(null, Table.interpolate(new double[] {Double.NaN, Double.NaN}));
    Table t = parse("x,y\n,1\n,2\n", LENIENT);
    MalformedFileException e = assertThrows(MalformedFileException.class, () -> t.withMissing(Table.Missing.INTERPOLATE));
    assertTrue(e.getMessage().contains("'x' has no value"), e.getMessage());
    assertThrows(MalformedFileException.class, () -> t.withMissing(Table.Missing.DROP));
  }

  @Test
  void onlyTheColumnsAskedForAreParsed() throws MalformedFileException {
    String text = "timestamp,u,y\n2024-01-01T00:00,1,2\n2024-01-01T00:01,3,4\n";
    assertThrows(MalformedFileException.class, () -> parse(text, Csv.Options.DEFAULT));
    Table t = parse(text, Csv.Options.DEFAULT.withColumns(name -> !Csv.isTimeName(name)));
    assertEquals(List.of("u", "y"), t.columnNames());
    assertArrayEquals(new double[] {1, 3}, t.column("u"));
  }

  @Test
  void timeColumnNames() {
    for (String n : List.of("time", "Time", "t", "T", "timestamp", "time_s", "Time (ms)", "t[s]", "sample_idx", "date",
        "index", "frame", " TIME_sec ")) {
      assertTrue(Csv.isTimeName(n), n);
    }
    for (String n : List.of("stimulus", "temperature", "tt", "bold", "spikes", "timeout", "t2", "events", "s")) {
      assertFalse(Csv.isTimeName(n), n);
    }
  }
}
