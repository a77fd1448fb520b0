package lrnn.io;

import java.io.IOException;

/**
 * A file (or array read from one) is not in the form lrnn expects. The message always names the
 * source, says what is wrong and, where there is one, what to do about it; {@link #source()} gives
 * the source name alone. Messages read {@code "<source>: <problem>"}, or the problem alone where it
 * already starts with the source name (e.g. {@code "x_train.npy has shape (50, 20) but ..."}).
 */
public class MalformedFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String source;

  /**
   * @param source the file or array name, e.g. {@code "data/x_train.npy"}; shown first in the message
   * @param problem what is wrong (and what to do), e.g. {@code "is big-endian; ..."}
   */
  public MalformedFileException(String source, String problem) {
    super(message(source, problem));
    this.source = source;
  }

  /** Same as {@link #MalformedFileException(String, String)} with an underlying cause. */
  public MalformedFileException(String source, String problem, Throwable cause) {
    super(message(source, problem), cause);
    this.source = source;
  }

  private static String message(String source, String problem) {
    return problem.startsWith(source + " ") ? problem : source + ": " + problem;
  }

  /** The file or array name this error is about. */
  public String source() {
    return source;
  }
}
