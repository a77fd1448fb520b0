package lrnn.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lrnn.model.Sequences;
import lrnn.util.Memory;
import org.junit.jupiter.api.Test;

/** NtkPredictor at its boundaries: phi/decay, the floor, the stability bound, the ridge solve, argument checks. */
class NtkPredictorEdgesTest {

  private static final double[] LAMBDA = {1, 0.5, 0.25};

  @Test
  void phiAndDecayAtTheirBranchPoints() {
    assertEquals(0, NtkPredictor.phi(0.5, 3, 0));
    assertEquals(1, NtkPredictor.decay(0.5, 3, 0));
    assertEquals(2.0, NtkPredictor.phi(0.5, 0, 4)); // x = 0: c t
    assertEquals(1.0, NtkPredictor.decay(0.5, 0, 4));
    // x = c mu just below 1, exactly 1, above 1
    assertEquals((1 - Math.pow(0.5, 3)) / 1.0, NtkPredictor.phi(0.5, 1, 3), 1e-15);
    assertEquals(0.125, NtkPredictor.decay(0.5, 1, 3), 1e-15);
    assertEquals(0.5, NtkPredictor.phi(0.5, 2, 3), 0); // x = 1: (1 - 0) / 2
    assertEquals(0, NtkPredictor.decay(0.5, 2, 3), 0);
    assertEquals(-8.0, NtkPredictor.decay(1, 3, 3), 0);  // (1 - 3)^3
    assertEquals(9.0 / 3, NtkPredictor.phi(1, 3, 3), 0); // (1 - (-8)) / 3
    assertEquals(4.0, NtkPredictor.decay(1, 3, 2), 0);
  }

  private static double[] solve(double[] a, double[] b, int n) {
    double[] m = a.clone(), x = b.clone();
    for (int p = 0; p < n; p++) {
      int piv = p;
      for (int r = p + 1; r < n; r++) if (Math.abs(m[r * n + p]) > Math.abs(m[piv * n + p])) piv = r;
      for (int cc = 0; cc < n; cc++) { double t = m[p * n + cc]; m[p * n + cc] = m[piv * n + cc]; m[piv * n + cc] = t; }
      double t = x[p]; x[p] = x[piv]; x[piv] = t;
      for (int r = p + 1; r < n; r++) {
        double f = m[r * n + p] / m[p * n + p];
        for (int cc = p; cc < n; cc++) m[r * n + cc] -= f * m[p * n + cc];
        x[r] -= f * x[p];
      }
    }
    for (int p = n - 1; p >= 0; p--) {
      double s = x[p];
      for (int cc = p + 1; cc < n; cc++) s -= m[p * n + cc] * x[cc];
      x[p] = s / m[p * n + p];
    }
    return x;
  }

  @Test
  void floorStabilityAndRidgeAgainstADirectSolve() {
    Sequences x = NtkGramTest.gaussian(3, 4, 1, 51), y = NtkGramTest.gaussian(3, 4, 1, 52);
    Sequences f0 = NtkGramTest.gaussian(3, 4, 1, 53);
    NtkGram g = NtkGram.scaled(x, LAMBDA, 1);
    int m = 12;
    NtkPredictor p = NtkPredictor.gradientDescentMse(g, y, f0, 0.1);
    double muMax = 0;
    for (double e : p.eigenvalues()) muMax = Math.max(muMax, e);
    assertTrue(muMax > 0);
    assertEquals(m * Math.ulp(1.0) * muMax, p.eigenFloor(), 0);
    assertEquals(12.0 / muMax, p.maxStableLearningRate(), 0);
    assertEquals(0.25 * muMax, NtkPredictor.gradientDescentMse(g, y, f0, 0.1, 0.25).eigenFloor(), 0);
    assertEquals(0, NtkPredictor.gradientDescentMse(g, y, f0, 0.1, 0).eigenFloor(), 0);
    double[] k = g.toMatrix();
    double[] r0 = new double[m];
    for (int i = 0; i < m; i++) r0[i] = -(f0.toArray()[i] - y.toArray()[i]);
    for (double ridge : new double[] {0.3 * muMax, 2.0}) {
      double[] kr = k.clone();
      for (int i = 0; i < m; i++) kr[i * m + i] += ridge;
      double[] want = solve(kr, r0, m);
      double[] got = p.dualCoefficientsLimit(ridge);
      for (int i = 0; i < m; i++) assertEquals(want[i], got[i], 1e-9 * (1 + Math.abs(want[i])), "ridge " + ridge);
    }
    // a floor just below 1 keeps only the top direction: K alpha = mu_max alpha (the full inverse would give -r0)
    NtkPredictor top = NtkPredictor.gradientDescentMse(g, y, f0, 0.1, 0.999);
    double[] a = top.dualCoefficientsLimit(0);
    double an = 0;
    for (double v : a) an = Math.max(an, Math.abs(v));
    assertTrue(an > 1e-6);
    for (int i = 0; i < m; i++) {
      double s = 0;
      for (int j = 0; j < m; j++) s += k[i * m + j] * a[j];
      assertEquals(muMax * a[i], s, 1e-9 * muMax * an);
    }
    // a zero Gram: nothing moves, any rate is stable
    NtkGram zero = NtkGram.scaled(Sequences.of("x", 3, 4, 1, new double[12]), LAMBDA, 1);
    NtkPredictor pz = NtkPredictor.gradientDescentMse(zero, y, f0, 0.1);
    assertEquals(Double.POSITIVE_INFINITY, pz.maxStableLearningRate());
    assertEquals(0, pz.eigenFloor());
    // its eigenvalues are exactly 0 = the floor: those directions are singular (mu > floor, not >=)
    assertArrayEquals(new double[12], pz.dualCoefficientsLimit(0), 0);
    assertArrayEquals(new double[12], NtkPredictor.gradientDescentMse(zero, y, f0, 0.1, 0).dualCoefficientsLimit(0), 0);
    assertArrayEquals(f0.toArray(), pz.trainOutputs(3).toArray(), 1e-13);
  }

