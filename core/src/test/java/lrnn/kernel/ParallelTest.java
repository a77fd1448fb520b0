package lrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("kernels")
class ParallelTest {

  @Test
  void runsEveryTaskOnceAndWaits() {
    try (Parallel p = new Parallel(3)) {
      for (int rep = 0; rep < 200; rep++) {
        AtomicIntegerArray seen = new AtomicIntegerArray(17);
        p.forEach(17, t -> {
          for (int spin = 0; spin < (t % 3) * 1000; spin++) Thread.onSpinWait();
          seen.incrementAndGet(t);
        });
        for (int t = 0; t < 17; t++) assertEquals(1, seen.get(t), "task " + t + " at rep " + rep);
      }
    }
  }

  @Test
  void nestedCallsDoNotDeadlock() {
    try (Parallel p = new Parallel(2)) {
      AtomicIntegerArray seen = new AtomicIntegerArray(16);
      p.forEach(4, t -> p.forEach(4, u -> seen.incrementAndGet(t * 4 + u)));
      for (int i = 0; i < 16; i++) assertEquals(1, seen.get(i));
    }
  }

  @Test
  void rethrowsAndRejectsAfterClose() {
    Parallel p = new Parallel(2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.forEach(8, t -> {
      if (t == 5) throw new IllegalStateException("boom");
    }));
    assertEquals("boom", e.getMessage());
    p.close();
    p.close();
    assertThrows(IllegalStateException.class, () -> p.forEach(1, t -> { }));
    assertThrows(IllegalArgumentException.class, () -> new Parallel(0));
  }
}
