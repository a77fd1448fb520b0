package lrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.model.Convolution;
import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunJournal} unit by unit, on a small convolution: which file a unit is in after each stage, what a replay
 * returns, that the final checkpoint keeps the whole loss history of an interrupted-and-resumed run, and the
 * refusals.
 */
class RunJournalTest {

  @TempDir
  Path dir;

  static final Dataset DATA = SyntheticTask.E1.withLength(6).generate(2);
  static final DataMoments M = DataMoments.of(DATA.xTrain(), DATA.yTrain(), 6);
  static final GradientDescent.Options OPTS = new GradientDescent.Options(0.05, 12);

  static Convolution start() {
    return Convolution.unscaled(ImpulseResponse.zeros(6, 1, 1));
  }

  /** A state of one counter: how many steps the listener has seen. */
  static final class Count implements RunJournal.State {
    double seen;

    @Override
    public double[] save() {
      return new double[] {seen};
    }

    @Override
    public void restore(double[] saved) {
      RunJournal.unpack(saved, new double[1]);
      seen = saved[0];
    }
  }

  @Test
  void noneKeepsNothingAndRunsEveryUnit() throws IOException {
    assertFalse(RunJournal.NONE.active());
    assertNull(RunJournal.NONE.dir());
    assertFalse(RunJournal.NONE.hasProgress("u"));
    assertFalse(RunJournal.NONE.hasValue("v"));
    assertSame(RunJournal.NONE, RunJournal.NONE.scope("cell"));
    Count c = new Count();
    Convolution r = RunJournal.NONE.train("u", ModelKind.CONVOLUTION, Objectives.convolution(M), RunJournalTest::start,
        OPTS, (t, m, l) -> c.seen++, c, false);
    assertEquals(13, c.seen);
    assertArrayEquals(GradientDescent.run(Objectives.convolution(M), start(), OPTS, (t, m, l) -> {}).coefficients()
        .toArray(), r.coefficients().toArray());
    int[] calls = {0};
    RunJournal.NONE.value("v", () -> new double[] {calls[0]++});
    RunJournal.NONE.value("v", () -> new double[] {calls[0]++});
    assertEquals(2, calls[0], "without a journal a value is computed every time");
  }

  @Test
  void filesFollowTheUnitsStagesAndTheFinalCheckpointKeepsTheWholeHistory() throws IOException {
    RunJournal j = RunJournal.in(dir, 4);
    assertTrue(j.active());
    assertEquals(dir, j.dir());
    assertFalse(j.hasProgress("u"));
    // interrupted after step 5: a checkpoint at step 5 (written on cancellation)
    Count c = new Count();
    assertThrows(TrainingCancelledException.class, () -> j.train("u", ModelKind.CONVOLUTION,
        Objectives.convolution(M), RunJournalTest::start, OPTS, (t, m, l) -> {
          c.seen++;
          if (t == 5) Thread.currentThread().interrupt();
        }, c, true));
    assertTrue(Thread.interrupted());
    assertTrue(Files.exists(dir.resolve("u.ckpt")));
    assertTrue(j.hasProgress("u"));
    assertEquals(6, Checkpoint.read(dir.resolve("u.ckpt"), ModelKind.CONVOLUTION).step());

    // resumed to the end, keeping the final model: u.final.ckpt with all 12 losses, no u.ckpt
    Count d = new Count();
    Convolution fin = j.train("u", ModelKind.CONVOLUTION, Objectives.convolution(M), () -> {
      throw new AssertionError("a started unit asked for its initial model");
    }, OPTS, (t, m, l) -> d.seen++, d, true);
    assertEquals(6 + 7, d.seen, "the state was restored (6 seen) and the rest (steps 6 ... 12) added");
    assertFalse(Files.exists(dir.resolve("u.ckpt")));
    Checkpoint<Convolution> last = Checkpoint.read(dir.resolve("u.final.ckpt"), ModelKind.CONVOLUTION);
    double[] want = new double[12];
    GradientDescent.run(Objectives.convolution(M), start(), OPTS, (t, m, l) -> {
      if (t < 12) want[t] = l;
    });
    assertArrayEquals(want, last.losses(), "the final checkpoint's history spans both parts of the run");
    assertArrayEquals(new double[] {13}, last.attachment());
    assertArrayEquals(fin.coefficients().toArray(), last.model().coefficients().toArray());

    // replayed: the final model and state, no listener call
    Count e = new Count();
    Convolution again = j.train("u", ModelKind.CONVOLUTION, Objectives.convolution(M), RunJournalTest::start, OPTS,
        (t, m, l) -> {
          throw new AssertionError("a finished unit was trained again");
        }, e, true);
    assertEquals(13, e.seen);
    assertArrayEquals(fin.coefficients().toArray(), again.coefficients().toArray());
    // a finished unit from a run with other options is refused
    CheckpointException x = assertThrows(CheckpointException.class, () -> j.train("u", ModelKind.CONVOLUTION,
        Objectives.convolution(M), RunJournalTest::start, new GradientDescent.Options(0.05, 13), (t, m, l) -> {},
        new Count(), true));
    assertTrue(x.getMessage().contains("12 steps") && x.getMessage().contains("13 steps"), x.getMessage());
  }

