package lrnn.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import lrnn.model.Convolution;
import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.Metrics;
import lrnn.model.Sequences;
import lrnn.theory.ScaleFactors;
import lrnn.train.GradientDescent;
import lrnn.train.ModelKind;
import lrnn.train.RunJournal;
import lrnn.train.Objectives;
import lrnn.util.Require;

/**
 * Experiment E3 (SPEC §6, §7; paper Table 1): a real time series as ONE long sequence (N = 1), split in
 * time; the linear RNN, the scaled convolution (lambda from (21), started at the RNN's impulse response
 * (60)) and the unscaled convolution (started at 0) are trained by full-batch GD with one learning rate on
 * the first part, and scored by R^2 per output on the last part.
 *
 * <p><b>Split.</b> The test window is the last {@code testFraction} of the samples; each regime trains on
 * the first {@code trainFraction} (SPEC: limited = 10%, full = 80%). Samples between the two are unused
 * for training but their inputs drive the test predictions.
 *
 * <p><b>Scaling.</b> Each output channel is standardized with the mean and standard deviation of the
 * regime's training part, so that one learning rate suits every data set; the inputs are left as they
 * are (one-hot channels stay 0/1). The standardized series, hence every result, is invariant to any affine
 * change of the raw output's units (R^2 is computed on the same scale for predictions and targets); the
 * logged MSE curves are on the standardized scale. Note that the models have no intercept: the centering
 * makes the training mean their fixed intercept (a convolution could not represent a constant otherwise).
 * On the fMRI data the BOLD mean is about 0 and this changes the FIR baseline's R^2 by less than 0.001.
 *
 * <p><b>Lags.</b> All three models use {@code K} lags (default 64), never {@code K = L}: the RNN is trained
 * by the Krylov path on the K-lag data moments, i.e. it is the exact gradient of the RNN whose impulse
 * response is truncated at K lags (SPEC §4). At nu_W = 0.5, {@code lambda_64 / lambda_0 < 1e-17}, so the
 * truncated tail is invisible at the widths used.
 *
 * <p><b>Test predictions carry the state.</b> The test window follows the training data in time, so the
 * models are evaluated on the whole input series and only the test window is scored: a convolution's
 * output at time k uses the inputs k-K+1 … k, whichever part they fall in. For the RNN this is its K-lag
 * impulse response, which equals its state-space output up to the lags beyond K (invisible, as above).
 */
public final class RealData {

  private RealData() {}

  /** A training regime: a name and the fraction of the series (from its start) to train on. */
  public record Regime(String name, double trainFraction) {
    public Regime {
      if (name == null || name.isBlank()) throw new IllegalArgumentException("a regime needs a name");
      if (!(trainFraction > 0 && trainFraction < 1)) {
        throw new IllegalArgumentException("regime " + name + ": train fraction " + trainFraction + " must be in (0, 1)");
      }
    }
  }

  /** SPEC §7 E3: limited = first 10%, full = first 80%. */
  public static final List<Regime> REGIMES = List.of(new Regime("limited", 0.1), new Regime("full", 0.8));

