package lrnn.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import lrnn.data.Dataset;
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
import lrnn.train.Objectives.GradientPath;
import lrnn.util.Require;

/**
 * Experiment E1 (SPEC §7, Fig. 1–2): full-batch GD with one learning rate on the linear RNN, the scaled
 * convolution with lambda from (21) started at the RNN's impulse response (60), and the unscaled
 * convolution started at 0 (or at the RNN's G^0); train and test MSE of all three at logged steps.
 */
public final class Dynamics {

  private Dynamics() {}

  /**
   * @param scales          the RNN's initialization variances (lambda is computed from them by (21))
   * @param eta             learning rate, the same for every model
   * @param steps           GD steps
   * @param logEvery        log every this many steps (plus step 0 and the last step)
   * @param path            the RNN gradient path; KRYLOV uses K = L lags, which is exact
   * @param convFromRnnInit start the unscaled convolution at the RNN's G^0 instead of 0
   */
  public record Config(InitScales scales, double eta, int steps, int logEvery, GradientPath path,
                       boolean convFromRnnInit) {
    public Config {
      Require.nonNull("init scales", scales);
      Require.nonNull("gradient path", path);
      Require.positive("learning rate eta", eta);
      Require.nonNegative("steps", steps);
      Require.positive("log-every", logEvery);
    }
  }

  /** One logged step: MSE of the three models on the training and test data. */
  public record Row(int step, double trainRnn, double trainScaled, double trainConv,
                    double testRnn, double testScaled, double testConv) {}

  /**
   * The logged curves, the spectral radius of the initial W as estimated for free from the Krylov norms
   * of G^0 ({@link LinearRnn.KrylovBases#gelfandRadius}; NaN for L = 1), and the trained models: the final
   * RNN (with {@code consumeInit}, the caller's RNN itself, trained in place; never a copy) and the final
   * effective coefficients G of the scaled and the unscaled convolution (null where not kept).
   */
  public record Result(List<Row> rows, double spectralRadiusEstimate, LinearRnn finalRnn, ImpulseResponse finalScaled,
                       ImpulseResponse finalUnscaled) {

    public Result(List<Row> rows) {
      this(rows, Double.NaN, null, null, null);
    }

    public Result(List<Row> rows, double spectralRadiusEstimate) {
      this(rows, spectralRadiusEstimate, null, null, null);
    }

    /** Largest relative difference between the RNN's and the scaled convolution's train MSE. */
    public double maxRelativeGapRnnScaled() {
      double m = 0;
      for (Row r : rows) m = Math.max(m, Math.abs(r.trainRnn() - r.trainScaled()) / r.trainScaled());
      return m;
    }

    /** Largest relative difference between the scaled and the unscaled convolution's train MSE. */
    public double maxRelativeGapScaledConv() {
      double m = 0;
      for (Row r : rows) m = Math.max(m, Math.abs(r.trainConv() - r.trainScaled()) / r.trainScaled());
      return m;
    }
  }

  /** The estimated multiply-adds of a run ({@link Cost}): the total that {@link #run} reports progress against. */
  public static long totalCost(Config cfg, Dataset data, int n) {
    return new Costs(cfg, data, n).total;
  }

  private static final class Costs {
    final int logs;
    final long rnnStep;
    final long convStep;
    final long eval;
    final long rnnEval;
    final long g0;
    final long total;

    Costs(Config cfg, Dataset data, int n) {
      int lags = data.xTrain().length(), nx = data.nx(), ny = data.ny();
      int logged = 0;
      for (int t = 0; t <= cfg.steps(); t++) if (logged(t, cfg.steps(), cfg.logEvery())) logged++;
      logs = logged;
      rnnStep = Cost.rnnStep(cfg.path(), n, nx, ny, lags, data.xTrain().count(), lags);
      convStep = Cost.convStep(lags, nx, ny);
      eval = Cost.evaluation(data.xTrain().count() + data.xTest().count(), lags, lags, nx, ny);
      // a logged BPTT step sweeps for G (the Krylov path leaves G of its step for the listener)
      rnnEval = eval + (cfg.path() == GradientPath.BPTT ? (long) (lags - 1) * nx * n * n : 0);
      g0 = Cost.sweep(n, nx, ny, lags);
      total = g0 + (cfg.steps() + 1L) * (rnnStep + 2 * convStep) + logs * (rnnEval + 2 * eval);
    }
  }

