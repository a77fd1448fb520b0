package lrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.model.Convolution;
import lrnn.model.DataMoments;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.theory.ScaleFactors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancellation and checkpointing: a run that is interrupted, checkpointed and resumed follows the bit-identical
 * trajectory of the uninterrupted run (parameters and losses); damaged files give a clear error.
 */
class CheckpointTest {

  private static final int STEPS = 60;
  private static final Dataset DATA = SyntheticTask.E1.withLength(10).generate(7);
  private static final DataMoments MOMENTS = DataMoments.of(DATA.xTrain(), DATA.yTrain(), 10);
  private static final GradientDescent.Options OPTS = new GradientDescent.Options(0.05, STEPS);

  @TempDir
  Path dir;

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private static LinearRnn rnn(boolean withD) {
    return LinearRnn.random(24, 1, 1, withD ? new InitScales(0.5, 1, 1, 0.5, true) : InitScales.DEFAULT, 3);
  }

  private static Convolution conv() {
    LinearRnn r = rnn(false);
    return Convolution.scaled(ScaleFactors.lambda(0.5, 1, 1, 1, false, 10), r.impulseResponse(10));
  }

  /** Losses seen by a listener, indexed by step. */
  private static final class Recorder<M> implements GradientDescent.Listener<M> {
    final double[] losses = new double[STEPS + 1];
    final int interruptAfter;
    int calls;

    Recorder(int interruptAfter) {
      this.interruptAfter = interruptAfter;
      Arrays.fill(losses, Double.NaN);
    }

    @Override
    public void onStep(int step, M model, double loss) {
      losses[step] = loss;
      calls++;
      if (step == interruptAfter) Thread.currentThread().interrupt();
    }
  }

  private static double[] params(Object m) {
    return m instanceof LinearRnn r ? ModelKind.LINEAR_RNN.parameters(r)
        : ModelKind.CONVOLUTION.parameters((Convolution) m);
  }

