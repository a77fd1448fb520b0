package lrnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lrnn.data.Dataset;
import lrnn.io.MalformedFileException;
import lrnn.io.NdArray;
import lrnn.io.Npy;
import lrnn.model.Dtype;
import lrnn.model.LinearRnn;
import lrnn.model.Sequences;

/** Reads the {@code --data} and {@code --init} directories of NumPy files, with errors that name the file. */
final class NpyInputs {

  private NpyInputs() {}

  /**
   * {@code x_train.npy, y_train.npy, x_test.npy, y_test.npy}: float64, shapes (N, L, n_x) and (N, L, n_y).
   */
  static Dataset dataset(Path dir) throws IOException {
    requireDir("--data", dir);
    Sequences xTrain = sequences(dir, "x_train", "(N, L, n_x)");
    Sequences yTrain = sequences(dir, "y_train", "(N, L, n_y)");
    Sequences xTest = sequences(dir, "x_test", "(N, L, n_x)");
    Sequences yTest = sequences(dir, "y_test", "(N, L, n_y)");
    try {
      return new Dataset(xTrain, yTrain, xTest, yTest);
    } catch (IllegalArgumentException e) {
      throw new MalformedFileException(dir.toString(), e.getMessage());
    }
  }

  static Sequences sequences(Path dir, String name, String dims) throws IOException {
    NdArray a = read(dir.resolve(name + ".npy"));
    a.requireRank(3, dims);
    a.requireFinite();
    int[] s = a.shape();
    if (s[0] == 0 || s[1] == 0 || s[2] == 0) {
      throw new MalformedFileException(a.source(), "has an empty dimension, shape " + NdArray.formatShape(s));
    }
    return Sequences.of(name, s[0], s[1], s[2], a.toDoubleArray());
  }

  /**
   * {@code W.npy (n, n), F.npy (n, n_x), C.npy (n_y, n)} and optionally {@code D.npy (n_y, n_x)}: the tilde
   * parameters of SPEC (3).
   */
  static LinearRnn rnn(Path dir, int nx, int ny) throws IOException {
    return rnn(dir, nx, ny, Dtype.FLOAT64);
  }

  /**
   * The width n that {@code DIR/W.npy} holds, from its header alone (for the memory plan and the run's cost before
   * W is read); 1 if the file is missing (reading it then fails with its own message).
   */
  static int width(Path dir) throws IOException {
    Path w = dir.resolve("W.npy");
    if (!Files.isRegularFile(w)) return 1;
    int[] shape = Npy.shape(w);
    return shape.length >= 1 && shape[0] >= 1 ? shape[0] : 1;
  }

  /** As {@link #rnn(Path, int, int)} with W~ stored in {@code dtype}; W.npy's array is handed over, not copied. */
  static LinearRnn rnn(Path dir, int nx, int ny, Dtype dtype) throws IOException {
    requireDir("--init", dir);
    NdArray w = read(dir.resolve("W.npy"));
    w.requireRank(2, "(n, n)");
    int n = w.dim(0);
    w.requireShape("(n, n)", n, n);
    NdArray f = read(dir.resolve("F.npy"));
    f.requireShape("(n, n_x) = (" + n + ", " + nx + ")", n, nx);
    NdArray c = read(dir.resolve("C.npy"));
    c.requireShape("(n_y, n) = (" + ny + ", " + n + ")", ny, n);
    Path dPath = dir.resolve("D.npy");
    double[] d = null;
    if (Files.exists(dPath)) {
      NdArray da = read(dPath);
      da.requireShape("(n_y, n_x) = (" + ny + ", " + nx + ")", ny, nx);
      da.requireFinite();
      d = da.toDoubleArray();
    }
    w.requireFinite();
    f.requireFinite();
    c.requireFinite();
    if (dtype == Dtype.FLOAT32) {
      return LinearRnn.ofTilde(n, nx, ny, w.asFloatArray(), f.toDoubleArray(), c.toDoubleArray(), d);
    }
    return LinearRnn.adoptTilde(n, nx, ny, w.asDoubleArray(), f.toDoubleArray(), c.toDoubleArray(), d);
  }

  /**
   * As {@link #width(Path)}, refusing an explicitly given {@code --n} that differs from W.npy's (a missing W.npy is
   * left to the reader, which names it).
   */
  static int width(Path dir, int n, boolean nGiven) throws IOException {
    int w = width(dir);
    if (nGiven && w != n && Files.isRegularFile(dir.resolve("W.npy"))) {
      throw new UsageException("--n " + n + " contradicts --init, whose W.npy has n = " + w + "; drop --n");
    }
    return w;
  }

  /** n_y of the RNN in {@code dir}: the first dimension of C.npy (n_y, n), from its header alone. */
  static int outputsOf(Path dir) throws IOException {
    requireDir("--init", dir);
    Path c = dir.resolve("C.npy");
    int[] s = shapeOf(c);
    if (s.length != 2 || s[0] < 1) {
      throw new MalformedFileException(c.toString(), "has shape " + NdArray.formatShape(s)
          + " but (n_y, n) with n_y >= 1 was expected");
    }
    return s[0];
  }

  /** The shape in a .npy file's header (nothing else is read), with {@link #read}'s message for a missing file. */
  static int[] shapeOf(Path file) throws IOException {
    requireFile(file);
    return Npy.shape(file);
  }

  private static void requireFile(Path file) throws MalformedFileException {
    if (!Files.isRegularFile(file)) {
      throw new MalformedFileException(file.toString(), "is missing (expected a NumPy .npy file)");
    }
  }

  private static NdArray read(Path file) throws IOException {
    requireFile(file);
    return Npy.read(file);
  }

  private static void requireDir(String option, Path dir) {
    if (!Files.isDirectory(dir)) throw new UsageException(option + " " + dir + " is not a directory");
  }
}