  /**
   * @param scales       the RNN's initialization variances (lambda follows from them by (21))
   * @param width        the RNN's hidden width n
   * @param lags         K, the lags of the convolutions and of the Krylov path
   * @param eta          learning rate, the same for every model and regime
   * @param steps        GD steps
   * @param logEvery     log the curves every this many steps (plus step 0 and the last)
   * @param testFraction the test window: this last fraction of the samples
   * @param regimes      the training regimes, each ending at or before the test window
   * @param seed         seed of the RNN's initialization (the same in every regime)
   */
  public record Config(InitScales scales, int width, int lags, double eta, int steps, int logEvery, double testFraction,
                       List<Regime> regimes, long seed) {
    public Config {
      Require.positive("hidden width n", width);
      Require.positive("K (lags)", lags);
      Require.positive("learning rate eta", eta);
      Require.nonNegative("steps", steps);
      Require.positive("log-every", logEvery);
      if (!(testFraction > 0 && testFraction < 1)) {
        throw new IllegalArgumentException("test fraction " + testFraction + " must be in (0, 1)");
      }
      regimes = List.copyOf(regimes);
      if (regimes.isEmpty()) throw new IllegalArgumentException("no training regimes; give at least one");
      for (Regime r : regimes) {
        if (r.trainFraction() + testFraction > 1 + 1e-12) {
          throw new IllegalArgumentException("regime " + r.name() + " trains on the first " + r.trainFraction()
              + " of the series, which overlaps the test window (the last " + testFraction + ")");
        }
      }
    }

    /**
     * SPEC §7 E3 defaults: n = 1000, K = 64, eta = 1, 300 steps (logged every 10), test = last 20%, regimes
     * limited (10%) and full (80%), seed 1. Chosen for convergence on the fMRI data with standardized
     * outputs and one-hot inputs: the unscaled convolution's largest Hessian eigenvalue there is 0.59
     * (limited) and 0.63 (full), so it is stable for eta below about 3.2, and at eta = 1 it reaches its
     * least-squares limit within 300 steps in the full regime; the scaled convolution keeps creeping along
     * its slow, long-lag directions, which is its implicit bias, not a lack of steps. eta = 2 converges
     * faster but made a narrow RNN (n = 32) diverge; the ranking of the three models was the same at
     * eta = 0.5, 1 and 2 (n = 64 and 256).
     */
    public static Config defaults() {
      return new Config(InitScales.DEFAULT, 1000, 64, 1.0, 300, 10, 0.2, REGIMES, 1);
    }

    public Config withWidth(int n) {
      return new Config(scales, n, lags, eta, steps, logEvery, testFraction, regimes, seed);
    }

    public Config withLags(int k) {
      return new Config(scales, width, k, eta, steps, logEvery, testFraction, regimes, seed);
    }

    public Config withEta(double e) {
      return new Config(scales, width, lags, e, steps, logEvery, testFraction, regimes, seed);
    }

    public Config withSteps(int s, int every) {
      return new Config(scales, width, lags, eta, s, every, testFraction, regimes, seed);
    }

    public Config withSplit(double test, List<Regime> r) {
      return new Config(scales, width, lags, eta, steps, logEvery, test, r, seed);
    }

    public Config withSeed(long s) {
      return new Config(scales, width, lags, eta, steps, logEvery, testFraction, regimes, s);
    }
  }

  /** R^2 on the test window of one output channel in one regime. */
  public record Row(String regime, String output, double r2Rnn, double r2Scaled, double r2Conv) {}

  /** One logged step of one regime: MSE (standardized scale) on the training part and on the test window. */
  public record CurveRow(String regime, int step, double trainRnn, double trainScaled, double trainConv,
                         double testRnn, double testScaled, double testConv) {}

  /** The R^2 table (regimes in config order, outputs in series order) and the training curves. */
  public record Result(List<Row> rows, List<CurveRow> curves) {

    /** The row of {@code regime} and {@code output}. */
    public Row row(String regime, String output) {
      for (Row r : rows) if (r.regime().equals(regime) && r.output().equals(output)) return r;
      throw new IllegalArgumentException("no row for regime " + regime + ", output " + output);
    }
  }

  /**
   * Where a series of {@code length} samples is split: train on {@code [0, trainEnd)}, test on
   * {@code [testStart, length)}; {@code trainEnd = round(trainFraction T)},
   * {@code testStart = T - round(testFraction T)}.
   */
  public record Split(int length, int trainEnd, int testStart) {
    public static Split of(int length, double trainFraction, double testFraction) {
      int trainEnd = (int) Math.round(trainFraction * length);
      int testStart = length - (int) Math.round(testFraction * length);
      if (trainEnd < 2) {
        throw new IllegalArgumentException("training on the first " + trainFraction + " of " + length
            + " samples leaves " + trainEnd + "; need at least 2");
      }
      if (testStart >= length) {
        throw new IllegalArgumentException("the test window (last " + testFraction + " of " + length
            + " samples) is empty");
      }
      if (trainEnd > testStart) {
        throw new IllegalArgumentException("the training part [0, " + trainEnd + ") overlaps the test window ["
            + testStart + ", " + length + ")");
      }
      return new Split(length, trainEnd, testStart);
    }
  }

