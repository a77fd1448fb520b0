package lrnn.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.ntk.LagKernel;
import lrnn.theory.ScaleFactors;
import lrnn.train.Objectives.GradientPath;
import lrnn.train.RunJournal;
import lrnn.util.Require;

/**
 * Experiment E4 (SPEC §7, ours): wide-limit convergence. For each width n and seed, the relative distance
 * of the RNN's exact lag kernel (K3) to the scaled convolution's, {@link LagKernel#relativeErrorTo}
 * ({@code ||M - diag(lambda) ⊗ I||_F / ||diag(lambda) ⊗ I||_F}, = {@code / ||lambda||_2} at
 * {@code n_x = n_y = 1}), and the E1 curve gap {@link Dynamics.Result#maxRelativeGapRnnScaled()}; then
 * least-squares log-log slopes of the per-width means against n (expected about -1/2). SPEC §8 reference
 * for the lag kernel at K = 20, default nu, 4 seeds: 0.24 (n = 64), 0.13 (256), 0.063 (1024), 0.038 (4096),
 * slope -0.50.
 *
 * <p>Seeds: {@code firstSeed … firstSeed + seeds - 1}; for seed s the data are {@code task.generate(s)}
 * and the student is
 * {@code LinearRnn.random(n, ..., rnnSeed(s))} (a decorrelated stream, so teacher and student never share
 * random draws); the same student gives both measurements.
 */
public final class Convergence {

  private Convergence() {}

  /**
   * @param widths     hidden widths n, each >= 1 (SPEC default 64 … 8192)
   * @param seeds      number of seeds per width
   * @param firstSeed  the first seed; seeds are firstSeed, firstSeed + 1, …
   * @param lags       K for the lag kernel (SPEC: K = L = 20)
   * @param scales     the student's initialization (lambda from (21))
   * @param task       the E1 data (teacher, SNR, N, L)
   * @param eta        learning rate of the E1 runs
   * @param curveSteps GD steps of the E1 runs; 0 skips the curve gap (reported as NaN)
   * @param logEvery   the E1 logging interval over which the gap is taken (SPEC §8: 10)
   * @param path       the RNN gradient path of the E1 runs
   */
  public record Config(List<Integer> widths, int seeds, long firstSeed, int lags, InitScales scales,
                       SyntheticTask task, double eta, int curveSteps, int logEvery, GradientPath path) {
    public Config {
      if (widths == null || widths.isEmpty()) {
        throw new IllegalArgumentException("widths must list at least one hidden width n, e.g. 64,256,1024");
      }
      for (int n : widths) Require.positive("width n", n);
      widths = List.copyOf(widths);
      Require.positive("seeds", seeds);
      Require.positive("K (lags)", lags);
      Require.positive("learning rate eta", eta);
      Require.nonNegative("curve steps", curveSteps);
      Require.positive("log-every", logEvery);
      scales.requireStable(false);
    }

    /** SPEC §7 E4 defaults: n = 64 … 8192 (powers of 2), 4 seeds, K = 20, E1 data and schedule. */
    public static Config defaults() {
      return new Config(List.of(64, 128, 256, 512, 1024, 2048, 4096, 8192), 4, 0, 20, InitScales.DEFAULT,
          SyntheticTask.E1, 0.05, 300, 10, GradientPath.KRYLOV);
    }

    public Config withWidths(List<Integer> w) {
      return new Config(w, seeds, firstSeed, lags, scales, task, eta, curveSteps, logEvery, path);
    }

    public Config withSeeds(int s) {
      return new Config(widths, s, firstSeed, lags, scales, task, eta, curveSteps, logEvery, path);
    }

    public Config withCurveSteps(int steps) {
      return new Config(widths, seeds, firstSeed, lags, scales, task, eta, steps, logEvery, path);
    }
  }

  /** One (width, seed): the CSV row {@code n,seed,lag_kernel_rel_err,curve_gap}. */
  public record Row(int n, long seed, double lagKernelRelErr, double curveGap) {}

  /** Means over seeds at one width. */
  public record WidthMean(int n, double lagKernelRelErr, double curveGap) {}

  /**
   * @param rows           every (width, seed), in run order
   * @param means          per-width means, in the order of the configured widths
   * @param lagKernelSlope least-squares slope of log(mean lag-kernel error) on log n (NaN with < 2 widths)
   * @param curveGapSlope  the same for the curve gap (NaN when skipped or with < 2 widths)
   */
  public record Result(List<Row> rows, List<WidthMean> means, double lagKernelSlope, double curveGapSlope) {}

