package lrnn.model;

import lrnn.util.Require;
import lrnn.util.ShapeMismatchException;

/**
 * The two exact ways to the MSE gradient of a linear RNN (SPEC §4). They agree to rounding (tested).
 */
public final class Gradients {

  private Gradients() {}

  /** Backpropagation through time on the batch (x, y): cost O(N L n^2). */
  public static RnnEvaluation bptt(LinearRnn rnn, Sequences x, Sequences y) {
    Require.nonNull("rnn", rnn);
    requireBatch(rnn, x, y);
    BpttWorkspace ws = new BpttWorkspace(rnn, x);
    RnnGradient g = ws.gradient(y);
    return new RnnEvaluation(Metrics.mse(ws.outputs(), y), g, null);
  }

  /** Checks a BPTT batch (x, y) against the RNN's channels, with messages that say what to fix. */
  static void requireBatch(LinearRnn rnn, Sequences x, Sequences y) {
    rnn.requireInputs(x);
    Require.nonNull("targets", y);
    x.requireSameShape("inputs", y, "targets");
    if (y.dim() != rnn.ny()) {
      throw new ShapeMismatchException("targets have " + y.dim() + " channels but the RNN has n_y = " + rnn.ny()
          + "; give targets with n_y channels or an RNN built for them");
    }
  }

  /**
   * O(n) doubles per row (per unit of the width n) that one step of the Krylov path holds besides W: the bases
   * P and Q, R, and for a float32 RNN their float copies (SPEC §9). The memory of the step is
   * {@code 8 n} times this (+ W).
   */
  public static long krylovRowDoubles(int lags, int nx, int ny, Dtype dtype) {
    return KrylovGradient.rowDoubles(lags, nx, ny, dtype);
  }

  /** The impulse-response (Krylov) path (K4) on data moments: cost O(K n^2 n_x), independent of N. */
  public static RnnEvaluation krylov(LinearRnn rnn, DataMoments moments) {
    Require.nonNull("rnn", rnn);
    Require.nonNull("data moments", moments);
    return KrylovGradient.evaluate(rnn, moments);
  }
}