  /**
   * The outputs standardized per channel with the mean and standard deviation of samples
   * {@code [0, trainEnd)}, as (1, T, n_y).
   */
  static Sequences standardizedOutputs(TimeSeries ts, int trainEnd) {
    double[][] y = ts.outputs();
    int ny = ts.ny();
    for (int c = 0; c < ny; c++) {
      double mean = 0;
      for (int t = 0; t < trainEnd; t++) mean += y[t][c];
      mean /= trainEnd;
      double var = 0;
      for (int t = 0; t < trainEnd; t++) var += (y[t][c] - mean) * (y[t][c] - mean);
      double sd = Math.sqrt(var / trainEnd);
      if (!(sd > 0)) {
        throw new IllegalArgumentException("output " + ts.outputNames().get(c) + " is constant on the first "
            + trainEnd + " samples; it cannot be standardized");
      }
      for (double[] row : y) row[c] = (row[c] - mean) / sd;
    }
    return TimeSeries.asSequence("outputs", y);
  }

  /** Receives each regime's trained models as soon as that regime ends; they are not kept afterwards. */
  @FunctionalInterface
  public interface ModelSink {
    /** The final RNN and the final effective coefficients G of the scaled and unscaled convolution. */
    void accept(String regime, LinearRnn rnn, ImpulseResponse scaled, ImpulseResponse unscaled);

    ModelSink NONE = (regime, rnn, scaled, unscaled) -> {};
  }

  /** Runs every regime; progress counts GD steps over all regimes and models. */
  public static Result run(Config cfg, TimeSeries ts, ProgressSink progress) {
    return run(cfg, ts, progress, ModelSink.NONE);
  }

  /** As {@link #run(Config, TimeSeries, ProgressSink)}, handing each regime's trained models to {@code models}. */
  public static Result run(Config cfg, TimeSeries ts, ProgressSink progress, ModelSink models) {
    try {
      return run(cfg, ts, progress, models, RunJournal.NONE);
    } catch (IOException e) {
      throw new AssertionError("nothing is written without a journal", e);
    }
  }

