package lrnn.experiment;

/** Receives progress of a long computation; the CLI turns it into a progress bar. */
@FunctionalInterface
public interface ProgressSink {

  /** {@code done} of {@code total} units of work are finished. */
  void update(long done, long total);

  ProgressSink NONE = (done, total) -> {};
}
