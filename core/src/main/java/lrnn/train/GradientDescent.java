package lrnn.train;

import lrnn.util.Require;

/**
 * Full-batch gradient descent with one learning rate for every model (SPEC §5), a per-step listener,
 * divergence guards and cancellation by thread interrupt. Stateless; models are immutable values.
 */
public final class GradientDescent {

  /** A loss with a gradient step, for model values of type M. */
  public interface Objective<M> {
    /** The loss at {@code model} and the model after one GD step of size {@code eta}. */
    Step<M> step(M model, double eta);

    /** The loss at {@code model}. */
    double loss(M model);
  }

  /** Loss at the current point and the next iterate. */
  public record Step<M>(double loss, M next) {}

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

  /** As {@link #run(Objective, Object, Options, Listener)} but starting at step {@code firstStep} (resume). */
  public static <M> M run(Objective<M> objective, M init, int firstStep, Options options, Listener<M> listener) {
    M model = init;
    double initial = Double.NaN;
    for (int t = firstStep; t <= options.steps(); t++) {
      if (Thread.currentThread().isInterrupted()) throw new TrainingCancelledException(t);
      double loss;
      M next = null;
      if (t < options.steps()) {
        Step<M> s = objective.step(model, options.eta());
        loss = s.loss();
        next = s.next();
      } else {
        loss = objective.loss(model);
      }
      if (Double.isNaN(initial)) initial = loss;
      if (!Double.isFinite(loss) || loss > options.explosionFactor() * Math.max(initial, Double.MIN_NORMAL)) {
        throw new DivergenceException(t, loss, initial, options.eta());
      }
      listener.onStep(t, model, loss);
      if (next != null) model = next;
    }
    return model;
  }
}
