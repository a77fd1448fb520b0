package lrnn.train;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/** Training stopped because its thread was interrupted. The thread's interrupt status is left set. */
public final class TrainingCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;
  private final int step;
  private final transient Path checkpoint;

  public TrainingCancelledException(int step) {
    this(step, null);
  }

  /** @param checkpoint the checkpoint written at cancellation, or null */
  public TrainingCancelledException(int step, Path checkpoint) {
    super("training cancelled at step " + step
        + (checkpoint == null ? "" : "; checkpoint written to " + checkpoint + ", resume from it to continue"));
    this.step = step;
    this.checkpoint = checkpoint;
  }

  /** The step that would have run next. */
  public int step() {
    return step;
  }

  /** The checkpoint file written at cancellation (at {@link #step()}), or null if the run had none. */
  public Path checkpoint() {
    return checkpoint;
  }
}
