package lrnn;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.data.Teacher;
import lrnn.experiment.Dynamics;
import lrnn.experiment.ProgressSink;
import lrnn.model.Convolution;
import lrnn.model.DataMoments;
import lrnn.model.Gradients;
import lrnn.model.ImpulseResponse;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.Metrics;
import lrnn.model.Realization;
import lrnn.model.Sequences;
import lrnn.theory.ScaleFactors;
import lrnn.train.GradientDescent;
import lrnn.train.Objectives;
import lrnn.train.Objectives.GradientPath;
import lrnn.util.NonFiniteValueException;
import lrnn.util.ShapeMismatchException;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public entry point of lrnn.model, lrnn.train, lrnn.data, lrnn.theory and Dynamics refuses bad arguments
 * with a specific exception whose message names the argument, the value and (where there is one) the fix. The
 * messages quoted in docs/reliability.md are the fragments checked here.
 */
class ValidationMessagesTest {

  record Case(String name, Executable call, Class<? extends Throwable> type, List<String> fragments) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case c(String name, Class<? extends Throwable> type, Executable call, String... fragments) {
    return new Case(name, call, type, List.of(fragments));
  }

  private static final Sequences X = seq(2, 5, 1, 1);
  private static final Sequences Y = seq(2, 5, 1, 2);
  private static final Sequences X2 = seq(2, 5, 2, 3);
  private static final LinearRnn RNN = LinearRnn.random(4, 1, 1, InitScales.DEFAULT, 1);
  private static final DataMoments M = DataMoments.of(X, Y, 5);

  private static Sequences seq(int n, int l, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[n * l * d];
    for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
    return Sequences.of("s", n, l, d, a);
  }

