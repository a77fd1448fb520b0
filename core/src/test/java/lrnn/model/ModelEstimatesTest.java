package lrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import lrnn.util.Memory;
import org.junit.jupiter.api.Test;

/** The Krylov path's and the trainer's memory estimates, and small accessors of ImpulseResponse and Sequences. */
class ModelEstimatesTest {

  @Test
  void krylovAndTrainerAskForExactBytes() {
    // K = 3, n_x = 2, n_y = 3: d = 6, e = 9; P, R, Q: 2 d + e = 21 per row; float32 adds (d + e + d + 1) / 2 = 11
    assertEquals(21, Gradients.krylovRowDoubles(3, 2, 3, Dtype.FLOAT64));
    assertEquals(32, Gradients.krylovRowDoubles(3, 2, 3, Dtype.FLOAT32));
    LinearRnn rnn = LinearRnn.random(7, 2, 3, InitScales.DEFAULT, 1);
    Sequences x = TestData.gaussian(2, 5, 2, 2), y = TestData.gaussian(2, 5, 3, 3);
    DataMoments m = DataMoments.of(x, y, 3);
    List<Memory.Requirement> log = Memory.requirementsOf(() -> Gradients.krylov(rnn, m));
    List<Long> withDw = log.stream().filter(r -> r.what().startsWith("the Krylov path at n = 7, K = 3 with dW formed"))
        .map(Memory.Requirement::bytes).toList();
    List<Long> pass = log.stream().filter(r -> r.what().startsWith("the Krylov path at n = 7, K = 3 (use"))
        .map(Memory.Requirement::bytes).toList();
    assertEquals(List.of(8L * 7 * (7 + 21)), withDw, log::toString);
    assertEquals(List.of(8L * 7 * 21), pass, log::toString);
    List<Memory.Requirement> copy = Memory.requirementsOf(() -> RnnTrainer.copyOf(rnn));
    List<Long> bytes = copy.stream().filter(r -> r.what().startsWith("the working copy of the RNN at n = 7"))
        .map(Memory.Requirement::bytes).toList();
    assertEquals(List.of(8L * (49 + 14 + 21 + 6)), bytes, copy::toString);
  }

  @Test
  void impulseResponseAccessors() {
    ImpulseResponse g = ImpulseResponse.of(3, 2, 1, new double[] {1, 2, 3, 4, 5, 6});
    assertArrayEquals(new double[] {1, 2, 3, 4}, g.truncate(2).toArray(), 0);
    assertEquals(2, g.truncate(2).lags());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 0, 0}, g.truncate(4).toArray(), 0);
    assertThrows(IllegalArgumentException.class, () -> g.truncate(0));
    ImpulseResponse h = ImpulseResponse.of(3, 2, 1, new double[] {1, 2, 3, 4.5, 5, 3});
    assertEquals(3.0, g.maxAbsDiff(h), 0);
    assertEquals(0.0, g.maxAbsDiff(g), 0);
    assertThrows(IllegalArgumentException.class, () -> g.maxAbsDiff(g.truncate(2)));
    assertEquals("ImpulseResponse(K=3, n_y=2, n_x=1)", g.toString());
    assertEquals(2 * 5 * 3, TestData.gaussian(2, 5, 3, 4).size());
    // n_y = 2, n_x = 3: a lag is 6 values
    double[] v = new double[12];
    for (int i = 0; i < 12; i++) v[i] = i + 1;
    ImpulseResponse wide = ImpulseResponse.of(2, 2, 3, v);
    assertArrayEquals(java.util.Arrays.copyOf(v, 6), wide.truncate(1).toArray(), 0);
    assertArrayEquals(java.util.Arrays.copyOf(v, 18), wide.truncate(3).toArray(), 0);
  }
}
