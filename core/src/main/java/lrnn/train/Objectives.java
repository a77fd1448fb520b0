package lrnn.train;

import lrnn.model.Convolution;
import lrnn.model.DataMoments;
import lrnn.model.Gradients;
import lrnn.model.LinearRnn;
import lrnn.model.Metrics;
import lrnn.model.RnnEvaluation;
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

  /** The RNN by the Krylov path on precomputed data moments. */
  public static GradientDescent.Objective<LinearRnn> rnnKrylov(DataMoments moments) {
    Require.nonNull("data moments", moments);
    return new GradientDescent.Objective<>() {
      @Override
      public GradientDescent.Step<LinearRnn> step(LinearRnn m, double eta) {
        RnnEvaluation e = Gradients.krylov(m, moments);
        return new GradientDescent.Step<>(e.loss(), m.plus(-eta, e.gradient()));
      }

      @Override
      public double loss(LinearRnn m) {
        return moments.loss(m.impulseResponse(moments.lags()));
      }
    };
  }

  /** The RNN by backpropagation through time on (x, y). */
  public static GradientDescent.Objective<LinearRnn> rnnBptt(Sequences x, Sequences y) {
    Require.nonNull("inputs", x);
    Require.nonNull("targets", y);
    x.requireSameShape("inputs", y, "targets");
    return new GradientDescent.Objective<>() {
      @Override
      public GradientDescent.Step<LinearRnn> step(LinearRnn m, double eta) {
        RnnEvaluation e = Gradients.bptt(m, x, y);
        return new GradientDescent.Step<>(e.loss(), m.plus(-eta, e.gradient()));
      }

      @Override
      public double loss(LinearRnn m) {
        return Metrics.mse(m.forward(x), y);
      }
    };
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