  /**
   * The student's seed for data seed s: an affine map followed by a 64-bit mix (Stafford's variant 13). The mix
   * matters: {@code SplittableRandom} advances its state by the golden gamma 0x9E3779B97F4A7C15, so the plain
   * affine seeds {@code s * gamma + c} of earlier versions started the streams of consecutive s one draw apart,
   * and the "independent" students of E4 were shifted copies of one another (found by
   * ConvergenceTest.lagKernelErrorMatchesTheReferenceAndFallsLikeOneOverSqrtN).
   */
  public static long rnnSeed(long s) {
    long z = s * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Multiply-adds of one exact lag kernel (K3): the fused sweep and the Gram sums. */
  static long lagKernelCost(long n, int nx, int ny, int lags) {
    return (long) lags * n * n * (nx + ny) + (long) lags * lags * n * (nx * nx + ny * ny) + Cost.OVERHEAD;
  }

  public static Result run(Config cfg, ProgressSink progress) {
    return RunJournal.withoutJournal(j -> run(cfg, progress, j));
  }

  /**
   * Runs E4 resumably: each (width, seed) cell keeps its lag-kernel error (value {@code n<n>-s<seed>-err}) and its
   * E1 run (scope {@code n<n>-s<seed>}, see {@link Dynamics}) in {@code journal}; an interrupted run continues
   * where it stopped with the identical result.
   */
  public static Result run(Config cfg, ProgressSink progress, RunJournal journal) throws IOException {
    Require.nonNull("journal (use RunJournal.NONE)", journal);
    SyntheticTask task = cfg.task();
    double[] lambda = ScaleFactors.lambda(cfg.scales().nuW(), cfg.scales().nuF(), cfg.scales().nuC(), task.nx(),
        cfg.scales().withD(), cfg.lags());
    List<Row> rows = new ArrayList<>();
    Dataset[] data = new Dataset[cfg.seeds()];
    for (int s = 0; s < cfg.seeds(); s++) data[s] = task.generate(cfg.firstSeed() + s);
    // progress weighted by estimated multiply-adds: a width's runs cost ~n^2 (Cost)
    Dynamics.Config dc = cfg.curveSteps() > 0 ? new Dynamics.Config(cfg.scales(), cfg.eta(), cfg.curveSteps(),
        cfg.logEvery(), cfg.path(), false) : null;
    long total = cfg.widths().stream().mapToLong(n -> cfg.seeds() * (lagKernelCost(n, task.nx(), task.ny(), cfg.lags())
        + (dc != null ? Dynamics.totalCost(dc, data[0], n) : 0))).sum();
    long[] base = {0};
    List<WidthMean> means = new ArrayList<>();
    for (int n : cfg.widths()) {
      double sumErr = 0, sumGap = 0;
      for (int s = 0; s < cfg.seeds(); s++) {
        if (Thread.currentThread().isInterrupted()) {
          throw new java.util.concurrent.CancellationException("E4 cancelled at n = " + n);
        }
        long seed = cfg.firstSeed() + s;
        String cell = "n" + n + "-s" + seed;
        // the student is drawn at most once per cell: for the lag kernel, then trained in place by E1 (one n x n
        // matrix); a resumed cell whose lag kernel is kept and whose E1 run has started does not draw it at all
        LinearRnn[] rnn = new LinearRnn[1];
        Supplier<LinearRnn> student = () -> {
          if (rnn[0] == null) rnn[0] = LinearRnn.random(n, task.nx(), task.ny(), cfg.scales(), rnnSeed(seed));
          LinearRnn r = rnn[0];
          rnn[0] = null;
          return r;
        };
        double err = journal.value(cell + "-err", () -> {
          LinearRnn r = student.get();
          rnn[0] = r; // kept for E1
          return new double[] {LagKernel.of(r, cfg.lags()).relativeErrorTo(lambda)};
        })[0];
        base[0] += lagKernelCost(n, task.nx(), task.ny(), cfg.lags());
        progress.update(base[0], total);
        double gap = Double.NaN;
        if (dc != null) {
          long start = base[0];
          gap = Dynamics.run(dc, data[s], n, student, (done, tot) -> progress.update(start + done, total), true,
              journal.scope(cell), false).maxRelativeGapRnnScaled();
          base[0] = start + Dynamics.totalCost(dc, data[s], n);
        }
        rnn[0] = null;
        rows.add(new Row(n, seed, err, gap));
        sumErr += err;
        sumGap += gap;
      }
      means.add(new WidthMean(n, sumErr / cfg.seeds(), sumGap / cfg.seeds()));
    }
    double[] x = new double[means.size()], e = new double[means.size()], g = new double[means.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = means.get(i).n();
      e[i] = means.get(i).lagKernelRelErr();
      g[i] = means.get(i).curveGap();
    }
    return new Result(List.copyOf(rows), List.copyOf(means), logLogSlope(x, e), logLogSlope(x, g));
  }

  /**
   * The least-squares slope of {@code log y} on {@code log x}; NaN with fewer than two distinct x, or if
   * some y is not a positive finite number (e.g. a skipped curve gap).
   */
  public static double logLogSlope(double[] x, double[] y) {
    Require.length("y", y, x.length);
    int m = x.length;
    double mx = 0, my = 0;
    for (int i = 0; i < m; i++) {
      if (!(x[i] > 0) || !(y[i] > 0) || !Double.isFinite(x[i]) || !Double.isFinite(y[i])) return Double.NaN;
      mx += Math.log(x[i]);
      my += Math.log(y[i]);
    }
    if (m < 2) return Double.NaN;
    mx /= m;
    my /= m;
    double sxx = 0, sxy = 0;
    for (int i = 0; i < m; i++) {
      double dx = Math.log(x[i]) - mx;
      sxx += dx * dx;
      sxy += dx * (Math.log(y[i]) - my);
    }
    return sxx == 0 ? Double.NaN : sxy / sxx;
  }
}