  /**
   * Runs resumably: each regime's three GD runs are units {@code <regime>-rnn}, {@code -scaled}, {@code -unscaled}
   * of {@code journal}; an interrupted run continues where it stopped with the identical result.
   */
  public static Result run(Config cfg, TimeSeries ts, ProgressSink progress, ModelSink models, RunJournal journal)
      throws IOException {
    Require.nonNull("model sink (use ModelSink.NONE)", models);
    Require.nonNull("journal (use RunJournal.NONE)", journal);
    int nx = ts.nx(), ny = ts.ny(), lags = cfg.lags();
    Sequences x = ts.inputSequence();
    InitScales s = cfg.scales();
    LinearRnn init = LinearRnn.random(cfg.width(), nx, ny, s, cfg.seed());
    ImpulseResponse g0 = init.impulseResponse(lags);
    double[] lambda = ScaleFactors.lambda(s.nuW(), s.nuF(), s.nuC(), nx, s.withD(), lags);
    GradientDescent.Options opts = new GradientDescent.Options(cfg.eta(), cfg.steps());
    int logs = 0;
    for (int t = 0; t <= cfg.steps(); t++) if (Dynamics.logged(t, cfg.steps(), cfg.logEvery())) logs++;
    long total = 3L * (cfg.steps() + 1) * cfg.regimes().size();
    long[] done = {0};

    List<Row> rows = new ArrayList<>();
    List<CurveRow> curves = new ArrayList<>();
    for (Regime regime : cfg.regimes()) {
      Split split = Split.of(ts.length(), regime.trainFraction(), cfg.testFraction());
      Sequences y = standardizedOutputs(ts, split.trainEnd());
      Sequences yTest = y.slice(split.testStart(), split.length());
      DataMoments moments = DataMoments.of(x.slice(0, split.trainEnd()), y.slice(0, split.trainEnd()), lags);
      Scorer scorer = new Scorer(x, yTest, split.testStart());
      double[] stepAt = new double[logs];
      double[][] cols = new double[6][logs];
      ImpulseResponse[] finalG = new ImpulseResponse[3];

      // RNN (Krylov path, K lags)
      double[] g0Final = new double[lags * ny * nx];
      Dynamics.Logged rnnLog = new Dynamics.Logged(done, stepAt, cols[0], cols[3], g0Final);
      LinearRnn trained = journal.train(regime.name() + "-rnn", ModelKind.LINEAR_RNN, Objectives.rnnKrylov(moments),
          () -> init, opts, (t, m, loss) -> {
            if (Dynamics.logged(t, cfg.steps(), cfg.logEvery())) {
              ImpulseResponse g = m.impulseResponse(lags);
              stepAt[rnnLog.next] = t;
              cols[0][rnnLog.next] = loss;
              cols[3][rnnLog.next] = scorer.mse(g);
              rnnLog.next++;
              if (t == cfg.steps()) System.arraycopy(g.toArray(), 0, g0Final, 0, g0Final.length);
            }
            progress.update(++done[0], total);
          }, rnnLog, models != ModelSink.NONE);
      finalG[0] = ImpulseResponse.of(lags, ny, nx, g0Final);
      // scaled convolution started at the RNN's G^0 (60); unscaled convolution started at 0
      Convolution[] starts = {Convolution.scaled(lambda, g0), Convolution.unscaled(ImpulseResponse.zeros(lags, ny, nx))};
      for (int k = 0; k < 2; k++) {
        int model = k + 1;
        Dynamics.Logged log = new Dynamics.Logged(done, cols[model], cols[model + 3]);
        finalG[model] = journal.train(regime.name() + (k == 0 ? "-scaled" : "-unscaled"), ModelKind.CONVOLUTION,
            Objectives.convolution(moments), () -> starts[model - 1], opts, (t, m, loss) -> {
              if (Dynamics.logged(t, cfg.steps(), cfg.logEvery())) {
                cols[model][log.next] = loss;
                cols[model + 3][log.next] = scorer.mse(m.coefficients());
                log.next++;
              }
              progress.update(++done[0], total);
            }, log, true).coefficients();
      }
      for (int r = 0; r < logs; r++) {
        curves.add(new CurveRow(regime.name(), (int) stepAt[r], cols[0][r], cols[1][r], cols[2][r], cols[3][r], cols[4][r],
            cols[5][r]));
      }
      double[][] r2 = {scorer.r2(finalG[0]), scorer.r2(finalG[1]), scorer.r2(finalG[2])};
      models.accept(regime.name(), trained, finalG[1], finalG[2]);
      trained = null; // not kept into the next regime
      for (int c = 0; c < ny; c++) rows.add(new Row(regime.name(), ts.outputNames().get(c), r2[0][c], r2[1][c], r2[2][c]));
    }
    return new Result(List.copyOf(rows), List.copyOf(curves));
  }

  /** Scores coefficients on the test window, evaluating them on the whole input series (state carried over). */
  record Scorer(Sequences x, Sequences yTest, int testStart) {
    Sequences predict(ImpulseResponse g) {
      return g.apply(x).slice(testStart, x.length());
    }

    double mse(ImpulseResponse g) {
      return Metrics.mse(predict(g), yTest);
    }

    double[] r2(ImpulseResponse g) {
      return Metrics.r2(predict(g), yTest);
    }
  }
}
