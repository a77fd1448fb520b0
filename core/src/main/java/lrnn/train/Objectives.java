package lrnn.train;

import lrnn.model.Convolution;
import lrnn.model.DataMoments;
import lrnn.model.LinearRnn;
import lrnn.model.Metrics;
import lrnn.model.RnnTrainer;
import lrnn.model.Sequences;
import lrnn.util.Require;

/** The MSE objectives of the three models of SPEC §5. */
public final class Objectives {

  private Objectives() {}

  /** Which exact RNN gradient to use (SPEC §4). */
  public enum GradientPath {
    /** Impulse-response path (K4) on data moments: O(K n^2 n_x) per step, independent of N. */
    KRYLOV,
    /** Backpropagation through time: O(N L n^2) per step. */
    BPTT
  }

  /**
   * The RNN by the Krylov path on precomputed data moments, trained in place on one working copy of the
   * initial RNN ({@link RnnTrainer}): the run holds W~ twice (the caller's init and the working copy); see
   * {@link #rnnKrylov(DataMoments, boolean)} for once. The listener's model is a live view.
   */
  public static GradientDescent.Objective<LinearRnn> rnnKrylov(DataMoments moments) {
    return rnnKrylov(moments, false);
  }

  /**
   * As {@link #rnnKrylov(DataMoments)}; with {@code consumeInit} the run trains the initial RNN's own arrays
   * (no copy: one n x n matrix in all). The initial RNN is then handed over: do not use it after the run
   * (the run returns it, trained).
   */
  public static GradientDescent.Objective<LinearRnn> rnnKrylov(DataMoments moments, boolean consumeInit) {
    Require.nonNull("data moments", moments);
    return new InPlace(consumeInit) {
      @Override
      RnnTrainer.Update update(RnnTrainer tr) {
        return tr.krylov(moments);
      }

      @Override
      double plainLoss(LinearRnn m) {
        return moments.loss(m.impulseResponse(moments.lags()));
      }
    };
  }

  /** The RNN by backpropagation through time on (x, y), trained in place on one working copy. */
  public static GradientDescent.Objective<LinearRnn> rnnBptt(Sequences x, Sequences y) {
    return rnnBptt(x, y, false);
  }

  /** As {@link #rnnBptt(Sequences, Sequences)}; {@code consumeInit} as in {@link #rnnKrylov(DataMoments, boolean)}. */
  public static GradientDescent.Objective<LinearRnn> rnnBptt(Sequences x, Sequences y, boolean consumeInit) {
    Require.nonNull("inputs", x);
    Require.nonNull("targets", y);
    x.requireSameShape("inputs", y, "targets");
    return new InPlace(consumeInit) {
      @Override
      RnnTrainer.Update update(RnnTrainer tr) {
        return tr.bptt(x, y);
      }

      @Override
      double plainLoss(LinearRnn m) {
        return Metrics.mse(m.forward(x), y);
      }
    };
  }

  /** The in-place RNN objectives: begin() makes (or adopts) the working copy, end() hands it out. */
  private abstract static class InPlace implements GradientDescent.Objective<LinearRnn> {
    private final boolean consumeInit;

    InPlace(boolean consumeInit) {
      this.consumeInit = consumeInit;
    }

    abstract RnnTrainer.Update update(RnnTrainer tr);

    /** The loss of a plain (immutable) RNN, without a working copy. */
    abstract double plainLoss(LinearRnn m);

    @Override
    public LinearRnn begin(LinearRnn init) {
      return (consumeInit ? RnnTrainer.adopt(init) : RnnTrainer.copyOf(init)).current();
    }

    @Override
    public LinearRnn end(LinearRnn model) {
      RnnTrainer tr = RnnTrainer.ownerOf(model);
      return tr == null ? model : tr.finish();
    }

    /** The trainer of m; a plain value (a caller outside a run) gets a trainer on a copy of it. */
    private static RnnTrainer trainer(LinearRnn m) {
      RnnTrainer tr = RnnTrainer.ownerOf(m);
      return tr != null ? tr : RnnTrainer.copyOf(m);
    }

    @Override
    public GradientDescent.Step<LinearRnn> step(LinearRnn m, double eta) {
      RnnTrainer tr = trainer(m);
      RnnTrainer.Update u = update(tr);
      return GradientDescent.Step.deferred(u.loss(), () -> {
        u.apply(eta);
        return tr.current();
      });
    }

    @Override
    public double loss(LinearRnn m) {
      RnnTrainer tr = RnnTrainer.ownerOf(m);
      return tr != null ? update(tr).loss() : plainLoss(m); // a run's view: also leaves G for the listener
    }
  }

  /** A scaled or unscaled convolution on data moments: {@code G_j <- G_j - eta lambda_j dG_j}. */
  public static GradientDescent.Objective<Convolution> convolution(DataMoments moments) {
    Require.nonNull("data moments", moments);
    return new GradientDescent.Objective<>() {
      @Override
      public GradientDescent.Step<Convolution> step(Convolution m, double eta) {
        return new GradientDescent.Step<>(moments.loss(m.coefficients()),
            m.step(eta, moments.gradient(m.coefficients())));
      }

      @Override
      public double loss(Convolution m) {
        return moments.loss(m.coefficients());
      }
    };
  }
}
