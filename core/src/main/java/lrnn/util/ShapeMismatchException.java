package lrnn.util;

/**
 * An argument has the wrong number of elements or a shape that does not fit the other arguments (e.g. inputs
 * with 3 channels for an RNN with {@code n_x = 2}). The message names both shapes.
 */
public class ShapeMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ShapeMismatchException(String message) {
    super(message);
  }
}
