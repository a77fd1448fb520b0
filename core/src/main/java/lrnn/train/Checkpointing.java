package lrnn.train;

import java.nio.file.Path;
import java.util.function.Supplier;
import lrnn.util.Require;

/**
 * When and where a training run writes {@link Checkpoint}s: to {@code file} (replaced atomically each time)
 * every {@code every} steps and when the run is cancelled.
 *
 * @param file  the checkpoint file; its directory must exist
 * @param every write at steps {@code every, 2 every, …} (>= 1)
 * @param kind  the model kind ({@link ModelKind#LINEAR_RNN} or {@link ModelKind#CONVOLUTION})
 * @param attachment the caller's state to store with each checkpoint ({@link Checkpoint#attachment()}), asked
 *              for at the step of the checkpoint, after the listener has seen the steps before it
 */
public record Checkpointing<M>(Path file, int every, ModelKind<M> kind, Supplier<double[]> attachment) {
  public Checkpointing {
    Require.nonNull("checkpoint file", file);
    Require.positive("checkpoint interval (steps)", every);
    Require.nonNull("model kind", kind);
    Require.nonNull("attachment (use () -> new double[0])", attachment);
  }

  /** No attachment. */
  public Checkpointing(Path file, int every, ModelKind<M> kind) {
    this(file, every, kind, () -> new double[0]);
  }
}
