package lrnn.train;

import lrnn.model.Convolution;
import lrnn.model.ImpulseResponse;
import lrnn.model.LinearRnn;
import lrnn.util.Require;
import lrnn.util.ShapeMismatchException;

/**
 * The model types that a {@link Checkpoint} can hold, with their flat encoding: a few dimensions and one
 * array of doubles from which the model is rebuilt bit for bit.
 *
 * <ul>
 *   <li>{@link #LINEAR_RNN} (code 1): dims {@code (n, n_x, n_y, hasD[, float32])}; doubles W~, F~, C~[, D~]
 *       row-major. The fifth dim (1 for a float32 W~, whose values are stored widened, exactly) is written
 *       for float32 RNNs only, so float64 checkpoints keep the four dims of earlier versions.</li>
 *   <li>{@link #CONVOLUTION} (code 2): dims {@code (K, n_y, n_x)}; doubles lambda (K), then the effective
 *       coefficients G {@code (K, n_y, n_x)}.</li>
 * </ul>
 *
 * @param <M> the model type
 */
public abstract sealed class ModelKind<M> permits ModelKind.Rnn, ModelKind.Conv {

  /** The linear RNN (tilde parameters). */
  public static final ModelKind<LinearRnn> LINEAR_RNN = new Rnn();
  /** A scaled or unscaled convolution (lambda and G). */
  public static final ModelKind<Convolution> CONVOLUTION = new Conv();

  private final int code;
  private final String description;
  private final Class<M> type;

  private ModelKind(int code, String description, Class<M> type) {
    this.code = code;
    this.description = description;
    this.type = type;
  }

  /** The code stored in the file. */
  public int code() {
    return code;
  }

  /** "a linear RNN" or "a convolution". */
  public String description() {
    return description;
  }

  public Class<M> type() {
    return type;
  }

  /** The kind with this file code, or null. */
  static ModelKind<?> ofCode(int code) {
    return code == 1 ? LINEAR_RNN : code == 2 ? CONVOLUTION : null;
  }

  abstract long[] dims(M model);

  /** Number of doubles the model with these (already validated) dims has. */
  abstract long parameterCount(long[] dims);

  /** Checks dims read from a file; returns null if fine, else what is wrong. */
  abstract String checkDims(long[] dims);

  abstract double[] parameters(M model);

  /** Where {@link #writeParameters} sends the parameters, a slice at a time. */
  @FunctionalInterface
  interface DoubleSink {
    void write(double[] a, int off, int len) throws java.io.IOException;
  }

  /** Where {@link #readParameters} takes them from: fills {@code a[off … off+len)}. */
  @FunctionalInterface
  interface DoubleSource {
    void read(double[] a, int off, int len) throws java.io.IOException;
  }

  /**
   * Streams the parameters in the order of {@link #parameters} without a flat copy of them (for a wide RNN
   * the checkpoint then costs no n x n array besides the model's own).
   */
  void writeParameters(M model, DoubleSink out) throws java.io.IOException {
    double[] p = parameters(model);
    out.write(p, 0, p.length);
  }

  /** Reads the parameters written by {@link #writeParameters} straight into the new model's arrays. */
  M readParameters(long[] dims, DoubleSource in) throws java.io.IOException {
    double[] p = new double[Require.arraySize("checkpoint parameters", parameterCount(dims))];
    in.read(p, 0, p.length);
    return decode(dims, p);
  }

  /** Heap that {@link #readParameters} allocates for a model with these dims. */
  long heapBytes(long[] dims) {
    return lrnn.util.Memory.doubles(parameterCount(dims));
  }

  abstract M decode(long[] dims, double[] params);

  @Override
  public String toString() {
    return description;
  }

  static final class Rnn extends ModelKind<LinearRnn> {
    private Rnn() {
      super(1, "a linear RNN", LinearRnn.class);
    }

    @Override
    long[] dims(LinearRnn m) {
      if (m.dtype() == lrnn.model.Dtype.FLOAT32) return new long[] {m.n(), m.nx(), m.ny(), m.hasD() ? 1 : 0, 1};
      return new long[] {m.n(), m.nx(), m.ny(), m.hasD() ? 1 : 0};
    }

    @Override
    String checkDims(long[] d) {
      if (d.length != 4 && d.length != 5) return "a linear RNN has 4 or 5 dimensions, the file has " + d.length;
      for (int i = 0; i < 3; i++) if (d[i] < 1 || d[i] > Integer.MAX_VALUE) return "dimension " + i + " = " + d[i];
      if (d[3] != 0 && d[3] != 1) return "the D flag is " + d[3];
      if (d.length == 5 && d[4] != 0 && d[4] != 1) return "the float32 flag is " + d[4];
      return null;
    }

    @Override
    long parameterCount(long[] d) {
      return d[0] * d[0] + d[0] * d[1] + d[2] * d[0] + d[3] * d[2] * d[1];
    }

    @Override
    double[] parameters(LinearRnn m) {
      return concat(m.wTilde(), m.fTilde(), m.cTilde(), m.hasD() ? m.dTilde() : new double[0]);
    }

