package lrnn.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.data.Teacher;
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
 * Experiment E2 (SPEC §7, paper Fig. 3): final test (and train) MSE against the output delay Delta for the
 * linear RNN, the scaled convolution with lambda from (21) started at the RNN's impulse response (60), and
 * the unscaled convolution started at 0 — all trained by full-batch GD with one learning rate.
 *
 * <p><b>The data across delays.</b> The teacher, the inputs and the noise are drawn once from the data
 * seed, in the order of {@link SyntheticTask#generate} (teacher, training inputs, test inputs, training
 * noise, test noise); the task at delay Delta is {@code y_k = y^true_{k - Delta} + e_k} (SPEC §6, zero
 * signal for {@code k < Delta}) with the <em>same</em> noise {@code e} at every delay. The noise variance
 * is set by the SNR relative to the undelayed clean output, so only the delay changes along the curve
 * (with the noise scaled to the delayed signal, as {@code SyntheticTask.withDelay} does, the noise level
 * would fall with Delta as more of each sequence is zero). At Delta = 0 the data equal
 * {@code task.generate(seed)} up to rounding.
 *
 * <p><b>Cost.</b> The inputs, hence {@code Rxx}, are the same at every delay, so the moments are formed
 * once with one shared {@code Rxx} ({@link DataMoments#of(Sequences, List, int)}, exact). The RNN uses the
 * Krylov path with {@code K = L} lags, which is exact; it dominates the cost, O(L n^2 n_x) per step.
 */
public final class Delay {

  private Delay() {}

  /**
   * @param task      the synthetic task without delay (its {@code delay} must be 0); L = its length
   * @param delays    the delays Delta to sweep, each in {@code [0, L)}
   * @param scales    the student RNN's initialization variances (lambda follows from them by (21))
   * @param width     the student RNN's hidden width n
   * @param eta       learning rate, the same for every model
   * @param steps     GD steps per model and delay
   * @param dataSeed  seed of teacher, inputs and noise (one draw for the whole sweep)
   * @param initSeed  seed of the student RNN's initialization (the same at every delay)
   */
  public record Config(SyntheticTask task, List<Integer> delays, InitScales scales, int width, double eta, int steps,
                       long dataSeed, long initSeed) {
    public Config {
      if (task.delay() != 0) {
        throw new IllegalArgumentException("the task has delay " + task.delay() + "; give the undelayed task, the "
            + "sweep sets the delays");
      }
      delays = List.copyOf(delays);
      if (delays.isEmpty()) throw new IllegalArgumentException("no delays to sweep; give at least one");
      for (int d : delays) {
        if (d < 0 || d >= task.length()) {
          throw new IllegalArgumentException("delay " + d + " is outside [0, L) = [0, " + task.length() + ")");
        }
      }
      Require.positive("hidden width n", width);
      Require.positive("learning rate eta", eta);
      Require.nonNegative("steps", steps);
    }

    /** SPEC §7 E2: E1's task with L = 60, Delta = 0 … 30, n = 1000, eta = 0.05, 300 steps, seeds 1 and 2. */
    public static Config defaults() {
      return new Config(SyntheticTask.E1.withLength(60), IntStream.rangeClosed(0, 30).boxed().toList(),
          InitScales.DEFAULT, 1000, 0.05, 300, 1, 2);
    }

    public Config withDelays(List<Integer> d) {
      return new Config(task, d, scales, width, eta, steps, dataSeed, initSeed);
    }

    public Config withWidth(int n) {
      return new Config(task, delays, scales, n, eta, steps, dataSeed, initSeed);
    }

    public Config withSteps(int s) {
      return new Config(task, delays, scales, width, eta, s, dataSeed, initSeed);
    }

    public Config withEta(double e) {
      return new Config(task, delays, scales, width, e, steps, dataSeed, initSeed);
    }

    public Config withTask(SyntheticTask t) {
      return new Config(t, delays, scales, width, eta, steps, dataSeed, initSeed);
    }

    public Config withSeeds(long data, long init) {
      return new Config(task, delays, scales, width, eta, steps, data, init);
    }
  }

  /** Final MSE of the three models at one delay. */
  public record Row(int delay, double testRnn, double testScaled, double testConv,
                    double trainRnn, double trainScaled, double trainConv) {}

  /** One row per delay, in the order of {@link Config#delays()}. */
  public record Result(List<Row> rows) {}

  /**
   * The delayed data sets of the sweep, one per delay, sharing teacher, inputs and noise (see the class
   * comment).
   */
  public static List<Dataset> datasets(SyntheticTask task, List<Integer> delays, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Teacher teacher = Teacher.random(task.teacherStates(), task.nx(), task.ny(), task.teacherNuW(), rng);
    Sequences xTrain = Teacher.gaussianInputs(task.train(), task.length(), task.nx(), rng);
    Sequences xTest = Teacher.gaussianInputs(task.test(), task.length(), task.nx(), rng);
    Sequences cleanTrain = teacher.outputs(xTrain), cleanTest = teacher.outputs(xTest);
    double[] noiseTrain = noise(cleanTrain, task.snrDb(), rng);
    double[] noiseTest = noise(cleanTest, task.snrDb(), rng);
    List<Dataset> out = new ArrayList<>(delays.size());
    for (int d : delays) {
      out.add(new Dataset(xTrain, plus(Teacher.delay(cleanTrain, d), noiseTrain), xTest,
          plus(Teacher.delay(cleanTest, d), noiseTest)));
    }
    return List.copyOf(out);
  }

  /** The noise {@link Teacher#addNoise} would add to {@code clean} (same draws, same variance). */
  private static double[] noise(Sequences clean, double snrDb, SplittableRandom rng) {
    double[] noisy = Teacher.addNoise(clean, snrDb, rng).toArray();
    double[] c = clean.toArray();
    for (int t = 0; t < c.length; t++) noisy[t] -= c[t];
    return noisy;
  }

  private static Sequences plus(Sequences y, double[] e) {
    double[] a = y.toArray();
    for (int t = 0; t < a.length; t++) a[t] += e[t];
    return Sequences.of("delayed targets", y.count(), y.length(), y.dim(), a);
  }

  /** Runs the sweep; progress counts GD steps over all delays and models. */
  public static Result run(Config cfg, ProgressSink progress) {
    return RunJournal.withoutJournal(j -> run(cfg, progress, j));
  }

  /**
   * Runs the sweep resumably: each delay's three GD runs are units {@code d<delay>-rnn}, {@code -scaled},
   * {@code -unscaled} of {@code journal}; an interrupted sweep continues where it stopped with the identical
   * result.
   */
  public static Result run(Config cfg, ProgressSink progress, RunJournal journal) throws IOException {
    Require.nonNull("journal (use RunJournal.NONE)", journal);
    SyntheticTask task = cfg.task();
    int lags = task.length(), nx = task.nx(), ny = task.ny();
    List<Dataset> data = datasets(task, cfg.delays(), cfg.dataSeed());
    Sequences xTrain = data.get(0).xTrain(), xTest = data.get(0).xTest();
    List<DataMoments> moments = DataMoments.of(xTrain, data.stream().map(Dataset::yTrain).toList(), lags);

    InitScales s = cfg.scales();
    LinearRnn init = LinearRnn.random(cfg.width(), nx, ny, s, cfg.initSeed());
    ImpulseResponse g0 = init.impulseResponse(lags);
    double[] lambda = ScaleFactors.lambda(s.nuW(), s.nuF(), s.nuC(), nx, s.withD(), lags);
    GradientDescent.Options opts = new GradientDescent.Options(cfg.eta(), cfg.steps());
    long total = 3L * (cfg.steps() + 1) * data.size();
    long[] done = {0};

    List<Row> rows = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      Dataset ds = data.get(i);
      DataMoments m = moments.get(i);
      String unit = "d" + cfg.delays().get(i) + "-";
      // each unit's final test and train MSE, computed by its listener at the last step (kept by the journal)
      double[] rnn = finalMse(journal, unit + "rnn", ModelKind.LINEAR_RNN, Objectives.rnnKrylov(m), init, opts,
          x -> x.impulseResponse(lags), ds, done, total, progress);
      double[] scaled = finalMse(journal, unit + "scaled", ModelKind.CONVOLUTION, Objectives.convolution(m),
          Convolution.scaled(lambda, g0), opts, Convolution::coefficients, ds, done, total, progress);
      double[] conv = finalMse(journal, unit + "unscaled", ModelKind.CONVOLUTION, Objectives.convolution(m),
          Convolution.unscaled(ImpulseResponse.zeros(lags, ny, nx)), opts, Convolution::coefficients, ds, done, total,
          progress);
      rows.add(new Row(cfg.delays().get(i), rnn[0], scaled[0], conv[0], rnn[1], scaled[1], conv[1]));
    }
    return new Result(List.copyOf(rows));
  }

  /** Trains one unit; returns {test MSE, train MSE} of its final model. */
  private static <M> double[] finalMse(RunJournal journal, String unit, ModelKind<M> kind,
                                       GradientDescent.Objective<M> objective, M init, GradientDescent.Options opts,
                                       java.util.function.Function<M, ImpulseResponse> coefficients, Dataset ds,
                                       long[] done, long total, ProgressSink progress) throws IOException {
    double[] result = new double[2];
    RunJournal.State state = new RunJournal.State() {
      @Override
      public double[] save() {
        return new double[] {done[0], result[0], result[1]};
      }

      @Override
      public void restore(double[] saved) {
        double[] d = new double[1];
        RunJournal.unpack(saved, d, result);
        done[0] = (long) d[0];
      }
    };
    journal.train(unit, kind, objective, () -> init, opts, (t, model, loss) -> {
      if (t == opts.steps()) {
        ImpulseResponse g = coefficients.apply(model);
        result[0] = mse(g, ds.xTest(), ds.yTest());
        result[1] = mse(g, ds.xTrain(), ds.yTrain());
      }
      progress.update(++done[0], total);
    }, state, false);
    return result;
  }

  private static double mse(ImpulseResponse g, Sequences x, Sequences y) {
    return Metrics.mse(g.apply(x), y);
  }
}
