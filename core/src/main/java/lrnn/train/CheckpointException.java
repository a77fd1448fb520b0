package lrnn.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file cannot be used: it is not a checkpoint, has another format version, is truncated or
 * corrupt (CRC32 mismatch), or holds another kind of model than was asked for. The message names the file
 * and what to do.
 */
public final class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  public CheckpointException(Path file, String problem) {
    super("checkpoint " + file + " " + problem);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
