package lrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import lrnn.cli.plot.LinePlot;
import lrnn.data.SyntheticTask;
import lrnn.experiment.Convergence;
import lrnn.io.CsvWriter;
import lrnn.experiment.MemoryPlan;
import lrnn.model.Dtype;
import lrnn.model.InitScales;
import lrnn.train.Objectives.GradientPath;
import lrnn.train.RunJournal;
import lrnn.train.StepSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lrnn ntk-convergence}: experiment E4 (SPEC §7) — how fast a finite RNN approaches its wide limit.
 * For each width and seed: the exact lag kernel's relative distance to {@code diag(lambda) ⊗ I} (K3, (21))
 * and the largest relative gap between the RNN's and the scaled convolution's E1 training curves. Writes
 * {@code convergence.csv} ({@code n,seed,lag_kernel_rel_err,curve_gap}) and a log-log figure with the
 * least-squares slopes ({@code convergence.png}, {@code convergence.svg}); {@code convergence.json} records the
 * settings and the rate used.
 */
@Command(name = "ntk-convergence", header = "E4: lag-kernel error and curve gap against the width n.", description = {
    "Experiment E4: lag-kernel error ||M - diag(lambda)||_F/||diag(lambda)||_F and the E1 curve gap",
    "against the width n, with least-squares log-log slopes (expected about -1/2).",
    "Writes convergence.csv (n,seed,lag_kernel_rel_err,curve_gap), convergence.json (the settings and the",
    "rate used: eta, eta_auto, and for --eta auto the curvatures it came from), convergence.png, convergence.svg."})
