package lrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Theorem 3.3(a): entries of G_j^0 have variance nu_C nu_F nu_W^j / n_x in the wide limit. */
class WideLimitTest {

  @Test
  void impulseResponseVarianceMatchesTheory() {
    InitScales s = new InitScales(0.6, 1, 0.7, 0, false);
    int n = 256, nx = 2, ny = 2, lags = 5, seeds = 300;
    double[] sum2 = new double[lags];
    for (int seed = 0; seed < seeds; seed++) {
      ImpulseResponse g = LinearRnn.random(n, nx, ny, s, seed).impulseResponse(lags);
      for (int j = 0; j < lags; j++) sum2[j] += g.norm(j) * g.norm(j);
    }
    int samples = seeds * nx * ny;
    for (int j = 0; j < lags; j++) {
      double measured = sum2[j] / samples;
      double predicted = s.nuC() * s.nuF() * Math.pow(s.nuW(), j) / nx;
      // sampling error of a Gaussian variance: sqrt(2/samples); plus an O(j/n) finite-width bias
      double tol = predicted * (4 * Math.sqrt(2.0 / samples) + 2.0 * j / n);
      assertEquals(predicted, measured, tol, "lag " + j);
    }
  }
}
