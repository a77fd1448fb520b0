package lrnn.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lrnn.model.Sequences;
import lrnn.util.Memory;
import org.junit.jupiter.api.Test;

/**
 * The memory guards of the NTK Grams refuse before allocating, with the exact byte count of what the call would
 * hold (small inputs whose Gram would not fit in the test heap).
 */
class NtkGramMemoryTest {

  @org.junit.jupiter.api.BeforeEach
  void heapIsTheTestHeap() {
    // the Grams below need 9.6 GB or more; with a heap that large they would be allocated instead of refused
    org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < 8_000_000_000L, "heap too large");
  }

  private static Sequences ones(int n, int len, int nx) {
    double[] d = new double[n * len * nx];
    java.util.Arrays.fill(d, 1);
    return Sequences.of("x", n, len, nx, d);
  }

  @Test
  void scaledGramsNameTheirSize() {
    Sequences x = ones(2, 20_000, 1); // N L = 40 000 rows
    Memory.InsufficientMemoryException e = assertThrows(Memory.InsufficientMemoryException.class,
        () -> NtkGram.scaled(x, new double[] {1, 0.5}, 1));
    // one Gram and the kernel's T and T Lambda (2 x N L x K n_x), never two Grams
    assertEquals(8L * (40_000L * 40_000 + 2 * 40_000L * 2), e.bytesNeeded(), e.getMessage());
    Sequences xp = ones(1, 30_000, 1);
    e = assertThrows(Memory.InsufficientMemoryException.class, () -> NtkGram.scaled(x, xp, new double[] {1, 0.5, 0.25}, 1));
    // the Gram (40 000 x 30 000) and the two Toeplitz matrices ((40 000 + 30 000) x K n_x)
    assertEquals(8L * (40_000L * 30_000 + 70_000L * 3), e.bytesNeeded(), e.getMessage());
    assertTrue(e.getMessage().contains("the NTK cross Gram of"), e.getMessage());
  }

  @Test
  void empiricalGramsNameTheirSize() {
    LagKernel m = LagKernel.diagonal(new double[] {1, 0.5, 0.25}, 2, 1); // K = 3, n_y = 2, n_x = 1
    Sequences x = ones(1, 20_000, 1);
    Memory.InsufficientMemoryException e = assertThrows(Memory.InsufficientMemoryException.class,
        () -> NtkGram.empirical(x, m));
    // (N L n_y)^2 once, and the kernel's scratch: T (N L x K n_x), Y_b (N L x n_y K n_x), the M block
    // (K n_x x n_y K n_x) and one band of 240 rows
    assertEquals(8L * (40_000L * 40_000 + 20_000L * 3 * 3 + 3 * 3 * 2 + 240L * 20_000), e.bytesNeeded(), e.getMessage());
    Sequences xp = ones(2, 10_000, 1);
    e = assertThrows(Memory.InsufficientMemoryException.class, () -> NtkGram.empirical(x, xp, m));
    long r = 20_000, c = 20_000, d = 3;
    assertEquals(8L * (r * c * 4 + r * c + (2 * r + c) * d + d * d), e.bytesNeeded(), e.getMessage());
  }
}
