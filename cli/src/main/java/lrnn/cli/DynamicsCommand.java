package lrnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import lrnn.cli.plot.LinePlot;
import lrnn.cli.plot.Panels;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.experiment.Dynamics;
import lrnn.io.CsvWriter;
import lrnn.experiment.MemoryPlan;
import lrnn.model.Dtype;
import lrnn.model.LinearRnn;
import lrnn.train.Objectives.GradientPath;
import lrnn.train.RunJournal;
import lrnn.train.StepSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lrnn dynamics}: experiment E1 (SPEC §7, paper Fig. 1–2) — training curves of the RNN, the scaled
 * convolution and the unscaled convolution under full-batch GD with one learning rate. Writes {@code dynamics.csv},
 * {@code dynamics.json} (the settings and the rate used) and the figure.
 */
@Command(name = "dynamics", header = "E1: training curves of the RNN, the scaled and the unscaled convolution (Fig. 1-2).", description = {
    "E1: train the linear RNN, the scaled convolution (lambda from SPEC (21), started at the RNN's G^0) and the",
    "unscaled convolution (started at 0) with one learning rate; writes dynamics.csv, dynamics.json (the",
    "settings and the rate used: eta, eta_auto, and for --eta auto the curvatures it came from) and",
    "dynamics.png/.svg."})
final class DynamicsCommand implements Callable<Integer> {

  static final String HEADER = "step,train_rnn,train_scaled,train_conv,test_rnn,test_scaled,test_conv";

  @Mixin
  CommonOptions common;

  @Mixin
  ModelOptions model;

  @Mixin
  TaskOptions task;

  @Mixin
  DtypeOption dtypeOption;

  @Spec
  CommandSpec spec;

  @Mixin
  ModelFiles.Option saveModel;

  @Mixin
  CheckpointOptions checkpoints;