final class NtkConvergenceCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  InitOptions init;

  @Option(names = "--widths", paramLabel = "N,N,...", split = ",",
      defaultValue = "64,128,256,512,1024,2048,4096,8192",
      description = "Hidden widths n (default: ${DEFAULT-VALUE}). The E1 runs cost O(K n^2) per step.")
  List<Integer> widths;

  @Option(names = "--seeds", paramLabel = "INT", defaultValue = "4",
      description = "Seeds per width, starting at --seed (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--lags", paramLabel = "K", defaultValue = "20",
      description = "Lags K of the lag kernel (default: ${DEFAULT-VALUE}).")
  int lags;

  @Option(names = "--length", paramLabel = "L", defaultValue = "20",
      description = "Sequence length L of the E1 data (default: ${DEFAULT-VALUE}).")
  int length;

  @Option(names = "--steps", paramLabel = "INT", defaultValue = "300",
      description = "GD steps of the E1 runs behind the curve gap; 0 skips the curve gap (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--log-every", paramLabel = "INT", defaultValue = "10",
      description = "The curve gap is taken over steps logged this often (default: ${DEFAULT-VALUE}).")
  int logEvery;

  @Mixin
  EtaOption etaOption;

  @Mixin
  DtypeOption dtypeOption;

  @Mixin
  CheckpointOptions checkpoints;

  @Override
  public Integer call() throws IOException {
    if (widths.isEmpty()) throw new UsageException("--widths must list at least one width");
    for (int n : widths) Checks.atLeast("--widths", n, 1);
    Checks.atLeast("--seeds", seeds, 1);
    Checks.atLeast("--lags", lags, 1);
    Checks.atLeast("--length", length, 1);
    Checks.atLeast("--steps", steps, 0);
    Checks.atLeast("--log-every", logEvery, 1);
    etaOption.validate();
    init.validate(common);
    Checks.positive("--nu-w", init.nuW());
    init.requireSomeScale();

    Dtype dtype = dtypeOption.dtype();
    int widest = widths.stream().mapToInt(Integer::intValue).max().orElse(1);
    SyntheticTask task = SyntheticTask.E1.withLength(length);
    // the widest RNN: its lag kernel (W and the Krylov bases), then its E1 run trained in place
    MemoryPlan plan = MemoryPlan.dynamics(widest, task.nx(), task.ny(), task.train(), task.test(), length, dtype,
        GradientPath.KRYLOV, false);
    plan.require(plan.fixes("smaller --widths"));
    RunJournal journal = checkpoints.open();
    common.prepareOut(); // after the option checks: a usage error leaves no output folder behind
    InitScales scales = init.scales();
    // one rate for every width and seed: the smallest of the seeds' choices (the data depend on the seed only)
    double eta = etaOption.resolve(common, ModelOptions.SPEC_ETA, () -> {
      StepSize.Choice c = null;
      for (int s = 0; s < seeds; s++) {
        StepSize.Choice cs = StepSize.choose(task.generate(common.seed() + s).xTrain(), task.ny(), length, scales);
        c = c == null ? cs : c.min(cs);
      }
      return c;
    });
    Convergence.Config cfg = new Convergence.Config(widths, seeds, common.seed(), lags, scales,
        task, eta, steps, logEvery, GradientPath.KRYLOV);
    Convergence.Result r;
    try (WorkProgress p = new WorkProgress("E4 convergence")) {
      r = Dtype.withDefault(dtype, () -> Convergence.run(cfg, p, journal));
    } catch (java.util.concurrent.CancellationException e) {
      throw checkpoints.interrupted(e);
    }

    CsvWriter csv = new CsvWriter("n", "seed", "lag_kernel_rel_err", "curve_gap");
    for (Convergence.Row row : r.rows()) csv.addRow(row.n(), row.seed(), row.lagKernelRelErr(), row.curveGap());
    PrintWriter out = common.stdout();
    out.printf(Locale.ROOT, "%8s  %-22s  %s%n", "n", "mean lag-kernel error", "mean curve gap");
    for (Convergence.WidthMean m : r.means()) {
      out.printf(Locale.ROOT, "%8d  %-22.5g  %.5g%n", m.n(), m.lagKernelRelErr(), m.curveGap());
    }
    out.printf(Locale.ROOT, "log-log slope: lag kernel %.3f, curve gap %.3f (expected about -0.5)%n",
        r.lagKernelSlope(), r.curveGapSlope());
    out.flush();

    common.output().writeCsv("convergence.csv", csv);
    common.output().writeJson("convergence.json", record(task, scales, dtype));
    common.output().writeFigure("convergence", figure(r, scales, eta));
    checkpoints.finish();
    return 0;
  }

  /** convergence.json: the settings that shape the table and the rate used ({@link EtaOption#record(String)}). */
  private Map<String, Object> record(SyntheticTask task, InitScales s, Dtype dtype) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", "ntk-convergence");
    m.put("seed", common.seed());
    m.put("seeds", seeds);
    m.put("widths", widths);
    m.put("lags", lags);
    m.putAll(TaskOptions.record(task));
    m.put("steps", steps);
    m.put("log_every", logEvery);
    m.put("gradient", GradientPath.KRYLOV.name().toLowerCase(Locale.ROOT));
    m.put("dtype", dtype.label());
    ModelOptions.putScales(m, s);
    // one rate for every width and seed: with auto, the smallest of the seeds' choices, whose curvatures these are
    m.putAll(etaOption.record(EtaOption.RULE + "; the smallest over the seeds' data, one rate for every width and "
        + "seed"));
    return m;
  }

  private LinePlot figure(Convergence.Result r, InitScales s, double eta) {
    int w = r.means().size();
    double[] n = new double[w], err = new double[w], gap = new double[w], fit = new double[w];
    for (int i = 0; i < w; i++) {
      n[i] = r.means().get(i).n();
      err[i] = r.means().get(i).lagKernelRelErr();
      gap[i] = r.means().get(i).curveGap();
    }
    LinePlot plot = new LinePlot("Wide-limit convergence (E4)")
        .subtitle(String.format(Locale.ROOT, "K = %d, nu_W = %s, nu_F = %s, nu_C = %s, %d seeds, %d GD steps, eta = %s",
            lags, s.nuW(), s.nuF(), s.nuC(), seeds, steps, eta))
        .xLabel("width n").yLabel("relative error").logX().logY()
        .series(String.format(Locale.ROOT, "lag kernel, mean (slope %.2f)", r.lagKernelSlope()), n, err,
            LinePlot.Line.SOLID, true);
    if (w >= 2 && Double.isFinite(r.lagKernelSlope())) {
      // the least-squares line through the means: log y = intercept + slope log n
      double mx = 0, my = 0;
      for (int i = 0; i < w; i++) {
        mx += Math.log(n[i]) / w;
        my += Math.log(err[i]) / w;
      }
      for (int i = 0; i < w; i++) fit[i] = Math.exp(my + r.lagKernelSlope() * (Math.log(n[i]) - mx));
      plot.series("least-squares fit", n, fit, LinePlot.Line.DASHED, false);
    }
    // the spread over seeds as a min-max band of the lag-kernel error
    double[] lo = new double[w], hi = new double[w];
    java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
    for (int k = 0; k < r.rows().size(); k++) { // rows run width by width, seeds inner
      int i = k / seeds;
      lo[i] = Math.min(lo[i], r.rows().get(k).lagKernelRelErr());
      hi[i] = Math.max(hi[i], r.rows().get(k).lagKernelRelErr());
    }
    if (seeds > 1) {
      plot.series("lag kernel, min over seeds", n, lo, LinePlot.Line.DOTTED, false);
      plot.series("lag kernel, max over seeds", n, hi, LinePlot.Line.DOTTED, false);
    }
    if (steps > 0) {
      plot.series(String.format(Locale.ROOT, "E1 curve gap, mean (slope %.2f)", r.curveGapSlope()), n, gap,
          LinePlot.Line.SOLID, true);
    }
    return plot;
  }
}
