package lrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.model.Dtype;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.train.CheckpointException;
import lrnn.train.Objectives.GradientPath;
import lrnn.train.RunJournal;
import lrnn.train.TrainingCancelledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Experiments interrupted anywhere (inside any GD unit, between units, several times in a row) and resumed from
 * their {@link RunJournal} give the bit-identical result of an uninterrupted run; a resumed run does not draw
 * the initial RNN again once its own training has started.
 */
class ResumeTest {

  @TempDir
  Path tmp;

  static final int N = 48, STEPS = 30;
  static final Dataset DATA = SyntheticTask.E1.withLength(8).generate(3);

  static Dynamics.Config config(GradientPath path) {
    return new Dynamics.Config(InitScales.DEFAULT, 0.05, STEPS, 4, path, false);
  }

  static Supplier<LinearRnn> init(Dtype dtype) {
    return () -> LinearRnn.random(N, 1, 1, InitScales.DEFAULT, 4, dtype);
  }

  /** A progress sink that interrupts the running thread at its k-th update. */
  static ProgressSink interruptAt(int k) {
    AtomicInteger calls = new AtomicInteger();
    return (done, total) -> {
      if (calls.incrementAndGet() == k) Thread.currentThread().interrupt();
    };
  }

  @ParameterizedTest(name = "{0} {1}, interrupted at updates {2}")
  @CsvSource({"KRYLOV, FLOAT64, 5", "KRYLOV, FLOAT64, 40", "KRYLOV, FLOAT64, 75", "KRYLOV, FLOAT32, 17",
      "BPTT, FLOAT64, 12", "KRYLOV, FLOAT64, 1"})
  void interruptedDynamicsResumesToTheIdenticalResult(GradientPath path, Dtype dtype, int at) throws IOException {
    Dynamics.Result want = Dynamics.run(config(path), DATA, N, init(dtype), ProgressSink.NONE, true, RunJournal.NONE,
        false);
    Path dir = tmp.resolve("journal");
    // interrupted, then interrupted again a little later in the resumed run, then finished
    int interruptions = 0;
    Dynamics.Result got = null;
    int[] points = {at, 9};
    for (int attempt = 0; got == null; attempt++) {
      ProgressSink sink = attempt < points.length ? interruptAt(points[attempt]) : ProgressSink.NONE;
      try {
        got = Dynamics.run(config(path), DATA, N, init(dtype), sink, true, RunJournal.in(dir, 7), true);
      } catch (TrainingCancelledException e) {
        interruptions++;
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
        assertNotNull(e.checkpoint(), "a cancelled unit wrote its checkpoint");
        assertTrue(Files.exists(e.checkpoint()));
      }
    }
    assertTrue(interruptions >= 1, "the test never interrupted the run");
    assertEquals(want.rows(), got.rows());
    assertEquals(want.spectralRadiusEstimate(), got.spectralRadiusEstimate());
    assertArrayEquals(want.finalRnn().wTilde(), got.finalRnn().wTilde());
    assertArrayEquals(want.finalRnn().cTilde(), got.finalRnn().cTilde());
    assertArrayEquals(want.finalRnn().fTilde(), got.finalRnn().fTilde());
    assertArrayEquals(want.finalScaled().toArray(), got.finalScaled().toArray());
    assertArrayEquals(want.finalUnscaled().toArray(), got.finalUnscaled().toArray());
    // replaying the finished journal trains nothing and gives the same again
    Dynamics.Result again = Dynamics.run(config(path), DATA, N, () -> {
      throw new AssertionError("a finished run drew its initial RNN again");
    }, ProgressSink.NONE, true, RunJournal.in(dir, 7), true);
    assertEquals(want.rows(), again.rows());
  }

