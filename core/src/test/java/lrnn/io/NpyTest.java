package lrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

  @TempDir
  Path dir;

  /** Reference files written by numpy 2.4.6 with test resource npy/generate.py. */
  static byte[] reference(String name) throws IOException {
    try (InputStream in = NpyTest.class.getResourceAsStream("/npy/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /npy/" + name);
      }
      return in.readAllBytes();
    }
  }

  private NdArray readRef(String name) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, reference(name));
    return Npy.read(p);
  }

  private MalformedFileException rejectRef(String name) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, reference(name));
    return assertThrows(MalformedFileException.class, () -> Npy.read(p));
  }

  private static MalformedFileException reject(byte[] bytes) {
    return assertThrows(MalformedFileException.class, () -> Npy.decode(bytes, "x.npy"));
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "message lacks '" + part + "': " + message);
    }
  }

  /** A hand-made .npy image with the given header text (padded like numpy) and data bytes. */
  static byte[] npy(int major, String dict, int dataBytes) {
    String h = dict;
    int fixed = major == 1 ? 10 : 12;
    h = h + " ".repeat(64 - (fixed + h.length() + 1) % 64) + "\n";
    byte[] text = h.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(fixed + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      b.putShort((short) text.length);
    } else {
      b.putInt(text.length);
    }
    b.put(text);
    return b.array();
  }

  static String dict(String descr, String fortran, String shape) {
    return "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
  }

  // ----------------------------------------------------------------------------- numpy references

  @Test
  void readsNumpyFloat64COrder3d() throws IOException {
    NdArray a = readRef("f8_c_2x3x4.npy");
    assertEquals(NdArray.DType.FLOAT64, a.dtype());
    assertArrayEquals(new int[] {2, 3, 4}, a.shape());
    double[] want = new double[24];
    for (int i = 0; i < 24; i++) {
      want[i] = i / 7.0 - 1.5;
    }
    want[0] = -0.0;
    want[23] = 1e-300;
    assertArrayEquals(want, a.toDoubleArray()); // bitwise via Double.equals semantics
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(a.get(0, 0, 0)));
    assertEquals(7 / 7.0 - 1.5, a.get(0, 1, 3));
    assertTrue(a.source().endsWith("f8_c_2x3x4.npy"));
  }

  @Test
  void readsNumpyFloat32IntoFloatsAndDoubles() throws IOException {
    NdArray a = readRef("f4_3x5.npy");
    assertEquals(NdArray.DType.FLOAT32, a.dtype());
    assertArrayEquals(new int[] {3, 5}, a.shape());
    float[] want = new float[15];
    double[] wantD = new double[15];
    for (int i = 0; i < 15; i++) {
      want[i] = i / 3f;
      wantD[i] = want[i];
    }
    assertArrayEquals(want, a.toFloatArray());
    assertArrayEquals(wantD, a.toDoubleArray());
  }

  @Test
  void readsVersion2And3Headers() throws IOException {
    NdArray v2 = readRef("f8_v2_2x3.npy");
    assertArrayEquals(new int[] {2, 3}, v2.shape());
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1.0, 1.25}, v2.toDoubleArray());
    NdArray v3 = readRef("f4_v3_4.npy");
    assertArrayEquals(new float[] {1.5f, -2f, 3.25f, (float) Math.PI}, v3.toFloatArray());
  }

  @Test
  void readsScalarsEmptyArraysAndVectors() throws IOException {
    NdArray s = readRef("f8_scalar.npy");
    assertEquals(0, s.rank());
    assertEquals(1, s.size());
    assertEquals(2.718281828459045, s.get());
    NdArray z = readRef("f8_0x3.npy");
    assertArrayEquals(new int[] {0, 3}, z.shape());
    assertEquals(0, z.size());
    NdArray v = readRef("f8_1d_7.npy");
    assertArrayEquals(new int[] {7}, v.shape());
    assertEquals(1.0 / 6, v.getFlat(1), 1e-16);
  }

  @Test
  void writesTheSameBytesAsNumpy() throws IOException {
    for (String name : new String[] {"f8_c_2x3x4.npy", "f4_3x5.npy", "f8_scalar.npy", "f8_0x3.npy",
        "f8_1d_7.npy", "f8_nan_2x3.npy"}) {
      byte[] ref = reference(name);
      NdArray a = Npy.decode(ref, name);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Npy.encode(a, out);
      assertArrayEquals(ref, out.toByteArray(), name);
      Path p = dir.resolve("copy-" + name);
      Npy.write(p, a);
      assertArrayEquals(ref, Files.readAllBytes(p), name);
    }
  }

  @Test
  void rejectsBigEndian() throws IOException {
    assertContains(rejectRef("f8_big_endian_4.npy").getMessage(),
        "f8_big_endian_4.npy", "big-endian", "'>f8'", "astype('<f8')");
  }

  @Test
  void rejectsFortranOrder() throws IOException {
    assertContains(rejectRef("f8_fortran_3x4.npy").getMessage(),
        "f8_fortran_3x4.npy", "Fortran", "np.ascontiguousarray");
  }

  @Test
  void rejectsOtherDtypes() throws IOException {
    assertContains(rejectRef("i8_5.npy").getMessage(), "i8_5.npy", "integer dtype", "'<i8'",
        "astype(np.float64)");
    assertContains(rejectRef("c16_2.npy").getMessage(), "complex", "'<c16'");
    assertContains(reject(npy(1, dict("|O", "False", "(2,)"), 16)).getMessage(), "object dtype");
    assertContains(reject(npy(1, dict("<f2", "False", "(2,)"), 4)).getMessage(), "'<f2'");
    assertContains(reject(npy(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }", 16))
        .getMessage(), "structured dtype");
  }

  @Test
  void fortranOrderIsFineForVectors() throws IOException {
    byte[] b = npy(1, dict("<f8", "True", "(2,)"), 16);
    assertArrayEquals(new int[] {2}, Npy.decode(b, "v.npy").shape());
  }

  // ---------------------------------------------------------------------------- hand-made errors

  @Test
  void rejectsEmptyFile() throws IOException {
    Path p = dir.resolve("empty.npy");
    Files.write(p, new byte[0]);
    assertContains(assertThrows(MalformedFileException.class, () -> Npy.read(p)).getMessage(),
        "empty.npy", "is empty", "np.save");
  }

  @Test
  void missingFileNamesThePath() {
    Path p = dir.resolve("nope/x_train.npy");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Npy.read(p));
    assertContains(e.getMessage(), p.toString(), "no such file");
    assertThrows(MalformedFileException.class, () -> Npy.read(dir)); // a directory
  }

  @Test
  void rejectsBadMagicAndVersion() {
    assertContains(reject("a,b\n1,2\n".getBytes(StandardCharsets.US_ASCII)).getMessage(),
        "x.npy", "not a .npy file", "magic", "61 2c 62");
    assertContains(reject(new byte[] {(byte) 0x93, 'N', 'U'}).getMessage(), "not a .npy file");
    byte[] b = npy(1, dict("<f8", "False", "(1,)"), 8);
    b[6] = 4;
    assertContains(reject(b).getMessage(), "version 4.0", "not supported");
  }

  @Test
  void rejectsTruncatedHeaderAndData() {
    byte[] b = npy(1, dict("<f8", "False", "(3, 4)"), 96);
    assertContains(reject(Arrays.copyOf(b, 9)).getMessage(), "truncated", "header length");
    assertContains(reject(Arrays.copyOf(b, 40)).getMessage(), "truncated", "header claims");
    assertContains(reject(Arrays.copyOf(b, b.length - 1)).getMessage(), "truncated", "(3, 4)",
        "95 data bytes");
    assertContains(reject(Arrays.copyOf(b, b.length + 5)).getMessage(), "5 bytes after the data");
  }

  @Test
  void rejectsHugeShapesBeforeAllocating() {
    // 2^31-1 squared elements with 16 data bytes: refused from the file size, nothing allocated.
    assertContains(reject(npy(1, dict("<f8", "False", "(2147483647, 2147483647, 2147483647)"), 16))
        .getMessage(), "truncated or its header is corrupt", "over 2147483647 elements", "16 data bytes");
    assertContains(reject(npy(1, dict("<f8", "False", "(99999999999999999999999,)"), 16)).getMessage(),
        "99999999999999999999999", "larger than a Java array");
    // zero times a large dimension is fine
    assertEquals(0, assertDoesNotThrow(npy(1, dict("<f8", "False", "(0, 2147483647)"), 0)).size());
  }

  private static NdArray assertDoesNotThrow(byte[] b) {
    try {
      return Npy.decode(b, "ok.npy");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void rejectsBadDimensionsAndHeaders() {
    assertContains(reject(npy(1, dict("<f8", "False", "(-2, 3)"), 0)).getMessage(), "negative dimension -2");
    assertContains(reject(npy(1, dict("<f8", "False", "(2.5,)"), 16)).getMessage(), "2.5",
        "not a non-negative integer");
    assertContains(reject(npy(1, dict("<f8", "False", "[2]"), 16)).getMessage(), "not a tuple");
    assertContains(reject(npy(1, dict("<f8", "False", "2"), 16)).getMessage(), "not a tuple");
    assertContains(reject(npy(1, "{'descr': '<f8', 'shape': (2,), }", 16)).getMessage(),
        "lacks the key 'fortran_order'");
    assertContains(reject(npy(1, dict("<f8", "False", "(2,)") + "x", 16)).getMessage(), "malformed");
    assertContains(reject(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", 16))
        .getMessage(), "unexpected key");
    assertContains(reject(npy(1, dict("<f8", "0", "(2,)"), 16)).getMessage(), "'fortran_order' is 0");
    assertContains(reject(npy(1, "(".repeat(5000), 16)).getMessage(), "nesting too deep");
    // Python 2 long suffix is accepted
    assertArrayEquals(new int[] {2}, assertDoesNotThrow(npy(1, dict("<f8", "False", "(2L,)"), 16)).shape());
  }

  // -------------------------------------------------------------------------------- round trips

  @Test
  void roundTripsShapesIncludingZeroDimsAndScalars() throws IOException {
    int[][] shapes = {{}, {0}, {5}, {2, 0, 3}, {3, 1, 2}, {1, 1, 1, 1}};
    for (int[] shape : shapes) {
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      double[] d = new double[n];
      float[] f = new float[n];
      for (int i = 0; i < n; i++) {
        d[i] = Math.scalb(Math.sin(i + 1.0), i - 3);
        f[i] = (float) d[i];
      }
      Path pd = dir.resolve("d.npy");
      Npy.write(pd, shape, d);
      NdArray rd = Npy.read(pd);
      assertArrayEquals(shape, rd.shape());
      assertArrayEquals(d, rd.toDoubleArray());
      assertEquals(0, Files.size(pd) % 64 == 0 ? 0 : (Files.size(pd) - n * 8L) % 64);
      Path pf = dir.resolve("f.npy");
      Npy.write(pf, shape, f);
      NdArray rf = Npy.read(pf);
      assertEquals(NdArray.DType.FLOAT32, rf.dtype());
      assertArrayEquals(f, rf.toFloatArray());
      assertEquals(NdArray.of(shape, f), rf);
    }
  }

  @Test
  void writesLargeArraysInChunks() throws IOException {
    int n = 100_003; // more than one 64 KiB chunk, not a multiple of it
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i * 0.5 - 7;
    }
    Path p = dir.resolve("big.npy");
    Npy.write(p, new int[] {n}, d);
    assertArrayEquals(d, Npy.read(p).toDoubleArray());
    assertEquals(128 + 8L * n, Files.size(p));
  }

  /** A hand-made (writer-independent) .npy image of {@code n} elements, 2-d shape (rows, n / rows). */
  private static byte[] bigNpy(String descr, int rows, int n, boolean f64) {
    byte[] img = npy(1, dict(descr, "False", "(" + rows + ", " + n / rows + ")"), n * (f64 ? 8 : 4));
    ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
    b.position(img.length - n * (f64 ? 8 : 4));
    for (int i = 0; i < n; i++) {
      if (f64) b.putDouble(i / 7.0 - 3); else b.putFloat(i * 0.25f - 100);
    }
    return img;
  }

  @Test
  void readsFloat32ArraysSpanningManyChunks() throws IOException {
    int rows = 100, n = 100_000; // 400 000 data bytes: six full 64 KiB chunks and a partial one
    byte[] img = bigNpy("<f4", rows, n, false);
    Path p = dir.resolve("big32.npy");
    Files.write(p, img);
    for (NdArray a : new NdArray[] {Npy.read(p), Npy.decode(img, "big32.npy")}) {
      assertEquals(NdArray.DType.FLOAT32, a.dtype());
      assertArrayEquals(new int[] {rows, n / rows}, a.shape());
      float[] f = a.toFloatArray();
      for (int i = 0; i < n; i++) {
        if (f[i] != i * 0.25f - 100) throw new AssertionError("element " + i + " = " + f[i] + ", expected " + (i * 0.25f - 100));
      }
      assertEquals(99_999 * 0.25 - 100, a.get(rows - 1, n / rows - 1));
      assertEquals(16_384 * 0.25 - 100, a.getFlat(16_384)); // first element of the second chunk
    }
  }

  @Test
  void readsFloat64ArraysSpanningManyChunks() throws IOException {
    int rows = 8, n = 100_000; // 800 000 data bytes: twelve full 64 KiB chunks and a partial one
    byte[] img = bigNpy("<f8", rows, n, true);
    Path p = dir.resolve("big64.npy");
    Files.write(p, img);
    for (NdArray a : new NdArray[] {Npy.read(p), Npy.decode(img, "big64.npy")}) {
      assertEquals(NdArray.DType.FLOAT64, a.dtype());
      double[] d = a.toDoubleArray();
      for (int i = 0; i < n; i++) {
        if (d[i] != i / 7.0 - 3) throw new AssertionError("element " + i + " = " + d[i] + ", expected " + (i / 7.0 - 3));
      }
      assertEquals(8_192 / 7.0 - 3, a.getFlat(8_192)); // first element of the second chunk
    }
  }

  @Test
  void writeRejectsInconsistentShape() {
    assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("a.npy"), new int[] {2, 2}, new double[3]));
    assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("a.npy"), new int[] {-1}, new double[0]));
    assertTrue(Files.notExists(dir.resolve("a.npy")));
  }

  @Test
  void veryLongHeadersUseVersion2() {
    int[] shape = new int[70_000 / 3];
    Arrays.fill(shape, 1);
    byte[] h = Npy.header("<f8", shape);
    assertEquals(2, h[6]);
    assertEquals(0, h.length % 64);
  }

  // -------------------------------------------------------------------------------- checks

  @Test
  void shapeChecksNameTheFileAndTheExpectedShape() throws IOException {
    Path p = dir.resolve("x_train.npy");
    Npy.write(p, new int[] {50, 20}, new double[1000]);
    NdArray a = Npy.read(p);
    MalformedFileException e = assertThrows(MalformedFileException.class, () -> a.requireRank(3, "(N, L, n_x)"));
    assertEquals(p + " has shape (50, 20) but (N, L, n_x) with 3 dimensions was expected", e.getMessage());
    assertEquals(a, a.requireRank(2, "(N, L)"));
    assertEquals(a, a.requireShape("(N, L)", -1, 20));
    assertContains(assertThrows(MalformedFileException.class, () -> a.requireShape("(N, L)", 50, 21))
        .getMessage(), "x_train.npy has shape (50, 20) but (N, L) = (50, 21) was expected", "axis 1");
  }

  @Test
  void finitenessChecksNameTheFirstBadElement() throws IOException {
    NdArray a = readRef("f8_nan_2x3.npy");
    assertContains(assertThrows(MalformedFileException.class, a::requireFinite).getMessage(),
        "f8_nan_2x3.npy", "element 4 (flat) = [1, 1] of shape (2, 3) is NaN", "finite");
    double[] d = {1, 2, Double.NEGATIVE_INFINITY, Double.NaN};
    assertContains(assertThrows(MalformedFileException.class, () -> Npy.requireFinite("w", d)).getMessage(),
        "w: element [2] is -Inf");
    assertContains(assertThrows(MalformedFileException.class,
        () -> Npy.requireFinite("y_test.npy", new int[] {2, 1, 2}, d)).getMessage(),
        "y_test.npy: element 2 (flat) = [1, 0, 0] of shape (2, 1, 2) is -Inf");
    Npy.requireFinite("ok", new int[] {2, 2}, new double[] {1, 2, 3, 4});
    Npy.requireFinite("scalar", new int[0], new double[] {1});
    assertThrows(IllegalArgumentException.class, () -> Npy.requireFinite("bad", new int[] {3}, d));
  }

  @Test
  void ndArrayIsAnImmutableValue() {
    double[] d = {1, 2, 3, 4, 5, 6};
    int[] s = {2, 3};
    NdArray a = NdArray.of(s, d);
    d[0] = 99;
    s[0] = 99;
    assertEquals(1, a.get(0, 0));
    a.toDoubleArray()[1] = 99;
    a.shape()[1] = 99;
    assertEquals(2, a.get(0, 1));
    assertEquals(6, a.get(1, 2));
    assertEquals(3, a.dim(1));
    assertThrows(IndexOutOfBoundsException.class, () -> a.get(2, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> a.get(0));
    assertEquals(a, NdArray.of(new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6}).withSource("other"));
    assertEquals("(2, 3)", NdArray.formatShape(a.shape()));
    assertEquals("(7,)", NdArray.formatShape(new int[] {7}));
    assertEquals("()", NdArray.formatShape(new int[0]));
  }
}
