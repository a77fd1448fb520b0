package lrnn.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import lrnn.io.NdArray;
import lrnn.io.Npy;
import lrnn.util.Require;

/**
 * The resumable state of an experiment made of several gradient-descent runs ("units", e.g. the RNN, the scaled
 * and the unscaled convolution of E1, or one of them at one delay of E2), kept in a directory so that a run
 * interrupted at any point (Ctrl-C, kill, a crash, a reboot) continues on the bit-identical trajectory:
 *
 * <ul>
 *   <li>{@code UNIT.ckpt}: the {@link Checkpoint} of the unit in progress, every {@code every} steps and when
 *       cancelled, with the unit's {@link State} (its listener's logged values so far) as attachment;</li>
 *   <li>{@code UNIT.final.ckpt} or {@code UNIT.done.npy}: a finished unit — its final model (when the caller
 *       needs it later, {@code keepFinal}) and state, or the state alone (no n x n file per finished unit);</li>
 *   <li>{@code NAME.npy}: a value computed once ({@link #value}, e.g. the RNN's initial impulse response).</li>
 * </ul>
 * A finished unit is replayed from its files without training; an interrupted one resumes from its checkpoint.
 * Every file is written atomically (a reader sees the old or the new one). {@link #NONE} keeps nothing: units
 * simply run. Which options the directory belongs to is the caller's business (the command line records them).
 */
public final class RunJournal {

  /** Keeps nothing: every unit runs from its start, nothing is written. */
  public static final RunJournal NONE = new RunJournal(null, "", 1);

  /** The part of a unit's listener state that must survive an interruption, as a flat array of doubles. */
  public interface State {
    /** The state after the steps the listener has seen so far. */
    double[] save();

    /** Restores what {@link #save} returned (called before the unit resumes or is replayed). */
    void restore(double[] saved);
  }

  private final Path dir;
  private final String prefix;
  private final int every;

  private RunJournal(Path dir, String prefix, int every) {
    this.dir = dir;
    this.prefix = prefix;
    this.every = every;
  }

  /**
   * A journal in {@code dir} (created if needed) that checkpoints every {@code every} steps of each unit.
   *
   * @throws IOException if the directory cannot be created
   */
  public static RunJournal in(Path dir, int every) throws IOException {
    Require.nonNull("journal directory", dir);
    Require.positive("checkpoint interval (steps)", every);
    Files.createDirectories(dir);
    return new RunJournal(dir, "", every);
  }

  /** A computation that may use a journal (and so declares IOException). */
  @FunctionalInterface
  public interface Journaled<T> {
    T run(RunJournal journal) throws IOException;
  }

  /**
   * Runs {@code body} with {@link #NONE}, which does no I/O, so the IOException its signature declares cannot
   * happen (for the overloads of experiments that take no journal).
   */
  public static <T> T withoutJournal(Journaled<T> body) {
    try {
      return body.run(NONE);
    } catch (IOException e) {
      throw new AssertionError("nothing is written without a journal", e);
    }
  }

  /** Whether this journal keeps anything ({@link #NONE} does not). */
  public boolean active() {
    return dir != null;
  }

  /** The directory, or null for {@link #NONE}. */
  public Path dir() {
    return dir;
  }

  /** A view whose units and values are named {@code name + "-" + unit} (e.g. one cell of a sweep over widths). */
  public RunJournal scope(String name) {
    requireName(name);
    return dir == null ? this : new RunJournal(dir, prefix + name + "-", every);
  }

  /** Whether a unit has started (it has a checkpoint) or finished: resuming it will not need its initial model. */
  public boolean hasProgress(String unit) {
    if (dir == null) return false;
    return Files.exists(file(unit, ".ckpt")) || Files.exists(file(unit, ".final.ckpt"))
        || Files.exists(file(unit, ".done.npy"));
  }

  /** Whether a value was stored. */
  public boolean hasValue(String name) {
    return dir != null && Files.exists(file(name, ".npy"));
  }

  /**
   * A value computed once per run: read back if stored, else computed and stored (atomically, before it is
   * returned). Without a journal it is just computed.
   */
  public double[] value(String name, Supplier<double[]> compute) throws IOException {
    requireName(name);
    if (dir == null) return compute.get();
    Path f = file(name, ".npy");
    if (Files.exists(f)) return Npy.read(f).toDoubleArray();
    double[] v = compute.get();
    Npy.write(f, new int[] {v.length}, v); // atomic, and finished despite an interrupt (AtomicFiles)
    return v;
  }

