package lrnn.train;

import java.io.IOException;
import java.util.Arrays;
import lrnn.util.Require;

/**
 * Full-batch gradient descent with one learning rate for every model (SPEC §5), a per-step listener,
 * divergence guards and cancellation by thread interrupt. Stateless. Objectives either return a new model
 * per step (immutable values, e.g. the convolutions) or train one working copy in place
 * ({@link Objective#begin}; the RNN objectives of {@link Objectives}): then the listener's model is a live
 * view, valid during the callback, and the final model is handed out without a copy.
 */
public final class GradientDescent {

  /** A loss with a gradient step, for model values of type M. */
  public interface Objective<M> {
    /**
     * The loss at {@code model} and the model after one GD step of size {@code eta}. The run calls
     * {@link Step#next()} after the listener has seen {@code model}, so an in-place objective updates there.
     */
    Step<M> step(M model, double eta);

    /** The loss at {@code model}. */
    double loss(M model);

    /**
     * The model a run works on, from its initial model: {@code init} itself for immutable models (the
     * default); an in-place objective returns the working copy the run owns (or takes init over).
     */
    default M begin(M init) {
      return init;
    }

    /** The model to hand out at the end of a run (after {@link #begin}); the default is {@code model}. */
    default M end(M model) {
      return model;
    }
  }

  /** Loss at the current point and the next iterate (computed now, or when {@link #next()} is first called). */
  public static final class Step<M> {
    private final double loss;
    private M next;
    private java.util.function.Supplier<M> deferred;

    /** A step whose next iterate is already computed. */
    public Step(double loss, M next) {
      this.loss = loss;
      this.next = next;
    }

    private Step(double loss, java.util.function.Supplier<M> deferred) {
      this.loss = loss;
      this.deferred = deferred;
    }

    /** A step whose update runs when {@link #next()} is first called (in-place objectives). */
    public static <M> Step<M> deferred(double loss, java.util.function.Supplier<M> update) {
      Require.nonNull("update", update);
      return new Step<>(loss, update);
    }

    public double loss() {
      return loss;
    }

    /** The next iterate (runs a deferred update once). */
    public M next() {
      if (deferred != null) {
        next = deferred.get();
        deferred = null;
      }
      return next;
    }
  }

  /** Called at every step t = 0 … steps with the model before update t and its training loss. */
  @FunctionalInterface
  public interface Listener<M> {
    void onStep(int step, M model, double loss);
  }

  /**
   * @param eta               learning rate (> 0)
   * @param steps             number of updates (>= 0)
   * @param explosionFactor   stop when the loss exceeds this multiple of the initial loss (default 1e6)
   */
  public record Options(double eta, int steps, double explosionFactor) {
    public Options {
      Require.positive("learning rate eta", eta);
      Require.nonNegative("steps", steps);
      Require.positive("explosion factor", explosionFactor);
    }

    public Options(double eta, int steps) {
      this(eta, steps, 1e6);
    }
  }

  private GradientDescent() {}

  /**
   * Runs {@code options.steps()} updates from {@code init}; the listener sees steps 0 … steps.
   *
   * @return the final model
   * @throws DivergenceException       if the loss becomes non-finite or explodes
   * @throws TrainingCancelledException if the thread is interrupted
   */
  public static <M> M run(Objective<M> objective, M init, Options options, Listener<M> listener) {
    return run(objective, init, 0, options, listener);
  }

  /**
   * As {@link #run(Objective, Object, Options, Listener)} but starting at step {@code firstStep}; the divergence
   * guard then measures against the loss at {@code firstStep}. To continue a run on the identical trajectory
   * use {@link #resume}.
   */
  public static <M> M run(Objective<M> objective, M init, int firstStep, Options options, Listener<M> listener) {
    requireArguments(objective, init, options, listener);
    Require.inRange("first step", firstStep, 0, options.steps());
    try {
      return loop(objective, init, firstStep, Double.NaN, options, listener, null, null);
    } catch (IOException e) {
      throw new AssertionError("no checkpoint is written without a policy", e);
    }
  }

