package lrnn.io;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}; the body of {@link AtomicFiles#writeAtomically}.
 *
 * @param <T> what it consumes
 */
@FunctionalInterface
public interface IOConsumer<T> {

  /** Consumes {@code value}. */
  void accept(T value) throws IOException;
}
