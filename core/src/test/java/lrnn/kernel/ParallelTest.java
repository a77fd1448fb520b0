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
  void concurrentCallersShareTheWorkersWithoutLosingTasks() throws Exception {
    // Several threads call forEach on one pool at once: a worker busy with another caller's tasks (or with
    // a job it has not picked up yet) is not waited for; every task of every call still runs exactly once,
    // and each call returns only after its own tasks finished.
    try (Parallel p = new Parallel(2)) {
      int callers = 4, calls = 300, tasks = 9;
      AtomicIntegerArray seen = new AtomicIntegerArray(callers * calls * tasks);
      java.util.List<Thread> ts = new java.util.ArrayList<>();
      java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
      for (int c = 0; c < callers; c++) {
        int cc = c;
        Thread t = new Thread(() -> {
          try {
            for (int k = 0; k < calls; k++) {
              int base = (cc * calls + k) * tasks;
              p.forEach(tasks, u -> seen.incrementAndGet(base + u));
              for (int u = 0; u < tasks; u++) {
                if (seen.get(base + u) != 1) throw new AssertionError("caller " + cc + " call " + k + " task " + u);
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        ts.add(t);
        t.start();
      }
      for (Thread t : ts) t.join(60_000);
      if (failure.get() != null) throw new AssertionError(failure.get());
      for (int i = 0; i < seen.length(); i++) assertEquals(1, seen.get(i), "slot " + i);
    }
  }

  @Test
  void keepsTheCallersInterruptStatus() {
    try (Parallel p = new Parallel(2)) {
      Thread.currentThread().interrupt();
      AtomicIntegerArray seen = new AtomicIntegerArray(8);
      p.forEach(8, t -> {
        for (int spin = 0; spin < 20_000; spin++) Thread.onSpinWait();
        seen.incrementAndGet(t);
      });
      for (int i = 0; i < 8; i++) assertEquals(1, seen.get(i));
      assertEquals(true, Thread.interrupted(), "interrupt status kept (and cleared here)");
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
