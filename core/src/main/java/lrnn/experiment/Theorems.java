package lrnn.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.ntk.ClosedFormCurve;
import lrnn.theory.ScaleFactors;
import lrnn.train.GradientDescent;
import lrnn.train.Objectives;
import lrnn.util.Require;

/**
 * Experiment E5 (SPEC §7, ours): numerical checks of the paper's theorems.
 * <ul>
 *   <li>{@link #variance}: Theorem 3.3(a) — at initialization the entries of {@code G_j^0} are
 *   {@code N(0, nu_C nu_F nu_W^j / n_x)} (plus {@code nu_D / n_x} at j = 0 with D), i.e. (24)
 *   {@code E ||G_j^0||_F^2 = n_y nu_C nu_F nu_W^j}; measured over seeds.
 *   <li>{@link #drift}: Theorem 4.1 (25) — {@code ||G_j^t - G_j^0|| <= c t lambda_j}; the measured
 *   {@code max_t ||G_j^t - G_j^0||_F / (t lambda_j)} per lag for a trained RNN should stay bounded in j,
 *   alongside the same ratio for the scaled convolution (closed form (K5)) and for the unscaled convolution
 *   started at G^0, whose ratio grows like {@code 1/lambda_j} (it has no short-memory bias).
 * </ul>
 */
public final class Theorems {

  private Theorems() {}

  /**
   * @param n      hidden width
   * @param nx     input channels
   * @param ny     output channels
   * @param lags   lags j = 0 … lags-1
   * @param scales initialization variances
   * @param seeds  number of independent RNNs
   * @param firstSeed the RNNs are drawn with seeds firstSeed … firstSeed + seeds - 1
   */
  public record VarianceConfig(int n, int nx, int ny, int lags, InitScales scales, int seeds, long firstSeed) {
    public VarianceConfig {
      Require.positive("width n", n);
      Require.positive("n_x", nx);
      Require.positive("n_y", ny);
      Require.positive("K (lags)", lags);
      Require.positive("seeds", seeds);
    }
  }

  /**
   * Per lag: the mean square of the entries of {@code G_j^0} over seeds and entries, the prediction of
   * Theorem 3.3(a), and the standard error of the measured mean (sample standard deviation of the squared
   * entries over {@code sqrt(samples)}; entries are independent in the wide limit).
   */
  public record VarianceRow(int lag, double measured, double predicted, double standardError) {}