  /**
   * Runs one unit: replays it if it finished, resumes it from its checkpoint if it started, else runs it from
   * {@code init} (asked for only then) with checkpoints. The listener sees every step from where the unit
   * (re)starts; {@code state} is restored first.
   *
   * @param keepFinal keep the final model on disk (return it on replay); otherwise a replayed unit returns null
   * @return the final model (null for a replayed unit without {@code keepFinal})
   * @throws TrainingCancelledException if the thread is interrupted (a checkpoint is written first)
   * @throws CheckpointException if the unit's checkpoint is unusable or from a run with other GD options
   */
  public <M> M train(String unit, ModelKind<M> kind, GradientDescent.Objective<M> objective, Supplier<M> init,
                     GradientDescent.Options options, GradientDescent.Listener<M> listener, State state,
                     boolean keepFinal) throws IOException {
    requireName(unit);
    Require.nonNull("state", state);
    if (dir == null) return GradientDescent.run(objective, init.get(), options, listener);
    Path fin = file(unit, ".final.ckpt"), done = file(unit, ".done.npy"), ckpt = file(unit, ".ckpt");
    if (Files.exists(fin)) {
      Checkpoint<M> c = Checkpoint.read(fin, kind);
      requireSameOptions(fin, c.options(), options);
      state.restore(c.attachment());
      return c.model();
    }
    if (Files.exists(done) && !keepFinal) {
      state.restore(Npy.read(done).toDoubleArray());
      return null;
    }
    // the losses of every step, for the final checkpoint (its format keeps the whole history)
    double[] history = new double[options.steps()];
    GradientDescent.Listener<M> recording = (t, m, loss) -> {
      if (t < history.length) history[t] = loss;
      listener.onStep(t, m, loss);
    };
    Checkpointing<M> policy = new Checkpointing<>(ckpt, every, kind, state::save);
    M result;
    if (Files.exists(ckpt)) {
      Checkpoint<M> c = Checkpoint.read(ckpt, kind);
      requireSameOptions(ckpt, c.options(), options);
      state.restore(c.attachment());
      double[] past = c.losses();
      System.arraycopy(past, 0, history, 0, past.length);
      result = GradientDescent.resume(objective, c, recording, policy);
    } else {
      result = GradientDescent.run(objective, init.get(), options, recording, policy);
    }
    double[] finalState = state.save();
    // atomic writes that finish despite an interrupt (AtomicFiles), then the checkpoint is dropped
    if (keepFinal) {
      double initial = history.length > 0 ? history[0] : Double.NaN;
      new Checkpoint<>(kind, options.steps(), options, initial, history, result, finalState).write(fin);
    } else {
      Npy.write(done, new int[] {finalState.length}, finalState);
    }
    Files.deleteIfExists(ckpt);
    return result;
  }

  private static void requireSameOptions(Path file, GradientDescent.Options had, GradientDescent.Options now)
      throws CheckpointException {
    if (Double.compare(had.eta(), now.eta()) != 0 || had.steps() != now.steps()
        || Double.compare(had.explosionFactor(), now.explosionFactor()) != 0) {
      throw new CheckpointException(file, "belongs to a run with eta = " + had.eta() + ", " + had.steps()
          + " steps, but this run has eta = " + now.eta() + ", " + now.steps() + " steps; resume with the options "
          + "of the interrupted run or start afresh in another directory");
    }
  }

  private Path file(String name, String suffix) {
    return dir.resolve(prefix + name + suffix);
  }

  private static void requireName(String name) {
    Require.nonNull("unit name", name);
    if (name.isEmpty() || !name.matches("[A-Za-z0-9_.=+-]+")) {
      throw new IllegalArgumentException("unit name '" + name + "' must be non-empty letters, digits and _.=+-");
    }
  }

  /** Concatenates int counters and arrays into one state array (a helper for {@link State} implementations). */
  public static double[] pack(double[]... parts) {
    int len = 0;
    for (double[] p : parts) len += p.length;
    double[] out = new double[len];
    int o = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  /** Splits a packed state back into arrays of the given lengths (the inverse of {@link #pack}). */
  public static void unpack(double[] saved, double[]... parts) {
    int len = 0;
    for (double[] p : parts) len += p.length;
    if (saved.length != len) {
      throw new IllegalArgumentException("saved state has " + saved.length + " values but " + len + " were expected ("
          + Arrays.toString(Arrays.stream(parts).mapToInt(p -> p.length).toArray()) + "); the journal belongs to "
          + "another run");
    }
    int o = 0;
    for (double[] p : parts) {
      System.arraycopy(saved, o, p, 0, p.length);
      o += p.length;
    }
  }
}
