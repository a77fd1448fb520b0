package lrnn.train;

import java.nio.file.Path;
import lrnn.util.Require;

/**
 * When and where a training run writes {@link Checkpoint}s: to {@code file} (replaced atomically each time)
 * every {@code every} steps and when the run is cancelled.
 *
 * @param file  the checkpoint file; its directory must exist
 * @param every write at steps {@code every, 2 every, …} (>= 1)
 * @param kind  the model kind ({@link ModelKind#LINEAR_RNN} or {@link ModelKind#CONVOLUTION})
 */
public record Checkpointing<M>(Path file, int every, ModelKind<M> kind) {
  public Checkpointing {
    Require.nonNull("checkpoint file", file);
    Require.positive("checkpoint interval (steps)", every);
    Require.nonNull("model kind", kind);
  }
}
