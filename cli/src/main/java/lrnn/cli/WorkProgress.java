package lrnn.cli;

import lrnn.experiment.ProgressSink;

/**
 * A {@link ProgressSink} for core code that reports progress in cost units (estimated multiply-adds) with a
 * total it knows only once it runs: opens a percentage display ({@link Progress#startWork}) at the first
 * update. Close it when the work ends.
 */
final class WorkProgress implements ProgressSink, AutoCloseable {

  private final String task;
  private Progress.Handle handle;
  private long total = -1;

  WorkProgress(String task) {
    this.task = task;
  }

  @Override
  public synchronized void update(long done, long total) {
    if (handle == null || total != this.total) {
      if (handle != null) handle.close();
      this.total = total;
      handle = Progress.startWork(task, total);
    }
    handle.step(done);
  }

  @Override
  public synchronized void close() {
    if (handle != null) handle.close();
  }
}
