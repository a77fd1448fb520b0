package lrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.kernel.Kernels;
import lrnn.kernel.Parallel;
import lrnn.model.DataMoments;
import lrnn.model.Dtype;
import lrnn.model.Gradients;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.RnnTrainer;
import org.junit.jupiter.api.Test;

/**
 * Training in place (one copy of W, SPEC §9) follows the trajectory of the immutable gradient step
 * {@code theta - eta grad} to rounding, hands out its final model without a copy, and keeps the caller's
 * initial RNN unless it was handed over.
 */
class InPlaceTrainingTest {

  private static final Dataset DATA = SyntheticTask.E1.withLength(10).generate(3);
  private static final DataMoments MOMENTS = DataMoments.of(DATA.xTrain(), DATA.yTrain(), 10);
  private static final InitScales WITH_D = new InitScales(0.5, 1, 1, 0.5, true);

  private static double maxRel(double[] a, double[] b) {
    double m = 0, s = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
      s = Math.max(s, Math.abs(b[i]));
    }
    return m / s;
  }

  private static void sameParameters(LinearRnn expected, LinearRnn actual, double tol) {
    assertTrue(maxRel(actual.wTilde(), expected.wTilde()) < tol, "W~ " + maxRel(actual.wTilde(), expected.wTilde()));
    assertTrue(maxRel(actual.fTilde(), expected.fTilde()) < tol, "F~");
    assertTrue(maxRel(actual.cTilde(), expected.cTilde()) < tol, "C~");
    if (expected.hasD()) assertTrue(maxRel(actual.dTilde(), expected.dTilde()) < tol, "D~");
  }

  /** theta_{t+1} = theta_t - eta grad_t by the immutable API, for `steps` steps; the losses on the way. */
  private static LinearRnn reference(LinearRnn init, boolean bptt, double eta, int steps, double[] losses) {
    LinearRnn m = init;
    for (int t = 0; t < steps; t++) {
      var e = bptt ? Gradients.bptt(m, DATA.xTrain(), DATA.yTrain()) : Gradients.krylov(m, MOMENTS);
      losses[t] = e.loss();
      m = m.plus(-eta, e.gradient());
    }
    return m;
  }

  @Test
  void krylovAndBpttInPlaceFollowTheImmutableTrajectory() {
    for (boolean bptt : new boolean[] {false, true}) {
      LinearRnn init = LinearRnn.random(70, 1, 1, WITH_D, 11);
      double[] expectedLosses = new double[25];
      LinearRnn expected = reference(init, bptt, 0.05, 25, expectedLosses);
      double[] before = init.wTilde();
      double[] losses = new double[26];
      var obj = bptt ? Objectives.rnnBptt(DATA.xTrain(), DATA.yTrain()) : Objectives.rnnKrylov(MOMENTS);
      LinearRnn trained = GradientDescent.run(obj, init, new GradientDescent.Options(0.05, 25),
          (t, m, loss) -> losses[t] = loss);
      sameParameters(expected, trained, 1e-12);
      for (int t = 0; t < 25; t++) {
        assertEquals(expectedLosses[t], losses[t], 1e-12 * expectedLosses[t], (bptt ? "bptt" : "krylov") + " step " + t);
      }
      assertArrayEquals(before, init.wTilde(), "the caller's initial RNN is not changed");
      assertNotSame(init, trained);
      assertNull(RnnTrainer.ownerOf(trained), "the final model is a plain value");
    }
  }

  @Test
  void consumedInitIsTrainedInItsOwnArraysAndReturned() {
    LinearRnn init = LinearRnn.random(40, 1, 1, InitScales.DEFAULT, 12);
    LinearRnn copy = LinearRnn.random(40, 1, 1, InitScales.DEFAULT, 12);
    LinearRnn viaCopy = GradientDescent.run(Objectives.rnnKrylov(MOMENTS), copy, new GradientDescent.Options(0.05, 5),
        (t, m, l) -> {});
    LinearRnn consumed = GradientDescent.run(Objectives.rnnKrylov(MOMENTS, true), init,
        new GradientDescent.Options(0.05, 5), (t, m, l) -> {});
    assertSame(init, consumed, "no copy: the run returns the RNN it was handed");
    assertArrayEquals(viaCopy.wTilde(), consumed.wTilde(), "same bits as the run on a copy");
  }

  @Test
  void listenerSeesALiveViewAndSnapshotsKeepTheirValues() {
    LinearRnn init = LinearRnn.random(30, 1, 1, InitScales.DEFAULT, 13);
    List<LinearRnn> snaps = new ArrayList<>();
    List<LinearRnn> views = new ArrayList<>();
    LinearRnn end = GradientDescent.run(Objectives.rnnKrylov(MOMENTS), init, new GradientDescent.Options(0.1, 3),
        (t, m, l) -> {
          views.add(m);
          snaps.add(m.snapshot());
          // G of the view during the callback is G of its current parameters (the step's cached G)
          assertEquals(0, m.snapshot().impulseResponse(10).maxAbsDiff(m.impulseResponse(10)), 1e-14);
        });
    assertSame(views.get(0), views.get(3), "one working RNN throughout");
    assertSame(end, views.get(3));
    assertArrayEquals(init.wTilde(), snaps.get(0).wTilde(), "step 0 saw the initial parameters");
    assertTrue(maxRel(snaps.get(1).wTilde(), snaps.get(0).wTilde()) > 0, "the snapshots differ step to step");
    assertArrayEquals(end.wTilde(), snaps.get(3).wTilde());
  }

  @Test
  void anUpdateAppliesOnceAndAFinishedTrainerRefuses() {
    RnnTrainer tr = RnnTrainer.copyOf(LinearRnn.random(20, 1, 1, InitScales.DEFAULT, 14));
    RnnTrainer.Update u = tr.krylov(MOMENTS);
    RnnTrainer.Update newer = tr.krylov(MOMENTS);
    assertThrows(IllegalStateException.class, () -> u.apply(0.1), "an older update is refused");
    newer.apply(0.1);
    assertThrows(IllegalStateException.class, () -> newer.apply(0.1), "applied twice");
    LinearRnn out = tr.finish();
    assertThrows(IllegalStateException.class, tr::current);
    assertThrows(IllegalArgumentException.class, () -> RnnTrainer.adopt(out).krylov(MOMENTS).apply(Double.NaN));
  }

  @Test
  void float32TrajectoryFollowsFloat64() {
    LinearRnn d = LinearRnn.random(300, 1, 1, InitScales.DEFAULT, 15);
    LinearRnn f = LinearRnn.random(300, 1, 1, InitScales.DEFAULT, 15, Dtype.FLOAT32);
    assertEquals(Dtype.FLOAT32, f.dtype());
    double[] ld = new double[41], lf = new double[41];
    GradientDescent.run(Objectives.rnnKrylov(MOMENTS), d, new GradientDescent.Options(0.05, 40), (t, m, l) -> ld[t] = l);
    LinearRnn fEnd = GradientDescent.run(Objectives.rnnKrylov(MOMENTS), f, new GradientDescent.Options(0.05, 40),
        (t, m, l) -> lf[t] = l);
    assertEquals(Dtype.FLOAT32, fEnd.dtype(), "trained in float32");
    for (int t = 0; t <= 40; t++) assertEquals(ld[t], lf[t], 1e-4 * ld[t], "loss at step " + t);
    assertThrows(UnsupportedOperationException.class,
        () -> GradientDescent.run(Objectives.rnnBptt(DATA.xTrain(), DATA.yTrain()), f,
            new GradientDescent.Options(0.05, 1), (t, m, l) -> {}));
  }

  /** W~ is drawn in row blocks: the same bits on 1, 2 and 3 threads, and for n <= 256 the single stream. */
  @Test
  void parallelInitializationIsBitIdenticalForAnyThreadCount() throws Exception {
    for (Dtype dtype : Dtype.values()) {
      LinearRnn one = LinearRnn.random(700, 2, 1, WITH_D, 21, dtype);
      for (int threads : new int[] {2, 3}) {
        try (Parallel par = new Parallel(threads)) {
          LinearRnn many = Kernels.withParallel(par, () -> LinearRnn.random(700, 2, 1, WITH_D, 21, dtype));
          assertArrayEquals(one.wTilde(), many.wTilde(), dtype + " " + threads + " threads");
          assertArrayEquals(one.fTilde(), many.fTilde());
          assertArrayEquals(one.dTilde(), many.dTilde());
        }
      }
    }
    // n <= 256: W~, F~, C~ from one SplittableRandom(seed) in that order
    java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
    double sd = Math.sqrt(0.5);
    LinearRnn small = LinearRnn.random(9, 1, 1, InitScales.DEFAULT, 4);
    double[] w = small.wTilde();
    for (int i = 0; i < 81; i++) assertEquals(sd * rng.nextGaussian(), w[i]);
    assertEquals(rng.nextGaussian(), small.fTilde()[0]);
    // rows of different blocks are different streams (no block repeats another)
    double[] big = LinearRnn.random(600, 1, 1, InitScales.DEFAULT, 4).wTilde();
    assertTrue(big[256 * 600] != big[0] && big[512 * 600] != big[256 * 600]);
  }

  /** The free Gelfand estimate from G^0's Krylov norms is close to the exact spectral radius of a random W. */
  @Test
  void krylovNormsEstimateTheSpectralRadius() {
    LinearRnn r = LinearRnn.random(400, 1, 1, InitScales.DEFAULT, 16);
    double exact = r.spectralRadiusExact();
    double est = r.krylovBases(20).gelfandRadius(400, 1, 1);
    assertEquals(exact, est, 0.08 * exact, "exact " + exact + ", Gelfand from 20 Krylov norms " + est);
    assertTrue(Double.isNaN(r.krylovBases(1).gelfandRadius(400, 1, 1)));
  }
}