  /** Which steps are logged. */
  public static boolean logged(int step, int steps, int logEvery) {
    return step % logEvery == 0 || step == steps;
  }

  /** Runs E1 on a working copy of {@code init} (init is not changed). */
  public static Result run(Config cfg, Dataset data, LinearRnn init, ProgressSink progress) {
    return run(cfg, data, init, progress, false);
  }

  /**
   * Runs E1. With {@code consumeInit} the RNN is trained in place in init's own arrays (one n x n matrix for
   * the whole run instead of two): init is handed over and must not be used afterwards. Progress is reported
   * in estimated multiply-adds ({@link Cost}).
   */
  public static Result run(Config cfg, Dataset data, LinearRnn init, ProgressSink progress, boolean consumeInit) {
    Require.nonNull("initial RNN", init);
    return RunJournal.withoutJournal(j -> run(cfg, data, init.n(), () -> init, progress, consumeInit, j, false));
  }

  /**
   * Runs E1 resumably: its three GD runs (units {@code rnn}, {@code scaled}, {@code unscaled}) and the RNN's
   * initial impulse response (value {@code g0}) are kept in {@code journal}, so an interrupted run continues on
   * the identical trajectory and yields the identical result. {@code init} is asked for only when the RNN's run
   * has not started yet (a resumed run never holds the initial W and the checkpoint's W at once).
   *
   * @param n         the RNN's width (for the cost estimate, before init is drawn)
   * @param keepFinal keep the final RNN in the journal, so a replayed run still returns it ({@link Result#finalRnn})
   * @throws IOException if the journal cannot be read or written
   * @throws lrnn.train.TrainingCancelledException if interrupted (the journal then holds a checkpoint)
   */
  public static Result run(Config cfg, Dataset data, int n, Supplier<LinearRnn> init, ProgressSink progress,
                           boolean consumeInit, RunJournal journal, boolean keepFinal) throws IOException {
    Require.nonNull("config", cfg);
    Require.nonNull("data", data);
    Require.nonNull("initial RNN", init);
    Require.nonNull("progress sink (use ProgressSink.NONE)", progress);
    Require.nonNull("journal (use RunJournal.NONE)", journal);
    Require.positive("n (hidden width)", n);
    LinearRnn[] held = new LinearRnn[1];
    Supplier<LinearRnn> initOnce = () -> {
      if (held[0] == null) held[0] = checked(cfg, data, n, init.get());
      return held[0];
    };
    int lags = data.xTrain().length();
    Costs cost = new Costs(cfg, data, n);
    int logs = cost.logs;
    double[] stepAt = new double[logs];
    double[][] cols = new double[6][logs];
    long total = cost.total;
    long[] done = {0};

    DataMoments moments = DataMoments.of(data.xTrain(), data.yTrain(), lags);
    GradientDescent.Options opts = new GradientDescent.Options(cfg.eta(), cfg.steps());
    // one fused sweep: G^0 and a free radius estimate; O(n K) not kept through training
    double[] g0v = journal.value("g0", () -> {
      LinearRnn r = initOnce.get();
      LinearRnn.KrylovBases kb0 = r.krylovBases(lags);
      double[] g = r.impulseResponse(kb0).toArray();
      double[] out = new double[g.length + 1];
      out[0] = kb0.gelfandRadius(n, data.nx(), data.ny());
      System.arraycopy(g, 0, out, 1, g.length);
      return out;
    });
    double radius = g0v[0];
    ImpulseResponse g0 = ImpulseResponse.of(lags, data.ny(), data.nx(), Arrays.copyOfRange(g0v, 1, g0v.length));
    done[0] += cost.g0;
    progress.update(done[0], total);
    InitScales s = cfg.scales();
    double[] lambda = ScaleFactors.lambda(s.nuW(), s.nuF(), s.nuC(), data.nx(), s.withD(), lags);

    // RNN
    GradientDescent.Objective<LinearRnn> rnnObjective = cfg.path() == GradientPath.KRYLOV
        ? Objectives.rnnKrylov(moments, consumeInit)
        : Objectives.rnnBptt(data.xTrain(), data.yTrain(), consumeInit);
    Logged rnnLog = new Logged(done, stepAt, cols[0], cols[3]);
    LinearRnn trained = journal.train("rnn", ModelKind.LINEAR_RNN, rnnObjective, initOnce, opts, (t, m, loss) -> {
      done[0] += cost.rnnStep;
      if (logged(t, cfg.steps(), cfg.logEvery())) {
        ImpulseResponse g = m.impulseResponse(lags);
        stepAt[rnnLog.next] = t;
        cols[0][rnnLog.next] = mse(g, data.xTrain(), data.yTrain());
        cols[3][rnnLog.next] = mse(g, data.xTest(), data.yTest());
        rnnLog.next++;
        done[0] += cost.rnnEval;
      }
      progress.update(done[0], total);
    }, rnnLog, keepFinal);
    held[0] = null;
    // scaled convolution, started at the RNN's G^0 (60)
    Convolution scaled = runConvolution("scaled", Convolution.scaled(lambda, g0), moments, opts, cfg, data, cols, 1, 4,
        done, cost, progress, journal);
    // unscaled convolution, started at 0 (default) or at G^0
    ImpulseResponse c0 = cfg.convFromRnnInit() ? g0 : ImpulseResponse.zeros(lags, data.ny(), data.nx());
    Convolution unscaled = runConvolution("unscaled", Convolution.unscaled(c0), moments, opts, cfg, data, cols, 2, 5,
        done, cost, progress, journal);

    List<Row> rows = new ArrayList<>(logs);
    for (int r = 0; r < logs; r++) {
      rows.add(new Row((int) stepAt[r], cols[0][r], cols[1][r], cols[2][r], cols[3][r], cols[4][r], cols[5][r]));
    }
    return new Result(List.copyOf(rows), radius, trained, scaled.coefficients(), unscaled.coefficients());
  }

