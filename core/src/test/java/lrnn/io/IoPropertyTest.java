package lrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based and fuzz tests of the readers. The fuzz properties mutate valid files (byte
 * changes, bit flips, truncations, insertions, deletions, header edits with and without a fixed-up
 * length field, version changes) and require that the reader either returns a value consistent with
 * the bytes or throws {@link MalformedFileException}: any other exception or error, including
 * OutOfMemoryError, fails the property, as does a read slower than {@link #SLOW_NANOS}.
 *
 * <p>Try counts (kept in the annotations): round trips 200 + 200 + 200, NPY fuzz 3000, CSV fuzz 2000.
 */
class IoPropertyTest {

  private static final long SLOW_NANOS = 2_000_000_000L;
  private static Path tmp;

  @BeforeContainer
  static void makeTempDir() throws IOException {
    tmp = Files.createTempDirectory("lrnn-io-props");
  }

  @AfterContainer
  static void removeTempDir() throws IOException {
    try (Stream<Path> s = Files.walk(tmp)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  // ------------------------------------------------------------------------------ generators

  @Provide
  Arbitrary<int[]> shapes() {
    return Arbitraries.integers().between(0, 6).array(int[].class).ofMinSize(0).ofMaxSize(4);
  }

  private static int product(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Doubles of every kind: random bit patterns (NaN payloads, subnormals, infinities) and tame ones. */
  private static double randomDouble(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> Double.longBitsToDouble(r.nextLong());
      case 1 -> r.nextGaussian();
      case 2 -> r.nextInt(100) - 50;
      default -> Math.scalb(r.nextDouble() - 0.5, r.nextInt(2000) - 1000);
    };
  }

  /** A valid .npy image (version 1.0, 2.0 or 3.0 header) of random shape, dtype and content. */
  @Provide
  Arbitrary<byte[]> validNpy() {
    return Arbitraries.longs().map(seed -> {
      Random r = new Random(seed);
      int[] shape = new int[r.nextInt(4)];
      for (int a = 0; a < shape.length; a++) {
        shape[a] = r.nextInt(5);
      }
      int n = product(shape);
      NdArray arr;
      if (r.nextBoolean()) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          d[i] = randomDouble(r);
        }
        arr = NdArray.of(shape, d);
      } else {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = (float) randomDouble(r);
        }
        arr = NdArray.of(shape, f);
      }
      byte[] v1 = encode(arr);
      int major = 1 + r.nextInt(3);
      return major == 1 ? v1 : toVersion(v1, major);
    });
  }

  private static byte[] encode(NdArray arr) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Npy.encode(arr, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Rewrites a version 1.0 image with a 4-byte header length (versions 2.0 and 3.0). */
  private static byte[] toVersion(byte[] v1, int major) {
    int hlen = (v1[8] & 0xff) | (v1[9] & 0xff) << 8;
    ByteBuffer b = ByteBuffer.allocate(v1.length + 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put(v1, 0, 6).put((byte) major).put((byte) 0).putInt(hlen).put(v1, 10, v1.length - 10);
    return b.array();
  }

  // ------------------------------------------------------------------------------ round trips

  @Property(tries = 200)
  void npyRoundTripsDoublesBitForBit(@ForAll("shapes") int[] shape, @ForAll long seed) throws IOException {
    Random r = new Random(seed);
    double[] d = new double[product(shape)];
    for (int i = 0; i < d.length; i++) {
      d[i] = randomDouble(r);
    }
    Path p = tmp.resolve("d.npy");
    Npy.write(p, shape, d);
    NdArray a = Npy.read(p);
    assertArrayEquals(shape, a.shape());
    double[] back = a.toDoubleArray();
    for (int i = 0; i < d.length; i++) {
      assertEquals(Double.doubleToRawLongBits(d[i]), Double.doubleToRawLongBits(back[i]));
    }
    assertEquals(0, (Files.size(p) - 8L * d.length) % 64, "data starts at a multiple of 64");
  }

  @Property(tries = 200)
  void npyRoundTripsFloats(@ForAll("shapes") int[] shape, @ForAll long seed) throws IOException {
    Random r = new Random(seed);
    float[] f = new float[product(shape)];
    for (int i = 0; i < f.length; i++) {
      f[i] = Float.intBitsToFloat(r.nextInt());
    }
    Path p = tmp.resolve("f.npy");
    Npy.write(p, shape, f);
    NdArray a = Npy.read(p);
    assertEquals(NdArray.DType.FLOAT32, a.dtype());
    assertArrayEquals(shape, a.shape());
    assertEquals(NdArray.of(shape, f), a);
  }

  @Property(tries = 200)
  void csvWriterRoundTripsExactly(@ForAll long seed) throws IOException {
    Random r = new Random(seed);
    int nc = 1 + r.nextInt(4);
    int nr = r.nextInt(8);
    List<String> names = new ArrayList<>();
    String alphabet = "abcxyz_ ,\"'=.0123456789é";
    while (names.size() < nc) {
      StringBuilder s = new StringBuilder().append((char) ('a' + r.nextInt(26)));
      for (int k = r.nextInt(6); k > 0; k--) {
        s.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      if (!names.contains(s.toString())) {
        names.add(s.toString());
      }
    }
    CsvWriter w = new CsvWriter(names);
    double[][] cols = new double[nc][nr];
    for (int i = 0; i < nr; i++) {
      double[] row = new double[nc];
      for (int c = 0; c < nc; c++) {
        double v;
        do {
          v = randomDouble(r);
        } while (!Double.isFinite(v));
        row[c] = v;
        cols[c][i] = v;
      }
      w.addNumbers(row);
    }
    Table t = Csv.parse(w.toCsv().getBytes(StandardCharsets.UTF_8), "w.csv");
    assertEquals(names, t.columnNames());
    assertEquals(nr, t.rowCount());
    for (int c = 0; c < nc; c++) {
      double[] back = t.column(c);
      for (int i = 0; i < nr; i++) {
        assertEquals(Double.doubleToRawLongBits(cols[c][i]), Double.doubleToRawLongBits(back[i]));
      }
    }
  }

  // ------------------------------------------------------------------------------ fuzz: npy

  private static final String[] DIM_EDITS = {"-1", "0", "7", "2147483647", "2147483648", "99999999999999999999",
      "3.5", "1e3", "", " ", "None", "(2,)", "'2'", "-0", "00", "2L", "1000000000", "268435456", "65536"};
  private static final String[] TOKEN_EDITS = {"'>f8'", "'<i8'", "'<f4'", "'|b1'", "'<c16'", "'<f8 '", "[('a', '<f8')]",
      "True", "0", "None", "'descr'", "'shape'", "{", "}", "(", ")", "[", "]", ",", ":", "'", "\"", "\\", "\n", ""};

  private static final String[] DESCR_EDITS = {"'>f8'", "'>f4'", "'<f8'", "'<f4'", "'<i8'", "'<u4'", "'|b1'",
      "'<c16'", "'|O'", "'<f2'", "'<U3'", "'f8'", "'=f8'", "[('a', '<f8')]", "None", "3"};
  private static final String[] FORTRAN_EDITS = {"True", "False", "0", "1", "None", "'False'", "true"};

  private static byte[] mutateNpy(byte[] valid, Random r) {
    byte[] m = valid;
    for (int k = r.nextBoolean() ? 1 : 1 + r.nextInt(3); k > 0; k--) {
      m = switch (r.nextInt(8)) {
        case 0 -> setByte(m, r);
        case 1 -> flipBit(m, r);
        case 2 -> truncate(m, r);
        case 3 -> insert(m, r, randomBytes(r, 1 + r.nextInt(9)));
        case 4 -> deleteRange(m, r);
        case 5, 6 -> editHeader(m, r);
        default -> {
          byte[] c = m.clone();
          if (c.length > 7) {
            c[6] = (byte) (r.nextBoolean() ? 1 + r.nextInt(3) : r.nextInt(256));
          }
          yield c;
        }
      };
    }
    return m;
  }

  /** Edits the header text (a dimension or a token) and, usually, fixes the length field to match. */
  private static byte[] editHeader(byte[] m, Random r) {
    if (m.length < 12 || m[0] != (byte) 0x93) {
      return m;
    }
    int major = m[6];
    int fixed = major == 1 ? 10 : 12;
    ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
    long hlen = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8) & 0xffffffffL;
    if (major < 1 || major > 3 || fixed + hlen > m.length) {
      return m;
    }
    String h = new String(m, fixed, (int) hlen, StandardCharsets.ISO_8859_1);
    String edited;
    int kind = r.nextInt(3);
    if (kind == 0) { // replace the value of one key
      edited = r.nextBoolean()
          ? h.replaceFirst("'descr': '[^']*'", "'descr': " + DESCR_EDITS[r.nextInt(DESCR_EDITS.length)])
          : h.replaceFirst("'fortran_order': False", "'fortran_order': " + FORTRAN_EDITS[r.nextInt(FORTRAN_EDITS.length)]);
    } else if (kind == 1 && h.contains("(")) {
      edited = h.replaceFirst("\\((\\d*)", "(" + DIM_EDITS[r.nextInt(DIM_EDITS.length)]);
      if (r.nextBoolean()) {
        edited = edited.replaceFirst(", (\\d+)", ", " + DIM_EDITS[r.nextInt(DIM_EDITS.length)]);
      }
    } else {
      int at = r.nextInt(h.length() + 1);
      int len = Math.min(r.nextInt(6), h.length() - at);
      edited = h.substring(0, at) + TOKEN_EDITS[r.nextInt(TOKEN_EDITS.length)] + h.substring(at + len);
    }
    byte[] text = edited.getBytes(StandardCharsets.ISO_8859_1);
    boolean fixLength = r.nextInt(4) != 0;
    ByteBuffer out = ByteBuffer.allocate(fixed + text.length + (int) (m.length - fixed - hlen))
        .order(ByteOrder.LITTLE_ENDIAN);
    out.put(m, 0, fixed).put(text).put(m, (int) (fixed + hlen), (int) (m.length - fixed - hlen));
    if (fixLength) {
      if (major == 1) {
        out.putShort(8, (short) text.length);
      } else {
        out.putInt(8, text.length);
      }
    }
    return out.array();
  }

  @Property(tries = 3000)
  void npyReaderSurvivesMutations(@ForAll("validNpy") byte[] valid, @ForAll long seed) throws IOException {
    Random r = new Random(seed);
    byte[] m = mutateNpy(valid, r);
    long t0 = System.nanoTime();
    Object outcome = decodeOutcome(m);
    assertTrue(System.nanoTime() - t0 < SLOW_NANOS, "read took too long");
    if (outcome instanceof NdArray a) {
      // Consistent with the bytes: the shape's element count fills the tail exactly, bit for bit.
      assertEquals(product(a.shape()), a.size());
      int item = a.dtype().itemSize();
      int dataStart = m.length - a.size() * item;
      assertTrue(dataStart >= 10, "data cannot overlap the prefix");
      ByteBuffer tail = ByteBuffer.wrap(m, dataStart, a.size() * item).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < a.size(); i++) {
        if (item == 8) {
          assertEquals(tail.getLong(), Double.doubleToRawLongBits(a.getFlat(i)));
        } else {
          assertEquals(tail.getInt(), Float.floatToRawIntBits(a.toFloatArray()[i]));
        }
      }
    } else {
      assertTrue(((String) outcome).startsWith("fuzz.npy"), () -> "message names the source: " + outcome);
    }
    if (seed % 8 == 0) { // the file path (FileChannel) must agree with the in-memory one
      Path p = tmp.resolve("fuzz.npy");
      Files.write(p, m);
      Object fromFile;
      try {
        fromFile = Npy.read(p);
      } catch (MalformedFileException e) {
        fromFile = e.getMessage().replace(p.toString(), "fuzz.npy");
      }
      assertEquals(outcome, fromFile);
    }
  }

  /** The array, or the message of the MalformedFileException; anything else fails the property. */
  private static Object decodeOutcome(byte[] m) {
    try {
      return Npy.decode(m, "fuzz.npy");
    } catch (MalformedFileException e) {
      assertTrue(e.getMessage().length() > "fuzz.npy: ".length());
      return e.getMessage();
    } catch (Throwable t) {
      return fail("reader threw " + t + " (only MalformedFileException is allowed)", t);
    }
  }

  // ------------------------------------------------------------------------------ fuzz: csv

  @Provide
  Arbitrary<byte[]> validCsv() {
    return Arbitraries.longs().map(seed -> {
      Random r = new Random(seed);
      int nc = 1 + r.nextInt(3);
      List<String> names = new ArrayList<>();
      for (int c = 0; c < nc; c++) {
        names.add(r.nextInt(4) == 0 ? "col " + c + ",q" : "c" + c);
      }
      CsvWriter w = new CsvWriter(names);
      for (int i = r.nextInt(6); i > 0; i--) {
        Object[] row = new Object[nc];
        for (int c = 0; c < nc; c++) {
          double v = randomDouble(r);
          row[c] = Double.isFinite(v) ? (r.nextBoolean() ? (Object) v : (Object) (int) (v % 7)) : 0;
        }
        w.addRow(row);
      }
      String text = w.toCsv();
      if (r.nextBoolean()) {
        text = text.replace("\n", "\r\n");
      }
      if (r.nextInt(4) == 0) {
        text = "\uFEFF" + text;
      }
      return text.getBytes(StandardCharsets.UTF_8);
    });
  }

  private static final String[] CSV_INSERTS = {",", "\"", "\n", "\r\n", "\r", "NaN", "inf", "1e999", "-", ".",
      "e", " ", "\t", "\uFEFF", "0x1p3", "1d", "", "\"\"", ",,", "\n\n"};

  @Property(tries = 2000)
  void csvReaderSurvivesMutations(@ForAll("validCsv") byte[] valid, @ForAll long seed) {
    Random r = new Random(seed);
    byte[] m = valid;
    for (int k = 1 + r.nextInt(3); k > 0; k--) {
      m = switch (r.nextInt(6)) {
        case 0 -> setByte(m, r);
        case 1 -> truncate(m, r);
        case 2 -> deleteRange(m, r);
        case 3 -> insert(m, r, r.nextInt(10) == 0 ? new byte[] {(byte) (0x80 + r.nextInt(128))}
            : CSV_INSERTS[r.nextInt(CSV_INSERTS.length)].getBytes(StandardCharsets.UTF_8));
        default -> {
          // replace one byte with a structurally interesting ASCII character
          byte[] c = m.clone();
          if (c.length > 0) {
            c[r.nextInt(c.length)] = (byte) ",\"\n\r -.e0123456789aN".charAt(r.nextInt(20));
          }
          yield c;
        }
      };
    }
    long t0 = System.nanoTime();
    Table t;
    try {
      t = Csv.parse(m, "fuzz.csv");
    } catch (MalformedFileException e) {
      assertTrue(e.getMessage().startsWith("fuzz.csv: "), e.getMessage());
      return;
    } catch (Throwable e) {
      fail("reader threw " + e + " (only MalformedFileException is allowed)", e);
      return;
    } finally {
      assertTrue(System.nanoTime() - t0 < SLOW_NANOS, "read took too long");
    }
    assertTrue(t.columnCount() >= 1);
    assertEquals(t.columnCount(), new HashSet<>(t.columnNames()).size(), "distinct names");
    for (int c = 0; c < t.columnCount(); c++) {
      assertTrue(!t.columnNames().get(c).isEmpty());
      double[] col = t.column(c);
      assertEquals(t.rowCount(), col.length);
      for (double v : col) {
        assertTrue(Double.isFinite(v), "only finite values are returned");
      }
    }
  }

  // ------------------------------------------------------------------------------ byte mutations

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static byte[] setByte(byte[] m, Random r) {
    if (m.length == 0) {
      return m;
    }
    byte[] c = m.clone();
    c[r.nextInt(c.length)] = (byte) r.nextInt(256);
    return c;
  }

  private static byte[] flipBit(byte[] m, Random r) {
    if (m.length == 0) {
      return m;
    }
    byte[] c = m.clone();
    // Bias towards the prefix and header, where the structure is.
    int pos = r.nextBoolean() ? r.nextInt(Math.min(c.length, 128)) : r.nextInt(c.length);
    c[pos] ^= (byte) (1 << r.nextInt(8));
    return c;
  }

  private static byte[] truncate(byte[] m, Random r) {
    return m.length == 0 ? m : java.util.Arrays.copyOf(m, r.nextInt(m.length));
  }

  private static byte[] insert(byte[] m, Random r, byte[] what) {
    int at = r.nextInt(m.length + 1);
    byte[] c = new byte[m.length + what.length];
    System.arraycopy(m, 0, c, 0, at);
    System.arraycopy(what, 0, c, at, what.length);
    System.arraycopy(m, at, c, at + what.length, m.length - at);
    return c;
  }

  private static byte[] deleteRange(byte[] m, Random r) {
    if (m.length == 0) {
      return m;
    }
    int at = r.nextInt(m.length);
    int len = 1 + r.nextInt(Math.min(16, m.length - at));
    byte[] c = new byte[m.length - len];
    System.arraycopy(m, 0, c, 0, at);
    System.arraycopy(m, at + len, c, at, m.length - at - len);
    return c;
  }
}
