package lrnn.util;

/** An argument holds NaN or an infinity where a finite number is required. The message names the index. */
public class NonFiniteValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String argument;
  private final long index;

  /**
   * @param argument the argument's name
   * @param index    flat index of the first offending element, or -1 for a scalar
   */
  public NonFiniteValueException(String argument, long index, String message) {
    super(message);
    this.argument = argument;
    this.index = index;
  }

  public String argument() {
    return argument;
  }

  /** Flat index of the first non-finite element, or -1 for a scalar argument. */
  public long index() {
    return index;
  }
}
