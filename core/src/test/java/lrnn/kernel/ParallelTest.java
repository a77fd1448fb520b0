package lrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
    throw (E) e;
  }

  @Test
  void rethrowsErrorsAsTheyAreAndWrapsCheckedExceptions() {
    try (Parallel p = new Parallel(2)) {
      AssertionError boom = new AssertionError("boom");
      assertSame(boom, assertThrows(AssertionError.class, () -> p.forEach(8, t -> {
        if (t == 3) throw boom;
      })));
      java.io.IOException io = new java.io.IOException("io");
      RuntimeException wrapped = assertThrows(RuntimeException.class, () -> p.forEach(8, t -> {
        if (t == 6) sneakyThrow(io);
      }));
      assertSame(io, wrapped.getCause());
      // the pool still works after a failed call
      AtomicIntegerArray seen = new AtomicIntegerArray(5);
      p.forEach(5, t -> seen.incrementAndGet(t));
      for (int t = 0; t < 5; t++) assertEquals(1, seen.get(t));
    }
  }

  @Test
  void workerIndicesAreInRangeAndNeverSharedByRunningTasks() {
    for (int threads : new int[] {1, 2, 3}) {
      try (Parallel p = new Parallel(threads)) {
        assertEquals(threads, p.threads());
        for (int rep = 0; rep < 50; rep++) {
          AtomicIntegerArray busy = new AtomicIntegerArray(threads);
          AtomicIntegerArray ran = new AtomicIntegerArray(40);
          p.forEach(40, (t, w) -> {
            assertTrue(w >= 0 && w < threads, "worker index " + w + " of " + threads);
            assertEquals(0, busy.getAndIncrement(w), "worker index " + w + " used by two running tasks");
            for (int spin = 0; spin < 200; spin++) Thread.onSpinWait();
            busy.decrementAndGet(w);
            ran.incrementAndGet(t);
          });
          for (int t = 0; t < 40; t++) assertEquals(1, ran.get(t));
        }
      }
    }
  }

  @Test
  void smallCallsRunOnTheCallerInOrder() {
    try (Parallel one = new Parallel(1); Parallel two = new Parallel(2)) {
      for (Parallel p : new Parallel[] {one, two}) {
        int tasks = p == one ? 6 : 1;
        java.util.List<Integer> order = new java.util.ArrayList<>();
        Thread caller = Thread.currentThread();
        p.forEach(tasks, (t, w) -> {
          assertSame(caller, Thread.currentThread(), p + " ran task " + t + " elsewhere");
          assertEquals(0, w);
          order.add(t);
        });
        assertEquals(java.util.stream.IntStream.range(0, tasks).boxed().toList(), order);
        p.forEach(0, t -> { throw new AssertionError("no tasks"); });
        p.forEach(-2, t -> { throw new AssertionError("no tasks"); });
      }
    }
  }

  @Test
  void workersAreNamedDaemonThreadsThatStopOnClose() throws Exception {
    Parallel p = new Parallel(3);
    java.util.Set<Thread> helpers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread caller = Thread.currentThread();
    for (int rep = 0; rep < 200 && helpers.size() < 2; rep++) {
      p.forEach(12, t -> {
        for (int spin = 0; spin < 2000; spin++) Thread.onSpinWait();
        if (Thread.currentThread() != caller) helpers.add(Thread.currentThread());
      });
    }
    assertEquals(2, helpers.size(), "both helper threads took part");
    for (Thread t : helpers) {
      assertTrue(t.isDaemon(), t + " is a daemon");
      assertTrue(t.getName().equals("lrnn-parallel-1") || t.getName().equals("lrnn-parallel-2"), t.getName());
    }
    assertEquals("Parallel[3 threads]", p.toString());
    p.close();
    assertEquals("Parallel[3 threads, closed]", p.toString());
    for (Thread t : helpers) assertTrue(!t.isAlive(), t + " stopped before close() returned");
  }

  private static void busy(long nanos) {
    for (long end = System.nanoTime() + nanos; System.nanoTime() < end; ) Thread.onSpinWait();
  }

  @Test
  void aFailureStopsTheHandingOutOfTasks() {
    RuntimeException boom = new RuntimeException("boom");
    try (Parallel p = new Parallel(2)) {
      java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
      int tasks = 10_000;
      RuntimeException e = assertThrows(RuntimeException.class, () -> p.forEach(tasks, t -> {
        if (t == 0) throw boom;
        busy(20_000); // 20 us: the tasks still handed out after the failure would take 0.2 s on 1 thread
        ran.incrementAndGet();
      }));
      assertSame(boom, e);
      // the other thread finishes the task it holds (a few at most) and takes no new one
      assertTrue(ran.get() < tasks / 10, () -> ran.get() + " tasks ran after the first one failed");
    }
  }

  @Test
  void aCallerInterruptedWhileWaitingKeepsItsInterruptStatus() {
    try (Parallel p = new Parallel(2)) {
      Thread caller = Thread.currentThread();
      java.util.concurrent.atomic.AtomicBoolean helperStarted = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicBoolean callerWaited = new java.util.concurrent.atomic.AtomicBoolean();
      for (int attempt = 0; attempt < 20 && !callerWaited.get(); attempt++) {
        helperStarted.set(false);
        caller.interrupt();
        p.forEach(2, t -> {
          if (Thread.currentThread() != caller) {
            helperStarted.set(true);
            busy(50_000_000); // 50 ms: the caller runs out of tasks, spins, then parks (with its interrupt set)
          } else {
            long end = System.nanoTime() + 1_000_000_000L;
            while (!helperStarted.get() && System.nanoTime() < end) Thread.onSpinWait();
            callerWaited.set(helperStarted.get());
          }
        });
        assertTrue(Thread.interrupted(), "forEach must return with the caller's interrupt status set");
      }
      assertTrue(callerWaited.get(), "the helper never took a task while the caller waited");
    }
  }
}
