package lrnn.cli;

import lrnn.experiment.MemoryPlan;
import lrnn.model.Dtype;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import lrnn.cli.plot.LinePlot;
import lrnn.cli.plot.Panels;
import lrnn.data.SyntheticTask;
import lrnn.experiment.Theorems;
import lrnn.io.CsvWriter;
import lrnn.model.InitScales;
import lrnn.train.StepSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lrnn theorems}: experiment E5 (SPEC §7) — Theorem 3.3(a) (the variance of the impulse response at
 * initialization, per lag, over seeds) and Theorem 4.1 (25) (the drift {@code max_t ||G_j^t - G_j^0|| /
 * (t lambda_j)} per lag of a trained RNN, next to the scaled and the unscaled convolution). Writes
 * {@code theorems_variance.csv} ({@code lag,measured,predicted,standard_error}),
 * {@code theorems_drift.csv} ({@code lag,lambda,rnn,scaled,unscaled}) and a two-panel figure
 * ({@code theorems.png}, {@code theorems.svg}); {@code theorems.json} records the settings and the drift run's rate.
 */
@Command(name = "theorems", header = "E5: Theorem 3.3(a) variances and the Theorem 4.1 drift bound.", description = {
    "Experiment E5: Theorem 3.3(a) variances of G_j at initialization over seeds, and Theorem 4.1 (25):",
    "max_t ||G_j^t - G_j^0|| / (t lambda_j) per lag for a trained RNN (bounded in j) vs the convolutions.",
    "Writes theorems_variance.csv, theorems_drift.csv, theorems.json (the settings and the drift run's",
    "rate: eta, eta_auto, and for --eta auto the curvatures it came from), theorems.png, theorems.svg."})
