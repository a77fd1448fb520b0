package lrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.model.Convolution;
import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.Sequences;
import lrnn.util.ShapeMismatchException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact boundaries of the training loop, the checkpoint reader (one message per truncation length), the model
 * codecs, the journal and the objectives (found by mutation testing; each assertion fails under one mutant).
 */
class TrainEdgesTest {

  @TempDir
  Path dir;

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /** A scripted objective on Integer models: model t has loss {@code losses[t]}, a step goes to t + 1. */
  private static GradientDescent.Objective<Integer> scripted(double... losses) {
    return new GradientDescent.Objective<>() {
      @Override
      public GradientDescent.Step<Integer> step(Integer m, double eta) {
        return new GradientDescent.Step<>(losses[m], m + 1);
      }

      @Override
      public double loss(Integer m) {
        return losses[m];
      }
    };
  }

  private static List<String> trace(GradientDescent.Objective<Integer> obj, int first, int steps, double factor) {
    List<String> seen = new ArrayList<>();
    GradientDescent.run(obj, first, first, new GradientDescent.Options(0.5, steps, factor),
        (t, m, l) -> seen.add(t + ":" + m + ":" + l));
    return seen;
  }

  @Test
  void explosionGuardIsStrictAndScalesTheInitialLoss() {
    assertEquals(List.of("0:0:2.0", "1:1:2000000.0", "2:2:1.0"), trace(scripted(2, 2e6, 1), 0, 2, 1e6));
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> trace(scripted(2, Math.nextUp(2e6), 1), 0, 2, 1e6));
    assertEquals(1, e.step());
    assertEquals(Math.nextUp(2e6), e.loss());
    assertEquals("training diverged at step 1: train MSE = 2.000e+06 (it started at 2.000); the learning rate "
        + "eta = 0.5 is too large, try a smaller one, e.g. eta = 0.125", e.getMessage());
    // a zero initial loss is measured against the smallest normal number
    assertEquals(2, trace(scripted(0, 1e6 * Double.MIN_NORMAL), 0, 1, 1e6).size());
    assertThrows(DivergenceException.class, () -> trace(scripted(0, 2e6 * Double.MIN_NORMAL), 0, 1, 1e6));
    // from a later first step the guard measures against that step's loss; the final step uses loss()
    assertEquals(List.of("2:2:4.0", "3:3:39.0"), trace(scripted(100, 100, 4, 39), 2, 3, 10));
    assertThrows(DivergenceException.class, () -> trace(scripted(100, 100, 4, 41), 2, 3, 10));
    assertThrows(DivergenceException.class, () -> trace(scripted(Double.NaN), 0, 0, 10));
    assertThrows(DivergenceException.class, () -> trace(scripted(1, Double.POSITIVE_INFINITY), 0, 1, 1e300));
  }

  @Test
  void nullArgumentsAreNamedByEveryEntryPoint() {
    GradientDescent.Objective<Integer> obj = scripted(1, 1);
    GradientDescent.Options o = new GradientDescent.Options(0.5, 1);
    Path f = dir.resolve("x.ckpt");
    var policy = new Checkpointing<>(f, 1, ModelKind.CONVOLUTION);
    Convolution c = Convolution.unscaled(ImpulseResponse.zeros(2, 1, 1));
    GradientDescent.Objective<Convolution> conv = scripted2();
    assertEquals("listener is missing (null)", assertThrows(IllegalArgumentException.class,
        () -> GradientDescent.run(obj, 0, 0, o, null)).getMessage());
    assertEquals("objective is missing (null)", assertThrows(IllegalArgumentException.class,
        () -> GradientDescent.run(null, 0, o, (t, m, l) -> {})).getMessage());
    assertEquals("listener is missing (null)", assertThrows(IllegalArgumentException.class,
        () -> GradientDescent.run(conv, c, o, null, policy)).getMessage());
    Checkpoint<Convolution> ck = new Checkpoint<>(ModelKind.CONVOLUTION, 0, o, Double.NaN, new double[0], c);
    assertEquals("listener is missing (null)", assertThrows(IllegalArgumentException.class,
        () -> GradientDescent.resume(conv, ck, null, null)).getMessage());
    assertFalse(Files.exists(f));
  }

  private static GradientDescent.Objective<Convolution> scripted2() {
    return new GradientDescent.Objective<>() {
      @Override
      public GradientDescent.Step<Convolution> step(Convolution m, double eta) {
        return new GradientDescent.Step<>(1, m);
      }

      @Override
      public double loss(Convolution m) {
        return 1;
      }
    };
  }

  @Test
  void aFreshRunWritesNoCheckpointAtStepZeroAndAResumedOneKeepsTheWholeHistory() throws IOException {
    Path f = dir.resolve("c.ckpt");
    Convolution c = Convolution.unscaled(ImpulseResponse.zeros(2, 1, 1));
    int[] asked = {0};
    var policy = new Checkpointing<Convolution>(f, 7, ModelKind.CONVOLUTION, () -> new double[] {++asked[0]});
    GradientDescent.run(scripted2(), c, new GradientDescent.Options(0.5, 5), (t, m, l) -> {}, policy);
    assertFalse(Files.exists(f), "5 steps, a checkpoint every 7: none");
    assertEquals(0, asked[0]);
    // resume a checkpoint at step 40 (history longer than 16) to 50: the checkpoint at 49 holds all 49 losses
    double[] past = new double[40];
    for (int i = 0; i < past.length; i++) past[i] = 1 + i;
    var o = new GradientDescent.Options(0.5, 50);
    var from = new Checkpoint<>(ModelKind.CONVOLUTION, 40, o, 1, past, c);
    var every = new Checkpointing<>(f, 49, ModelKind.CONVOLUTION);
    GradientDescent.resume(scripted2(), from, (t, m, l) -> {}, every);
    Checkpoint<Convolution> at49 = Checkpoint.read(f, ModelKind.CONVOLUTION);
    assertEquals(49, at49.step());
    double[] want = Arrays.copyOf(past, 49);
    Arrays.fill(want, 40, 49, 1);
    assertArrayEquals(want, at49.losses());
    assertEquals("Checkpoint(a convolution, step 49 of 50, eta = 0.5)", at49.toString());
  }

  @Test
  void cancellationWithoutAPolicyNamesNoFile() {
    assertEquals("training cancelled at step 3", new TrainingCancelledException(3).getMessage());
    assertNull(new TrainingCancelledException(3).checkpoint());
    Path p = Path.of("a.ckpt");
    assertEquals("training cancelled at step 4; checkpoint written to a.ckpt, resume from it to continue",
        new TrainingCancelledException(4, p).getMessage());
    assertEquals(p, new CheckpointException(p, "x").file());
  }

  // ------------------------------------------------------------------------------------------------ reader

  /** K = 2, n_y = n_x = 1, step 2, one attachment value: 152 bytes (offsets in the test's comments). */
  private Path small() throws IOException {
    Path f = dir.resolve("s.ckpt");
    Convolution c = Convolution.scaled(new double[] {1, 0.5}, ImpulseResponse.of(2, 1, 1, new double[] {3, 4}));
    new Checkpoint<>(ModelKind.CONVOLUTION, 2, new GradientDescent.Options(0.5, 9), 2, new double[] {2, 1.5}, c,
        new double[] {7}).write(f);
    return f;
  }

  /**
   * Every prefix of a file names what is missing: the header (up to byte 80), the losses and the attachment's
   * count (80 .. 104: needs 108), the attachment and the parameter count (104 .. 116: needs 120), the
   * parameters and the CRC (116 .. 152: needs 152).
   */
  @Test
  void everyTruncationLengthGivesItsExactMessage() throws IOException {
    Path f = small();
    byte[] b = Files.readAllBytes(f);
    assertEquals(152, b.length);
    Path t = dir.resolve("t.ckpt");
    for (int len = 0; len <= b.length + 1; len++) {
      Files.write(t, Arrays.copyOf(b, len));
      String want;
      if (len < 8) want = "is not an lrnn checkpoint (it does not start with \"LRNNCKPT\")";
      else if (len < 80) want = "is truncated: it ends after " + len + " bytes, inside its header";
      else if (len < 104) want = "is truncated: it has " + len + " bytes but needs 108";
      else if (len < 116) want = "is truncated: it has " + len + " bytes but needs 120";
      else if (len < 152) want = "is truncated: it has " + len + " bytes but needs 152";
      else if (len == 152) want = null;
      else want = "is corrupt: it has 153 bytes but its header announces 152";
      if (want == null) {
        assertArrayEquals(new double[] {7}, Checkpoint.read(t, ModelKind.CONVOLUTION).attachment());
        continue;
      }
      String m = assertThrows(CheckpointException.class, () -> Checkpoint.read(t, ModelKind.CONVOLUTION)).getMessage();
      assertTrue(m.startsWith("checkpoint " + t + " " + want), len + ": " + m);
    }
  }

  private String readError(byte[] b) throws IOException {
    Path t = dir.resolve("h.ckpt");
    Files.write(t, b);
    return assertThrows(CheckpointException.class, () -> Checkpoint.read(t, ModelKind.CONVOLUTION)).getMessage();
  }

  @Test
  void headerCountsAtTheirLimits() throws IOException {
    byte[] b = Files.readAllBytes(small());
    // no parameters announced: the size is then wrong, not the count
    byte[] zero = b.clone();
    ByteBuffer.wrap(zero).putLong(108, 0);
    assertTrue(readError(zero).contains("is corrupt: it has 152 bytes but its header announces 120"), readError(zero));
    byte[] neg = b.clone();
    ByteBuffer.wrap(neg).putLong(108, -1);
    assertTrue(readError(neg).contains("is truncated: it has 152 bytes but needs 112"), readError(neg));
    // 0 and 16 dimensions pass the count check and are refused by the kind (16 longs more: shift the rest)
    for (int nd : new int[] {0, 16, 17, -1}) {
      int extra = 8 * (nd - 3);
      byte[] d = new byte[Math.max(52, b.length + extra)];
      System.arraycopy(b, 0, d, 0, 52);
      ByteBuffer.wrap(d).putInt(48, nd);
      if (nd >= 0) System.arraycopy(b, 76, d, 52 + 8 * nd, b.length - 76);
      String m = readError(d);
      String want = nd == 0 || nd == 16 ? "is corrupt: a convolution has 3 dimensions, the file has " + nd
          : "is corrupt: it records " + nd + " dimensions";
      assertTrue(m.contains(want), nd + ": " + m);
    }
  }

  /** More than one 64 KiB buffer of losses (8192 doubles) and of parameters: read back exactly. */
  @Test
  void longArraysCrossTheBufferBoundary() throws IOException {
    int steps = 8192 + 1000;
    double[] losses = new double[steps];
    for (int i = 0; i < steps; i++) losses[i] = 1.0 / (i + 1);
    LinearRnn r = LinearRnn.random(96, 2, 3, new InitScales(0.5, 1, 1, 0.5, true), 4); // W~: 9216 doubles
    Path f = dir.resolve("long.ckpt");
    new Checkpoint<>(ModelKind.LINEAR_RNN, steps, new GradientDescent.Options(0.1, steps), 1, losses, r).write(f);
    Checkpoint<LinearRnn> back = Checkpoint.read(f, ModelKind.LINEAR_RNN);
    assertArrayEquals(losses, back.losses());
    assertArrayEquals(r.wTilde(), back.model().wTilde());
    assertArrayEquals(r.fTilde(), back.model().fTilde());
    assertArrayEquals(r.cTilde(), back.model().cTilde());
    assertArrayEquals(r.dTilde(), back.model().dTilde());
  }

  // ------------------------------------------------------------------------------------------------ codecs

  @Test
  void rnnCodecWithSeveralChannelsAndFloat32() throws IOException {
    LinearRnn r = LinearRnn.random(3, 2, 4, new InitScales(0.5, 1, 1, 0.5, true), 9);
    LinearRnn f32 = r.withDtype(lrnn.model.Dtype.FLOAT32);
    ModelKind<LinearRnn> k = ModelKind.LINEAR_RNN;
    long[] d32 = k.dims(f32);
    assertArrayEquals(new long[] {3, 2, 4, 1, 1}, d32);
    LinearRnn back = k.decode(d32, k.parameters(f32));
    assertEquals(lrnn.model.Dtype.FLOAT32, back.dtype());
    assertArrayEquals(f32.wTildeFloat(), back.wTildeFloat());
    assertArrayEquals(f32.fTilde(), back.fTilde());
    assertArrayEquals(f32.cTilde(), back.cTilde());
    assertArrayEquals(f32.dTilde(), back.dTilde());
    LinearRnn noD = LinearRnn.random(3, 2, 4, InitScales.DEFAULT, 9).withDtype(lrnn.model.Dtype.FLOAT32);
    assertFalse(k.decode(k.dims(noD), k.parameters(noD)).hasD());
    // heap: W~ in 4 or 8 bytes, the rest in doubles (6 + 12 + 8 = 26)
    assertEquals(9 * 8 + 26 * 8, k.heapBytes(new long[] {3, 2, 4, 1}));
    assertEquals(9 * 8 + 26 * 8, k.heapBytes(new long[] {3, 2, 4, 1, 0}));
    assertEquals(9 * 4 + 26 * 8, k.heapBytes(new long[] {3, 2, 4, 1, 1}));
    assertEquals(28 * 8, ModelKind.CONVOLUTION.heapBytes(new long[] {4, 2, 3}));
    // through a file: n_x = 2, n_y = 4 with D, in both dtypes
    for (LinearRnn m : new LinearRnn[] {r, f32}) {
      Path p = dir.resolve("r.ckpt");
      new Checkpoint<>(k, 0, new GradientDescent.Options(0.1, 1), Double.NaN, new double[0], m).write(p);
      LinearRnn got = Checkpoint.read(p, k).model();
      assertArrayEquals(k.parameters(m), k.parameters(got));
      assertEquals(m.dtype(), got.dtype());
    }
  }

  // ------------------------------------------------------------------------------------------------ journal

  private static final Dataset DATA = SyntheticTask.E1.withLength(6).generate(2);
  private static final DataMoments M = DataMoments.of(DATA.xTrain(), DATA.yTrain(), 6);

  @Test
  void journalNamesValuesPackingAndChangedOptions() throws IOException {
    RunJournal j = RunJournal.in(dir.resolve("j"), 3);
    assertThrows(IllegalArgumentException.class, () -> j.scope("a b"));
    assertThrows(IllegalArgumentException.class, () -> RunJournal.NONE.scope(""));
    assertThrows(IllegalArgumentException.class, () -> j.value("", () -> new double[1]));
    assertThrows(IllegalArgumentException.class, () -> RunJournal.NONE.value("a/b", () -> new double[1]));
    int[] computed = {0};
    assertArrayEquals(new double[] {1, 2}, j.value("v", () -> {
      computed[0]++;
      return new double[] {1, 2};
    }));
    assertArrayEquals(new double[] {1, 2}, j.value("v", () -> {
      computed[0]++;
      return new double[] {9};
    }), "read back, not recomputed");
    assertEquals(1, computed[0]);
    double[] a = new double[2], b = new double[3];
    RunJournal.unpack(RunJournal.pack(new double[] {1, 2}, new double[] {3, 4, 5}), a, b);
    assertArrayEquals(new double[] {1, 2}, a);
    assertArrayEquals(new double[] {3, 4, 5}, b);

    // an interrupted unit resumed with other options is refused
    RunJournal.State none = new RunJournal.State() {
      @Override
      public double[] save() {
        return new double[0];
      }

      @Override
      public void restore(double[] saved) {}
    };
    Convolution start = Convolution.unscaled(ImpulseResponse.zeros(6, 1, 1));
    var opts = new GradientDescent.Options(0.05, 12);
    assertThrows(TrainingCancelledException.class, () -> j.train("u", ModelKind.CONVOLUTION,
        Objectives.convolution(M), () -> start, opts, (t, m, l) -> {
          if (t == 4) Thread.currentThread().interrupt();
        }, none, false));
    Thread.interrupted();
    CheckpointException e = assertThrows(CheckpointException.class, () -> j.train("u", ModelKind.CONVOLUTION,
        Objectives.convolution(M), () -> start, new GradientDescent.Options(0.05, 13), (t, m, l) -> {}, none, false));
    assertTrue(e.getMessage().contains("belongs to a run with eta = 0.05, 12 steps, but this run has eta = 0.05, 13"),
        e.getMessage());
    // a unit of zero steps kept as a final checkpoint has no initial loss
    j.train("z", ModelKind.CONVOLUTION, Objectives.convolution(M), () -> start, new GradientDescent.Options(0.05, 0),
        (t, m, l) -> {}, none, true);
    Checkpoint<Convolution> z = Checkpoint.read(dir.resolve("j").resolve("z.final.ckpt"), ModelKind.CONVOLUTION);
    assertTrue(Double.isNaN(z.initialLoss()));
  }

  // ------------------------------------------------------------------------------------------------ objectives

  @Test
  void objectivesLossOfAPlainModelAndShapeChecks() {
    LinearRnn r = LinearRnn.random(8, 1, 1, InitScales.DEFAULT, 3);
    double want = M.loss(r.impulseResponse(6));
    assertEquals(want, Objectives.rnnKrylov(M).loss(r), 1e-12 * want);
    double bptt = lrnn.model.Metrics.mse(r.forward(DATA.xTrain()), DATA.yTrain());
    assertEquals(bptt, Objectives.rnnBptt(DATA.xTrain(), DATA.yTrain()).loss(r), 0.0);
    Convolution c = Convolution.unscaled(r.impulseResponse(6));
    assertEquals(M.loss(c.coefficients()), Objectives.convolution(M).loss(c), 0.0);
    assertTrue(want > 0);
    // in a run, the last step's loss (from loss(), on the live view) equals the trained model's
    double[] last = {Double.NaN};
    LinearRnn fin = GradientDescent.run(Objectives.rnnKrylov(M), r, new GradientDescent.Options(0.05, 3),
        (t, m, l) -> last[0] = l);
    double end = M.loss(fin.impulseResponse(6));
    assertEquals(end, last[0], 1e-10 * end);
    Sequences shortY = Sequences.of("y", DATA.yTrain().count(), DATA.yTrain().length() - 1, 1,
        new double[DATA.yTrain().count() * (DATA.yTrain().length() - 1)]);
    assertThrows(ShapeMismatchException.class, () -> Objectives.rnnBptt(DATA.xTrain(), shortY));
  }
}
