package lrnn.model;

import lrnn.util.Memory;
import lrnn.util.Require;

/**
 * The in-place training state of a {@link LinearRnn}: ONE copy of W~ (and F~, C~, D~) that gradient steps
 * update in place, so that a run at width n holds one n x n matrix (SPEC §9), not the 4-6 copies of
 * immutable values copied in and out.
 *
 * <p>{@link #current()} is a live view: a {@code LinearRnn} whose parameters change with every
 * {@link Update#apply}. Use it during a training callback (it is valid until the next update); call
 * {@link LinearRnn#snapshot()} to keep a copy. {@link #finish()} ends the training and hands the same object
 * out as a plain, immutable value, without a copy.
 *
 * <pre>{@code
 * RnnTrainer tr = RnnTrainer.copyOf(init);
 * for (int t = 0; t < steps; t++) {
 *   RnnTrainer.Update u = tr.krylov(moments);   // loss and G of the current parameters
 *   log(t, u.loss());
 *   u.apply(eta);                                // theta <- theta - eta dMSE/dtheta, in place
 * }
 * LinearRnn trained = tr.finish();
 * }</pre>
 */
public final class RnnTrainer {

  private LinearRnn rnn; // the working RNN (owner == this); null once finished
  private Update pending;

  private RnnTrainer(LinearRnn working) {
    this.rnn = working;
    working.owner = this;
  }

  /** A trainer on a copy of {@code init} (the one copy of W~ the run owns); init is not changed. */
  public static RnnTrainer copyOf(LinearRnn init) {
    Require.nonNull("initial RNN", init);
    Memory.require("the working copy of the RNN at n = " + init.n() + " (" + init.dtype().label() + ")",
        LinearRnn.parameterBytes(init.n(), init.nx(), init.ny(), init.dtype()));
    return new RnnTrainer(init.deepCopy());
  }

  /**
   * A trainer that takes over {@code init}'s own arrays (no copy: one n x n matrix for the whole run). The
   * caller hands {@code init} over: it changes with every update and must not be used as a value until
   * {@link #finish()} (which returns it).
   *
   * @throws IllegalStateException if init is already being trained
   */
  public static RnnTrainer adopt(LinearRnn init) {
    Require.nonNull("initial RNN", init);
    if (init.owner != null) {
      throw new IllegalStateException("this RNN is already being trained in place; train a snapshot() of it");
    }
    return new RnnTrainer(init);
  }

  /** The trainer that owns {@code rnn} (rnn is its live view), or null for a plain value. */
  public static RnnTrainer ownerOf(LinearRnn rnn) {
    return rnn == null ? null : rnn.owner;
  }

  /** The live view of the current parameters (valid until the next update; snapshot() to keep). */
  public LinearRnn current() {
    requireOpen();
    return rnn;
  }

  /** A pending GD step: the loss at the current parameters, and the update that {@link #apply} makes. */
  public interface Update {
    /** The MSE at the current parameters. */
    double loss();

    /** theta <- theta - eta dMSE/dtheta on the trainer's arrays. At most once, and only on the latest update. */
    void apply(double eta);
  }

  /**
   * The loss and G (available to {@code current().impulseResponse(K)} without another sweep) of the current
   * parameters by the Krylov path (K4), with the update it implies. Memory O(n K (n_x + n_y)).
   */
  public Update krylov(DataMoments moments) {
    Require.nonNull("data moments", moments);
    requireOpen();
    pending = null; // an unapplied older update's arrays are not kept while this one is computed
    KrylovGradient.Pass pass = new KrylovGradient.Pass(rnn, moments);
    rnn.cachedG = pass.g;
    return pending(pass.loss, eta -> pass.applyInPlace(rnn, eta));
  }

  /** As {@link #krylov} by backpropagation through time on (x, y) (float64 RNNs): memory W + 2 L N n doubles. */
  public Update bptt(Sequences x, Sequences y) {
    requireOpen();
    Gradients.requireBatch(rnn, x, y);
    pending = null; // an unapplied older update's arrays are not kept while this one is computed
    BpttWorkspace ws = new BpttWorkspace(rnn, x);
    double loss = Metrics.mse(ws.outputs(), y);
    return pending(loss, eta -> ws.applyInPlace(y, eta));
  }

  private Update pending(double loss, java.util.function.DoubleConsumer step) {
    Update u = new Update() {
      private boolean applied;

      @Override
      public double loss() {
        return loss;
      }

      @Override
      public void apply(double eta) {
        Require.finite("learning rate eta", eta);
        requireOpen();
        if (applied) throw new IllegalStateException("this update was already applied");
        if (pending != this) throw new IllegalStateException("a newer update was computed; apply that one");
        applied = true;
        pending = null; // what this update holds (BPTT: the hidden states) is garbage once applied
        rnn.cachedG = null;
        step.accept(eta);
      }
    };
    pending = u;
    return u;
  }

  /** Ends training and returns the trained RNN as a plain immutable value (the same object, no copy). */
  public LinearRnn finish() {
    requireOpen();
    LinearRnn out = rnn;
    out.owner = null;
    out.cachedG = null;
    rnn = null;
    pending = null;
    return out;
  }

  private void requireOpen() {
    if (rnn == null) throw new IllegalStateException("this trainer has finished; start a new one");
  }
}