  @Test
  void relativeFloorBoundsAndMemory() {
    Sequences x = NtkGramTest.gaussian(2, 3, 1, 61), y = NtkGramTest.gaussian(2, 3, 2, 62);
    NtkGram g = NtkGram.scaled(x, LAMBDA, 2);
    NtkPredictor.gradientDescentMse(g, y, null, 0.1, 0.0);
    NtkPredictor.gradientDescentMse(g, y, null, 0.1, Math.nextDown(1.0));
    for (double bad : new double[] {1.0, -1e-300, 2, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> NtkPredictor.gradientDescentMse(g, y, null, 0.1, bad));
      assertEquals("relative eigen-floor = " + bad + " must be in [0, 1) (or NaN for the default m * 2^-52)",
          e.getMessage());
    }
    List<Memory.Requirement> log = Memory.requirementsOf(() -> NtkPredictor.gradientDescentMse(g, y, null, 0.1));
    Memory.Requirement r = log.stream().filter(q -> q.what().startsWith("the eigendecomposition of the 6 x 6 NTK"))
        .findFirst().orElseThrow(() -> new AssertionError(log.toString()));
    assertEquals(8L * 6 * 4 * 6, r.bytes());
  }

  @Test
  void shapesAreCheckedWithTheirNames() {
    Sequences x = NtkGramTest.gaussian(2, 3, 1, 71), y = NtkGramTest.gaussian(2, 3, 2, 72);
    NtkGram g = NtkGram.scaled(x, LAMBDA, 2);
    Sequences big = NtkGramTest.gaussian(3, 3, 2, 73);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NtkPredictor.gradientDescentMse(g, big, null, 0.1));
    assertTrue(e.getMessage().startsWith("y_train is "), e.getMessage());
    assertTrue(e.getMessage().endsWith("but the training Gram needs N = 2, L = 3, n_y = 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NtkPredictor.gradientDescentMse(g, y, big, 0.1));
    assertTrue(e.getMessage().startsWith("f0_train is "), e.getMessage());
    for (Sequences wrong : new Sequences[] {NtkGramTest.gaussian(2, 4, 2, 74), NtkGramTest.gaussian(2, 3, 1, 75)}) {
      assertThrows(IllegalArgumentException.class, () -> NtkPredictor.gradientDescentMse(g, wrong, null, 0.1));
    }
    NtkPredictor p = NtkPredictor.gradientDescentMse(g, y, NtkGramTest.gaussian(2, 3, 2, 76), 0.1);
    Sequences xt = NtkGramTest.gaussian(3, 3, 1, 77);
    NtkGram kt = NtkGram.scaled(xt, x, LAMBDA, 2);
    Sequences bigTest = NtkGramTest.gaussian(4, 3, 2, 78);
    e = assertThrows(IllegalArgumentException.class, () -> p.predict(kt, bigTest, 1));
    assertTrue(e.getMessage().startsWith("f0_test is "), e.getMessage());
    // f0 = null is zero: (N' L, n_y) = 9 x 2 outputs
    Sequences zeros = Sequences.of("z", 3, 3, 2, new double[18]);
    for (long t : new long[] {0, 1, 5}) {
      assertArrayEquals(p.predict(kt, zeros, t).toArray(), p.predict(kt, null, t).toArray(), 0);
    }
    assertArrayEquals(p.predictLimit(kt, zeros, 0.5).toArray(), p.predictLimit(kt, null, 0.5).toArray(), 0);
  }
}
