package lrnn.train;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import lrnn.util.Memory;
import lrnn.util.Require;

/**
 * The state of a gradient-descent run after {@link #step()} updates, enough to continue it on the identical
 * trajectory: the model {@code theta_step}, the options (eta, total steps, explosion factor), the initial loss
 * (for the divergence guard) and the losses of steps {@code 0 … step-1}. Immutable.
 *
 * <p>File format, version 2 (big-endian, {@link DataOutputStream} encoding; version 1 files, which lack the
 * attachment, are still read):
 * <pre>
 *   bytes  0- 7  magic "LRNNCKPT" (ASCII)
 *   int          format version (2)
 *   int          model kind ({@link ModelKind#code()}: 1 = linear RNN, 2 = convolution)
 *   int          step (updates applied; the next step to run)
 *   int          total steps of the run
 *   double       eta
 *   double       explosion factor
 *   double       initial loss (NaN before step 0 was evaluated)
 *   int          number of dims d, then d longs (see {@link ModelKind})
 *   int          number of losses (= step), then that many doubles
 *   int          number of attachment doubles a, then a doubles (version 2 only; the caller's own state at
 *                this step, e.g. an experiment's logged curves; see {@link #attachment()})
 *   long         number of parameters p, then p doubles (see {@link ModelKind}; streamed, never copied whole)
 *   int          CRC32 of every byte before it
 * </pre>
 * Reading verifies magic, version, the size the header announces, the CRC32, then kind and dims, and throws
 * {@link CheckpointException} naming the problem. Files are written atomically (temporary file in the same
 * directory, fsync, atomic rename): a reader sees the previous checkpoint or the new one, never a mix.
 */
public final class Checkpoint<M> {

  /** The format version this build writes (it also reads version 1). */
  public static final int VERSION = 2;

  private static final byte[] MAGIC = "LRNNCKPT".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_DIMS = 16;

  private final ModelKind<M> kind;
  private final int step;
  private final GradientDescent.Options options;
  private final double initialLoss;
  private final double[] losses;
  private final M model;
  private final double[] attachment;

  /**
   * @param losses the training losses of steps {@code 0 … step-1} (copied); its length must be {@code step}
   */
  public Checkpoint(ModelKind<M> kind, int step, GradientDescent.Options options, double initialLoss,
                    double[] losses, M model) {
    this(kind, step, options, initialLoss, losses, model, new double[0]);
  }

  /**
   * As {@link #Checkpoint(ModelKind, int, GradientDescent.Options, double, double[], Object)} with the caller's
   * own state at this step ({@code attachment}, copied; e.g. an experiment's logged curves so far), which is
   * written and read back with the model, in the same atomic file.
   */
  public Checkpoint(ModelKind<M> kind, int step, GradientDescent.Options options, double initialLoss,
                    double[] losses, M model, double[] attachment) {
    Require.nonNull("model kind", kind);
    Require.nonNull("options", options);
    Require.inRange("checkpoint step", step, 0, options.steps());
    Require.length("losses (one per step before the checkpoint)", losses, step);
    if (step > 0) Require.finite("initial loss", initialLoss);
    this.kind = kind;
    this.step = step;
    this.options = options;
    this.initialLoss = initialLoss;
    this.losses = losses.clone();
    this.model = kind.cast(Require.nonNull("model", model));
    this.attachment = Require.nonNull("attachment", attachment).clone();
  }

  public ModelKind<M> kind() {
    return kind;
  }

  /** Updates applied so far; the step a resumed run starts at. */
  public int step() {
    return step;
  }

  public GradientDescent.Options options() {
    return options;
  }

  /** The loss at step 0 (NaN if the run had not evaluated it). */
  public double initialLoss() {
    return initialLoss;
  }

  /** A copy of the losses of steps {@code 0 … step-1}. */
  public double[] losses() {
    return losses.clone();
  }

  /** The model after {@link #step()} updates. */
  public M model() {
    return model;
  }

  /** The caller's state stored with the model (a copy; empty if none). */
  public double[] attachment() {
    return attachment.clone();
  }

  /** This checkpoint with a different total number of steps (to extend or shorten a run; >= step). */
  public Checkpoint<M> withSteps(int steps) {
    Require.inRange("total steps", steps, step, Integer.MAX_VALUE);
    return new Checkpoint<>(kind, step, new GradientDescent.Options(options.eta(), steps, options.explosionFactor()),
        initialLoss, losses, model, attachment);
  }

