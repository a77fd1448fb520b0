package lrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The row-streaming writer ({@link Npy#encodeRows}, used for NTK Grams and a wide W~ that must not be copied) writes
 * the very bytes of {@link Npy#write} for the same values — also for rows longer than one 64 KiB chunk and in
 * float32 — and {@link Npy#shape} reads a header alone.
 */
class NpyStreamingTest {

  @TempDir
  Path dir;

  static double value(int r, int c) {
    return Math.sin(1 + 0.37 * r + 1.7 * c) * (1 + r) / (1 + c % 7);
  }

  private byte[] viaWrite(int rows, int cols, boolean f32) throws IOException {
    Path f = dir.resolve("w" + rows + "x" + cols + (f32 ? "f" : "d") + ".npy");
    if (f32) {
      float[] a = new float[rows * cols];
      for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) a[r * cols + c] = (float) value(r, c);
      Npy.write(f, new int[] {rows, cols}, a);
    } else {
      double[] a = new double[rows * cols];
      for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) a[r * cols + c] = value(r, c);
      Npy.write(f, new int[] {rows, cols}, a);
    }
    return Files.readAllBytes(f);
  }

  private static byte[] viaRows(int rows, int cols, boolean f32) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] calls = {0};
    Npy.encodeRows(out, rows, cols, f32 ? NdArray.DType.FLOAT32 : NdArray.DType.FLOAT64, (r, dst) -> {
      assertEquals(cols, dst.length);
      assertEquals(calls[0]++, r, "rows are asked for in order, once each");
      for (int c = 0; c < cols; c++) dst[c] = f32 ? (float) value(r, c) : value(r, c);
    });
    assertEquals(rows, calls[0]);
    return out.toByteArray();
  }

  @Test
  void streamedRowsAreTheBytesOfAWholeWrite() throws IOException {
    // a row of 8193 doubles or 16385 floats is longer than one 64 KiB chunk; 1 x 1 and short rows too
    int[][] shapes = {{1, 1}, {3, 5}, {2, 8193}, {4, 16385}, {0, 3}, {5, 0}};
    for (int[] s : shapes) {
      for (boolean f32 : new boolean[] {false, true}) {
        assertArrayEquals(viaWrite(s[0], s[1], f32), viaRows(s[0], s[1], f32),
            s[0] + " x " + s[1] + (f32 ? " float32" : " float64"));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.encodeRows(out, 2, 3, (r, dst) -> java.util.Arrays.fill(dst, r));
    NdArray back = Npy.decode(out.toByteArray(), "mem");
    assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, back.toDoubleArray());
    assertThrows(IllegalArgumentException.class, () -> Npy.encodeRows(new ByteArrayOutputStream(), -1, 2, (r, d) -> {}));
    assertThrows(IllegalArgumentException.class, () -> Npy.encodeRows(new ByteArrayOutputStream(), 2, -1, (r, d) -> {}));
    assertThrows(NullPointerException.class, () -> Npy.encodeRows(new ByteArrayOutputStream(), 1, 1, null));
  }

  @Test
  void encodeWritesAWholeArrayToAStream() throws IOException {
    double[] a = {1, 2, 3, 4, 5, 6};
    Path f = dir.resolve("a.npy");
    Npy.write(f, new int[] {2, 3}, a);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.encode(NdArray.of(new int[] {2, 3}, a), out);
    assertArrayEquals(Files.readAllBytes(f), out.toByteArray());
  }

  @Test
  void shapeReadsTheHeaderAlone() throws IOException {
    Path f = dir.resolve("s.npy");
    Npy.write(f, new int[] {7, 3, 2}, new double[42]);
    assertArrayEquals(new int[] {7, 3, 2}, Npy.shape(f));
    Path g = dir.resolve("g.npy");
    Npy.write(g, new int[] {5, 5}, new float[25]);
    assertArrayEquals(new int[] {5, 5}, Npy.shape(g));
    // a truncated data part is still refused (the size check is part of reading the header)
    byte[] b = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.npy");
    Files.write(cut, java.util.Arrays.copyOf(b, b.length - 8));
    MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npy.shape(cut));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertThrows(MalformedFileException.class, () -> Npy.shape(dir));
    NoSuchFileException m = assertThrows(NoSuchFileException.class, () -> Npy.shape(dir.resolve("none.npy")));
    assertTrue(m.getMessage().contains("check the path"), m.getMessage());
  }
}