  /** Theorem 3.3(a) / (24): measured vs predicted variance of the entries of G_j^0 per lag. */
  public static List<VarianceRow> variance(VarianceConfig cfg, ProgressSink progress) {
    int lags = cfg.lags(), block = cfg.ny() * cfg.nx();
    double[] sum = new double[lags], sum2 = new double[lags];
    for (int s = 0; s < cfg.seeds(); s++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new java.util.concurrent.CancellationException("E5 variance cancelled at seed " + s);
      }
      double[] g = LinearRnn.random(cfg.n(), cfg.nx(), cfg.ny(), cfg.scales(), cfg.firstSeed() + s).impulseResponse(lags).toArray();
      for (int j = 0; j < lags; j++) {
        for (int t = j * block; t < (j + 1) * block; t++) {
          double q = g[t] * g[t];
          sum[j] += q;
          sum2[j] += q * q;
        }
      }
      progress.update(s + 1, cfg.seeds());
    }
    InitScales sc = cfg.scales();
    long samples = (long) cfg.seeds() * block;
    List<VarianceRow> rows = new ArrayList<>(lags);
    for (int j = 0; j < lags; j++) {
      double mean = sum[j] / samples;
      double var = samples > 1 ? Math.max(0, (sum2[j] - samples * mean * mean) / (samples - 1)) : Double.NaN;
      double predicted = (sc.nuC() * sc.nuF() * Math.pow(sc.nuW(), j) + (j == 0 && sc.withD() ? sc.nuD() : 0))
          / cfg.nx();
      rows.add(new VarianceRow(j, mean, predicted, Math.sqrt(var / samples)));
    }
    return List.copyOf(rows);
  }

  /**
   * @param n      hidden width of the trained RNN
   * @param scales its initialization (lambda from (21))
   * @param task   the training data (E1 by default)
   * @param seed   data seed; the RNN uses {@link Convergence#rnnSeed}
   * @param eta    learning rate
   * @param steps  GD steps (t = 1 … steps enter the max)
   * @param lags   lags reported (<= L; the RNN is trained on the Krylov path with K = L, which is exact)
   */
  public record DriftConfig(int n, InitScales scales, SyntheticTask task, long seed, double eta, int steps, int lags) {
    public DriftConfig {
      Require.positive("width n", n);
      Require.positive("learning rate eta", eta);
      Require.positive("steps", steps);
      Require.positive("K (lags)", lags);
      if (lags > task.length()) {
        throw new IllegalArgumentException("lags = " + lags + " exceeds the sequence length L = " + task.length()
            + "; use lags <= L");
      }
    }
  }

  /**
   * Per lag j: {@code lambda_j} of (21) and {@code max_{1<=t<=steps} ||G_j^t - G_j^0||_F / (t lambda_j)} for
   * the trained RNN, the scaled convolution (K5) and the unscaled convolution (both started at the RNN's
   * G^0). NaN where {@code lambda_j = 0}.
   */
  public record DriftRow(int lag, double lambda, double rnn, double scaled, double unscaled) {}

  /** Theorem 4.1 (25), measured. */
  public static List<DriftRow> drift(DriftConfig cfg, ProgressSink progress) {
    SyntheticTask task = cfg.task();
    Dataset data = task.generate(cfg.seed());
    int len = task.length(), lags = cfg.lags();
    InitScales sc = cfg.scales();
    double[] lambda = ScaleFactors.lambda(sc.nuW(), sc.nuF(), sc.nuC(), task.nx(), sc.withD(), lags);
    LinearRnn init = LinearRnn.random(cfg.n(), task.nx(), task.ny(), sc, Convergence.rnnSeed(cfg.seed()));
    DataMoments moments = DataMoments.of(data.xTrain(), data.yTrain(), len);
    ImpulseResponse g0 = init.impulseResponse(len);
    double[] rnn = new double[lags], scaled = new double[lags], unscaled = new double[lags];
    long total = 2L * cfg.steps() + 1;
    long[] done = {0};
    GradientDescent.run(Objectives.rnnKrylov(moments), init, new GradientDescent.Options(cfg.eta(), cfg.steps()),
        (t, m, loss) -> {
          if (t > 0) accumulate(rnn, m.impulseResponse(len), g0, t, lambda);
          progress.update(++done[0], total);
        });
    ClosedFormCurve sCurve = ClosedFormCurve.forRnn(moments, sc, g0, cfg.eta());
    double[] ones = new double[len];
    Arrays.fill(ones, 1.0);
    ClosedFormCurve uCurve = ClosedFormCurve.of(moments, ones, g0, cfg.eta());
    for (int t = 1; t <= cfg.steps(); t++) {
      accumulate(scaled, sCurve.coefficients(t), g0, t, lambda);
      accumulate(unscaled, uCurve.coefficients(t), g0, t, lambda);
      progress.update(++done[0], total);
    }
    List<DriftRow> rows = new ArrayList<>(lags);
    for (int j = 0; j < lags; j++) {
      boolean ok = lambda[j] > 0;
      rows.add(new DriftRow(j, lambda[j], ok ? rnn[j] : Double.NaN, ok ? scaled[j] : Double.NaN,
          ok ? unscaled[j] : Double.NaN));
    }
    return List.copyOf(rows);
  }

  private static void accumulate(double[] max, ImpulseResponse gt, ImpulseResponse g0, int t, double[] lambda) {
    for (int j = 0; j < max.length; j++) {
      if (!(lambda[j] > 0)) continue;
      double s = 0;
      for (int b = 0; b < g0.ny(); b++) {
        for (int a = 0; a < g0.nx(); a++) {
          double d = gt.get(j, b, a) - g0.get(j, b, a);
          s += d * d;
        }
      }
      max[j] = Math.max(max[j], Math.sqrt(s) / (t * lambda[j]));
    }
  }
}