  /**
   * As {@link #run(Objective, Object, Options, Listener)}, writing a {@link Checkpoint} to {@code policy.file()}
   * every {@code policy.every()} steps and when cancelled. A cancelled or crashed run continues on the
   * bit-identical trajectory with {@link #resume}.
   *
   * @throws IOException if a checkpoint cannot be written (training stops there)
   */
  public static <M> M run(Objective<M> objective, M init, Options options, Listener<M> listener,
                          Checkpointing<M> policy) throws IOException {
    requireArguments(objective, init, options, listener);
    Require.nonNull("checkpoint policy", policy);
    policy.kind().cast(init);
    return loop(objective, init, 0, Double.NaN, options, listener, policy, new double[0]);
  }

  /**
   * Continues the run saved in {@code from} with its options: the model, the losses the listener sees (steps
   * {@code from.step()} … steps) and the divergence guard are bit-identical to those of an uninterrupted run
   * with the same objective. {@code policy} may be null (no further checkpoints).
   *
   * @throws IOException if a checkpoint cannot be written
   */
  public static <M> M resume(Objective<M> objective, Checkpoint<M> from, Listener<M> listener,
                             Checkpointing<M> policy) throws IOException {
    Require.nonNull("checkpoint", from);
    requireArguments(objective, from.model(), from.options(), listener);
    if (policy != null && policy.kind() != from.kind()) {
      throw new IllegalArgumentException("the checkpoint holds " + from.kind().description() + " but the policy is for "
          + policy.kind().description());
    }
    return loop(objective, from.model(), from.step(), from.initialLoss(), from.options(), listener, policy,
        from.losses());
  }

  private static void requireArguments(Objective<?> objective, Object init, Options options, Listener<?> listener) {
    Require.nonNull("objective", objective);
    Require.nonNull("initial model", init);
    Require.nonNull("options", options);
    Require.nonNull("listener", listener);
  }

  /**
   * The GD loop. Step t: check for cancellation, write a checkpoint if due, evaluate the loss and the next
   * iterate, check for divergence, tell the listener, move on. {@code history} (losses of steps before
   * {@code firstStep}) is kept only with a policy.
   */
  private static <M> M loop(Objective<M> objective, M init, int firstStep, double initialLoss, Options options,
                            Listener<M> listener, Checkpointing<M> policy, double[] history) throws IOException {
    M model = objective.begin(init);
    double initial = initialLoss;
    // the loss history (kept only with a checkpoint policy) grows by doubling, as a primitive list would (Eclipse
    // Collections' DoubleArrayList does the same inside): two lines here instead of a 12 MB library, docs/library.md
    double[] losses = history == null ? null : Arrays.copyOf(history, Math.max(16, history.length * 2));
    for (int t = firstStep; t <= options.steps(); t++) {
      if (Thread.currentThread().isInterrupted()) {
        if (policy == null) throw new TrainingCancelledException(t);
        save(policy, t, options, initial, losses, model);
        throw new TrainingCancelledException(t, policy.file());
      }
      if (policy != null && t > firstStep && t % policy.every() == 0) save(policy, t, options, initial, losses, model);
      double loss;
      Step<M> s = null;
      if (t < options.steps()) {
        s = objective.step(model, options.eta());
        loss = s.loss();
      } else {
        loss = objective.loss(model);
      }
      if (Double.isNaN(initial)) initial = loss;
      if (!Double.isFinite(loss) || loss > options.explosionFactor() * Math.max(initial, Double.MIN_NORMAL)) {
        throw new DivergenceException(t, loss, initial, options.eta());
      }
      if (losses != null) {
        if (t >= losses.length) losses = Arrays.copyOf(losses, Math.max(t + 1, losses.length * 2));
        losses[t] = loss;
      }
      listener.onStep(t, model, loss);
      if (s != null) model = s.next();
    }
    return objective.end(model);
  }

  /**
   * Writes the checkpoint at step t; the write finishes even when the thread is interrupted (the interrupt is kept
   * for the caller: {@link lrnn.io.AtomicFiles#writeAtomically}).
   */
  private static <M> void save(Checkpointing<M> policy, int t, Options options, double initial, double[] losses,
                               M model) throws IOException {
    new Checkpoint<>(policy.kind(), t, options, initial, Arrays.copyOf(losses, t), model, policy.attachment().get())
        .write(policy.file());
  }
}
