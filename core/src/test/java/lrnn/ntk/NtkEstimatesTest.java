package lrnn.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import lrnn.kernel.Kernels;
import lrnn.model.Dtype;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.Sequences;
import lrnn.util.Memory;
import org.junit.jupiter.api.Test;

/**
 * The memory each NTK operation asks for before it allocates ({@link Memory#requirementsOf}), checked against the
 * arrays it then holds, and the Gram's index checks, storage forms and argument checks.
 */
class NtkEstimatesTest {

  private static Sequences random(int count, int len, int dim, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] d = new double[count * len * dim];
    for (int i = 0; i < d.length; i++) d[i] = rnd.nextDouble(-1, 1);
    return Sequences.of("x", count, len, dim, d);
  }

  private static Memory.Requirement only(List<Memory.Requirement> log, String prefix) {
    List<Memory.Requirement> hits = log.stream().filter(r -> r.what().startsWith(prefix)).toList();
    assertEquals(1, hits.size(), () -> "one requirement starting with '" + prefix + "' in " + log);
    return hits.get(0);
  }

  @Test
  void lagKernelAsksForItsBasesGramsAndMatrix() {
    // n = 7, n_x = 2, n_y = 3, K = 5: P is n x K n_x = 7 x 10, Q is K n_y x n = 15 x 7, their Grams 10^2 and 15^2,
    // M is (K n_y n_x)^2 = 30^2; float32 keeps the float sweep's copies too (3/2 of the bases)
    for (Dtype dtype : Dtype.values()) {
      LinearRnn rnn = LinearRnn.random(7, 2, 3, InitScales.DEFAULT, 5, dtype);
      LagKernel[] out = new LagKernel[1];
      Memory.Requirement r = only(Memory.requirementsOf(() -> out[0] = LagKernel.of(rnn, 5)), "the lag kernel at n = 7, K = 5");
      long bases = dtype == Dtype.FLOAT32 ? 7L * 25 * 3 / 2 : 7L * 25;
      assertEquals(8 * (bases + 100 + 225 + 900), r.bytes(), dtype.label());
      assertEquals(900, out[0].toMatrix().length);
    }
    Memory.Requirement d = only(Memory.requirementsOf(() -> LagKernel.diagonal(new double[] {1, 2, 3}, 2, 5)),
        "the lag kernel at K = 3");
    assertEquals(8L * 30 * 30, d.bytes());
  }

  @Test
  void gramsAskForOneGramPlusTheKernelScratch() {
    // N = 3, L = 4, n_x = 2, n_y = 2, K = 3 (K' = 3, d = 6): full Gram (N L n_y)^2 = 24^2; scratch T 12 x 6,
    // Y_b 12 x 12, the M block 6 x 12, one band of min(240, 12) x 12 rows
    Sequences x = random(3, 4, 2, 1);
    LagKernel m = LagKernel.of(LinearRnn.random(9, 2, 2, InitScales.DEFAULT, 2), 3);
    long scratchFull = 12L * 6 + 12L * 12 + 6L * 12 + 12L * 12;
    assertEquals(scratchFull, Kernels.ntkGramScratchDoubles(3, 4, 2, 2, 3, true));
    Memory.Requirement full = only(Memory.requirementsOf(() -> NtkGram.empirical(x, m)), "the NTK Gram of");
    assertEquals(8 * (24L * 24 + scratchFull), full.bytes());
    // scaled: (N L)^2 = 12^2 and T, T Lambda (2 x 12 x 6); K = 6 > L = 4 clips to K' = 4 (d = 8)
    long scratchScaled = 2L * 12 * 8;
    assertEquals(scratchScaled, Kernels.ntkGramScratchDoubles(3, 4, 2, 1, 6, false));
    Memory.Requirement scaled = only(Memory.requirementsOf(() -> NtkGram.scaled(x, new double[] {1, .5, .25, .1, .1, .1}, 2)),
        "the NTK Gram of");
    assertEquals(8 * (12L * 12 + scratchScaled), scaled.bytes());
    // a band is at most 240 rows: N L = 300 rows -> 240 x 300
    assertEquals(300L * 2 * 3 + 2L * 2 * 2 + 240L * 300, Kernels.ntkGramScratchDoubles(100, 3, 1, 2, 2, true));
    assertEquals(Long.MAX_VALUE, Kernels.ntkGramScratchDoubles(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 3,
        Integer.MAX_VALUE, true));
    assertThrows(IllegalArgumentException.class, () -> Kernels.ntkGramScratchDoubles(1, 1, 1, -1, 1, true));
    // the cross Grams: the output and T(x), T(x') (scaled); plus the M blocks and U = T M_bb' (empirical)
    Sequences xp = random(2, 5, 2, 3);
    Memory.Requirement cross = only(Memory.requirementsOf(() -> NtkGram.scaled(x, xp, new double[] {1, .5}, 2)),
        "the NTK cross Gram");
    assertEquals(8 * (12L * 10 + (12L + 10) * 4), cross.bytes());
    Memory.Requirement crossFull = only(Memory.requirementsOf(() -> NtkGram.empirical(x, xp, m)), "the NTK cross Gram");
    assertEquals(8 * (12L * 10 * 4 + 12L * 10 + (2L * 12 + 10) * 6 + 36), crossFull.bytes());
  }

  @Test
  void argumentsAreCheckedInEveryForm() {
    Sequences x = random(2, 3, 2, 4), x1 = random(2, 3, 1, 5);
    LagKernel m = LagKernel.diagonal(new double[] {1, 0.5}, 2, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NtkGram.empirical(x, x1, m));
    assertTrue(e.getMessage().contains("inputs have 1 channels but the lag kernel has n_x = 2"), e.getMessage());
    for (org.junit.jupiter.api.function.Executable call : new org.junit.jupiter.api.function.Executable[] {
        () -> NtkGram.empirical(x1, x, m), () -> NtkGram.empirical(x1, m)}) {
      e = assertThrows(IllegalArgumentException.class, call);
      assertTrue(e.getMessage().contains("inputs have 1 channels but the lag kernel has n_x = 2"), e.getMessage());
    }
    // a cross Gram with more entries than a Java array: (30 000 n_y) x (30 000 n_y), n_y = 2, is refused by its size
    Sequences tall = random(30_000, 1, 1, 9);
    LagKernel m21 = LagKernel.diagonal(new double[] {1, 0.5}, 2, 1);
    e = assertThrows(IllegalArgumentException.class, () -> NtkGram.empirical(tall, tall, m21));
    assertTrue(e.getMessage().contains("the NTK Gram (N L n_y x N' L' n_y)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NtkGram.scaled(x, x1, new double[] {1}, 1));
    for (double[] bad : new double[][] {{}, {1, -0.5}, {Double.NaN}}) {
      assertThrows(IllegalArgumentException.class, () -> NtkGram.scaled(x, x, bad, 1));
      assertThrows(IllegalArgumentException.class, () -> NtkGram.scaled(x, bad, 1));
    }
    assertThrows(IllegalArgumentException.class, () -> NtkGram.scaled(x, x, null, 1));
  }

  @Test
  void entriesAreIndexedAndCheckedInBothStorageForms() {
    Sequences x = random(2, 3, 1, 6), xp = random(3, 2, 1, 7);
    LagKernel m = LagKernel.of(LinearRnn.random(8, 1, 2, InitScales.DEFAULT, 8), 3);
    NtkGram full = NtkGram.empirical(x, xp, m); // (2 x 3 x 2) x (3 x 2 x 2), stored in full
    NtkGram core = NtkGram.scaled(x, xp, new double[] {1, 0.5, 0.25}, 2); // stored as core ⊗ I_2
    for (NtkGram g : new NtkGram[] {full, core}) {
      double[] mat = g.toMatrix();
      assertEquals(12, g.rows());
      assertEquals(12, g.cols());
      assertEquals(g.hasOutputIdentity() ? 6 : 12, g.coreRows());
      assertEquals(g.hasOutputIdentity() ? 6 : 12, g.coreCols());
      for (int i = 0; i < 2; i++) for (int k = 0; k < 3; k++) for (int b = 0; b < 2; b++)
        for (int ip = 0; ip < 3; ip++) for (int kp = 0; kp < 2; kp++) for (int bp = 0; bp < 2; bp++)
          assertEquals(mat[((i * 3 + k) * 2 + b) * 12 + (ip * 2 + kp) * 2 + bp], g.get(i, k, b, ip, kp, bp));
      int[] hi = {2, 3, 2, 3, 2, 2};
      for (int at = 0; at < 6; at++) {
        for (int v : new int[] {-1, hi[at]}) {
          int[] idx = new int[6];
          idx[at] = v;
          assertThrows(IndexOutOfBoundsException.class, () -> g.get(idx[0], idx[1], idx[2], idx[3], idx[4], idx[5]),
              "index " + at + " = " + v);
        }
        int[] last = {1, 2, 1, 2, 1, 1};
        assertEquals(mat[mat.length - 1], g.get(last[0], last[1], last[2], last[3], last[4], last[5]));
      }
    }
    assertTrue(full.get(0, 0, 0, 0, 0, 1) != 0, "the finite RNN couples outputs");
    assertEquals(0, core.get(0, 0, 0, 0, 0, 1));
    assertEquals("NtkGram(12 x 12, full)", full.toString());
    assertEquals("NtkGram(12 x 12, core ⊗ I_2)", core.toString());
  }
}
