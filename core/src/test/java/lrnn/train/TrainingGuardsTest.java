package lrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.model.Convolution;
import lrnn.model.DataMoments;
import lrnn.model.Gradients;
import lrnn.model.ImpulseResponse;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.Sequences;
import lrnn.theory.ScaleFactors;
import lrnn.util.Memory.InsufficientMemoryException;
import org.junit.jupiter.api.Test;

/** SPEC §1 stability, §5 divergence guard, spectral radius, and memory checks before large allocations. */
class TrainingGuardsTest {

  private static final Dataset DATA = SyntheticTask.E1.withLength(10).generate(5);
  private static final DataMoments MOMENTS = DataMoments.of(DATA.xTrain(), DATA.yTrain(), 10);

  private static <M> void divergesWithSuggestion(GradientDescent.Objective<M> obj, M init) {
    double eta = 1e6;
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> GradientDescent.run(obj, init, new GradientDescent.Options(eta, 100), (t, m, l) -> {}));
    assertTrue(e.step() >= 1 && e.step() <= 3, "diverged at step " + e.step());
    assertEquals(eta / 4, e.suggestedEta());
    assertTrue(!Double.isFinite(e.loss()) || e.loss() > 1e6 * 0.01, "loss " + e.loss());
    assertTrue(e.getMessage().startsWith("training diverged at step " + e.step() + ": train MSE = "), e.getMessage());
    assertTrue(e.getMessage().contains("the learning rate eta = 1000000.0 is too large, try a smaller one, e.g. eta = "
        + e.suggestedEta()), e.getMessage());
  }

  @Test
  void hugeLearningRateDivergesOnEveryObjective() {
    LinearRnn rnn = LinearRnn.random(32, 1, 1, InitScales.DEFAULT, 1);
    divergesWithSuggestion(Objectives.rnnKrylov(MOMENTS), rnn);
    divergesWithSuggestion(Objectives.rnnBptt(DATA.xTrain(), DATA.yTrain()), rnn);
    ImpulseResponse g0 = rnn.impulseResponse(10);
    divergesWithSuggestion(Objectives.convolution(MOMENTS),
        Convolution.scaled(ScaleFactors.lambda(0.5, 1, 1, 1, false, 10), g0));
    divergesWithSuggestion(Objectives.convolution(MOMENTS), Convolution.unscaled(ImpulseResponse.zeros(10, 1, 1)));
  }

  @Test
  void unstableInitIsRefusedUnlessAllowed() {
    InitScales s = InitScales.DEFAULT.withNuW(1.0);
    var e = assertThrows(InitScales.UnstableException.class, () -> s.requireStable(false));
    assertTrue(e.getMessage().contains("nu_W = 1.0 >= 1: the RNN is unstable"), e.getMessage());
    assertEquals(s, s.requireStable(true));
    assertEquals(InitScales.DEFAULT, InitScales.DEFAULT.requireStable(false));
    assertTrue(!s.stable() && InitScales.DEFAULT.stable());
  }

  @Test
  void spectralRadiusFollowsTheCircularLawAndTheEstimateMatchesTheExactValue() {
    double nuW = 0.5;
    LinearRnn r = LinearRnn.random(400, 1, 1, InitScales.DEFAULT.withNuW(nuW), 11);
    double exact = r.spectralRadius(); // n <= 400: eigenvalues
    assertEquals(Math.sqrt(nuW), exact, 0.1 * Math.sqrt(nuW));
    double est = r.spectralRadius(100); // threshold lowered: the Gelfand path
    System.out.printf("spectral radius n=400 nu_W=%.1f: exact %.4f, Gelfand(400 steps) %.4f, sqrt(nu_W) %.4f%n",
        nuW, exact, est, Math.sqrt(nuW));
    assertEquals(r.spectralRadiusEstimate(LinearRnn.GELFAND_STEPS), est, 0.0);
    assertEquals(exact, est, 0.03 * exact);
    LinearRnn small = LinearRnn.random(30, 1, 1, InitScales.DEFAULT.withNuW(0.9), 3);
    assertEquals(small.spectralRadiusExact(), small.spectralRadius(), 0.0);
    assertEquals(small.spectralRadiusExact(), small.spectralRadius(10), 0.05 * small.spectralRadiusExact());
  }

  @Test
  void aboveTheThresholdTheGelfandEstimateIsUsed() {
    int n = LinearRnn.EXACT_SPECTRAL_RADIUS_MAX_N + 100;
    LinearRnn r = LinearRnn.random(n, 1, 1, InitScales.DEFAULT, 2);
    long t0 = System.nanoTime();
    double rho = r.spectralRadius();
    double secs = (System.nanoTime() - t0) / 1e9;
    assertEquals(Math.sqrt(0.5), rho, 0.1 * Math.sqrt(0.5));
    System.out.printf("spectral radius n=%d (Gelfand): %.4f in %.2f s%n", n, rho, secs);
  }

  @Test
  void hugeRnnFailsFastWithTheByteCountAndNoAllocation() {
    long bytes = LinearRnn.parameterBytes(200_000, 1, 1);
    long t0 = System.nanoTime();
    var e = assertThrows(InsufficientMemoryException.class,
        () -> LinearRnn.random(200_000, 1, 1, InitScales.DEFAULT, 1));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 500, "took " + ms + " ms");
    assertEquals(bytes, e.bytesNeeded());
    assertTrue(e.getMessage().contains("the RNN parameters at n = 200000 needs about 298.0 GiB (" + bytes + " bytes)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("use a smaller width or raise the heap (-Xmx"), e.getMessage());
  }

  @Test
  void bpttKrylovBasisAndMomentsAreGuarded() {
    LinearRnn rnn = LinearRnn.random(2000, 1, 1, InitScales.DEFAULT, 1);
    Sequences x = Sequences.of("x", 1000, 300, 1, new double[300_000]);
    var bptt = assertThrows(InsufficientMemoryException.class, () -> Gradients.bptt(rnn, x, x));
    assertTrue(bptt.getMessage().startsWith("the BPTT workspace (2 L N n + n^2 doubles) at n = 2000, N = 1000, "
        + "L = 300 (use the Krylov path, fewer sequences or a smaller width) needs about"), bptt.getMessage());
    assertThrows(InsufficientMemoryException.class, () -> rnn.forward(x));
    var basis = assertThrows(InsufficientMemoryException.class, () -> rnn.krylovP(400_000));
    assertTrue(basis.getMessage().startsWith("the Krylov basis at n = 2000, K = 400000 needs about"));
    Sequences longX = Sequences.of("x", 1, 40_000, 1, new double[40_000]);
    var mom = assertThrows(InsufficientMemoryException.class, () -> DataMoments.of(longX, longX, 40_000));
    assertTrue(mom.getMessage().startsWith("the data Gram Rxx at K = 40000, n_x = 1 (use fewer lags) needs about"),
        mom.getMessage());
  }

  /**
   * The Krylov gradient's own check fires only when its n x n workspaces do not fit next to the RNN, which at
   * the test heap (4 GiB) would need a 1 GiB model; a child JVM with a 256 MiB heap shows it cheaply.
   */
  @Test
  void krylovGradientIsGuardedInASmallHeap() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-Dlrnn.kernels=scalar", "-cp",
        System.getProperty("java.class.path"), SmallHeapProbe.class.getName()))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("InsufficientMemoryException: the Krylov path at n = 4200, K = 1"), out);
  }

  /** Run in a child JVM with -Xmx256m: the Krylov gradient of an n = 4200 RNN (141 MB) needs ~141 MB more (dW). */
  public static final class SmallHeapProbe {
    public static void main(String[] args) {
      LinearRnn rnn = LinearRnn.random(4200, 1, 1, InitScales.DEFAULT, 1);
      Sequences x = Sequences.of("x", 1, 4, 1, new double[] {1, 0, 0, 0});
      try {
        Gradients.krylov(rnn, DataMoments.of(x, x, 1));
        System.out.println("no exception");
      } catch (InsufficientMemoryException e) {
        System.out.println(e);
      }
    }
  }
}