  @Option(names = "--log-every", paramLabel = "INT", defaultValue = "10",
      description = "Log every this many steps, plus step 0 and the last (default: ${DEFAULT-VALUE}).")
  int logEvery;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Read x_train.npy, y_train.npy, x_test.npy, y_test.npy (float64, (N, L, n_x) and (N, L, n_y)) "
          + "instead of generating the teacher task.")
  Path data;

  @Option(names = "--init", paramLabel = "DIR",
      description = "Read the RNN's tilde parameters W.npy (n,n), F.npy (n,n_x), C.npy (n_y,n) [, D.npy] instead of "
          + "drawing them; n, n_x, n_y come from the files.")
  Path init;

  @Option(names = "--conv-init", paramLabel = "WHERE", defaultValue = "zero",
      description = "Start of the unscaled convolution: zero or rnn (the RNN's G^0) (default: ${DEFAULT-VALUE}).")
  String convInit;

  @Override
  public Integer call() throws IOException {
    model.validate(common);
    Checks.atLeast("--log-every", logEvery, 1);
    boolean convFromRnn = switch (convInit.toLowerCase(Locale.ROOT)) {
      case "zero" -> false;
      case "rnn" -> true;
      default -> throw new UsageException("--conv-init must be zero or rnn, got '" + convInit + "'");
    };
    Dtype dtype = dtypeOption.dtype();
    GradientPath path = model.gradientPath();
    if (dtype == Dtype.FLOAT32 && path == GradientPath.BPTT) {
      throw new UsageException("--dtype float32 runs on the Krylov path only; drop --gradient bptt or use --dtype "
          + "float64");
    }
    SyntheticTask synthetic = data != null ? null : task.task(20);
    Dataset ds = data != null ? NpyInputs.dataset(data) : synthetic.generate(common.seed());
    int len = ds.xTrain().length();
    double eta = model.eta(common, ModelOptions.SPEC_ETA, () -> StepSize.choose(ds.xTrain(), ds.ny(), len, model.scales()));
    // the whole run's peak heap, before any O(n^2) work (W.npy: its header tells n)
    int n = init != null
        ? NpyInputs.width(init, model.n(), spec.commandLine().getParseResult().hasMatchedOption("--n")) : model.n();
    MemoryPlan plan = MemoryPlan.dynamics(n, ds.nx(), ds.ny(), ds.xTrain().count(), ds.xTest().count(), len,
        dtype, path, init != null);
    plan.require(plan.fixes("a smaller --n"));
    Map<String, Object> record = record(synthetic, ds, n, dtype, path, convFromRnn);
    RunJournal journal = checkpoints.open();
    common.prepareOut(); // after the option and memory checks: a run that cannot start leaves no output folder
    ModelFiles.prepare(saveModel);
    // the initial RNN, drawn or read only when needed: a run resumed after its RNN started training never holds it
    java.util.function.Supplier<LinearRnn> initial = () -> {
      LinearRnn r;
      try {
        r = init != null ? NpyInputs.rnn(init, ds.nx(), ds.ny(), dtype)
            : LinearRnn.random(n, ds.nx(), ds.ny(), model.scales(), common.seed() + 1, dtype);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (n <= LinearRnn.EXACT_SPECTRAL_RADIUS_MAX_N) {
        common.info(String.format(Locale.ROOT, "spectral radius of W at initialization: %.4f (exact; sqrt(nu_W) = "
            + "%.4f)", r.spectralRadiusExact(), Math.sqrt(model.scales().nuW())));
      }
      return r;
    };
    common.info(String.format(Locale.ROOT, "E1: n = %d, n_x = %d, n_y = %d, L = %d, %d train + %d test sequences, "
            + "eta = %s, %d steps, %s gradient, %s%s", n, ds.nx(), ds.ny(), len,
        ds.xTrain().count(), ds.xTest().count(), eta, model.steps(), path.name().toLowerCase(Locale.ROOT),
        dtype.label(), checkpoints.resume != null ? " (resumed from " + checkpoints.resume + ")" : ""));
    Dynamics.Config cfg = new Dynamics.Config(model.scales(), eta, model.steps(), logEvery, path, convFromRnn);
    Dynamics.Result result;
    try (Progress.Handle p = common.progressWork("training 3 models", Dynamics.totalCost(cfg, ds, n))) {
      // the RNN is trained in place in its own arrays: one n x n matrix for the whole run
      result = Dynamics.run(cfg, ds, n, initial, (done, total) -> p.step(done), true, journal, saveModel.dir != null);
    } catch (CancellationException e) {
      throw checkpoints.interrupted(e);
    }
    if (n > LinearRnn.EXACT_SPECTRAL_RADIUS_MAX_N) {
      common.info(String.format(Locale.ROOT, "spectral radius of W at initialization: %.4f (Gelfand estimate from the "
          + "Krylov norms ||W^j F||, ||C W^j||, j < %d; sqrt(nu_W) = %.4f)", result.spectralRadiusEstimate(), len,
          Math.sqrt(model.scales().nuW())));
    }
    write(result, record);
    Dynamics.Row last = result.rows().get(result.rows().size() - 1);
    if (saveModel.dir != null) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("command", "dynamics");
      meta.put("seed", common.seed());
      meta.put("init", init != null ? init.toString() : "random, seed " + (common.seed() + 1));
      meta.put("data", data != null ? data.toString() : "E1 task, seed " + common.seed());
      meta.putAll(model.etaRecord()); // dynamics.json's rate entries: eta, eta_auto (and for auto its curvatures)
      meta.put("steps", model.steps());
      meta.put("gradient", path.name().toLowerCase(Locale.ROOT));
      ModelOptions.putScales(meta, model.scales());
      Map<String, Object> fin = new LinkedHashMap<>();
      String[] names = HEADER.split(",");
      double[] vals = {last.trainRnn(), last.trainScaled(), last.trainConv(), last.testRnn(), last.testScaled(),
          last.testConv()};
      for (int i = 0; i < vals.length; i++) fin.put(names[i + 1], vals[i]);
      meta.put("final_mse", fin);
      ModelFiles.write(common.output(), saveModel.dir, result.finalRnn(), result.finalScaled(),
          result.finalUnscaled(), meta);
    }
    common.info(String.format(Locale.ROOT, "final train MSE: rnn %.5g, scaled %.5g, conv %.5g; test MSE: rnn %.5g, "
            + "scaled %.5g, conv %.5g", last.trainRnn(), last.trainScaled(), last.trainConv(), last.testRnn(),
        last.testScaled(), last.testConv()));
    common.info(String.format(Locale.ROOT, "largest relative train-MSE gap over the run: RNN vs scaled conv %.3f, "
        + "scaled vs unscaled conv %.3f", result.maxRelativeGapRnnScaled(), result.maxRelativeGapScaledConv()));
    checkpoints.finish();
    return 0;
  }

  /**
   * dynamics.json: the settings that shape the curves and the rate used ({@link EtaOption#record()}).
   *
   * @param synthetic the generated task, null for {@code --data}
   */
  private Map<String, Object> record(SyntheticTask synthetic, Dataset ds, int n, Dtype dtype, GradientPath path,
                                     boolean convFromRnn) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", "dynamics");
    m.put("seed", common.seed());
    m.put("data", data != null ? data.toString() : "E1 task, seed " + common.seed());
    if (synthetic != null) {
      m.putAll(TaskOptions.record(synthetic));
    } else {
      m.put("L", ds.xTrain().length());
      m.put("train", ds.xTrain().count());
      m.put("test", ds.xTest().count());
    }
    m.put("n_x", ds.nx());
    m.put("n_y", ds.ny());
    m.put("init", init != null ? init.toString() : "random, seed " + (common.seed() + 1));
    m.put("n", n);
    m.put("steps", model.steps());
    m.put("log_every", logEvery);
    m.put("gradient", path.name().toLowerCase(Locale.ROOT));
    m.put("conv_init", convFromRnn ? "rnn" : "zero");
    m.put("dtype", dtype.label());
    ModelOptions.putScales(m, model.scales());
    m.putAll(model.etaRecord());
    return m;
  }

  private void write(Dynamics.Result result, Map<String, Object> record) throws IOException {
    List<Dynamics.Row> rows = result.rows();
    CsvWriter csv = new CsvWriter(HEADER.split(","));
    int m = rows.size();
    double[] step = new double[m];
    double[][] c = new double[6][m];
    for (int i = 0; i < m; i++) {
      Dynamics.Row r = rows.get(i);
      csv.addRow(r.step(), r.trainRnn(), r.trainScaled(), r.trainConv(), r.testRnn(), r.testScaled(), r.testConv());
      step[i] = r.step();
      c[0][i] = r.trainRnn();
      c[1][i] = r.trainScaled();
      c[2][i] = r.trainConv();
      c[3][i] = r.testRnn();
      c[4][i] = r.testScaled();
      c[5][i] = r.testConv();
    }
    Panels fig = Panels.row(curves("Training MSE", step, c[0], c[1], c[2]), curves("Test MSE", step, c[3], c[4], c[5]))
        .title("E1: the RNN follows the scaled convolution, not the unscaled one");
    common.output().writeCsv("dynamics.csv", csv);
    common.output().writeJson("dynamics.json", record);
    common.output().writeFigure("dynamics", fig);
  }

  static LinePlot curves(String title, double[] step, double[] rnn, double[] scaled, double[] conv) {
    return new LinePlot(title).xLabel("GD step").yLabel("MSE").logY()
        .series("linear RNN", step, rnn, LinePlot.Line.SOLID, true)
        .series("scaled conv (λ from (21))", step, scaled, LinePlot.Line.DASHED, false)
        .series("unscaled conv", step, conv, LinePlot.Line.DOTTED, false);
  }
}
