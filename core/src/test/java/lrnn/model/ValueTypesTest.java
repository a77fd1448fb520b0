package lrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lrnn.util.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/**
 * The small value types and measures every experiment relies on, at values chosen so that each branch, bound and
 * term is visible: {@link Metrics} (MSE and per-channel R^2, SPEC §4/§6), {@link RnnGradient}'s norms and
 * {@link Sequences}' slicing and checks.
 */
class ValueTypesTest {

  static Sequences seq(int count, int length, int dim, double... v) {
    return Sequences.of("s", count, length, dim, v);
  }

  @Test
  void mseIsTheMeanOfSquaredErrorsOverEveryValue() {
    Sequences y = seq(2, 2, 1, 1, 2, 3, 4);
    Sequences yhat = seq(2, 2, 1, 1, 0, 3, 7);
    assertEquals((0 + 4 + 0 + 9) / 4.0, Metrics.mse(yhat, y), 0);
    assertEquals(0, Metrics.mse(y, y));
    assertThrows(ShapeMismatchException.class, () -> Metrics.mse(seq(1, 4, 1, 1, 2, 3, 4), y));
    assertThrows(ShapeMismatchException.class, () -> Metrics.mse(seq(2, 1, 2, 1, 2, 3, 4), y));
    assertThrows(ShapeMismatchException.class, () -> Metrics.mse(seq(4, 1, 1, 1, 2, 3, 4), y));
    assertThrows(IllegalArgumentException.class, () -> Metrics.mse(null, y));
    assertThrows(IllegalArgumentException.class, () -> Metrics.mse(y, null));
  }

  @Test
  void r2IsPerChannelAroundThatChannelsMean() {
    // channel 0: targets 1, 3, 5, 7 (mean 4, SS_tot 20); predictions 1, 3, 5, 5 (SS_res 4) -> 0.8
    // channel 1: targets 10, 10, 10, 14 (mean 11, SS_tot 12); predictions 11 everywhere (SS_res 12) -> 0
    Sequences y = seq(2, 2, 2, 1, 10, 3, 10, 5, 10, 7, 14);
    Sequences yhat = seq(2, 2, 2, 1, 11, 3, 11, 5, 11, 5, 11);
    double[] r2 = Metrics.r2(yhat, y);
    assertArrayEquals(new double[] {0.8, 0.0}, r2, 1e-15);
    // a constant target channel has no R^2
    Sequences flat = seq(1, 3, 1, 2, 2, 2);
    assertTrue(Double.isNaN(Metrics.r2(seq(1, 3, 1, 1, 2, 3), flat)[0]));
    assertEquals(1.0, Metrics.r2(y, y)[0]);
    assertThrows(ShapeMismatchException.class, () -> Metrics.r2(seq(1, 8, 1, new double[8]), y));
  }

  @Test
  void gradientNormsSeeEveryBlockIncludingD() {
    RnnGradient a = new RnnGradient(1, 1, 1, new double[] {1}, new double[] {-2}, new double[] {0.5}, new double[] {-7});
    RnnGradient b = new RnnGradient(1, 1, 1, new double[] {1.5}, new double[] {-2}, new double[] {0.5}, new double[] {3});
    assertEquals(7, a.maxAbs());
    assertEquals(10, a.maxAbsDiff(b));
    // each block can hold the largest entry and the largest difference
    double[][] base = {{0}, {0}, {0}, {0}};
    for (int blk = 0; blk < 4; blk++) {
      double[][] p = {base[0].clone(), base[1].clone(), base[2].clone(), base[3].clone()};
      p[blk][0] = -(blk + 2);
      RnnGradient g = new RnnGradient(1, 1, 1, p[0], p[1], p[2], p[3]);
      RnnGradient z = new RnnGradient(1, 1, 1, base[0], base[1], base[2], base[3]);
      assertEquals(blk + 2, g.maxAbs(), "block " + blk);
      assertEquals(blk + 2, g.maxAbsDiff(z), "block " + blk);
      assertEquals(blk + 2, z.maxAbsDiff(g), "block " + blk);
    }
    // without D on either side, D is skipped
    RnnGradient noD = new RnnGradient(1, 1, 1, new double[] {1}, new double[] {-2}, new double[] {0.5}, null);
    assertEquals(2, noD.maxAbs());
    assertEquals(0.5, noD.maxAbsDiff(b));
    assertEquals(0.5, b.maxAbsDiff(noD));
  }

  @Test
  void slicesHeadsAndShapeChecks() {
    // 2 sequences of length 3, 2 channels: value = 100 i + 10 k + a
    double[] v = new double[12];
    for (int i = 0; i < 2; i++) for (int k = 0; k < 3; k++) for (int a = 0; a < 2; a++) v[(i * 3 + k) * 2 + a] = 100 * i + 10 * k + a;
    Sequences s = seq(2, 3, 2, v);
    Sequences mid = s.slice(1, 3);
    assertEquals(2, mid.count());
    assertEquals(2, mid.length());
    assertArrayEquals(new double[] {10, 11, 20, 21, 110, 111, 120, 121}, mid.toArray());
    assertArrayEquals(new double[] {0, 1, 10, 11, 20, 21}, s.head(1).toArray());
    assertEquals(s.toArray().length, s.head(2).toArray().length);
    assertArrayEquals(s.toArray(), s.slice(0, 3).toArray());
    assertEquals(121, s.get(1, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> s.slice(2, 2));
    assertThrows(IllegalArgumentException.class, () -> s.slice(-1, 2));
    assertThrows(IllegalArgumentException.class, () -> s.slice(0, 4));
    assertThrows(IllegalArgumentException.class, () -> s.head(0));
    assertThrows(IllegalArgumentException.class, () -> s.head(3));
    double ms = 0;
    for (double x : v) ms += x * x;
    assertEquals(ms / 12, s.meanSquare(), 1e-12);
    assertEquals("Sequences(N=2, L=3, dim=2)", s.toString());
    s.requireSameShape("x", seq(2, 3, 1, new double[6]), "y");
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> s.requireSameShape("x", seq(2, 2, 2, new double[8]), "y"));
    assertTrue(e.getMessage().contains("x has 2 sequences of length 3 but y has 2 of length 2"), e.getMessage());
    assertThrows(ShapeMismatchException.class, () -> s.requireSameShape("x", seq(1, 3, 2, new double[6]), "y"));
    assertThrows(IllegalArgumentException.class, () -> s.requireSameShape("x", null, "y"));
    // the copy is a copy
    double[] out = s.toArray();
    out[0] = 99;
    assertEquals(0, s.get(0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> seq(1, 1, 1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> seq(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> seq(1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> seq(1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> seq(1, 1, 1, 1, 2));
  }
}