  @Override
  public String toString() {
    return "Checkpoint(" + kind + ", step " + step + " of " + options.steps() + ", eta = " + options.eta() + ")";
  }

  // ------------------------------------------------------------------------------------------------ writing

  /** Writes this checkpoint to {@code file} atomically (the directory must exist); replaces an existing file. */
  public void write(Path file) throws IOException {
    Require.nonNull("checkpoint file", file);
    writeAtomically(file, out -> writeTo(out));
  }

  private void writeTo(OutputStream raw) throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(kind.code());
    out.writeInt(step);
    out.writeInt(options.steps());
    out.writeDouble(options.eta());
    out.writeDouble(options.explosionFactor());
    out.writeDouble(initialLoss);
    long[] dims = kind.dims(model);
    out.writeInt(dims.length);
    for (long d : dims) out.writeLong(d);
    out.writeInt(losses.length);
    writeDoubles(out, losses);
    out.writeInt(attachment.length);
    writeDoubles(out, attachment);
    out.writeLong(kind.parameterCount(dims));
    kind.writeParameters(model, (a, off, len) -> writeDoubles(out, a, off, len));
    out.flush();
    out.writeInt((int) crc.getValue());
    out.flush();
  }

  private static void writeDoubles(OutputStream out, double[] a) throws IOException {
    writeDoubles(out, a, 0, a.length);
  }

  private static void writeDoubles(OutputStream out, double[] a, int off, int len) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16); // big-endian, as DataOutputStream
    for (int i = off; i < off + len; ) {
      int m = Math.min(off + len - i, buf.capacity() / 8);
      buf.clear();
      buf.asDoubleBuffer().put(a, i, m);
      out.write(buf.array(), 0, m * 8);
      i += m;
    }
  }

  @FunctionalInterface
  private interface IoWriter {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code file} atomically through {@link lrnn.io.AtomicFiles#writeAtomically} (temporary file in the
   * same directory, fsync, atomic rename). Unlike result files, the directory must already exist.
   */
  private static void writeAtomically(Path file, IoWriter body) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new java.nio.file.NoSuchFileException(String.valueOf(dir), null,
          "the directory for checkpoint " + file + " does not exist; create it first");
    }
    lrnn.io.AtomicFiles.writeAtomically(file, body::write);
  }

  // ------------------------------------------------------------------------------------------------ reading

  /**
   * Reads a checkpoint of the given kind.
   *
   * @throws CheckpointException if the file is not a version-1 checkpoint of {@code kind}, is truncated or corrupt
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  public static <M> Checkpoint<M> read(Path file, ModelKind<M> kind) throws IOException {
    Require.nonNull("checkpoint file", file);
    Require.nonNull("model kind", kind);
    long size = Files.size(file);
    CRC32 crc = new CRC32();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      DataInputStream data = new DataInputStream(new CheckedInputStream(in, crc));
      byte[] magic = new byte[MAGIC.length];
      int got = data.readNBytes(magic, 0, magic.length);
      if (got < MAGIC.length || !Arrays.equals(magic, MAGIC)) {
        throw new CheckpointException(file, "is not an lrnn checkpoint (it does not start with \"LRNNCKPT\")");
      }
      long pos = MAGIC.length;
      int version = readInt(data, file, size);
      if (version != VERSION && version != 1) {
        throw new CheckpointException(file, "has format version " + version + "; this build reads versions 1 and " + VERSION
            + " (use the lrnn version that wrote it, or restart the run)");
      }
      int code = readInt(data, file, size);
      int step = readInt(data, file, size);
      int steps = readInt(data, file, size);
      double eta = readDouble(data, file, size);
      double explosion = readDouble(data, file, size);
      double initial = readDouble(data, file, size);
      int ndims = readInt(data, file, size);
      pos += 4 * 4 + 3 * 8 + 4;
      if (ndims < 0 || ndims > MAX_DIMS) throw corrupt(file, "it records " + ndims + " dimensions");
      long[] dims = new long[ndims];
      for (int i = 0; i < ndims; i++) dims[i] = readLong(data, file, size);
      int nLosses = readInt(data, file, size);
      pos += 8L * ndims + 4;
      if (nLosses < 0) throw corrupt(file, "it records " + nLosses + " losses");
      long afterLosses = pos + 8L * nLosses;
      if (afterLosses + 8 > size) throw truncated(file, size, afterLosses + 8 + 4);
      double[] losses = readDoubles(data, nLosses, file, size);
      double[] attachment = new double[0];
      if (version >= 2) {
        int nAttach = readInt(data, file, size);
        if (nAttach < 0) throw corrupt(file, "it records " + nAttach + " attachment values");
        afterLosses += 4 + 8L * nAttach;
        if (afterLosses + 8 > size) throw truncated(file, size, afterLosses + 8 + 4);
        attachment = readDoubles(data, nAttach, file, size);
      }
      long nParams = readLong(data, file, size);
      if (nParams < 0 || nParams > (size - afterLosses) / 8) throw truncated(file, size, afterLosses + 8 + 8 * nParams + 4);
      long expected = afterLosses + 8 + 8 * nParams + 4;
      if (size < expected) throw truncated(file, size, expected);
      if (size > expected) {
        throw corrupt(file, "it has " + size + " bytes but its header announces " + expected);
      }
      // dims are checked before they size any array; the parameters are read straight into the model's arrays
      ModelKind<?> found = ModelKind.ofCode(code);
      if (found == null) throw corrupt(file, "it records an unknown model kind " + code);
      String bad = found.checkDims(dims);
      if (bad != null) throw corrupt(file, bad);
      if (found.parameterCount(dims) != nParams) {
        throw corrupt(file, "its dimensions " + Arrays.toString(dims) + " need " + found.parameterCount(dims)
            + " parameters but it holds " + nParams);
      }
      if (found != kind) {
        throw new CheckpointException(file, "holds " + found.description() + ", not " + kind.description()
            + "; resume it with the matching model and objective");
      }
      Memory.require("reading checkpoint " + file, kind.heapBytes(dims));
      M model = null;
      IllegalArgumentException invalid = null;
      try {
        model = kind.readParameters(dims, (a, off, len) -> readDoubles(data, a, off, len, file, size));
      } catch (IllegalArgumentException e) {
        invalid = e; // reported after the CRC: a damaged file is named as such first
      }
      long computed = crc.getValue();
      int stored = readInt(data, file, size);
      if ((int) computed != stored) {
        throw corrupt(file, String.format("its CRC32 is %08x but the file records %08x", (int) computed, stored));
      }
      if (invalid != null) throw corrupt(file, "its content is invalid: " + invalid.getMessage());
      if (nLosses != step) throw corrupt(file, "it is at step " + step + " but records " + nLosses + " losses");
      try {
        GradientDescent.Options options = new GradientDescent.Options(eta, steps, explosion);
        return new Checkpoint<>(kind, step, options, initial, losses, model, attachment);
      } catch (IllegalArgumentException e) {
        throw corrupt(file, "its content is invalid: " + e.getMessage());
      }
    }
  }

  private static CheckpointException corrupt(Path file, String what) {
    return new CheckpointException(file, "is corrupt: " + what + "; it cannot be used (resume from an earlier "
        + "checkpoint or restart the run)");
  }

  private static CheckpointException truncated(Path file, long size, long needed) {
    return new CheckpointException(file, "is truncated: it has " + size + " bytes but needs " + needed
        + " (was the write interrupted? resume from an earlier checkpoint or restart the run)");
  }

  private static int readInt(DataInputStream in, Path file, long size) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new CheckpointException(file, "is truncated: it ends after " + size + " bytes, inside its header");
    }
  }

  private static long readLong(DataInputStream in, Path file, long size) throws IOException {
    try {
      return in.readLong();
    } catch (EOFException e) {
      throw new CheckpointException(file, "is truncated: it ends after " + size + " bytes, inside its header");
    }
  }

  private static double readDouble(DataInputStream in, Path file, long size) throws IOException {
    return Double.longBitsToDouble(readLong(in, file, size));
  }

  private static double[] readDoubles(DataInputStream in, int count, Path file, long size) throws IOException {
    double[] a = new double[count];
    readDoubles(in, a, 0, count, file, size);
    return a;
  }

  private static void readDoubles(DataInputStream in, double[] a, int off, int count, Path file, long size)
      throws IOException {
    byte[] bytes = new byte[1 << 16];
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    for (int i = off; i < off + count; ) {
      int m = Math.min(off + count - i, bytes.length / 8);
      try {
        in.readFully(bytes, 0, m * 8);
      } catch (EOFException e) {
        throw new CheckpointException(file, "is truncated: it ends after " + size + " bytes, inside its data");
      }
      buf.clear();
      buf.asDoubleBuffer().get(a, i, m);
      i += m;
    }
  }
}
