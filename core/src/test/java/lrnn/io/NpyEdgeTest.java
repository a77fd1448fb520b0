package lrnn.io;

import static lrnn.io.NpyTest.dict;
import static lrnn.io.NpyTest.npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Exact messages at the boundaries of the {@code .npy} reader: a file one byte short of each field, header sizes
 * at the limit, every dtype family, version 2 and 3 header encodings, and each way the header literal can be wrong.
 */
class NpyEdgeTest {

  private static final String HOW = "write it with np.save(path, np.ascontiguousarray(arr, dtype=np.float64))";

  private static String reject(byte[] bytes) {
    return assertThrows(MalformedFileException.class, () -> Npy.decode(bytes, "x.npy")).getMessage();
  }

  private static NdArray ok(byte[] bytes) throws IOException {
    return Npy.decode(bytes, "x.npy");
  }

  /** The message of a header {@code dict} that the parser refuses, without the echoed header. */
  private static String headerError(String dict) {
    String m = reject(npy(1, dict, 16));
    String lead = "x.npy: has a malformed .npy header (";
    assertTrue(m.startsWith(lead), m);
    return m.substring(lead.length(), m.indexOf("): \""));
  }

  /** A .npy image whose header is {@code header} bytes as given (no padding), with {@code data} bytes after. */
  private static byte[] raw(int major, byte[] header, int data) {
    int fixed = major == 1 ? 10 : 12;
    ByteBuffer b = ByteBuffer.allocate(fixed + header.length + data).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) b.putShort((short) header.length); else b.putInt(header.length);
    return b.put(header).array();
  }

  @Test
  void filesCutShortInsideEachField() {
    byte[] b = npy(1, dict("<f8", "False", "(2,)"), 16);
    assertEquals("x.npy: is not a .npy file: it starts with bytes 93 4e 55 4d 50 59 01 instead of the magic "
        + "93 4e 55 4d 50 59 (\\x93NUMPY); " + HOW, reject(Arrays.copyOf(b, 7)));
    assertEquals("x.npy: is truncated: it ends (after 8 bytes) inside the header length field; the file was cut "
        + "short, save it again", reject(Arrays.copyOf(b, 8)));
    assertEquals("x.npy: is truncated: it ends (after 9 bytes) inside the header length field; the file was cut "
        + "short, save it again", reject(Arrays.copyOf(b, 9)));
    assertEquals("x.npy: is truncated: the header claims 118 bytes but only 0 follow; the file was cut short, save "
        + "it again", reject(Arrays.copyOf(b, 10)));
    assertEquals("x.npy: is truncated: the header claims 118 bytes but only 1 follow; the file was cut short, save "
        + "it again", reject(Arrays.copyOf(b, 11)));
    assertEquals("x.npy: is truncated: the header claims 118 bytes but only 117 follow; the file was cut short, save "
        + "it again", reject(Arrays.copyOf(b, 127)));
    assertEquals("x.npy: is truncated or its header is corrupt: the header claims shape (2,) of <f8, 2 elements, but "
        + "only 0 data bytes (0 elements) follow the header; save it again", reject(Arrays.copyOf(b, 128)));
    assertEquals("x.npy: is truncated or its header is corrupt: the header claims shape (2,) of <f8, 2 elements, but "
        + "only 15 data bytes (1 elements) follow the header; save it again", reject(Arrays.copyOf(b, 143)));
    assertEquals("x.npy: has 1 bytes after the data that the header (shape (2,) of <f8, 16 bytes) does not account "
        + "for; the file is corrupt or not one np.save array", reject(Arrays.copyOf(b, 145)));
    byte[] v2 = npy(2, dict("<f4", "False", "(2,)"), 8);
    assertEquals("x.npy: is truncated: it ends (after 11 bytes) inside the header length field; the file was cut "
        + "short, save it again", reject(Arrays.copyOf(v2, 11)));
    assertTrue(reject(Arrays.copyOf(v2, 12)).contains("the header claims 116 bytes but only 0 follow"));
    // the message shows at most 8 bytes of a foreign file
    assertEquals("x.npy: is not a .npy file: it starts with bytes 68 65 6c 6c 6f 20 77 6f instead of the magic "
        + "93 4e 55 4d 50 59 (\\x93NUMPY); " + HOW, reject("hello world, hello".getBytes(StandardCharsets.US_ASCII)));
    assertTrue(reject(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Z', 1, 0, 0, 0}).contains("not a .npy file"));
  }

  @Test
  void exactlyTheDataBytesForAnEmptyArrayOrAScalar() throws IOException {
    assertEquals(0, ok(npy(1, dict("<f8", "False", "(0,)"), 0)).size());
    assertEquals(1, ok(npy(1, dict("<f4", "False", "()"), 4)).size());
    // a product past 2^31 that a later zero brings back to no elements
    NdArray none = ok(npy(1, dict("<f8", "False", "(2147483647, 2147483647, 0)"), 0));
    assertArrayEquals(new int[] {2147483647, 2147483647, 0}, none.shape());
    assertEquals(0, none.size());
    // the largest dimension an int holds is read (then refused for want of data), the next is not
    assertEquals("x.npy: is truncated or its header is corrupt: the header claims shape (2147483647,) of <f8, "
        + "2147483647 elements, but only 16 data bytes (2 elements) follow the header; save it again",
        reject(npy(1, dict("<f8", "False", "(2147483647,)"), 16)));
    assertEquals("x.npy: has a header whose shape has the dimension 2147483648 at axis 0, larger than a Java array can "
        + "hold (2147483647); the header is corrupt or the array must be split",
        reject(npy(1, dict("<f8", "False", "(2147483648,)"), 16)));
    assertEquals("x.npy: has a header whose shape has the dimension 12345678901 at axis 1, larger than a Java array "
        + "can hold (2147483647); the header is corrupt or the array must be split",
        reject(npy(1, dict("<f8", "False", "(1, 12345678901)"), 16)));
    // leading zeros are not digits of the size
    assertArrayEquals(new int[] {2, 0}, ok(npy(1, dict("<f8", "False", "(0000000000002, 000)"), 0)).shape());
    assertEquals("x.npy: has a header whose shape has the negative dimension -0 at axis 0; the header is corrupt, save "
        + "the array again", reject(npy(1, dict("<f8", "False", "(-0,)"), 0)));
  }

  @Test
  void headerLengthAtTheLimit() throws IOException {
    String d = dict("<f8", "False", "(1,)");
    int max = 1 << 20;
    byte[] atLimit = raw(2, (d + " ".repeat(max - d.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII), 8);
    assertEquals(1, ok(atLimit).size());
    byte[] over = raw(2, (d + " ".repeat(max - d.length()) + "\n").getBytes(StandardCharsets.US_ASCII), 8);
    assertEquals("x.npy: claims a header of 1048577 bytes, more than the 1048576 this reader accepts; the header is "
        + "corrupt", reject(over));
  }

  @Test
  void headerEncodingFollowsTheVersion() {
    byte[] latin = dict("<\u00e9", "False", "(1,)").getBytes(StandardCharsets.ISO_8859_1);
    assertTrue(reject(raw(2, latin, 8)).contains("('<\u00e9')"), "version 2.0 headers are Latin-1");
    assertEquals("x.npy: has a version 3.0 header that is not valid UTF-8; the header is corrupt, save the array again",
        reject(raw(3, latin, 8)));
    byte[] utf8 = dict("<\u00e9", "False", "(1,)").getBytes(StandardCharsets.UTF_8);
    assertTrue(reject(raw(3, utf8, 8)).contains("('<\u00e9')"), "version 3.0 headers are UTF-8");
    assertTrue(reject(raw(1, utf8, 8)).contains("('<\u00c3\u00a9')"), "version 1.0 headers are Latin-1");
    for (int[] v : new int[][] {{0, 0}, {4, 0}, {1, 1}, {2, 1}, {3, 1}}) {
      byte[] b = npy(1, dict("<f8", "False", "(1,)"), 8);
      b[6] = (byte) v[0];
      b[7] = (byte) v[1];
      assertEquals("x.npy: has .npy format version " + v[0] + "." + v[1] + ", which is not supported (1.0, 2.0 and 3.0 "
          + "are); " + HOW, reject(b));
    }
  }

  @Test
  void everyDtypeFamilyIsNamed() {
    String tail = " only: save with np.save(path, arr.astype(np.float64))";
    String[][] cases = {
        {"<i4", "an integer dtype"}, {"<u2", "an integer dtype"}, {"|b1", "a boolean dtype"},
        {"<c16", "a complex dtype"}, {"|O", "an object dtype (pickled Python objects, which are never loaded)"},
        {"<f2", "a floating-point dtype other than float64/float32"}, {">f2", "a floating-point dtype other than "
        + "float64/float32"}, {"<U5", "a string dtype"}, {"|S3", "a string dtype"}, {"|a3", "a string dtype"},
        {"|V8", "an unsupported dtype"}, {"f", "an unsupported dtype"}, {"", "an unsupported dtype"}};
    for (String[] c : cases) {
      assertEquals("x.npy: has " + c[1] + " ('" + c[0] + "'); lrnn reads float64 ('<f8') or float32 ('<f4')" + tail,
          reject(npy(1, dict(c[0], "False", "(2,)"), 16)), c[0]);
    }
    assertEquals("x.npy: is big-endian (dtype '>f4'); lrnn reads little-endian only: save with np.save(path, "
        + "arr.astype('<f4'))", reject(npy(1, dict(">f4", "False", "(2,)"), 8)));
    assertEquals("x.npy: is big-endian (dtype '>f8'); lrnn reads little-endian only: save with np.save(path, "
        + "arr.astype('<f8'))", reject(npy(1, dict(">f8", "False", "(2,)"), 16)));
    assertEquals("x.npy: has an integer dtype ('>i8'); lrnn reads float64 ('<f8') or float32 ('<f4')" + tail,
        reject(npy(1, dict(">i8", "False", "(2,)"), 16)));
    String structured = "{'descr': [('a', '<f8'), ('b', '<f4')], 'fortran_order': False, 'shape': (2,), }";
    assertEquals("x.npy: has a structured dtype ('descr': [('a', '<f8'), ('b', '<f4')]); lrnn reads plain float64 "
        + "('<f8') or float32 ('<f4') arrays: " + HOW, reject(npy(1, structured, 16)));
    assertEquals("x.npy: has a structured dtype ('descr': (('x',), {'k': True, 'f': False, 'n': None})); lrnn reads "
        + "plain float64 ('<f8') or float32 ('<f4') arrays: " + HOW,
        reject(npy(1, "{'descr': (('x',), {'k': True, 'f': False, 'n': None}), 'fortran_order': False, 'shape': (), }",
            8)));
    assertEquals("x.npy: has an unsupported dtype ('descr': None); lrnn reads plain float64 ('<f8') or float32 "
        + "('<f4') arrays: " + HOW, reject(npy(1, "{'descr': None, 'fortran_order': False, 'shape': (), }", 8)));
    String long120 = "{'descr': [" + "1, ".repeat(40) + "], 'fortran_order': False, 'shape': (), }";
    assertTrue(reject(npy(1, long120, 8)).contains("('descr': [" + "1, ".repeat(39) + "1]); "),
        "a dtype of 120 characters is shown whole");
    String long123 = "{'descr': [" + "1, ".repeat(41) + "], 'fortran_order': False, 'shape': (), }";
    assertTrue(reject(npy(1, long123, 8)).contains("('descr': [" + "1, ".repeat(39) + "1,...); "),
        "a longer dtype is cut at 120 characters");
  }

  @Test
  void fortranOrderOnlyMattersFromRankTwo() throws IOException {
    assertEquals(1, ok(npy(1, dict("<f8", "True", "()"), 8)).size());
    assertEquals(3, ok(npy(1, dict("<f8", "True", "(3,)"), 24)).size());
    assertEquals("x.npy: is in Fortran (column-major) order ('fortran_order': True) with shape (1, 2); lrnn reads C "
        + "order only: save with np.save(path, np.ascontiguousarray(arr))",
        reject(npy(1, dict("<f8", "True", "(1, 2)"), 16)));
  }

  @Test
  void eachWayTheHeaderLiteralFails() throws IOException {
    assertEquals("it is not a dict", headerError("[1, 2]"));
    assertEquals("it has the unexpected key \"Descr\"; the keys are 'descr', 'fortran_order' and 'shape'",
        headerError("{'Descr': '<f8', 'fortran_order': False, 'shape': (2,), }"));
    assertEquals("it has the unexpected key 1; the keys are 'descr', 'fortran_order' and 'shape'",
        headerError("{1: '<f8', 'fortran_order': False, 'shape': (2,), }"));
    assertEquals("it lacks the key 'descr'", headerError("{'fortran_order': False, 'shape': (2,), }"));
    assertEquals("it lacks the key 'shape'", headerError("{'descr': '<f8', 'fortran_order': False}"));
    assertEquals("'fortran_order' is the string \"no\", not True or False", headerError(dict("<f8", "'no'", "(2,)")));
    assertEquals("'fortran_order' is None, not True or False", headerError(dict("<f8", "None", "(2,)")));
    assertEquals("'fortran_order' is a tuple, not True or False", headerError(dict("<f8", "()", "(2,)")));
    assertEquals("'fortran_order' is a list, not True or False", headerError(dict("<f8", "[]", "(2,)")));
    assertEquals("'fortran_order' is a dict, not True or False", headerError(dict("<f8", "{}", "(2,)")));
    assertEquals("'shape' is 2, not a tuple of integers", headerError(dict("<f8", "False", "(2)")));
    assertEquals("'shape' is None, not a tuple of integers", headerError(dict("<f8", "False", "None")));
    assertEquals("duplicate key the string \"descr\" at character 31",
        headerError("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}"));
    assertEquals("expected ':' at character 9", headerError("{'descr' '<f8'}"));
    assertEquals("expected ',' or '}' at character 16", headerError("{'descr': '<f8' 'shape': (2,)}"));
    assertEquals("expected ',' or ')' at character 13", headerError("{'shape': (2 3)}"));
    assertEquals("expected ',' or ']' at character 13", headerError("{'descr': [1 2]}"));
    assertEquals("unterminated string at character 10", headerError("{'descr': '<f8}"));
    assertEquals("unsupported string escape at character 10", headerError("{'descr': '\\x3cf8'}"));
    assertEquals("unsupported string escape at character 10", headerError("{'descr': '<f\\8'}"));
    assertEquals("unexpected character \"@\" at character 10", headerError("{'descr': @}"));
    assertEquals("unexpected name \"float\" at character 15", headerError("{'descr': float}"));
    assertEquals("unexpected end at character 54", headerError("{'descr': "));
    assertEquals("unexpected text after the dict at character 58", headerError(dict("<f8", "False", "(2,)") + " }"));
    assertEquals("expected ',' or '}' at character 39", headerError(dict("<f8", "False\u00e9", "(2,)")));
    // numbers keep their spelling: signs, points and underscores are part of the token
    assertEquals("x.npy: has a header whose shape has the dimension +2 at axis 0, which is not a non-negative integer; "
        + "the header is corrupt, save the array again", reject(npy(1, dict("<f8", "False", "(+2,)"), 16)));
    assertTrue(reject(npy(1, dict("<f8", "False", "(1_000,)"), 16)).contains("the dimension 1_000 at axis 0"));
    assertTrue(reject(npy(1, dict("<f8", "False", "(.5,)"), 16)).contains("the dimension .5 at axis 0"));
    assertTrue(reject(npy(1, dict("<f8", "False", "(2, 'a')"), 16)).contains("the dimension the string \"a\" at axis 1"));
    // tabs, CRs and double quotes are read like spaces and single quotes
    assertEquals(2, ok(npy(1, "{\"descr\":\t'<f8',\r\n'fortran_order':False,'shape':(2,)}", 16)).size());
  }

  @Test
  void nestingIsLimitedTo32Levels() {
    String ok = "{'descr': " + "[".repeat(32) + "]".repeat(32) + ", 'fortran_order': False, 'shape': (), }";
    assertTrue(reject(npy(1, ok, 8)).contains("a structured dtype"));
    String deep = "{'descr': " + "[".repeat(33) + "]".repeat(33) + ", 'fortran_order': False, 'shape': (), }";
    assertEquals("nesting too deep at character 42", headerError(deep));
  }

  @Test
  void messagesQuoteAtMost200CharactersOfTheHeader() {
    String h200 = "[" + "1,".repeat(99) + "]"; // 200 characters
    assertEquals(200, h200.length());
    assertTrue(reject(npy(1, h200, 8)).contains("(it is not a dict): \"" + h200 + "\"; "));
    String h201 = "[" + "1,".repeat(99) + "1]";
    assertTrue(reject(npy(1, h201, 8)).contains("(it is not a dict): \"" + h201.substring(0, 200) + "...\"; "));
    assertTrue(reject(npy(1, "[1,\t\u007f]", 8)).contains("\"[1,\\x09\\x7f]\""));
  }

  @Test
  void requireFiniteChecksTheShapeOfAScalar() throws MalformedFileException {
    assertEquals("shape () does not match 2 elements", assertThrows(IllegalArgumentException.class,
        () -> Npy.requireFinite("s", new int[0], new double[] {1, 2})).getMessage());
    assertEquals("shape () does not match 0 elements", assertThrows(IllegalArgumentException.class,
        () -> Npy.requireFinite("s", new int[0], new double[0])).getMessage());
    Npy.requireFinite("e", new int[] {0, 3}, new double[0]);
    assertEquals("s: element [0] is +Inf; all values must be finite: clean the data (e.g. np.isfinite) before saving",
        assertThrows(MalformedFileException.class,
            () -> Npy.requireFinite("s", new double[] {Double.POSITIVE_INFINITY})).getMessage());
    assertEquals("s: element 0 (flat) = [] of shape () is NaN; all values must be finite: clean the data (e.g. "
        + "np.isfinite) before saving", assertThrows(MalformedFileException.class,
        () -> Npy.requireFinite("s", new int[0], new double[] {Double.NaN})).getMessage());
  }

  @Test
  void streamsRowsOfEveryWidth() throws IOException {
    for (int cols : new int[] {0, 1, 2, 3}) {
      for (NdArray.DType t : NdArray.DType.values()) {
        int rows = 3;
        double[] d = new double[rows * cols];
        float[] f = new float[rows * cols];
        for (int i = 0; i < d.length; i++) {
          d[i] = i + 0.5;
          f[i] = i + 0.5f;
        }
        ByteArrayOutputStream rowsOut = new ByteArrayOutputStream();
        Npy.encodeRows(rowsOut, rows, cols, t, (r, dst) -> System.arraycopy(d, r * dst.length, dst, 0, dst.length));
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        Npy.encode(t == NdArray.DType.FLOAT64 ? NdArray.of(new int[] {rows, cols}, d)
            : NdArray.of(new int[] {rows, cols}, f), whole);
        assertArrayEquals(whole.toByteArray(), rowsOut.toByteArray(), cols + " " + t);
        assertEquals(NdArray.of(new int[] {rows, cols}, d), NdArray.of(new int[] {rows, cols},
            ok(rowsOut.toByteArray()).toDoubleArray()));
      }
    }
    assertEquals("shape (-1, 2) is negative", assertThrows(IllegalArgumentException.class,
        () -> Npy.encodeRows(new ByteArrayOutputStream(), -1, 2, (r, dst) -> { })).getMessage());
    assertEquals("shape (1, -2) is negative", assertThrows(IllegalArgumentException.class,
        () -> Npy.encodeRows(new ByteArrayOutputStream(), 1, -2, (r, dst) -> { })).getMessage());
    ByteArrayOutputStream scalar = new ByteArrayOutputStream();
    Npy.encode(NdArray.of(new int[0], new float[] {2.5f}), scalar);
    assertEquals(2.5, ok(scalar.toByteArray()).getFlat(0));
    assertEquals(128 + 4, scalar.size());
  }

  @Test
  void ndArrayShapeChecksAndMessages() throws MalformedFileException {
    // a product past 2^31 that a later zero brings back to no elements
    assertEquals(0, NdArray.of(new int[] {65536, 65536, 0}, new double[0]).size());
    assertEquals("shape (65536, 65536, 1) holds 4294967296 elements but the data has 0", assertThrows(
        IllegalArgumentException.class, () -> NdArray.of(new int[] {65536, 65536, 1}, new float[0])).getMessage());
    assertEquals("shape (2147483647, 2) holds 4294967294 elements but the data has 0", assertThrows(
        IllegalArgumentException.class, () -> NdArray.of(new int[] {2147483647, 2}, new double[0])).getMessage());
    // transposed shapes with the same data hash differently
    assertNotEquals(NdArray.of(new int[] {2, 3}, new double[6]).hashCode(),
        NdArray.of(new int[] {3, 2}, new double[6]).hashCode());
    // shape hashes 32 and 33, data hashes 31 + bits(x) and 961 + bits(1f): 31 * s + d differ, 31 * s - d would not
    float x = Float.intBitsToFloat(Float.floatToIntBits(1f) + 899);
    assertNotEquals(NdArray.of(new int[] {1}, new float[] {x}).hashCode(),
        NdArray.of(new int[] {2}, new float[] {0, 1}).hashCode());
    assertEquals("negative dimension in shape (2, -1)", assertThrows(IllegalArgumentException.class,
        () -> NdArray.of(new int[] {2, -1}, new float[0])).getMessage());
    NdArray v = NdArray.of(new int[] {3}, new float[] {1, 2, 3});
    assertEquals("array has shape (3,) but (k, j) with 2 dimensions was expected",
        assertThrows(MalformedFileException.class, () -> v.requireRank(1, "(k)").requireRank(2, "(k, j)")).getMessage());
    assertEquals("array has shape (3,) but 2 dimensions was expected",
        assertThrows(MalformedFileException.class, () -> v.requireRank(2, "")).getMessage());
    assertEquals("array has shape (3,) but (k) with 0 dimensions was expected",
        assertThrows(MalformedFileException.class, () -> v.requireRank(0, "(k)")).getMessage());
    assertEquals("array has shape (3,) but (k) = (4,) was expected (axis 0 differs)",
        assertThrows(MalformedFileException.class, () -> v.requireShape("(k)", 4)).getMessage());
    assertEquals("array has shape (3,) but (4,) was expected (axis 0 differs)",
        assertThrows(MalformedFileException.class, () -> v.requireShape("", 4)).getMessage());
    assertEquals("array has shape (1, 3) but (r, k) = (any, 4) was expected (axis 1 differs)", assertThrows(
        MalformedFileException.class, () -> NdArray.of(new int[] {1, 3}, new float[3]).requireShape("(r, k)", -1, 4))
        .getMessage());
    assertEquals(2.0, v.get(1));
    assertEquals("index of length 2 for an array of rank 1",
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(1, 0)).getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> v.get(3));
    assertThrows(IndexOutOfBoundsException.class, () -> v.get(-1));
    NdArray s = NdArray.of(new int[0], new double[] {4});
    assertEquals(4.0, s.get());
    assertEquals(1, s.size());
    NdArray m = NdArray.of(new int[] {2, 3, 2}, new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    assertEquals(9.0, m.get(1, 1, 1));
    assertEquals(11.0, m.get(1, 2, 1));
    assertEquals(5.0, m.get(0, 2, 1));
    assertEquals(3, m.dim(1));
    assertEquals("x", m.withSource("x").source());
    assertEquals("x: element 1 (flat) = [0, 0, 1] of shape (2, 3, 2) is -Inf; all values must be finite: clean the "
        + "data (e.g. np.isfinite) before saving", assertThrows(MalformedFileException.class,
        () -> NdArray.of(new int[] {2, 3, 2}, new float[] {0, Float.NEGATIVE_INFINITY, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
            .withSource("x").requireFinite()).getMessage());
  }

  @Test
  void parserEdgesAtTheEndOfTheHeaderAndInNestedDicts() throws IOException {
    // a header that ends right after a value or an atom, with no padding
    assertEquals("x.npy: has a malformed .npy header (it is not a dict): \"True\"; the file is corrupt or not written "
        + "by np.save, " + HOW, reject(raw(1, "True".getBytes(StandardCharsets.US_ASCII), 0)));
    assertTrue(reject(raw(1, "{'descr': '<f8'".getBytes(StandardCharsets.US_ASCII), 0))
        .contains("(expected ',' or '}' at character 15)"));
    // dicts nested in keys and in values count towards the depth limit
    assertEquals("nesting too deep at character 33", headerError("{".repeat(40)));
    assertTrue(headerError("{'a': ".repeat(40)).startsWith("nesting too deep at character"));
    assertEquals("unsupported string escape at character 10", headerError("{'descr': '\n<f8'}"));
    assertEquals("'shape' is True, not a tuple of integers", headerError(dict("<f8", "False", "True")));
    assertEquals("'shape' is False, not a tuple of integers", headerError(dict("<f8", "False", "False")));
    assertTrue(reject(npy(1, "[1, 2]", 8)).contains("(it is not a dict): \"[1, 2]\"; "));
  }

  @Test
  void headersArePaddedLikeNumpy() throws IOException {
    // the first axis leaves room for 21 digits: with 10 digits, 11 spaces, and this header fits in 128 bytes
    assertEquals(128, Npy.header("<f8", new int[] {1000000000, 1, 1, 1, 1, 1, 1, 1}).length);
    // a version-1.0 header that would need 65590 bytes becomes version 2.0
    int[] ones = new int[21818];
    Arrays.fill(ones, 1);
    byte[] h = Npy.header("<f8", ones);
    assertEquals(2, h[6]);
    assertEquals(0, h.length % 64);
    byte[] img = Arrays.copyOf(h, h.length + 8);
    assertArrayEquals(ones, ok(img).shape());
  }
}