    @Override
    void writeParameters(LinearRnn m, DoubleSink out) throws java.io.IOException {
      int n = m.n();
      double[] row = new double[n];
      for (int i = 0; i < n; i++) {
        m.copyWTildeRow(i, row);
        out.write(row, 0, n);
      }
      double[] f = m.fTilde(), c = m.cTilde();
      out.write(f, 0, f.length);
      out.write(c, 0, c.length);
      if (m.hasD()) {
        double[] d = m.dTilde();
        out.write(d, 0, d.length);
      }
    }

    @Override
    LinearRnn readParameters(long[] d, DoubleSource in) throws java.io.IOException {
      int n = (int) d[0], nx = (int) d[1], ny = (int) d[2];
      double[] f = new double[n * nx], c = new double[ny * n], dd = d[3] == 1 ? new double[ny * nx] : null;
      LinearRnn rnn;
      if (d.length == 5 && d[4] == 1) {
        float[] w = new float[Require.arraySize("W~ (n x n)", (long) n * n)];
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
          in.read(row, 0, n);
          for (int j = 0; j < n; j++) w[i * n + j] = (float) row[j]; // exact: the values were floats
        }
        readRest(in, f, c, dd);
        rnn = LinearRnn.adoptTilde(n, nx, ny, w, f, c, dd);
      } else {
        double[] w = new double[Require.arraySize("W~ (n x n)", (long) n * n)];
        in.read(w, 0, w.length);
        readRest(in, f, c, dd);
        rnn = LinearRnn.adoptTilde(n, nx, ny, w, f, c, dd);
      }
      return rnn;
    }

    private static void readRest(DoubleSource in, double[] f, double[] c, double[] d) throws java.io.IOException {
      in.read(f, 0, f.length);
      in.read(c, 0, c.length);
      if (d != null) in.read(d, 0, d.length);
    }

    @Override
    long heapBytes(long[] d) {
      long n2 = d[0] * d[0];
      boolean f32 = d.length == 5 && d[4] == 1;
      return (f32 ? 4 : 8) * n2 + lrnn.util.Memory.doubles(parameterCount(d) - n2);
    }

    @Override
    LinearRnn decode(long[] d, double[] p) {
      int n = (int) d[0], nx = (int) d[1], ny = (int) d[2];
      int a = n * n, b = a + n * nx, c = b + ny * n;
      if (d.length == 5 && d[4] == 1) {
        float[] w = new float[a];
        for (int i = 0; i < a; i++) w[i] = (float) p[i]; // exact: the values were floats
        return LinearRnn.ofTilde(n, nx, ny, w, java.util.Arrays.copyOfRange(p, a, b),
            java.util.Arrays.copyOfRange(p, b, c), d[3] == 1 ? java.util.Arrays.copyOfRange(p, c, p.length) : null);
      }
      return LinearRnn.ofTilde(n, nx, ny, java.util.Arrays.copyOfRange(p, 0, a),
          java.util.Arrays.copyOfRange(p, a, b), java.util.Arrays.copyOfRange(p, b, c),
          d[3] == 1 ? java.util.Arrays.copyOfRange(p, c, p.length) : null);
    }
  }

  static final class Conv extends ModelKind<Convolution> {
    private Conv() {
      super(2, "a convolution", Convolution.class);
    }

    @Override
    long[] dims(Convolution m) {
      ImpulseResponse g = m.coefficients();
      return new long[] {g.lags(), g.ny(), g.nx()};
    }

    @Override
    String checkDims(long[] d) {
      if (d.length != 3) return "a convolution has 3 dimensions, the file has " + d.length;
      for (int i = 0; i < 3; i++) if (d[i] < 1 || d[i] > Integer.MAX_VALUE) return "dimension " + i + " = " + d[i];
      return null;
    }

    @Override
    long parameterCount(long[] d) {
      return d[0] + d[0] * d[1] * d[2];
    }

    @Override
    double[] parameters(Convolution m) {
      return concat(m.lambda(), m.coefficients().toArray());
    }

    @Override
    Convolution decode(long[] d, double[] p) {
      int k = (int) d[0], ny = (int) d[1], nx = (int) d[2];
      ImpulseResponse g = ImpulseResponse.of(k, ny, nx, java.util.Arrays.copyOfRange(p, k, p.length));
      return Convolution.scaled(java.util.Arrays.copyOf(p, k), g);
    }
  }

  private static double[] concat(double[]... parts) {
    long len = 0;
    for (double[] a : parts) len += a.length;
    double[] out = new double[Require.arraySize("checkpoint parameters", len)];
    int o = 0;
    for (double[] a : parts) {
      System.arraycopy(a, 0, out, o, a.length);
      o += a.length;
    }
    return out;
  }

  /** Checks that {@code model} is of this kind (for generic callers). */
  M cast(Object model) {
    if (!type.isInstance(model)) {
      throw new ShapeMismatchException("the model is " + (model == null ? "null" : model.getClass().getSimpleName())
          + ", not " + description);
    }
    return type.cast(model);
  }
}
