package lrnn.kernel;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * An owned pool of worker threads with an explicit thread count, for the multi-threaded kernels
 * ({@link Kernels#gemm(Parallel, boolean, boolean, int, int, int, double, double[], int, int, double[], int, int, double, double[], int, int)}).
 * There is no global pool: whoever creates a {@code Parallel} closes it. The calling thread takes part
 * in the work, so {@code new Parallel(2)} starts one extra thread and {@code new Parallel(1)} none.
 *
 * <pre>{@code
 * try (Parallel par = new Parallel(2)) {
 *   Kernels.gemm(par, false, false, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, c, 0, n);
 * }
 * }</pre>
 *
 * <p>Results of the kernels never depend on the thread count: they partition the output so that each
 * element is computed by the same sequence of floating-point operations.
 */
public final class Parallel implements AutoCloseable {

  private final int threads;
  private final ExecutorService pool; // threads - 1 workers, null when threads == 1
  private volatile boolean closed;

  /**
   * @param threads number of threads that work on each call, including the caller (at least 1)
   */
  public Parallel(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads = " + threads + " must be >= 1");
    this.threads = threads;
    if (threads == 1) {
      this.pool = null;
    } else {
      AtomicInteger id = new AtomicInteger();
      this.pool = Executors.newFixedThreadPool(threads - 1, r -> {
        Thread t = new Thread(r, "lrnn-parallel-" + id.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
  }

  /** The number of threads (including the caller) that share each call. */
  public int threads() {
    return threads;
  }

  /** A task that also learns which worker runs it (for per-worker scratch buffers). */
  @FunctionalInterface
  public interface Task {
    /**
     * @param task   the task index, in [0, tasks)
     * @param worker the index of the worker running it, in [0, threads()); no two concurrently running
     *               tasks of one call share a worker index
     */
    void run(int task, int worker);
  }

  /**
   * Runs {@code body.accept(t)} once for every {@code t} in {@code [0, tasks)}, spread over the threads,
   * and returns when all have finished. See {@link #forEach(int, Task)}.
   */
  public void forEach(int tasks, IntConsumer body) {
    forEach(tasks, (t, w) -> body.accept(t));
  }

  /**
   * Runs {@code body.run(t, worker)} once for every {@code t} in {@code [0, tasks)} and returns when all
   * have finished. Tasks are handed out one at a time to whichever thread is free (a descheduled thread
   * does not hold up the others' work). The first exception thrown by a task is rethrown (wrapped in a
   * RuntimeException if it is checked). Tasks must be independent. Safe to call from inside a task (the
   * caller then does the work itself rather than wait for busy workers).
   *
   * @throws IllegalStateException if this pool is closed
   */
  public void forEach(int tasks, Task body) {
    if (closed) throw new IllegalStateException("Parallel is closed");
    if (tasks <= 0) return;
    if (pool == null || tasks == 1) {
      for (int t = 0; t < tasks; t++) body.run(t, 0);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger workerIds = new AtomicInteger();
    Runnable worker = () -> {
      int w = workerIds.getAndIncrement();
      for (int t; (t = next.getAndIncrement()) < tasks; ) body.run(t, w);
    };
    int helpers = Math.min(threads - 1, tasks - 1);
    // Each helper is claimed exactly once: by a worker thread (it runs) or by the caller after it ran out
    // of tasks (it never runs). Future.cancel(false) would not do: it also succeeds on a running task.
    AtomicInteger[] claim = new AtomicInteger[helpers]; // 0 = unclaimed, 1 = running, 2 = skipped
    Future<?>[] futures = new Future<?>[helpers];
    for (int h = 0; h < helpers; h++) {
      AtomicInteger c = claim[h] = new AtomicInteger();
      futures[h] = pool.submit(() -> {
        if (c.compareAndSet(0, 1)) worker.run();
      });
    }
    Throwable failure = null;
    try {
      worker.run();
    } catch (Throwable e) {
      failure = e;
      next.set(tasks); // stop handing out tasks
    }
    for (int h = 0; h < helpers; h++) {
      if (claim[h].compareAndSet(0, 2)) continue; // never started, and now never will
      try {
        futures[h].get();
      } catch (ExecutionException e) {
        if (failure == null) failure = e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (failure == null) failure = e;
      }
    }
    if (failure instanceof RuntimeException re) throw re;
    if (failure instanceof Error err) throw err;
    if (failure != null) throw new RuntimeException(failure);
  }

  /** Stops the worker threads (waits up to a few seconds for running tasks). Idempotent. */
  @Override
  public void close() {
    closed = true;
    if (pool == null) return;
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) pool.shutdownNow();
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Parallel[" + threads + " threads" + (closed ? ", closed" : "") + "]";
  }
}
