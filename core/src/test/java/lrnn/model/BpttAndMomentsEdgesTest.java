package lrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lrnn.util.Memory;
import org.junit.jupiter.api.Test;

/** The BPTT workspace's memory estimates and DataMoments' argument checks and multi-target form. */
class BpttAndMomentsEdgesTest {

  private static Memory.Requirement only(List<Memory.Requirement> log, String prefix) {
    List<Memory.Requirement> hits = log.stream().filter(r -> r.what().startsWith(prefix)).toList();
    assertEquals(1, hits.size(), () -> "one requirement starting with '" + prefix + "' in " + log);
    return hits.get(0);
  }

  @Test
  void bpttAsksForItsStatesCopiesAndW() {
    // n = 5, n_x = 2, n_y = 3, N = 4, L = 3: H and G 2 x 12 x 5, W 25, x and y time-major 12 x (2 + 2 * 3)
    LinearRnn rnn = LinearRnn.random(5, 2, 3, InitScales.DEFAULT, 1);
    Sequences x = TestData.gaussian(4, 3, 2, 2), y = TestData.gaussian(4, 3, 3, 3);
    List<Memory.Requirement> log = Memory.requirementsOf(() -> Gradients.bptt(rnn, x, y));
    assertEquals(8L * (2 * 12 * 5 + 25 + 12 * (2 + 2 * 3)), only(log, "the BPTT workspace").bytes());
    assertEquals(8L * 25, only(log, "the BPTT gradient dW (n x n) at n = 5").bytes());
  }

  @Test
  void momentsCheckShapesAndShareRxxAcrossTargetSets() {
    Sequences x = TestData.gaussian(3, 6, 2, 11);
    Sequences y1 = TestData.gaussian(3, 6, 2, 12), y2 = TestData.gaussian(3, 6, 2, 13);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataMoments.of(x, TestData.gaussian(2, 6, 2, 14), 3));
    assertTrue(e.getMessage().startsWith("inputs has 3 sequences of length 6 but targets has 2"), e.getMessage());
    assertTrue(DataMoments.of(x, List.of(), 3).isEmpty());
    List<DataMoments> both = DataMoments.of(x, List.of(y1, y2), 3);
    assertEquals(2, both.size());
    Sequences[] ys = {y1, y2};
    for (int i = 0; i < 2; i++) {
      DataMoments one = DataMoments.of(x, ys[i], 3), m = both.get(i);
      assertArrayEquals(one.rxx(), m.rxx(), 0);
      assertArrayEquals(one.rxx(), m.rxxRaw(), 0);
      assertArrayEquals(one.rxyTransposed(), m.rxyTransposed(), 0);
      double yy = 0;
      for (double v : ys[i].toArray()) yy += v * v;
      assertEquals(yy, m.sumSquaresY(), 1e-12 * yy);
      assertEquals(one.sumSquaresY(), m.sumSquaresY(), 0);
    }
    e = assertThrows(IllegalArgumentException.class,
        () -> DataMoments.of(x, List.of(y1, TestData.gaussian(3, 5, 2, 15)), 3));
    assertTrue(e.getMessage().startsWith("inputs has 3 sequences of length 6 but targets[1] has 3 of length 5"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DataMoments.of(x, List.of(y1, TestData.gaussian(3, 6, 1, 16)), 3));
    assertEquals("targets[1] have n_y = 1 but targets[0] have 2; all target sets must have the same channels",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DataMoments.of(x, List.of(y1), 0));
    DataMoments m = both.get(0);
    ImpulseResponse wrong = ImpulseResponse.of(2, 2, 2, new double[8]);
    e = assertThrows(IllegalArgumentException.class, () -> m.gradient(wrong));
    assertTrue(e.getMessage().startsWith("coefficients "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.loss(wrong));
    assertTrue(e.getMessage().startsWith("coefficients "), e.getMessage());
  }

  /** At L = 1 (no W term) and L = 2, with n_x, n_y > 1, one BPTT step in place equals one Krylov step. */
  @Test
  void bpttStepInPlaceEqualsKrylovStepAtShortLengths() {
    for (int len : new int[] {1, 2}) {
      LinearRnn rnn = LinearRnn.random(6, 2, 3, InitScales.DEFAULT, 20 + len);
      Sequences x = TestData.gaussian(3, len, 2, 30 + len), y = TestData.gaussian(3, len, 3, 40 + len);
      RnnTrainer a = RnnTrainer.copyOf(rnn), b = RnnTrainer.copyOf(rnn);
      a.bptt(x, y).apply(0.05);
      b.krylov(DataMoments.of(x, y, len)).apply(0.05);
      LinearRnn ra = a.finish(), rb = b.finish();
      assertArrayEquals(rb.wTilde(), ra.wTilde(), 1e-13, "W~ at L = " + len);
      assertArrayEquals(rb.fTilde(), ra.fTilde(), 1e-13, "F~ at L = " + len);
      assertArrayEquals(rb.cTilde(), ra.cTilde(), 1e-13, "C~ at L = " + len);
      if (len == 1) assertArrayEquals(rnn.wTilde(), ra.wTilde(), 0, "W~ does not move at L = 1");
    }
  }
}