final class TheoremsCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  InitOptions init;

  @Option(names = "--width", paramLabel = "N", defaultValue = "1000",
      description = "Hidden width n of the RNNs (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--seeds", paramLabel = "INT", defaultValue = "200",
      description = "RNNs drawn for the variances, seeds from --seed on (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--lags", paramLabel = "K", defaultValue = "12",
      description = "Lags reported, j = 0 .. K-1; at most --length (default: ${DEFAULT-VALUE}).")
  int lags;

  @Option(names = "--n-x", paramLabel = "INT", defaultValue = "1",
      description = "Input dimension n_x of the RNNs for the variances (default: ${DEFAULT-VALUE}).")
  int nx;

  @Option(names = "--n-y", paramLabel = "INT", defaultValue = "1",
      description = "Output dimension n_y of the RNNs for the variances (default: ${DEFAULT-VALUE}).")
  int ny;

  @Option(names = "--length", paramLabel = "L", defaultValue = "20",
      description = "Sequence length L of the training data for the drift (default: ${DEFAULT-VALUE}).")
  int length;

  @Option(names = "--delay", paramLabel = "STEPS", defaultValue = "0",
      description = "Delay of the teacher's output (SPEC §6), to put the target's memory at long lags "
          + "(default: ${DEFAULT-VALUE}).")
  int delay;

  @Option(names = "--steps", paramLabel = "INT", defaultValue = "300",
      description = "GD steps of the drift run (default: ${DEFAULT-VALUE}).")
  int steps;

  @Mixin
  EtaOption etaOption;

  @Mixin
  DtypeOption dtypeOption;

  @Override
  public Integer call() throws IOException {
    Checks.atLeast("--width", width, 1);
    Checks.atLeast("--seeds", seeds, 2);
    Checks.atLeast("--lags", lags, 1);
    Checks.atLeast("--n-x", nx, 1);
    Checks.atLeast("--n-y", ny, 1);
    Checks.atLeast("--length", length, 1);
    Checks.atLeast("--delay", delay, 0);
    Checks.atLeast("--steps", steps, 1);
    etaOption.validate();
    init.validate(common);
    double nuW = init.nuW(), nuF = init.nuF(), nuC = init.nuC();
    Checks.positive("--nu-w", nuW);
    Checks.positive("--nu-f", nuF);
    Checks.positive("--nu-c", nuC);
    if (lags > length) {
      throw new UsageException("--lags " + lags + " exceeds --length " + length + "; use --lags <= --length");
    }
    Dtype dtype = dtypeOption.dtype();
    MemoryPlan plan = MemoryPlan.twoCopies("E5", width, nx, ny, Math.max(lags, length), 100, length, dtype);
    plan.require(plan.fixes("a smaller --width"));
    common.prepareOut(); // after the option checks: a usage error leaves no output folder behind
    InitScales scales = init.scales();

    List<Theorems.VarianceRow> var;
    try (Progress.Handle p = common.progress("E5 variances", seeds)) {
      var = Dtype.withDefault(dtype, () -> Theorems.variance(new Theorems.VarianceConfig(width, nx, ny, lags, scales,
          seeds, common.seed()), (done, total) -> p.step(done)));
    }
    SyntheticTask task = SyntheticTask.E1.withLength(length).withDelay(delay);
    // the drift run trains on the moments with K = L lags (Theorems.drift)
    double eta = etaOption.resolve(common, ModelOptions.SPEC_ETA,
        () -> StepSize.choose(task.generate(common.seed()).xTrain(), task.ny(), length, scales));
    List<Theorems.DriftRow> drift;
    try (Progress.Handle p = common.progress("E5 drift", 2L * steps + 1)) {
      drift = Dtype.withDefault(dtype, () -> Theorems.drift(new Theorems.DriftConfig(width, scales, task,
          common.seed(), eta, steps, lags), (done, total) -> p.step(done)));
    }

    CsvWriter vcsv = new CsvWriter("lag", "measured", "predicted", "standard_error");
    CsvWriter dcsv = new CsvWriter("lag", "lambda", "rnn", "scaled", "unscaled");
    PrintWriter out = common.stdout();
    out.printf(Locale.ROOT, "%4s  %-12s  %-12s  %-10s  %-10s  %-10s  %-10s  %s%n", "j", "var measured", "predicted",
        "std err", "lambda_j", "RNN", "scaled", "unscaled");
    double[] j = new double[lags], vm = new double[lags], vp = new double[lags];
    double[] dr = new double[lags], ds = new double[lags], du = new double[lags];
    for (int k = 0; k < lags; k++) {
      Theorems.VarianceRow v = var.get(k);
      Theorems.DriftRow d = drift.get(k);
      vcsv.addRow(k, v.measured(), v.predicted(), v.standardError());
      dcsv.addRow(k, d.lambda(), d.rnn(), d.scaled(), d.unscaled());
      out.printf(Locale.ROOT, "%4d  %-12.5g  %-12.5g  %-10.3g  %-10.4g  %-10.4g  %-10.4g  %.4g%n", k, v.measured(),
          v.predicted(), v.standardError(), d.lambda(), d.rnn(), d.scaled(), d.unscaled());
      j[k] = k;
      vm[k] = v.measured();
      vp[k] = v.predicted();
      dr[k] = d.rnn();
      ds[k] = d.scaled();
      du[k] = d.unscaled();
    }
    out.flush();

    LinePlot left = new LinePlot("Theorem 3.3(a): variance of G_j at init")
        .subtitle(String.format(Locale.ROOT, "n = %d, %d seeds, nu_W = %s, nu_F = %s, nu_C = %s", width, seeds,
            nuW, nuF, nuC))
        .xLabel("lag j").yLabel("variance of an entry").logY().integerX()
        .series("measured", j, vm, LinePlot.Line.SOLID, true)
        .series("predicted ν_C ν_F ν_W^j / n_x", j, vp, LinePlot.Line.DASHED, false);
    LinePlot right = new LinePlot("Theorem 4.1 (25): drift per lag")
        .subtitle(String.format(Locale.ROOT, "n = %d, L = %d, delay %d, %d steps, eta = %s", width, length, delay,
            steps, eta))
        .xLabel("lag j").yLabel("max_t ||G_j^t - G_j^0|| / (t λ_j)").logY().integerX()
        .series("RNN", j, dr, LinePlot.Line.SOLID, true)
        .series("scaled convolution (K5)", j, ds, LinePlot.Line.DASHED, true)
        .series("unscaled convolution", j, du, LinePlot.Line.DOTTED, true);
    common.output().writeCsv("theorems_variance.csv", vcsv);
    common.output().writeCsv("theorems_drift.csv", dcsv);
    common.output().writeJson("theorems.json", record(task, scales, dtype));
    common.output().writeFigure("theorems", Panels.row(left, right).title("E5: theorem checks"));
    return 0;
  }

  /**
   * theorems.json (for both CSV files): the settings that shape them and the rate of the drift run
   * ({@link EtaOption#record()}; the variances involve no training).
   */
  private Map<String, Object> record(SyntheticTask task, InitScales s, Dtype dtype) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", "theorems");
    m.put("seed", common.seed());
    m.put("n", width);
    m.put("seeds", seeds);
    m.put("lags", lags);
    m.put("n_x", nx);
    m.put("n_y", ny);
    m.putAll(TaskOptions.record(task));
    m.put("delay", delay);
    m.put("steps", steps);
    m.put("dtype", dtype.label());
    ModelOptions.putScales(m, s);
    m.putAll(etaOption.record());
    return m;
  }
}
