package lrnn.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable n-dimensional array of float64 or float32 values in row-major (C) order, as read by
 * {@link Npy#read}: element {@code (i0, ..., ik)} of shape {@code (d0, ..., dk)} sits at flat index
 * {@code ((i0 d1 + i1) d2 + i2) ...}. A rank-0 array (shape {@code ()}) holds one scalar; an array
 * with a zero dimension holds none. The array remembers the name of its source (a file name, or
 * {@code "array"}) so that the checks below can name it in their messages.
 *
 * <p>Accessors return copies; values compare by dtype, shape and data (bitwise), not by source.
 */
public final class NdArray {

  /** The element types lrnn reads and writes, with their NumPy type strings. */
  public enum DType {
    /** IEEE double, {@code '<f8'} ({@code np.float64}). */
    FLOAT64("<f8", 8),
    /** IEEE single, {@code '<f4'} ({@code np.float32}). */
    FLOAT32("<f4", 4);

    private final String descr;
    private final int itemSize;

    DType(String descr, int itemSize) {
      this.descr = descr;
      this.itemSize = itemSize;
    }

    /** The NumPy type string, e.g. {@code "<f8"}. */
    public String descr() {
      return descr;
    }

    /** Bytes per element. */
    public int itemSize() {
      return itemSize;
    }
  }

  /** Largest element count this class accepts: the largest Java array the JVM can allocate. */
  static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private final String source;
  private final int[] shape;
  private final double[] doubles; // exactly one of doubles / floats is non-null
  private final float[] floats;

  private NdArray(String source, int[] shape, double[] doubles, float[] floats) {
    this.source = source;
    this.shape = shape;
    this.doubles = doubles;
    this.floats = floats;
  }

  /**
   * A float64 array of the given shape over a copy of {@code data} (row-major).
   *
   * @throws IllegalArgumentException if a dimension is negative or the product of {@code shape} is
   *     not {@code data.length}
   */
  public static NdArray of(int[] shape, double[] data) {
    int[] s = checkShape(shape, data.length);
    return new NdArray("array", s, data.clone(), null);
  }

  /** A float32 array; see {@link #of(int[], double[])}. */
  public static NdArray of(int[] shape, float[] data) {
    int[] s = checkShape(shape, data.length);
    return new NdArray("array", s, null, data.clone());
  }

  /** Takes ownership of the arrays (no copies): for readers in this package. */
  static NdArray wrap(String source, int[] shape, double[] doubles, float[] floats) {
    return new NdArray(source, shape, doubles, floats);
  }

  /** The float64 data itself, or null for float32; for writers in this package (not modified there). */
  double[] doublesNoCopy() {
    return doubles;
  }

  /** The float32 data itself, or null for float64; for writers in this package (not modified there). */
  float[] floatsNoCopy() {
    return floats;
  }

  /** The same values under another source name (used in messages). */
  public NdArray withSource(String newSource) {
    return new NdArray(Objects.requireNonNull(newSource, "newSource"), shape, doubles, floats);
  }

  private static int[] checkShape(int[] shape, int length) {
    int[] s = shape.clone();
    long n = 1;
    for (int d : s) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + formatShape(s));
      }
      n = n > Integer.MAX_VALUE ? (d == 0 ? 0 : n) : n * d; // saturates past 2^31, never overflows
    }
    if (n != length) {
      throw new IllegalArgumentException(
          "shape " + formatShape(s) + " holds " + n + " elements but the data has " + length);
    }
    return s;
  }

  /** The source name: a file name for arrays read from disk, otherwise {@code "array"}. */
  public String source() {
    return source;
  }

  /** The element type. */
  public DType dtype() {
    return doubles != null ? DType.FLOAT64 : DType.FLOAT32;
  }

  /** A copy of the shape; empty for a scalar. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions (0 for a scalar). */
  public int rank() {
    return shape.length;
  }

  /** Extent along {@code axis}. */
  public int dim(int axis) {
    return shape[axis];
  }

  /** Number of elements (the product of the shape; 1 for a scalar). */
  public int size() {
    return doubles != null ? doubles.length : floats.length;
  }

  /** Element at a flat row-major index, widened to double. */
  public double getFlat(int flatIndex) {
    return doubles != null ? doubles[flatIndex] : floats[flatIndex];
  }

  /**
   * Element at a multi-index, widened to double.
   *
   * @throws IndexOutOfBoundsException if the index has the wrong length or is out of range
   */
  public double get(int... index) {
    if (index.length != shape.length) {
      throw new IndexOutOfBoundsException(
          "index of length " + index.length + " for an array of rank " + shape.length);
    }
    int flat = 0;
    for (int a = 0; a < shape.length; a++) {
      flat = flat * shape[a] + Objects.checkIndex(index[a], shape[a]);
    }
    return getFlat(flat);
  }

  /**
   * The data as float64 without a copy when stored as float64 (the array itself: for handing a large array
   * over, e.g. to {@code LinearRnn.adoptTilde}, when this NdArray is no longer used), else a widened copy.
   */
  public double[] asDoubleArray() {
    return doubles != null ? doubles : toDoubleArray();
  }

  /** As {@link #asDoubleArray()} for float32: the array itself when stored as float32, else a rounded copy. */
  public float[] asFloatArray() {
    return floats != null ? floats : toFloatArray();
  }

  /** Whether the data are stored as float32. */
  public boolean isFloat32() {
    return floats != null;
  }

  /** A copy of the data in row-major order; float32 values are widened exactly. */
  public double[] toDoubleArray() {
    if (doubles != null) {
      return doubles.clone();
    }
    double[] out = new double[floats.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = floats[i];
    }
    return out;
  }

  /** A copy of the data in row-major order; float64 values are rounded to the nearest float. */
  public float[] toFloatArray() {
    if (floats != null) {
      return floats.clone();
    }
    float[] out = new float[doubles.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) doubles[i];
    }
    return out;
  }

  /**
   * Checks the rank. On failure the message reads, e.g., {@code "x_train.npy has shape (50, 20) but
   * (N, L, n_x) with 3 dimensions was expected"}.
   *
   * @param rank the expected number of dimensions
   * @param dims how the dimensions are called, e.g. {@code "(N, L, n_x)"}; may be empty
   * @return this array
   * @throws MalformedFileException if the rank differs
   */
  public NdArray requireRank(int rank, String dims) throws MalformedFileException {
    if (shape.length != rank) {
      throw new MalformedFileException(source, source + " has shape " + formatShape(shape) + " but "
          + (dims.isEmpty() ? "" : dims + " with ") + rank + (rank == 1 ? " dimension" : " dimensions")
          + " was expected");
    }
    return this;
  }

  /**
   * Checks the rank and each dimension; {@code -1} in {@code expected} matches any extent. On
   * failure the message reads, e.g., {@code "y.npy has shape (50, 20, 2) but (N, L, 1) = (any, any,
   * 1) was expected"}.
   *
   * @param dims how the dimensions are called, e.g. {@code "(N, L, n_y)"}; may be empty
   * @return this array
   * @throws MalformedFileException if the shape does not match
   */
  public NdArray requireShape(String dims, int... expected) throws MalformedFileException {
    requireRank(expected.length, dims);
    for (int a = 0; a < expected.length; a++) {
      if (expected[a] >= 0 && expected[a] != shape[a]) {
        StringBuilder want = new StringBuilder("(");
        for (int b = 0; b < expected.length; b++) {
          want.append(b == 0 ? "" : ", ").append(expected[b] < 0 ? "any" : Integer.toString(expected[b]));
        }
        want.append(expected.length == 1 ? ",)" : ")");
        throw new MalformedFileException(source, source + " has shape " + formatShape(shape) + " but "
            + (dims.isEmpty() ? "" : dims + " = ") + want + " was expected (axis " + a + " differs)");
      }
    }
    return this;
  }

  /**
   * Checks that no element is NaN or infinite; see {@link Npy#requireFinite(String, int[], double[])}.
   *
   * @return this array
   * @throws MalformedFileException naming the first offending element
   */
  public NdArray requireFinite() throws MalformedFileException {
    for (int i = 0, n = size(); i < n; i++) {
      double v = getFlat(i);
      if (!Double.isFinite(v)) {
        throw Npy.notFinite(source, shape, i, v);
      }
    }
    return this;
  }

  /** A shape as Python prints it: {@code ()}, {@code (3,)}, {@code (3, 4)}. */
  public static String formatShape(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int a = 0; a < shape.length; a++) {
      sb.append(a == 0 ? "" : ", ").append(shape[a]);
    }
    return sb.append(')').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NdArray other && Arrays.equals(shape, other.shape)
        && Arrays.equals(doubles, other.doubles) && Arrays.equals(floats, other.floats);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + (doubles != null ? Arrays.hashCode(doubles) : Arrays.hashCode(floats));
  }

  @Override
  public String toString() {
    return "NdArray[" + source + ", " + dtype().descr() + ", shape " + formatShape(shape) + "]";
  }
}
