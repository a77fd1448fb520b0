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
import lrnn.train.StepSize;
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
 * <p><b>Standardization</b> (default; {@link Config#standardize()}). Each input and output channel is
 * standardized with the mean and standard deviation of the regime's training part only (no test leakage), so
 * that neither the rate nor the result depends on the units the instrument happened to use: every result is
 * invariant to an affine change of any column's units (R^2 is computed on the same scale for predictions and
 * targets, so it is the R^2 in the original units). The statistics are returned ({@link RegimeInfo}) for the
 * caller to write beside the results. The logged MSE curves are on the standardized output scale. The models
 * have no intercept: the centering makes the training means their fixed intercept (a convolution could not
 * represent a constant otherwise). Without standardization the series is used as given. One-hot channels are
 * standardized too. Measured on the fMRI data (n = 1000, 300 steps, eta auto; R^2 limited / full): RNN 0.033 /
 * 0.120, scaled conv 0.038 / 0.131, unscaled conv -1.51 / 0.033; with the 0/1 indicators left as they are
 * (outputs standardized, eta auto = 1.58): RNN -0.166 / 0.166, scaled -0.012 / 0.092, unscaled -1.52 / 0.033.
 *
 * <p><b>Learning rate.</b> {@link Config#AUTO} (the default) takes one rate for all three models and all
 * regimes from the theory ({@link StepSize}, SPEC §9): {@code eta = 1 / max lambda_max(H)} over both
 * convolutions' Hessians in every regime, half the stability limit of the stiffest. A given rate is used as
 * given; the divergence guard of {@link GradientDescent} stays as the last line of defence.
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
   * @param eta          learning rate, the same for every model and regime; {@link #AUTO} to take it from the
   *                     Hessians ({@link StepSize})
   * @param steps        GD steps
   * @param logEvery     log the curves every this many steps (plus step 0 and the last)
   * @param testFraction the test window: this last fraction of the samples
   * @param regimes      the training regimes, each ending at or before the test window
   * @param seed         seed of the RNN's initialization (the same in every regime)
   * @param standardize  standardize every input and output channel with its training part's mean and standard
   *                     deviation (default); otherwise use the series as given
   */
  public record Config(InitScales scales, int width, int lags, double eta, int steps, int logEvery, double testFraction,
                       List<Regime> regimes, long seed, boolean standardize) {

    /** The value of {@link #eta()} that asks for {@code --eta auto}: the rate is chosen from the data ({@link StepSize}). */
    public static final double AUTO = Double.NaN;

    public Config {
      Require.positive("hidden width n", width);
      Require.positive("K (lags)", lags);
      if (!Double.isNaN(eta)) Require.positive("learning rate eta", eta);
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

    /** As the canonical constructor, standardized. */
    public Config(InitScales scales, int width, int lags, double eta, int steps, int logEvery, double testFraction,
                  List<Regime> regimes, long seed) {
      this(scales, width, lags, eta, steps, logEvery, testFraction, regimes, seed, true);
    }

    /** Whether the rate is chosen from the data ({@link #AUTO}). */
    public boolean autoEta() {
      return Double.isNaN(eta);
    }

    /**
     * SPEC §7 E3 defaults: n = 1000, K = 64, eta auto, 300 steps (logged every 10), test = last 20%, regimes
     * limited (10%) and full (80%), seed 1, standardized. (The default used to be eta = 1, tuned on the fMRI data
     * with standardized outputs and raw one-hot inputs, where the unscaled convolution's largest Hessian
     * eigenvalue is 0.59 (limited) and 0.63 (full); on a recording in other units it diverged.)
     */
    public static Config defaults() {
      return new Config(InitScales.DEFAULT, 1000, 64, AUTO, 300, 10, 0.2, REGIMES, 1, true);
    }

    public Config withWidth(int n) {
      return new Config(scales, n, lags, eta, steps, logEvery, testFraction, regimes, seed, standardize);
    }

    public Config withLags(int k) {
      return new Config(scales, width, k, eta, steps, logEvery, testFraction, regimes, seed, standardize);
    }

    /** A given rate, or {@link #AUTO}. */
    public Config withEta(double e) {
      return new Config(scales, width, lags, e, steps, logEvery, testFraction, regimes, seed, standardize);
    }

    public Config withSteps(int s, int every) {
      return new Config(scales, width, lags, eta, s, every, testFraction, regimes, seed, standardize);
    }

    public Config withSplit(double test, List<Regime> r) {
      return new Config(scales, width, lags, eta, steps, logEvery, test, r, seed, standardize);
    }

    public Config withSeed(long s) {
      return new Config(scales, width, lags, eta, steps, logEvery, testFraction, regimes, s, standardize);
    }

    public Config withStandardize(boolean on) {
      return new Config(scales, width, lags, eta, steps, logEvery, testFraction, regimes, seed, on);
    }
  }

  /** R^2 on the test window of one output channel in one regime. */
  public record Row(String regime, String output, double r2Rnn, double r2Scaled, double r2Conv) {}

  /** One logged step of one regime: MSE (standardized scale) on the training part and on the test window. */
  public record CurveRow(String regime, int step, double trainRnn, double trainScaled, double trainConv,
                         double testRnn, double testScaled, double testConv) {}

  /**
   * The mean and standard deviation of each channel over a regime's training part, {@code z = (v - mean) / sd}
   * (mean 0 and sd 1 without standardization).
   */
  public record Standardization(List<String> inputNames, double[] inputMean, double[] inputSd, List<String> outputNames,
                                double[] outputMean, double[] outputSd) {
    public Standardization {
      inputNames = List.copyOf(inputNames);
      outputNames = List.copyOf(outputNames);
      inputMean = inputMean.clone();
      inputSd = inputSd.clone();
      outputMean = outputMean.clone();
      outputSd = outputSd.clone();
    }

    @Override
    public double[] inputMean() {
      return inputMean.clone();
    }

    @Override
    public double[] inputSd() {
      return inputSd.clone();
    }

    @Override
    public double[] outputMean() {
      return outputMean.clone();
    }

    @Override
    public double[] outputSd() {
      return outputSd.clone();
    }
  }

  /**
   * What a regime trained on: its split, its standardization statistics and the curvature of the two
   * convolutions' losses on its (standardized) training data, whatever rate was used.
   */
  public record RegimeInfo(String regime, Split split, Standardization standardization, StepSize.Choice curvature) {}

  /**
   * A regime's test window in the original units: targets and the three trained models' predictions, each
   * {@code T_test x n_y} row-major (sample {@code split.testStart() + i}, output {@code b} at {@code i n_y + b}).
   */
  public record Predictions(String regime, int testStart, int ny, double[] target, double[] rnn, double[] scaled,
                            double[] conv) {
    public Predictions {
      target = target.clone();
      rnn = rnn.clone();
      scaled = scaled.clone();
      conv = conv.clone();
    }

    @Override
    public double[] target() {
      return target.clone();
    }

    @Override
    public double[] rnn() {
      return rnn.clone();
    }

    @Override
    public double[] scaled() {
      return scaled.clone();
    }

    @Override
    public double[] conv() {
      return conv.clone();
    }

    /** Number of test samples. */
    public int length() {
      return target.length / ny;
    }
  }

  /**
   * The R^2 table (regimes in config order, outputs in series order), the training curves, the rate used (given,
   * or chosen: the smallest of the regimes' {@link StepSize} choices, {@code etaAuto}), what each regime
   * trained on, and each regime's test predictions in the original units.
   */
  public record Result(List<Row> rows, List<CurveRow> curves, double eta, boolean etaAuto, List<RegimeInfo> regimes,
                       List<Predictions> predictions) {

    public Result {
      rows = List.copyOf(rows);
      curves = List.copyOf(curves);
      regimes = List.copyOf(regimes);
      predictions = List.copyOf(predictions);
    }

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
   * The statistics of samples {@code [0, trainEnd)} of every channel ({@code standardize}), or the identity.
   *
   * @throws IllegalArgumentException naming the column, if a channel is constant on the training part (it cannot
   *     be standardized and carries no information there)
   */
  static Standardization statistics(TimeSeries ts, int trainEnd, boolean standardize, String regime) {
    double[][] in = moments(ts.inputs(), ts.inputNames(), trainEnd, standardize, "input", regime);
    double[][] out = moments(ts.outputs(), ts.outputNames(), trainEnd, standardize, "output", regime);
    return new Standardization(ts.inputNames(), in[0], in[1], ts.outputNames(), out[0], out[1]);
  }

  private static double[][] moments(double[][] rows, List<String> names, int trainEnd, boolean standardize,
                                    String what, String regime) {
    int d = names.size();
    double[] mean = new double[d], sd = new double[d];
    for (int c = 0; c < d; c++) {
      if (!standardize) {
        sd[c] = 1;
        continue;
      }
      double m = 0;
      for (int t = 0; t < trainEnd; t++) m += rows[t][c];
      m /= trainEnd;
      double var = 0;
      for (int t = 0; t < trainEnd; t++) var += (rows[t][c] - m) * (rows[t][c] - m);
      double s = Math.sqrt(var / trainEnd);
      // constant up to rounding: a spread below 1e-12 of the level is the level's rounding, not a signal
      if (!(s > 0) || !(s > 1e-12 * Math.abs(m))) {
        throw new IllegalArgumentException(what + " column " + names.get(c) + " is constant (" + m + ") on the first "
            + trainEnd + " samples" + (regime == null ? "" : " (the training part of regime " + regime + ")")
            + "; it cannot be standardized and carries no information there: drop it from the " + what
            + "s or train on more samples");
      }
      mean[c] = m;
      sd[c] = s;
    }
    return new double[][] {mean, sd};
  }

  /** {@code rows} (modified) standardized channel-wise, {@code z = (v - mean) / sd}, as (1, T, d). */
  static Sequences apply(String name, double[][] rows, double[] mean, double[] sd) {
    for (double[] row : rows) for (int c = 0; c < row.length; c++) row[c] = (row[c] - mean[c]) / sd[c];
    return TimeSeries.asSequence(name, rows);
  }

  /**
   * The outputs standardized per channel with the mean and standard deviation of samples
   * {@code [0, trainEnd)}, as (1, T, n_y).
   */
  static Sequences standardizedOutputs(TimeSeries ts, int trainEnd) {
    Standardization st = statistics(ts, trainEnd, true, null);
    return apply("outputs", ts.outputs(), st.outputMean(), st.outputSd());
  }

  /** Receives each regime's trained models as soon as that regime ends; they are not kept afterwards. */
  @FunctionalInterface
  public interface ModelSink {
    /**
     * The final RNN and the final effective coefficients G of the scaled and unscaled convolution, trained with
     * learning rate {@code eta} (the chosen one under {@link Config#autoEta()}).
     */
    void accept(String regime, double eta, LinearRnn rnn, ImpulseResponse scaled, ImpulseResponse unscaled);

    ModelSink NONE = (regime, eta, rnn, scaled, unscaled) -> {};
  }

  /** The inputs standardized per channel with the mean and standard deviation of samples {@code [0, trainEnd)}. */
  static Sequences standardizedInputs(TimeSeries ts, int trainEnd) {
    Standardization st = statistics(ts, trainEnd, true, null);
    return apply("inputs", ts.inputs(), st.inputMean(), st.inputSd());
  }

  /**
   * Checks, before any work, what {@link #run} would refuse in the data: every regime's split, and (standardized)
   * no channel constant on a regime's training part.
   *
   * @throws IllegalArgumentException naming the regime and the column
   */
  public static void validate(Config cfg, TimeSeries ts) {
    for (Regime regime : cfg.regimes()) {
      Split split = Split.of(ts.length(), regime.trainFraction(), cfg.testFraction());
      statistics(ts, split.trainEnd(), cfg.standardize(), regime.name());
    }
  }

  /** One regime's data, prepared before any training (an automatic rate depends on every regime). */
  private record Prepared(Regime regime, Split split, Standardization st, DataMoments moments, Scorer scorer,
                          StepSize.Choice curvature) {}

  /** Runs every regime; progress counts GD steps over all regimes and models. */
  public static Result run(Config cfg, TimeSeries ts, ProgressSink progress) {
    return run(cfg, ts, progress, ModelSink.NONE);
  }

  /** As {@link #run(Config, TimeSeries, ProgressSink)}, handing each regime's trained models to {@code models}. */
  public static Result run(Config cfg, TimeSeries ts, ProgressSink progress, ModelSink models) {
    return RunJournal.withoutJournal(j -> run(cfg, ts, progress, models, j));
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
    InitScales s = cfg.scales();
    double[] lambda = ScaleFactors.lambda(s.nuW(), s.nuF(), s.nuC(), nx, s.withD(), lags);
    List<Prepared> prepared = new ArrayList<>();
    StepSize.Choice smallest = null;
    for (Regime regime : cfg.regimes()) {
      Split split = Split.of(ts.length(), regime.trainFraction(), cfg.testFraction());
      Standardization st = statistics(ts, split.trainEnd(), cfg.standardize(), regime.name());
      Sequences x = apply("inputs", ts.inputs(), st.inputMean(), st.inputSd());
      Sequences y = apply("outputs", ts.outputs(), st.outputMean(), st.outputSd());
      DataMoments moments = DataMoments.of(x.slice(0, split.trainEnd()), y.slice(0, split.trainEnd()), lags);
      StepSize.Choice curvature = StepSize.choose(moments, lambda);
      smallest = smallest == null ? curvature : smallest.min(curvature);
      Scorer scorer = new Scorer(x, y.slice(split.testStart(), split.length()), split.testStart());
      prepared.add(new Prepared(regime, split, st, moments, scorer, curvature));
    }
    double eta = cfg.autoEta() ? smallest.eta() : cfg.eta();
    LinearRnn init = LinearRnn.random(cfg.width(), nx, ny, s, cfg.seed());
    ImpulseResponse g0 = init.impulseResponse(lags);
    GradientDescent.Options opts = new GradientDescent.Options(eta, cfg.steps());
    int logs = 0;
    for (int t = 0; t <= cfg.steps(); t++) if (Dynamics.logged(t, cfg.steps(), cfg.logEvery())) logs++;
    long total = 3L * (cfg.steps() + 1) * cfg.regimes().size();
    long[] done = {0};

    List<Row> rows = new ArrayList<>();
    List<CurveRow> curves = new ArrayList<>();
    List<RegimeInfo> infos = new ArrayList<>();
    List<Predictions> predictions = new ArrayList<>();
    for (Prepared p : prepared) {
      Regime regime = p.regime();
      DataMoments moments = p.moments();
      Scorer scorer = p.scorer();
      infos.add(new RegimeInfo(regime.name(), p.split(), p.st(), p.curvature()));
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
      double[] outMean = p.st().outputMean(), outSd = p.st().outputSd();
      predictions.add(new Predictions(regime.name(), p.split().testStart(), ny,
          original(scorer.yTest().toArray(), outMean, outSd), original(scorer.predict(finalG[0]).toArray(), outMean, outSd),
          original(scorer.predict(finalG[1]).toArray(), outMean, outSd),
          original(scorer.predict(finalG[2]).toArray(), outMean, outSd)));
      double[][] r2 = {scorer.r2(finalG[0]), scorer.r2(finalG[1]), scorer.r2(finalG[2])};
      models.accept(regime.name(), eta, trained, finalG[1], finalG[2]);
      trained = null; // not kept into the next regime
      for (int c = 0; c < ny; c++) rows.add(new Row(regime.name(), ts.outputNames().get(c), r2[0][c], r2[1][c], r2[2][c]));
    }
    return new Result(rows, curves, eta, cfg.autoEta(), infos, predictions);
  }

  /** Undoes the standardization in place ({@code v sd + mean}, channel {@code i mod n_y}); returns {@code z}. */
  private static double[] original(double[] z, double[] mean, double[] sd) {
    for (int i = 0; i < z.length; i++) z[i] = z[i] * sd[i % sd.length] + mean[i % sd.length];
    return z;
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
