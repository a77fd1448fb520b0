package lrnn.cli;

import lrnn.experiment.MemoryPlan;
import lrnn.model.Dtype;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import lrnn.cli.plot.LinePlot;
import lrnn.data.SyntheticTask;
import lrnn.experiment.Delay;
import lrnn.io.CsvWriter;
import lrnn.train.Objectives.GradientPath;
import lrnn.train.RunJournal;
import lrnn.train.StepSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lrnn delay}: experiment E2 (SPEC §7, paper Fig. 3) — final test MSE against the output delay for
 * the RNN, the scaled convolution and the unscaled convolution. Writes {@code delay.csv}, {@code delay.json} (the
 * settings and the rate used) and the figure.
 */
@Command(name = "delay", header = "E2: test error vs output delay for the RNN and both convolutions (paper Fig. 3).", description = {
    "E2: test MSE vs output delay Delta for the linear RNN, the scaled convolution and the unscaled convolution",
    "(one teacher, input and noise draw for all delays); writes delay.csv, delay.json (the settings",
    "and the rate used: eta, eta_auto, and for --eta auto the curvatures behind it), delay.png/.svg."})
final class DelayCommand implements Callable<Integer> {

  static final String HEADER = "delay,test_rnn,test_scaled,test_conv";

  @Mixin
  CommonOptions common;

  @Mixin
  ModelOptions model;

  @Mixin
  TaskOptions task;

  @Option(names = "--delays", paramLabel = "SPEC", defaultValue = "0:30",
      description = "Delays to sweep: a range FROM:TO (inclusive), FROM:TO:STEP, or a list D,D,... "
          + "(default: ${DEFAULT-VALUE}).")
  String delays;

  @Mixin
  DtypeOption dtypeOption;

  @Mixin
  CheckpointOptions checkpoints;

  @Override
  public Integer call() throws IOException {
    model.validate(common);
    if (model.gradientPath() != GradientPath.KRYLOV) {
      throw new UsageException("delay trains the RNN by the Krylov path with K = L (exact); drop --gradient bptt");
    }
    SyntheticTask t = task.task(60);
    List<Integer> ds = parseDelays(delays, t.length());
    // the Hessians depend on the inputs only, which are the same for every delay (Delay: the data of seed --seed)
    double eta = model.eta(common, ModelOptions.SPEC_ETA,
        () -> StepSize.choose(t.generate(common.seed()).xTrain(), t.ny(), t.length(), model.scales()));
    Dtype dtype = dtypeOption.dtype();
    MemoryPlan plan = MemoryPlan.twoCopies("E2", model.n(), t.nx(), t.ny(), t.length(), (long) t.train() + t.test(),
        t.length(), dtype);
    plan.require(plan.fixes("a smaller --n"));
    RunJournal journal = checkpoints.open();
    common.prepareOut(); // after the option checks: a usage error leaves no output folder behind
    Delay.Config cfg = new Delay.Config(t, ds, model.scales(), model.n(), eta, model.steps(), common.seed(),
        common.seed() + 1);
    common.info(String.format(Locale.ROOT, "E2: n = %d, L = %d, %d train + %d test sequences, eta = %s, %d steps, "
        + "%d delays from %d to %d", model.n(), t.length(), t.train(), t.test(), eta, model.steps(), ds.size(),
        ds.get(0), ds.get(ds.size() - 1)));
    Delay.Result result;
    try (Progress.Handle p = common.progress("E2 delay sweep", 3L * (model.steps() + 1) * ds.size())) {
      result = Dtype.withDefault(dtype, () -> Delay.run(cfg, (done, total) -> p.step(done), journal));
    } catch (java.util.concurrent.CancellationException e) {
      throw checkpoints.interrupted(e);
    }
    CsvWriter csv = new CsvWriter(HEADER.split(","));
    int m = result.rows().size();
    double[] d = new double[m], rnn = new double[m], scaled = new double[m], conv = new double[m];
    for (int i = 0; i < m; i++) {
      Delay.Row r = result.rows().get(i);
      csv.addRow(r.delay(), r.testRnn(), r.testScaled(), r.testConv());
      d[i] = r.delay();
      rnn[i] = r.testRnn();
      scaled[i] = r.testScaled();
      conv[i] = r.testConv();
      common.info(String.format(Locale.ROOT, "delay %3d: test MSE rnn %.5g, scaled %.5g, conv %.5g", r.delay(),
          r.testRnn(), r.testScaled(), r.testConv()));
    }
    LinePlot fig = new LinePlot("E2: test error vs delay")
        .subtitle(String.format(Locale.ROOT, "n = %d, L = %d, eta = %s, %d steps", model.n(), t.length(), eta,
            model.steps()))
        .xLabel("delay Δ").yLabel("test MSE").integerX().logY()
        .series("linear RNN", d, rnn, LinePlot.Line.SOLID, true)
        .series("scaled conv (λ from (21))", d, scaled, LinePlot.Line.DASHED, true)
        .series("unscaled conv", d, conv, LinePlot.Line.DOTTED, true);
    common.output().writeCsv("delay.csv", csv);
    common.output().writeJson("delay.json", record(t, ds, dtype));
    common.output().writeFigure("delay", fig);
    checkpoints.finish();
    return 0;
  }

  /** delay.json: the settings that shape the sweep and the rate used ({@link EtaOption#record()}). */
  private Map<String, Object> record(SyntheticTask t, List<Integer> ds, Dtype dtype) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", "delay");
    m.put("seed", common.seed());
    m.put("data", "E2 task, seed " + common.seed());
    m.putAll(TaskOptions.record(t));
    m.put("n_x", t.nx());
    m.put("n_y", t.ny());
    m.put("init", "random, seed " + (common.seed() + 1));
    m.put("delays", ds);
    m.put("n", model.n());
    m.put("steps", model.steps());
    m.put("gradient", model.gradientPath().name().toLowerCase(Locale.ROOT));
    m.put("dtype", dtype.label());
    ModelOptions.putScales(m, model.scales());
    m.putAll(model.etaRecord());
    return m;
  }

  /** {@code FROM:TO}, {@code FROM:TO:STEP} (inclusive) or {@code D,D,...}; each delay in {@code [0, L)}. */
  static List<Integer> parseDelays(String spec, int length) {
    List<Integer> out = new ArrayList<>();
    try {
      String s = spec.trim();
      if (s.contains(":")) {
        String[] p = s.split(":");
        if (p.length < 2 || p.length > 3) throw new NumberFormatException();
        int from = Integer.parseInt(p[0].trim()), to = Integer.parseInt(p[1].trim());
        int step = p.length == 3 ? Integer.parseInt(p[2].trim()) : 1;
        if (step < 1 || to < from) {
          throw new UsageException("--delays " + spec + ": need FROM <= TO and STEP >= 1");
        }
        for (int v = from; v <= to; v += step) out.add(v);
      } else {
        for (String p : s.split(",")) out.add(Integer.parseInt(p.trim()));
      }
    } catch (NumberFormatException e) {
      throw new UsageException("--delays must be FROM:TO, FROM:TO:STEP or a list D,D,..., got '" + spec + "'");
    }
    for (int v : out) {
      if (v < 0 || v >= length) {
        throw new UsageException("--delays: delay " + v + " is outside [0, L) = [0, " + length + "); use a longer "
            + "--seq-len or smaller delays");
      }
    }
    return List.copyOf(out);
  }
}