  @Test
  void aUnitFinishedWithoutItsModelIsReplayedFromItsStateOrRetrainedWhenTheModelIsWanted() throws IOException {
    RunJournal j = RunJournal.in(dir, 100);
    Count c = new Count();
    j.train("w", ModelKind.CONVOLUTION, Objectives.convolution(M), RunJournalTest::start, OPTS, (t, m, l) -> c.seen++,
        c, false);
    assertTrue(Files.exists(dir.resolve("w.done.npy")));
    assertTrue(j.hasProgress("w"));
    Count d = new Count();
    assertNull(j.train("w", ModelKind.CONVOLUTION, Objectives.convolution(M), RunJournalTest::start, OPTS,
        (t, m, l) -> {
          throw new AssertionError("replayed");
        }, d, false));
    assertEquals(13, d.seen);
    // asked for the model now: trained again (from the start), then kept
    Count e = new Count();
    Convolution m = j.train("w", ModelKind.CONVOLUTION, Objectives.convolution(M), RunJournalTest::start, OPTS,
        (t, mm, l) -> e.seen++, e, true);
    assertEquals(13, e.seen);
    assertTrue(Files.exists(dir.resolve("w.final.ckpt")));
    assertEquals(12, Checkpoint.read(dir.resolve("w.final.ckpt"), ModelKind.CONVOLUTION).step());
    assertTrue(m.coefficients().toArray().length == 6);
  }

  @Test
  void valuesNamesAndStateShapesAreChecked() throws IOException {
    RunJournal j = RunJournal.in(dir, 3);
    assertFalse(j.hasValue("g"));
    j.value("g", () -> new double[] {1, 2, 3});
    assertTrue(j.hasValue("g"));
    assertFalse(j.scope("s").hasValue("g"), "a scope has its own names");
    assertThrows(IllegalArgumentException.class, () -> j.train("bad name", ModelKind.CONVOLUTION,
        Objectives.convolution(M), RunJournalTest::start, OPTS, (t, m, l) -> {}, new Count(), false));
    assertThrows(IllegalArgumentException.class, () -> RunJournal.in(dir, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunJournal.unpack(new double[3], new double[1], new double[1]));
    assertTrue(e.getMessage().contains("3 values but 2 were expected ([1, 1])"), e.getMessage());
    assertArrayEquals(new double[] {1, 2, 3}, RunJournal.pack(new double[] {1}, new double[0], new double[] {2, 3}));
    assertEquals(Integer.valueOf(7), RunJournal.<Integer>withoutJournal(journal -> journal.active() ? -1 : 7));
  }
}