  private <M> void interruptResumeIsBitIdentical(GradientDescent.Objective<M> obj, M init, ModelKind<M> kind)
      throws IOException {
    Recorder<M> straight = new Recorder<>(-1);
    M expected = GradientDescent.run(obj, init, OPTS, straight);

    Path file = dir.resolve("run.ckpt");
    Checkpointing<M> policy = new Checkpointing<>(file, 10, kind);
    Recorder<M> first = new Recorder<>(36);
    TrainingCancelledException e = assertThrows(TrainingCancelledException.class,
        () -> GradientDescent.run(obj, init, OPTS, first, policy));
    assertEquals(37, e.step());
    assertEquals(file, e.checkpoint());
    assertTrue(Thread.interrupted(), "the interrupt status stays set for the caller");

    Checkpoint<M> ck = Checkpoint.read(file, kind);
    assertEquals(37, ck.step());
    assertEquals(OPTS, ck.options());
    assertArrayEquals(Arrays.copyOf(straight.losses, 37), ck.losses());
    Recorder<M> second = new Recorder<>(-1);
    M resumed = GradientDescent.resume(obj, ck, second, policy);
    assertEquals(STEPS + 1 - 37, second.calls);
    double[] combined = Arrays.copyOf(ck.losses(), STEPS + 1);
    System.arraycopy(second.losses, 37, combined, 37, STEPS + 1 - 37);
    assertArrayEquals(straight.losses, combined, "losses are bit-identical");
    assertArrayEquals(params(expected), params(resumed), "parameters are bit-identical");
    // the last periodic checkpoint of the resumed run is at step 60 and matches too
    Checkpoint<M> end = Checkpoint.read(file, kind);
    assertEquals(STEPS, end.step());
    assertArrayEquals(params(expected), params(end.model()));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary files are left behind");
    }
  }

  @Test
  void rnnKrylovResumesBitIdentically() throws IOException {
    interruptResumeIsBitIdentical(Objectives.rnnKrylov(MOMENTS), rnn(false), ModelKind.LINEAR_RNN);
  }

  /** A float32 RNN's checkpoint keeps its dtype, so the resumed run continues in float32 on the same bits. */
  @Test
  void float32RnnResumesBitIdenticallyInFloat32() throws IOException {
    LinearRnn f = rnn(true).withDtype(lrnn.model.Dtype.FLOAT32);
    interruptResumeIsBitIdentical(Objectives.rnnKrylov(MOMENTS), f, ModelKind.LINEAR_RNN);
    Path file = dir.resolve("f32.ckpt");
    new Checkpoint<>(ModelKind.LINEAR_RNN, 0, OPTS, 1.0, new double[0], f).write(file);
    LinearRnn back = Checkpoint.read(file, ModelKind.LINEAR_RNN).model();
    assertEquals(lrnn.model.Dtype.FLOAT32, back.dtype());
    org.junit.jupiter.api.Assertions.assertArrayEquals(f.wTildeFloat(), back.wTildeFloat());
  }

  @Test
  void rnnWithDByBpttResumesBitIdentically() throws IOException {
    interruptResumeIsBitIdentical(Objectives.rnnBptt(DATA.xTrain(), DATA.yTrain()), rnn(true), ModelKind.LINEAR_RNN);
  }

  @Test
  void convolutionResumesBitIdentically() throws IOException {
    interruptResumeIsBitIdentical(Objectives.convolution(MOMENTS), conv(), ModelKind.CONVOLUTION);
  }

  @Test
  void interruptFromAnotherThreadCheckpointsAndResumes() throws Exception {
    GradientDescent.Objective<LinearRnn> obj = Objectives.rnnKrylov(MOMENTS);
    LinearRnn expected = GradientDescent.run(obj, rnn(false), OPTS, (t, m, l) -> {});
    Path file = dir.resolve("bg.ckpt");
    Checkpointing<LinearRnn> policy = new Checkpointing<>(file, 1000, ModelKind.LINEAR_RNN);
    CountDownLatch reached = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread worker = new Thread(() -> {
      try {
        GradientDescent.run(obj, rnn(false), OPTS, (t, m, l) -> {
          if (t == 20) {
            reached.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) Thread.onSpinWait();
          }
        }, policy);
      } catch (Throwable ex) {
        thrown.set(ex);
      }
    });
    worker.start();
    assertTrue(reached.await(30, TimeUnit.SECONDS));
    worker.interrupt();
    worker.join(30_000);
    TrainingCancelledException e = (TrainingCancelledException) thrown.get();
    assertNotNull(e);
    assertEquals(21, e.step());
    Checkpoint<LinearRnn> ck = Checkpoint.read(file, ModelKind.LINEAR_RNN);
    assertEquals(21, ck.step());
    LinearRnn resumed = GradientDescent.resume(obj, ck, (t, m, l) -> {}, null);
    assertArrayEquals(params(expected), params(resumed));
  }

  @Test
  void extendingARunEqualsRunningLongerFromTheStart() throws IOException {
    GradientDescent.Objective<Convolution> obj = Objectives.convolution(MOMENTS);
    Convolution expected = GradientDescent.run(obj, conv(), new GradientDescent.Options(0.05, 90), (t, m, l) -> {});
    Path file = dir.resolve("c.ckpt");
    GradientDescent.run(obj, conv(), OPTS, (t, m, l) -> {}, new Checkpointing<>(file, 60, ModelKind.CONVOLUTION));
    Checkpoint<Convolution> ck = Checkpoint.read(file, ModelKind.CONVOLUTION).withSteps(90);
    assertArrayEquals(params(expected), params(GradientDescent.resume(obj, ck, (t, m, l) -> {}, null)));
  }

  // ------------------------------------------------------------------------------------------------ bad files

  private Path written() throws IOException {
    Path file = dir.resolve("good.ckpt");
    new Checkpoint<>(ModelKind.LINEAR_RNN, 2, OPTS, 1.5, new double[] {1.5, 1.25}, rnn(true)).write(file);
    return file;
  }

  private static String error(Path file, ModelKind<?> kind) {
    return assertThrows(CheckpointException.class, () -> Checkpoint.read(file, kind)).getMessage();
  }

  /** Format 2 carries the caller's attachment; format 1 files (no attachment) are still read. */
  @Test
  void attachmentRoundTripsAndVersionOneFilesAreRead() throws IOException {
    Path file = dir.resolve("att.ckpt");
    double[] att = {3, -0.5, Double.MIN_VALUE, 7e300};
    new Checkpoint<>(ModelKind.LINEAR_RNN, 2, OPTS, 1.5, new double[] {1.5, 1.25}, rnn(true), att).write(file);
    Checkpoint<LinearRnn> back = Checkpoint.read(file, ModelKind.LINEAR_RNN);
    assertArrayEquals(att, back.attachment());
    assertArrayEquals(rnn(true).wTilde(), back.model().wTilde());

    // the same checkpoint as version 1 wrote it: no attachment count, version 1, CRC over the rest
    byte[] v2 = Files.readAllBytes(written());
    int nLosses = 52 + 8 * 4; // magic, version, kind, step, steps, 3 doubles, ndims, 4 dims
    int attachAt = nLosses + 4 + 8 * 2;
    assertEquals(0, ByteBuffer.wrap(v2).getInt(attachAt), "an empty attachment's count");
    byte[] v1 = new byte[v2.length - 4];
    System.arraycopy(v2, 0, v1, 0, attachAt);
    System.arraycopy(v2, attachAt + 4, v1, attachAt, v2.length - attachAt - 4);
    ByteBuffer.wrap(v1).putInt(8, 1);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(v1, 0, v1.length - 4);
    ByteBuffer.wrap(v1).putInt(v1.length - 4, (int) crc.getValue());
    Path old = dir.resolve("v1.ckpt");
    Files.write(old, v1);
    Checkpoint<LinearRnn> fromV1 = Checkpoint.read(old, ModelKind.LINEAR_RNN);
    assertEquals(0, fromV1.attachment().length);
    assertEquals(2, fromV1.step());
    assertArrayEquals(rnn(true).wTilde(), fromV1.model().wTilde());
    assertArrayEquals(rnn(true).dTilde(), fromV1.model().dTilde());
  }

  @Test
  void roundTripKeepsEveryField() throws IOException {
    Checkpoint<LinearRnn> ck = Checkpoint.read(written(), ModelKind.LINEAR_RNN);
    assertEquals(2, ck.step());
    assertEquals(1.5, ck.initialLoss());
    assertArrayEquals(new double[] {1.5, 1.25}, ck.losses());
    assertArrayEquals(params(rnn(true)), params(ck.model()));
    assertTrue(ck.model().hasD());
  }

  @Test
  void flippedBitIsReportedAsCorrupt() throws IOException {
    Path f = written();
    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 0x10;
    Files.write(f, b);
    String m = error(f, ModelKind.LINEAR_RNN);
    assertTrue(m.contains("is corrupt: its CRC32 is"), m);
    assertTrue(m.contains("resume from an earlier checkpoint or restart the run"), m);
  }

  @Test
  void truncatedFileIsReportedAsTruncated() throws IOException {
    Path f = written();
    byte[] b = Files.readAllBytes(f);
    for (int len : new int[] {b.length - 1, b.length - 100, 30, 60}) {
      Files.write(f, Arrays.copyOf(b, len));
      String m = error(f, ModelKind.LINEAR_RNN);
      assertTrue(m.contains("is truncated"), m);
    }
  }

  @Test
  void foreignFileVersionAndKindAreNamed() throws IOException {
    Path f = written();
    byte[] b = Files.readAllBytes(f);
    assertTrue(error(f, ModelKind.CONVOLUTION).contains("holds a linear RNN, not a convolution"));
    Path other = dir.resolve("notes.txt");
    Files.writeString(other, "hello, not a checkpoint");
    assertTrue(error(other, ModelKind.LINEAR_RNN).contains("is not an lrnn checkpoint"));
    byte[] v3 = b.clone();
    ByteBuffer.wrap(v3).putInt(8, 3);
    Files.write(f, v3);
    assertTrue(error(f, ModelKind.LINEAR_RNN).contains("has format version 3; this build reads versions 1 and 2"));
    Files.write(f, new byte[0]);
    assertTrue(error(f, ModelKind.LINEAR_RNN).contains("is not an lrnn checkpoint"));
  }

  @Test
  void extraBytesAreReported() throws IOException {
    Path f = written();
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length + 3));
    assertTrue(error(f, ModelKind.LINEAR_RNN).contains("bytes but its header announces " + b.length));
  }

  @Test
  void missingDirectoryIsNamed() {
    Path f = dir.resolve("no/such/dir/x.ckpt");
    IOException e = assertThrows(IOException.class,
        () -> new Checkpoint<>(ModelKind.LINEAR_RNN, 0, OPTS, Double.NaN, new double[0], rnn(false)).write(f));
    assertTrue(e.getMessage().contains("does not exist; create it first"), e.getMessage());
    assertFalse(Files.exists(f));
  }

  @Test
  void cancelledBeforeTheFirstStepWritesAStepZeroCheckpoint() throws IOException {
    Path file = dir.resolve("zero.ckpt");
    Thread.currentThread().interrupt();
    assertThrows(TrainingCancelledException.class, () -> GradientDescent.run(Objectives.convolution(MOMENTS), conv(),
        OPTS, (t, m, l) -> {}, new Checkpointing<>(file, 5, ModelKind.CONVOLUTION)));
    Thread.interrupted();
    Checkpoint<Convolution> ck = Checkpoint.read(file, ModelKind.CONVOLUTION);
    assertEquals(0, ck.step());
    assertTrue(Double.isNaN(ck.initialLoss()));
  }
}
