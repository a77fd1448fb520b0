package lrnn.cli;

import lrnn.experiment.MemoryPlan;
import lrnn.model.Dtype;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import lrnn.cli.plot.LinePlot;
import lrnn.cli.plot.Panels;
import lrnn.experiment.FirBaseline;
import lrnn.experiment.RealData;
import lrnn.experiment.TimeSeries;
import lrnn.io.CsvWriter;
import lrnn.train.Objectives.GradientPath;
import lrnn.train.RunJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lrnn realdata}: experiment E3 (SPEC §6, §7; paper Table 1) — a time-series table as one long
 * sequence; R^2 on the last part after training on a limited and on a full first part. Without
 * {@code --csv} it runs on the bundled fMRI recording (bold from one-hot events).
 */
@Command(name = "realdata", header = "E3: real data, limited vs full training data, R^2 per model (Table 1).", description = {
    "E3: train the linear RNN, the scaled and the unscaled convolution (K lags each) on the start of one long",
    "time series (limited: first 10%%, full: first 80%%) and score R^2 on the last 20%%; writes realdata.csv,",
    "realdata_curves.csv, realdata_predictions.csv (the test window in the original units), realdata.json (the",
    "rate, the standardization statistics, how the file was read) and realdata.png/.svg. Without --csv: the",
    "bundled fMRI data (bold from events)."}, footer = {
    "",
    "How eta is chosen (--eta auto, the default of realdata; SPEC 9). The convolution losses are",
    "quadratic in their coefficients. With c = 2 / (T_train n_y) and Rxx = T^T T, the (K n_x) x (K n_x)",
    "lag Gram of the (standardized) training inputs, their Hessians are",
    "    unscaled conv:  H_u = c Rxx",
    "    scaled conv:    H_s = c Lambda^1/2 Rxx Lambda^1/2,  Lambda = diag(lambda_j), lambda_j of (21),",
    "and GD on a quadratic is stable iff eta < 2 / lambda_max(H). At initialization the RNN follows",
    "H_s (Theorem 3.3). One rate for all three models and both regimes keeps the comparison fair:",
    "    eta = 0.5 * 2 / max over models and regimes of lambda_max(H),",
    "half the stability limit (the margin for the RNN's finite-width deviation from H_s); lambda_max",
    "by Lanczos iterations. It is printed and written to realdata.json. A given --eta RATE is used as",
    "given; the divergence guard stays. The other training commands take --eta auto too (the same",
    "rule on their training inputs, K = L) but keep SPEC 7's eta = 0.05 by default."})
final class RealDataCommand implements Callable<Integer> {

  static final String HEADER = "regime,output,r2_rnn,r2_scaled,r2_conv";
  static final String PREDICTIONS_HEADER = "regime,sample,output,target,rnn,scaled,conv";
  static final String CURVES_HEADER = "regime,step,train_rnn,train_scaled,train_conv,test_rnn,test_scaled,test_conv";

  @Mixin
  CommonOptions common;

  @Mixin
  ModelOptions model;

  @Spec
  CommandSpec spec;

  @Mixin
  ModelFiles.Option saveModel;

  @Mixin
  CheckpointOptions checkpoints;

  @Mixin
  RealDataInput input;

  @Option(names = "--csv", paramLabel = "FILE",
      description = "The time series: a CSV file with a header row, one sample per row (default: the bundled fMRI "
          + "recording, SPEC §6).")
  Path csv;

  @Option(names = "--inputs", paramLabel = "COLS", split = ",",
      description = "Numeric input columns (comma-separated; default with --csv: every column that is not an output, "
          + "the --one-hot column or a time column).")
  List<String> inputs;

  @Option(names = "--one-hot", paramLabel = "COL",
      description = "A categorical input column, one-hot encoded: 0 = none, 1..C = channel (default with the bundled "
          + "data: events).")
  String oneHot;

  @Option(names = "--outputs", paramLabel = "COLS", split = ",",
      description = "Output columns (comma-separated; default with the bundled data: bold).")
  List<String> outputs;