  @Test
  void aResumedRunNeverDrawsTheInitialRnnOnceItsTrainingStarted() throws IOException {
    Path dir = tmp.resolve("j");
    assertThrows(TrainingCancelledException.class, () -> Dynamics.run(config(GradientPath.KRYLOV), DATA, N,
        init(Dtype.FLOAT64), interruptAt(6), true, RunJournal.in(dir, 5), false));
    Thread.interrupted();
    assertTrue(RunJournal.in(dir, 5).hasProgress("rnn"));
    Dynamics.Result got = Dynamics.run(config(GradientPath.KRYLOV), DATA, N, () -> {
      throw new AssertionError("the initial RNN was drawn although the checkpoint holds the RNN");
    }, ProgressSink.NONE, true, RunJournal.in(dir, 5), false);
    Dynamics.Result want = Dynamics.run(config(GradientPath.KRYLOV), DATA, N, init(Dtype.FLOAT64), ProgressSink.NONE,
        true, RunJournal.NONE, false);
    assertEquals(want.rows(), got.rows());
    // without keepFinal a finished RNN unit leaves a small state file, not an n x n one
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(names.contains("rnn.done.npy") && !names.contains("rnn.final.ckpt") && !names.contains("rnn.ckpt"),
          names.toString());
    }
  }

  @Test
  void aCheckpointFromOtherGdOptionsIsRefusedNamingThem() throws IOException {
    Path dir = tmp.resolve("k");
    assertThrows(TrainingCancelledException.class, () -> Dynamics.run(config(GradientPath.KRYLOV), DATA, N,
        init(Dtype.FLOAT64), interruptAt(6), true, RunJournal.in(dir, 5), false));
    Thread.interrupted();
    Dynamics.Config other = new Dynamics.Config(InitScales.DEFAULT, 0.07, STEPS, 4, GradientPath.KRYLOV, false);
    CheckpointException e = assertThrows(CheckpointException.class, () -> Dynamics.run(other, DATA, N,
        init(Dtype.FLOAT64), ProgressSink.NONE, true, RunJournal.in(dir, 5), false));
    assertTrue(e.getMessage().contains("eta = 0.05") && e.getMessage().contains("eta = 0.07"), e.getMessage());
  }

  @Test
  void journalNamesAreChecked() throws IOException {
    RunJournal j = RunJournal.in(tmp.resolve("n"), 3);
    assertThrows(IllegalArgumentException.class, () -> j.scope("a/b"));
    assertThrows(IllegalArgumentException.class, () -> j.value("", () -> new double[0]));
    double[] v = j.scope("cell-1").value("x", () -> new double[] {1, 2});
    assertArrayEquals(new double[] {1, 2}, j.scope("cell-1").value("x", () -> {
      throw new AssertionError("a stored value was computed again");
    }));
    assertArrayEquals(new double[] {1, 2}, v);
    assertTrue(Files.exists(tmp.resolve("n/cell-1-x.npy")));
  }

  /** Runs {@code run} with interruptions at the given progress updates (one per attempt), then to the end. */
  interface Attempt<R> {
    R run(ProgressSink sink, RunJournal journal) throws IOException;
  }

  <R> R interruptedAndResumed(Path dir, int[] points, Attempt<R> run) throws IOException {
    int interruptions = 0;
    for (int attempt = 0; ; attempt++) {
      ProgressSink sink = attempt < points.length ? interruptAt(points[attempt]) : ProgressSink.NONE;
      try {
        R r = run.run(sink, RunJournal.in(dir, 3));
        assertEquals(points.length, interruptions, "every planned interruption happened");
        return r;
      } catch (TrainingCancelledException e) {
        interruptions++;
        assertTrue(Thread.interrupted());
      }
    }
  }

  @Test
  void delaySweepResumesToTheIdenticalTable() throws IOException {
    Delay.Config cfg = Delay.Config.defaults().withDelays(List.of(0, 3, 6)).withTask(SyntheticTask.E1.withLength(12))
        .withWidth(32).withSteps(12);
    Delay.Result want = Delay.run(cfg, ProgressSink.NONE);
    // inside the first delay's RNN, inside a convolution of the second, at the start of the third
    Delay.Result got = interruptedAndResumed(tmp.resolve("delay"), new int[] {5, 30, 20},
        (sink, j) -> Delay.run(cfg, sink, j));
    assertEquals(want, got);
  }

  @Test
  void realDataResumesToTheIdenticalTablesAndCurves() throws IOException {
    RealData.Config cfg = RealData.Config.defaults().withWidth(24).withLags(8).withEta(0.2).withSteps(30, 5);
    TimeSeries ts = RealDataTest.synthetic(300, 0.3, 1, 0, 1);
    RealData.Result want = RealData.run(cfg, ts, ProgressSink.NONE);
    RealData.Result got = interruptedAndResumed(tmp.resolve("real"), new int[] {10, 50, 33},
        (sink, j) -> RealData.run(cfg, ts, sink, RealData.ModelSink.NONE, j));
    assertEquals(want.rows(), got.rows());
    assertEquals(want.curves(), got.curves());
    assertEquals(want.eta(), got.eta());
    assertEquals(want.predictions().size(), got.predictions().size());
    for (int i = 0; i < want.predictions().size(); i++) {
      RealData.Predictions a = want.predictions().get(i), b = got.predictions().get(i);
      assertArrayEquals(a.rnn(), b.rnn());
      assertArrayEquals(a.scaled(), b.scaled());
      assertArrayEquals(a.conv(), b.conv());
      assertArrayEquals(a.target(), b.target());
    }
  }

  @Test
  void ntkConvergenceResumesToTheIdenticalRowsAndSlopes() throws IOException {
    Convergence.Config cfg = new Convergence.Config(List.of(16, 32), 2, 0, 6, InitScales.DEFAULT,
        SyntheticTask.E1.withLength(6), 0.05, 10, 5, GradientPath.KRYLOV);
    Convergence.Result want = Convergence.run(cfg, ProgressSink.NONE);
    Convergence.Result got = interruptedAndResumed(tmp.resolve("conv"), new int[] {4, 20, 11},
        (sink, j) -> Convergence.run(cfg, sink, j));
    assertEquals(want, got);
  }
}
