package lrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Proposition 2.1: RNN -> convolution (9) and convolution -> RNN (both constructions). */
class RealizationTest {

  @Test
  void rnnOutputEqualsConvolutionWithItsImpulseResponse() {
    LinearRnn rnn = LinearRnn.random(40, 3, 2, new InitScales(0.5, 1, 1, 1, true), 7);
    Sequences x = TestData.gaussian(5, 12, 3, 1);
    Sequences viaRnn = rnn.forward(x);
    Sequences viaConv = rnn.impulseResponse(12).apply(x);
    double[] a = viaRnn.toArray(), b = viaConv.toArray();
    for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-12);
  }

  @Test
  void shiftRegisterReproducesG() {
    ImpulseResponse g = ImpulseResponse.of(7, 2, 3, TestData.gaussian(1, 7, 6, 3).toArray());
    Realization r = Realization.shiftRegister(g);
    assertEquals(21, r.rnn().n());
    assertTrue(g.maxAbsDiff(r.rnn().impulseResponse(7)) < 1e-13);
    // nilpotent: the impulse response vanishes beyond K lags
    ImpulseResponse longer = r.rnn().impulseResponse(10);
    for (int j = 7; j < 10; j++) assertEquals(0, longer.norm(j), 1e-14);
  }

  @Test
  void vandermondeReproducesGAndReportsConditioning() {
    ImpulseResponse g = ImpulseResponse.of(6, 2, 2, TestData.gaussian(1, 6, 4, 4).toArray());
    Realization r = Realization.vandermonde(g);
    assertEquals(2 * 2 * 6, r.rnn().n());
    assertTrue(g.maxAbsDiff(r.rnn().impulseResponse(6)) < 1e-9, "diff " + g.maxAbsDiff(r.rnn().impulseResponse(6)));
    assertTrue(r.conditionNumber() > 1 && Double.isFinite(r.conditionNumber()));
    // ill-conditioned beyond ~20 lags: the reported number must show it
    Realization big = Realization.vandermonde(ImpulseResponse.zeros(30, 1, 1));
    assertTrue(big.conditionNumber() > 1e6, "cond " + big.conditionNumber());
  }

  @Test
  void oddLagCountPolesAreNonZeroAndDistinct() {
    double[] p = Realization.defaultPoles(7);
    for (int i = 0; i < p.length; i++) {
      assertTrue(p[i] != 0 && Math.abs(p[i]) < 1);
      for (int k = 0; k < i; k++) assertTrue(p[k] != p[i]);
    }
  }

  /** Even K: the K nodes 0.98 cos(pi (i + 1/2) / K); odd K: the first K of the K + 1 even-count nodes. */
  @Test
  void defaultPolesAreTheChebyshevNodes() {
    for (int lags : new int[] {1, 3, 4}) {
      int m = lags % 2 == 0 ? lags : lags + 1;
      double[] p = Realization.defaultPoles(lags);
      assertEquals(lags, p.length, "K = " + lags);
      for (int i = 0; i < lags; i++) assertEquals(0.98 * Math.cos(Math.PI * (i + 0.5) / m), p[i], 0, "K = " + lags);
    }
    assertEquals(0.98 * Math.cos(Math.PI / 8), Realization.defaultPoles(4)[0], 0);
    assertEquals(0.98 * Math.cos(Math.PI * 0.5 / 4), Realization.defaultPoles(3)[0], 0);
  }

  /** n_y > n_x: each (output, input) pair owns its block of K units (a shared block would mix inputs). */
  @Test
  void vandermondeWithMoreOutputsThanInputs() {
    ImpulseResponse g = ImpulseResponse.of(3, 3, 2, TestData.gaussian(1, 3, 6, 9).toArray());
    Realization r = Realization.vandermonde(g);
    assertEquals(18, r.rnn().n());
    assertTrue(g.maxAbsDiff(r.rnn().impulseResponse(3)) < 1e-10, "diff " + g.maxAbsDiff(r.rnn().impulseResponse(3)));
  }
}
