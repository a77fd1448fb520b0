package lrnn.cli;

/**
 * A command was given arguments it cannot run with (a value out of range, a forbidden combination).
 * {@link Main} reports it as {@code lrnn <command>: error: <message>} with exit code 2, like a picocli
 * parse error; every other exception is a failure with exit code 1. The message should name the option
 * and the value, e.g. {@code "--lags must be >= 1, got 0"}.
 */
public class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
