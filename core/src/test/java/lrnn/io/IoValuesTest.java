package lrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The io value types at their edges (the PIT survivors and uncovered lines of session 5): {@link NdArray}'s
 * accessors, dtype conversions, equality and shape checks at each axis; {@link CsvWriter}'s fluent calls, row
 * checks and quoting of edge spaces and line breaks; {@link AtomicFiles} keeping an interrupt for its caller.
 */
class IoValuesTest {

  @TempDir
  Path dir;

  @Test
  void ndArrayAccessorsConversionsAndEquality() throws IOException {
    NdArray d = NdArray.of(new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6});
    assertEquals(2, d.rank());
    assertEquals(0, NdArray.of(new int[] {}, new double[] {7}).rank());
    assertEquals(NdArray.DType.FLOAT64, d.dtype());
    assertFalse(d.isFloat32());
    assertSame(d.asDoubleArray(), d.asDoubleArray(), "float64 data handed out without a copy");
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.asFloatArray());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.toFloatArray());
    NdArray f = NdArray.of(new int[] {3}, new float[] {0.5f, 1.5f, 2.5f});
    assertTrue(f.isFloat32());
    assertSame(f.asFloatArray(), f.asFloatArray(), "float32 data handed out without a copy");
    assertArrayEquals(new double[] {0.5, 1.5, 2.5}, f.asDoubleArray());
    float[] copy = f.toFloatArray();
    copy[0] = 9;
    assertEquals(0.5, f.getFlat(0));
    assertEquals("NdArray[array, <f4, shape (3,)]", f.toString());
    assertEquals("NdArray[array, <f8, shape (2, 3)]", d.toString());

    NdArray same = NdArray.of(new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6});
    assertEquals(d, same);
    assertEquals(d.hashCode(), same.hashCode());
    assertNotEquals(d, NdArray.of(new int[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6}));
    assertNotEquals(d, NdArray.of(new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 7}));
    assertNotEquals(d, NdArray.of(new int[] {6}, new float[] {1, 2, 3, 4, 5, 6}));
    assertNotEquals(d.hashCode(), NdArray.of(new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 7}).hashCode());
    assertEquals(f.hashCode(), NdArray.of(new int[] {3}, new float[] {0.5f, 1.5f, 2.5f}).hashCode());
    assertFalse(d.equals("not an array"));

    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
        () -> NdArray.of(new int[] {2, -1}, new double[0]));
    assertTrue(neg.getMessage().contains("negative dimension"), neg.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> NdArray.of(new int[] {2, 2}, new double[3]));
    assertTrue(bad.getMessage().contains("holds 4 elements but the data has 3"), bad.getMessage());
  }

  @Test
  void shapeAndFinitenessChecksNameTheAxisAndElement() throws IOException {
    Path p = dir.resolve("a.npy");
    Npy.write(p, new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, Double.NaN});
    NdArray a = Npy.read(p);
    assertSame(a, a.requireShape("(r, c)", 2, 3));
    assertSame(a, a.requireShape("(r, c)", -1, 3));
    MalformedFileException e0 = assertThrows(MalformedFileException.class, () -> a.requireShape("(r, c)", 3, 3));
    assertTrue(e0.getMessage().contains("axis 0 differs") && e0.getMessage().contains("(3, 3) was expected"),
        e0.getMessage());
    MalformedFileException e1 = assertThrows(MalformedFileException.class, () -> a.requireShape("", 2, 2));
    assertTrue(e1.getMessage().contains("axis 1 differs") && e1.getMessage().contains("but (2, 2) was expected"),
        e1.getMessage());
    assertEquals(p.toString(), e1.source());
    // a 0 in the expected shape is a size (only negative means any), also in the message
    NdArray five = NdArray.of(new int[] {5}, new double[5]);
    MalformedFileException zero = assertThrows(MalformedFileException.class, () -> five.requireShape("(k)", 0));
    assertTrue(zero.getMessage().contains("(k) = (0,) was expected"), zero.getMessage());
    MalformedFileException nan = assertThrows(MalformedFileException.class, a::requireFinite);
    assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    NdArray ok = NdArray.of(new int[] {2}, new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
    assertSame(ok, ok.requireFinite());
    assertThrows(MalformedFileException.class,
        () -> NdArray.of(new int[] {1}, new double[] {Double.NEGATIVE_INFINITY}).requireFinite());
  }

  @Test
  void csvWriterIsFluentChecksRowsAndQuotesWhatNeedsIt() throws IOException {
    CsvWriter w = new CsvWriter("a", "b");
    assertSame(w, w.addNumbers(1.5, -2));
    assertSame(w, w.addRow("x", 3));
    assertEquals(2, w.rowCount());
    assertThrows(IllegalArgumentException.class, () -> w.addRow("only one"));
    assertThrows(IllegalArgumentException.class, () -> w.addRow("a", "b", "c"));
    assertThrows(IllegalArgumentException.class, () -> w.addNumbers(1));
    assertEquals(2, w.rowCount(), "refused rows are not counted");
    assertEquals("a,b\n1.5,-2.0\nx,3\n", w.toCsv());
    assertEquals("CsvWriter[[a, b], 2 rows]", w.toString());
    // edge spaces, CR and LF are quoted; inner spaces are not
    assertEquals("\" lead\"", CsvWriter.quoteIfNeeded(" lead"));
    assertEquals("\"trail \"", CsvWriter.quoteIfNeeded("trail "));
    assertEquals("\"a\rb\"", CsvWriter.quoteIfNeeded("a\rb"));
    assertEquals("\"a\nb\"", CsvWriter.quoteIfNeeded("a\nb"));
    assertEquals("\"say \"\"hi\"\"\"", CsvWriter.quoteIfNeeded("say \"hi\""));
    assertEquals("in side", CsvWriter.quoteIfNeeded("in side"));
    assertEquals("", CsvWriter.quoteIfNeeded(""));
    assertEquals("\",a\"", CsvWriter.quoteIfNeeded(",a"), "a comma in the first position");
    assertEquals("\"\"\"a\"", CsvWriter.quoteIfNeeded("\"a"), "a quote in the first position");
    Path f = dir.resolve("sub/w.csv");
    w.write(f);
    assertEquals(w.toCsv(), Files.readString(f));
  }

  @Test
  void anAtomicWriteFinishesUnderAnInterruptAndKeepsItForTheCaller() throws IOException {
    Path f = dir.resolve("i.txt");
    Thread.currentThread().interrupt();
    try {
      AtomicFiles.writeString(f, "kept");
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is restored after the write");
    } finally {
      Thread.interrupted();
    }
    assertEquals("kept", Files.readString(f));
    AtomicFiles.writeString(f, "again");
    assertFalse(Thread.currentThread().isInterrupted());
    assertEquals("again", Files.readString(f));
  }
}