  @Option(names = "--lags", paramLabel = "K", defaultValue = "64",
      description = "Lags K of the convolutions and of the RNN's Krylov path (default: ${DEFAULT-VALUE}).")
  int lags;

  @Option(names = "--log-every", paramLabel = "INT", defaultValue = "10",
      description = "Log the curves every this many steps, plus step 0 and the last (default: ${DEFAULT-VALUE}).")
  int logEvery;

  @Option(names = "--limited", paramLabel = "FRACTION", defaultValue = "0.1",
      description = "Training fraction of the limited-data regime (default: ${DEFAULT-VALUE}).")
  double limited;

  @Option(names = "--full", paramLabel = "FRACTION", defaultValue = "0.8",
      description = "Training fraction of the full-data regime (default: ${DEFAULT-VALUE}).")
  double full;

  @Option(names = "--test-fraction", paramLabel = "FRACTION", defaultValue = "0.2",
      description = "The test window: this last fraction of the series (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Mixin
  DtypeOption dtypeOption;

  @Override
  public Integer call() throws IOException {
    model.validate(common);
    if (model.gradientPath() != GradientPath.KRYLOV) {
      throw new UsageException("realdata trains the RNN by the Krylov path with K = --lags; drop --gradient bptt");
    }
    Checks.atLeast("--lags", lags, 1);
    Checks.atLeast("--log-every", logEvery, 1);
    fraction("--limited", limited);
    fraction("--full", full);
    fraction("--test-fraction", testFraction);
    // auto (the default) is chosen inside the run, from every regime's standardized training data
    double eta = model.eta.auto(true) ? RealData.Config.AUTO : model.eta(common, RealData.Config.AUTO, null);
    RealDataInput.Series series = input.read(common, csv, inputs, oneHot, outputs);
    TimeSeries ts = series.ts();
    RealData.Config cfg;
    try {
      cfg = new RealData.Config(model.scales(), model.n(), lags, eta, model.steps(), logEvery, testFraction,
          List.of(new RealData.Regime("limited", limited), new RealData.Regime("full", full)), common.seed(),
          input.standardize());
      RealData.validate(cfg, ts);
    } catch (IllegalArgumentException e) {
      throw new UsageException((csv == null ? "the bundled fMRI data" : csv.toString()) + ": " + e.getMessage());
    }
    common.info(String.format(Locale.ROOT, "E3: %d samples, inputs %s, outputs %s; n = %d, K = %d, eta = %s, %d steps, "
            + "%s", ts.length(), ts.inputNames(), ts.outputNames(), model.n(), lags, cfg.autoEta() ? "auto" : eta,
        model.steps(), input.standardize() ? "standardized on each regime's training part" : "raw units (--no-standardize)"));
    Dtype dtype = dtypeOption.dtype();
    MemoryPlan plan = MemoryPlan.twoCopies("E3", model.n(), ts.inputNames().size(), ts.outputNames().size(), lags, 1,
        ts.length(), dtype);
    plan.require(plan.fixes("a smaller --n"));
    RunJournal journal = checkpoints.open();
    common.prepareOut(); // after the option, data and memory checks: a run that cannot start leaves no folder
    ModelFiles.prepare(saveModel);
    RealData.ModelSink sink = saveModel.dir == null ? RealData.ModelSink.NONE : (regime, rate, rnn, scaled, unscaled) -> {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("command", "realdata");
      meta.put("regime", regime);
      RealData.Regime rg = cfg.regimes().stream().filter(x -> x.name().equals(regime)).findFirst().orElseThrow();
      meta.put("train_fraction", rg.trainFraction());
      meta.put("test_fraction", cfg.testFraction());
      meta.put("data", csv != null ? csv.toString() : "bundled fMRI recording");
      meta.put("inputs", ts.inputNames());
      meta.put("outputs", ts.outputNames());
      meta.put("seed", common.seed());
      meta.putAll(EtaOption.entries(rate, cfg.autoEta(), null, null)); // eta, eta_auto (curvatures: realdata.json)
      meta.put("steps", cfg.steps());
      ModelOptions.putScales(meta, cfg.scales());
      try {
        ModelFiles.write(common.output(), saveModel.dir.resolve(regime), rnn, scaled, unscaled, meta);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    RealData.Result result;
    try (Progress.Handle p = common.progress("E3 real data", 3L * (model.steps() + 1) * cfg.regimes().size())) {
      result = Dtype.withDefault(dtype, () -> RealData.run(cfg, ts, (done, total) -> p.step(done), sink, journal));
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    } catch (java.util.concurrent.CancellationException e) {
      throw checkpoints.interrupted(e);
    }
    RealDataInput.logEta(common, result);
    CsvWriter table = new CsvWriter(HEADER.split(","));
    for (RealData.Row r : result.rows()) {
      table.addRow(r.regime(), r.output(), r.r2Rnn(), r.r2Scaled(), r.r2Conv());
    }
    CsvWriter curves = new CsvWriter(CURVES_HEADER.split(","));
    for (RealData.CurveRow c : result.curves()) {
      curves.addRow(c.regime(), c.step(), c.trainRnn(), c.trainScaled(), c.trainConv(), c.testRnn(), c.testScaled(),
          c.testConv());
    }
    for (RealData.Regime regime : cfg.regimes()) {
      double[] fir = FirBaseline.evaluate(ts, lags, regime.trainFraction(), testFraction, input.standardize()).testR2();
      for (int c = 0; c < ts.ny(); c++) {
        RealData.Row r = result.row(regime.name(), ts.outputNames().get(c));
        common.info(String.format(Locale.ROOT, "%-8s %-12s R^2: rnn %.4f, scaled %.4f, conv %.4f (least-squares FIR "
            + "with %d lags: %.4f)", regime.name(), r.output(), r.r2Rnn(), r.r2Scaled(), r.r2Conv(), lags, fir[c]));
      }
    }
    common.output().writeCsv("realdata.csv", table);
    common.output().writeJson("realdata.json", RealDataInput.record(result, cfg, series));
    CsvWriter predictions = RealDataInput.predictions(result, ts.outputNames());
    common.output().writeCsv("realdata_predictions.csv", predictions);
    common.output().writeCsv("realdata_curves.csv", curves);
    common.output().writeFigure("realdata", figure(result, cfg));
    checkpoints.finish();
    return 0;
  }

  private static void fraction(String option, double v) {
    if (!(v > 0 && v < 1)) throw new UsageException(option + " must be a fraction in (0, 1), got " + v);
  }

  private static Panels figure(RealData.Result r, RealData.Config cfg) {
    List<LinePlot> plots = new ArrayList<>();
    for (RealData.Regime regime : cfg.regimes()) {
      List<RealData.CurveRow> c = r.curves().stream().filter(x -> x.regime().equals(regime.name())).toList();
      int m = c.size();
      double[] step = new double[m];
      double[][] v = new double[6][m];
      for (int i = 0; i < m; i++) {
        RealData.CurveRow row = c.get(i);
        step[i] = row.step();
        v[0][i] = row.trainRnn();
        v[1][i] = row.trainScaled();
        v[2][i] = row.trainConv();
        v[3][i] = row.testRnn();
        v[4][i] = row.testScaled();
        v[5][i] = row.testConv();
      }
      String what = String.format(Locale.ROOT, "%s (first %.0f%%)", regime.name(), 100 * regime.trainFraction());
      plots.add(DynamicsCommand.curves("Training MSE, " + what, step, v[0], v[1], v[2]));
      plots.add(DynamicsCommand.curves("Test MSE, " + what, step, v[3], v[4], v[5]));
    }
    return Panels.grid(2, plots.toArray(LinePlot[]::new))
        .title(String.format(Locale.ROOT, "E3: real data, n = %d, K = %d, eta = %.4g%s (MSE of the %s output)",
            cfg.width(), cfg.lags(), r.eta(), r.etaAuto() ? " (auto)" : "", cfg.standardize() ? "standardized" : "raw"));
  }
}
