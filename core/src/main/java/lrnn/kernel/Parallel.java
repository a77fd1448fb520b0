package lrnn.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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

  /**
   * Spin iterations a worker waits for the next call before it parks (Thread.onSpinWait, tens of us). A Krylov sweep or a
   * BPTT pass makes one call per lag or time step, a few to a hundred microseconds apart: a spinning worker
   * takes the next call at once, where a parked one needed ~10 us to wake (measured: 16 tasks of 2 us took
   * 27 us on two threads with a thread pool, against 32 us on one).
   */
  private static final int SPIN = 500;

  private final int threads;
  private final Worker[] workers; // threads - 1; the calling thread is the other one
  private volatile boolean closed;

  /**
   * @param threads number of threads that work on each call, including the caller (at least 1)
   */
  public Parallel(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads = " + threads + " must be >= 1");
    this.threads = threads;
    this.workers = new Worker[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker("lrnn-parallel-" + (i + 1));
      workers[i].start();
    }
  }

  /** A worker thread with a one-job mailbox: it spins briefly for the next job, then parks. */
  private static final class Worker extends Thread {
    private final AtomicReference<Runnable> slot = new AtomicReference<>();
    private volatile boolean stop;

    Worker(String name) {
      super(name);
      setDaemon(true);
    }

    /** Hands over a job unless the mailbox is still full (then the caller does that share itself). */
    boolean offer(Runnable job) {
      if (!slot.compareAndSet(null, job)) return false;
      LockSupport.unpark(this);
      return true;
    }

    void shutdown() {
      stop = true;
      LockSupport.unpark(this);
    }

    @Override
    public void run() {
      while (!stop) {
        Runnable job = slot.getAndSet(null);
        if (job != null) {
          job.run(); // never throws: forEach's jobs catch everything
          continue;
        }
        for (int i = 0; i < SPIN && slot.get() == null && !stop; i++) Thread.onSpinWait();
        // An offer between this check and park() leaves a permit, so park() returns at once.
        if (slot.get() == null && !stop) LockSupport.park(this);
      }
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
   * RuntimeException if it is checked). Tasks must be independent. Safe to call from inside a task, and
   * from several threads at once (a worker that is busy elsewhere is simply not waited for: the callers
   * do the work themselves).
   *
   * @throws IllegalStateException if this pool is closed
   */
  public void forEach(int tasks, Task body) {
    if (closed) throw new IllegalStateException("Parallel is closed");
    if (tasks <= 0) return;
    if (workers.length == 0 || tasks == 1) {
      for (int t = 0; t < tasks; t++) body.run(t, 0);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger workerIds = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable work = () -> {
      int w = workerIds.getAndIncrement();
      try {
        for (int t; (t = next.getAndIncrement()) < tasks; ) body.run(t, w);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
        next.set(tasks); // stop handing out tasks
      }
    };
    int helpers = Math.min(workers.length, tasks - 1);
    // Each helper job is claimed exactly once: by its worker (it runs) or by the caller after it ran out of
    // tasks (it never runs, and the worker skips it if it picks it up later).
    AtomicIntegerArray claim = new AtomicIntegerArray(helpers); // 0 = unclaimed, 1 = running, 2 = skipped
    AtomicIntegerArray done = new AtomicIntegerArray(helpers);
    Thread caller = Thread.currentThread();
    for (int h = 0; h < helpers; h++) {
      int hh = h;
      workers[h].offer(() -> {
        if (!claim.compareAndSet(hh, 0, 1)) return;
        try {
          work.run();
        } finally {
          done.set(hh, 1);
          LockSupport.unpark(caller);
        }
      });
    }
    work.run();
    boolean interrupted = false;
    for (int h = 0; h < helpers; h++) {
      if (claim.compareAndSet(h, 0, 2)) continue; // never started, and now never will
      for (int i = 0; done.get(h) == 0; i++) {
        if (i < SPIN) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
          interrupted |= Thread.interrupted();
        }
      }
    }
    if (interrupted) caller.interrupt();
    Throwable e = failure.get();
    if (e instanceof RuntimeException re) throw re;
    if (e instanceof Error err) throw err;
    if (e != null) throw new RuntimeException(e);
  }

  /** Stops the worker threads (waits up to a few seconds for running tasks). Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (Worker w : workers) w.shutdown();
    for (Worker w : workers) {
      try {
        w.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "Parallel[" + threads + " threads" + (closed ? ", closed" : "") + "]";
  }
}