  static Stream<Case> cases() {
    Class<IllegalArgumentException> iae = IllegalArgumentException.class;
    Class<ShapeMismatchException> shape = ShapeMismatchException.class;
    Class<NonFiniteValueException> nonFinite = NonFiniteValueException.class;
    Dataset data = SyntheticTask.E1.withLength(5).generate(1);
    Dynamics.Config cfg = new Dynamics.Config(InitScales.DEFAULT, 0.1, 2, 1, GradientPath.KRYLOV, false);
    return Stream.of(
        // lrnn.model: construction
        c("Sequences: NaN value", nonFinite, () -> Sequences.of("x_train", 1, 2, 1, new double[] {1, Double.NaN}),
            "x_train contains NaN at flat index 1", "remove or impute"),
        c("Sequences: wrong length", shape, () -> Sequences.of("x_train", 2, 2, 1, new double[3]),
            "x_train has 3 elements but 4 were expected"),
        c("Sequences: zero length", iae, () -> Sequences.of("x_train", 1, 0, 1, new double[0]),
            "x_train: L (length) = 0 must be at least 1"),
        c("Sequences: null data", iae, () -> Sequences.of("x_train", 1, 1, 1, null), "x_train is missing (null)"),
        c("Sequences.head out of range", iae, () -> X.head(3), "head: number of sequences = 3 must be between 1 and 2"),
        c("Sequences.slice empty", iae, () -> X.slice(3, 3), "time slice [3, 3)", "need 0 <= from < to <= 5"),
        c("InitScales: negative nu_F", iae, () -> new InitScales(0.5, -1, 1, 0, false), "nu_F = -1.0 must be >= 0"),
        c("InitScales: NaN nu_W", nonFinite, () -> new InitScales(Double.NaN, 1, 1, 0, false),
            "nu_W = NaN must be a finite number"),
        c("InitScales: unstable", InitScales.UnstableException.class,
            () -> new InitScales(1.2, 1, 1, 0, false).requireStable(false), "nu_W = 1.2 >= 1", "use nu_W < 1"),
        c("LinearRnn.random: n = 0", iae, () -> LinearRnn.random(0, 1, 1, InitScales.DEFAULT, 1),
            "n (hidden width) = 0 must be at least 1"),
        c("LinearRnn.random: null scales", iae, () -> LinearRnn.random(3, 1, 1, null, 1),
            "init scales is missing (null)"),
        c("LinearRnn.ofTilde: W~ length", shape, () -> LinearRnn.ofTilde(2, 1, 1, new double[3], new double[2],
            new double[2], null), "W~ (n x n) has 3 elements but 4 were expected"),
        c("LinearRnn.ofTilde: infinite F~", nonFinite, () -> LinearRnn.ofTilde(1, 1, 1, new double[1],
            new double[] {Double.POSITIVE_INFINITY}, new double[1], null), "F~ contains Infinity at flat index 0"),
        c("LinearRnn.ofWeights: C length", shape, () -> LinearRnn.ofWeights(2, 1, 1, new double[4], new double[2],
            new double[1], null), "C (n_y x n) has 1 elements but 2 were expected"),
        c("LinearRnn.forward: channels", shape, () -> RNN.forward(X2), "inputs have 2 channels but the RNN has n_x = 1"),
        c("LinearRnn.impulseResponse: K = 0", iae, () -> RNN.impulseResponse(0), "K (lags) = 0 must be at least 1"),
        c("LinearRnn.plus: NaN step", nonFinite, () -> RNN.plus(Double.NaN, Gradients.bptt(RNN, X, Y).gradient()),
            "step size alpha = NaN"),
        c("LinearRnn.plus: wrong gradient", shape, () -> RNN.plus(-0.1,
            Gradients.bptt(LinearRnn.random(5, 1, 1, InitScales.DEFAULT, 1), X, Y).gradient()),
            "gradient shape (n=5", "does not match the RNN (n=4"),
        c("LinearRnn.spectralRadiusEstimate: 0 steps", iae, () -> RNN.spectralRadiusEstimate(0),
            "power steps = 0 must be at least 1"),
        c("Gradients.bptt: targets channels", shape, () -> Gradients.bptt(RNN, X, X2),
            "targets have 2 channels but the RNN has n_y = 1"),
        c("Gradients.bptt: N mismatch", shape, () -> Gradients.bptt(RNN, X, seq(3, 5, 1, 1)),
            "inputs has 2 sequences of length 5 but targets has 3 of length 5; they must match"),
        c("Gradients.krylov: channels", shape, () -> Gradients.krylov(LinearRnn.random(3, 2, 1, InitScales.DEFAULT, 1),
            M), "data has n_x = 1, n_y = 1 but the RNN has n_x = 2, n_y = 1"),
        c("Gradients.krylov: null moments", iae, () -> Gradients.krylov(RNN, null), "data moments is missing (null)"),
        c("DataMoments.of: K = 0", iae, () -> DataMoments.of(X, Y, 0), "K (lags) = 0 must be at least 1"),
        c("DataMoments.loss: wrong K", shape, () -> M.loss(ImpulseResponse.zeros(4, 1, 1)),
            "do not match the data moments (K=5", "form the moments with the model's number of lags"),
        c("ImpulseResponse.of: NaN", nonFinite, () -> ImpulseResponse.of(1, 1, 1, new double[] {Double.NaN}),
            "G contains NaN at flat index 0"),
        c("ImpulseResponse.apply: channels", shape, () -> ImpulseResponse.zeros(2, 1, 1).apply(X2),
            "inputs have 2 channels but the model has n_x = 1"),
        c("Convolution.scaled: lambda length", shape, () -> Convolution.scaled(new double[2],
            ImpulseResponse.zeros(3, 1, 1)), "lambda has 2 elements but 3 were expected"),
        c("Convolution.scaled: negative lambda", iae, () -> Convolution.scaled(new double[] {1, -1},
            ImpulseResponse.zeros(2, 1, 1)), "lambda_1 = -1.0 must be >= 0"),
        c("Convolution.step: infinite eta", nonFinite, () -> Convolution.unscaled(ImpulseResponse.zeros(2, 1, 1))
            .step(Double.POSITIVE_INFINITY, ImpulseResponse.zeros(2, 1, 1)), "learning rate eta = Infinity"),
        c("Metrics.mse: shapes", shape, () -> Metrics.mse(X, X2), "predictions", "differ in shape"),
        c("Realization.vandermonde: zero pole", iae, () -> Realization.vandermonde(ImpulseResponse.zeros(2, 1, 1),
            new double[] {0.5, 0}), "pole 1 is 0; poles must be non-zero"),
        // lrnn.train
        c("Options: eta = 0", iae, () -> new GradientDescent.Options(0, 10), "learning rate eta = 0.0 must be > 0"),
        c("Options: negative steps", iae, () -> new GradientDescent.Options(0.1, -1), "steps = -1 must be >= 0"),
        c("GradientDescent.run: first step", iae, () -> GradientDescent.run(Objectives.rnnKrylov(M), RNN, 11,
            new GradientDescent.Options(0.1, 10), (t, m, l) -> {}), "first step = 11 must be between 0 and 10"),
        c("GradientDescent.run: null listener", iae, () -> GradientDescent.run(Objectives.rnnKrylov(M), RNN,
            new GradientDescent.Options(0.1, 10), null), "listener is missing (null)"),
        c("Objectives.rnnBptt: N mismatch", shape, () -> Objectives.rnnBptt(X, seq(3, 5, 1, 1)),
            "inputs has 2 sequences", "they must match"),
        c("Objectives.convolution: null", iae, () -> Objectives.convolution(null), "data moments is missing (null)"),
        // lrnn.data
        c("SyntheticTask: delay >= L", iae, () -> SyntheticTask.E1.withDelay(20),
            "delay = 20 must be less than the sequence length 20"),
        c("SyntheticTask: NaN SNR", iae, () -> new SyntheticTask(1, 1, 20, 5, 5, Double.NaN, 0.5, 4, 0),
            "SNR = NaN dB"),
        c("SyntheticTask: negative teacher nu_W", iae, () -> new SyntheticTask(1, 1, 20, 5, 5, 20, -0.5, 4, 0),
            "teacher nu_W = -0.5 must be >= 0"),
        c("Teacher.random: impossible nu_W", iae, () -> Teacher.random(4, 1, 1, 400, new SplittableRandom(1)),
            "could not draw a teacher", "use a smaller teacher nu_W"),
        c("Dataset: x_test channels", shape, () -> new Dataset(X, Y, X2, Y), "x_test has n_x = 2 but x_train has n_x = 1"),
        c("Dataset: null", iae, () -> new Dataset(X, Y, null, Y), "x_test is missing (null)"),
        // lrnn.theory
        c("ScaleFactors.lambda: NaN nu_W", iae, () -> ScaleFactors.lambda(Double.NaN, 1, 1, 1, false, 3),
            "nu_W = NaN must be a finite variance >= 0"),
        c("ScaleFactors.bound: nu_W = 0", iae, () -> ScaleFactors.bound(0, 1, 1, 1, 3),
            "nu_W = 0.0 must be a finite number > 0 for the bound (22)"),
        // lrnn.experiment.Dynamics
        c("Dynamics.Config: log-every 0", iae, () -> new Dynamics.Config(InitScales.DEFAULT, 0.1, 5, 0,
            GradientPath.KRYLOV, false), "log-every = 0 must be at least 1"),
        c("Dynamics.Config: null path", iae, () -> new Dynamics.Config(InitScales.DEFAULT, 0.1, 5, 1, null, false),
            "gradient path is missing (null)"),
        c("Dynamics.run: channels", shape, () -> Dynamics.run(cfg, data, LinearRnn.random(3, 2, 1, InitScales.DEFAULT,
            1), ProgressSink.NONE), "the RNN has n_x = 2, n_y = 1 but the data have n_x = 1, n_y = 1"),
        c("Dynamics.run: D mismatch", iae, () -> Dynamics.run(cfg, data, LinearRnn.random(3, 1, 1,
            new InitScales(0.5, 1, 1, 1, true), 1), ProgressSink.NONE), "the RNN has D but the scales say without D"),
        c("Dynamics.run: null sink", iae, () -> Dynamics.run(cfg, data, RNN, null), "use ProgressSink.NONE"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithSpecificException(Case k) {
    Throwable e = assertThrows(Throwable.class, k.call());
    assertInstanceOf(k.type(), e, () -> k.name() + ": got " + e);
    for (String f : k.fragments()) {
      assertTrue(e.getMessage().contains(f), () -> k.name() + ": message \"" + e.getMessage() + "\" lacks \"" + f + "\"");
    }
  }
}
