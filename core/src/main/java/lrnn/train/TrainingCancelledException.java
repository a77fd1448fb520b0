package lrnn.train;

import java.util.concurrent.CancellationException;

/** Training stopped because its thread was interrupted. */
public final class TrainingCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;
  private final int step;

  public TrainingCancelledException(int step) {
    super("training cancelled at step " + step);
    this.step = step;
  }

  /** The step that would have run next. */
  public int step() {
    return step;
  }
}
