package lrnn.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import org.junit.jupiter.api.Test;

/** The accessors and norms of {@link LagKernel}, on a matrix with known entries (diag(lambda) ⊗ I). */
class LagKernelAccessorsTest {

  @Test
  void diagonalKernelEntriesAndNorms() {
    double[] lambda = {3, 0.5};
    LagKernel d = LagKernel.diagonal(lambda, 2, 3); // size 2 x 2 x 3 = 12
    assertEquals(12, d.size());
    assertEquals(2, d.lags());
    assertEquals(2, d.ny());
    assertEquals(3, d.nx());
    for (int j = 0; j < 2; j++) for (int b = 0; b < 2; b++) for (int a = 0; a < 3; a++) {
      assertEquals(lambda[j], d.get(j, b, a, j, b, a));
      assertEquals(0, d.get(j, b, a, 1 - j, b, a));
      assertEquals(0, d.get(j, b, a, j, 1 - b, a));
    }
    assertArrayEquals(lambda, d.diagonalByLag());
    assertEquals(0, d.maxAbsOffDiagonal());
    assertEquals(Math.sqrt(6 * 9 + 6 * 0.25), d.frobeniusNorm(), 1e-15);
    assertEquals(0, d.relativeErrorTo(lambda));
    assertEquals(0, d.maxAbsDiff(LagKernel.diagonal(lambda, 2, 3)));
    assertEquals(2.5, d.maxAbsDiff(LagKernel.diagonal(new double[] {3, 3}, 2, 3)));
    assertThrows(IllegalArgumentException.class, () -> d.maxAbsDiff(LagKernel.diagonal(lambda, 1, 3)));
    assertThrows(IllegalArgumentException.class, () -> d.maxAbsDiff(LagKernel.diagonal(lambda, 2, 2)));
    assertThrows(IllegalArgumentException.class, () -> d.maxAbsDiff(LagKernel.diagonal(new double[] {1}, 2, 3)));
    assertThrows(IllegalArgumentException.class, () -> LagKernel.diagonal(new double[] {1, -1}, 1, 1));
    assertEquals("LagKernel(K=2, n_y=2, n_x=3)", d.toString());
  }

  @Test
  void indicesAreCheckedAtTheirBounds() {
    LagKernel d = LagKernel.diagonal(new double[] {1, 2}, 2, 3);
    d.get(1, 1, 2, 1, 1, 2);
    int[][] bad = {{-1, 0, 0}, {2, 0, 0}, {0, -1, 0}, {0, 2, 0}, {0, 0, -1}, {0, 0, 3}};
    for (int[] i : bad) {
      assertThrows(IndexOutOfBoundsException.class, () -> d.get(i[0], i[1], i[2], 0, 0, 0));
      assertThrows(IndexOutOfBoundsException.class, () -> d.get(0, 0, 0, i[0], i[1], i[2]));
    }
  }

  @Test
  void offDiagonalOfAFiniteRnnIsItsLargestOffDiagonalEntry() {
    LagKernel m = LagKernel.of(LinearRnn.random(16, 1, 1, InitScales.DEFAULT, 3), 4);
    double want = 0;
    for (int j = 0; j < 4; j++) for (int k = 0; k < 4; k++) if (j != k) want = Math.max(want, Math.abs(m.get(j, 0, 0, k, 0, 0)));
    assertTrue(want > 0);
    assertEquals(want, m.maxAbsOffDiagonal());
    double f = 0;
    for (double v : m.toMatrix()) f += v * v;
    assertEquals(Math.sqrt(f), m.frobeniusNorm(), 1e-15 * Math.sqrt(f));
  }
}