  private static LinearRnn checked(Config cfg, Dataset data, int n, LinearRnn init) {
    Require.nonNull("initial RNN", init);
    if (init.n() != n) throw new IllegalArgumentException("the RNN has n = " + init.n() + " but n = " + n + " was given");
    if (init.nx() != data.nx() || init.ny() != data.ny()) {
      throw new lrnn.util.ShapeMismatchException("the RNN has n_x = " + init.nx() + ", n_y = " + init.ny()
          + " but the data have n_x = " + data.nx() + ", n_y = " + data.ny());
    }
    if (init.hasD() != cfg.scales().withD()) {
      throw new IllegalArgumentException("the RNN " + (init.hasD() ? "has" : "has no") + " D but the scales say "
          + (cfg.scales().withD() ? "with D" : "without D"));
    }
    return init;
  }

  /**
   * A unit's logged values as a {@link RunJournal.State}: the next log index, the progress counter and the
   * logged columns (and step numbers).
   */
  static final class Logged implements RunJournal.State {
    int next;
    private final long[] done;
    private final double[][] columns;

    Logged(long[] done, double[]... columns) {
      this.done = done;
      this.columns = columns;
    }

    @Override
    public double[] save() {
      return RunJournal.pack(withHead(new double[] {next, done[0]}));
    }

    @Override
    public void restore(double[] saved) {
      double[] head = new double[2];
      RunJournal.unpack(saved, withHead(head)); // checks the length first, then fills the columns themselves
      next = (int) head[0];
      done[0] = (long) head[1];
    }

    /** {head, the columns}: the layout of the saved state. */
    private double[][] withHead(double[] head) {
      double[][] parts = new double[columns.length + 1][];
      parts[0] = head;
      System.arraycopy(columns, 0, parts, 1, columns.length);
      return parts;
    }
  }

  private static Convolution runConvolution(String unit, Convolution init, DataMoments moments,
                                            GradientDescent.Options opts, Config cfg, Dataset data, double[][] cols,
                                            int trainCol, int testCol, long[] done, Costs cost, ProgressSink progress,
                                            RunJournal journal) throws IOException {
    Logged log = new Logged(done, cols[trainCol], cols[testCol]);
    return journal.train(unit, ModelKind.CONVOLUTION, Objectives.convolution(moments), () -> init, opts, (t, m, loss) -> {
      done[0] += cost.convStep;
      if (logged(t, cfg.steps(), cfg.logEvery())) {
        cols[trainCol][log.next] = mse(m.coefficients(), data.xTrain(), data.yTrain());
        cols[testCol][log.next] = mse(m.coefficients(), data.xTest(), data.yTest());
        log.next++;
        done[0] += cost.eval;
      }
      progress.update(Math.min(done[0], cost.total), cost.total);
    }, log, true);
  }

  /** MSE of the convolution with coefficients g, evaluated directly (not from moments). */
  static double mse(ImpulseResponse g, Sequences x, Sequences y) {
    return Metrics.mse(g.apply(x), y);
  }
}
