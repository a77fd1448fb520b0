package lrnn.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MemoryTest {

  @Test
  void byteCountsSaturateInsteadOfOverflowing() {
    assertEquals(8L * 3 * 5, Memory.doubles(3, 5));
    assertEquals(Long.MAX_VALUE, Memory.doubles(1L << 31, 1L << 31));
    assertThrows(IllegalArgumentException.class, () -> Memory.doubles(-1));
    assertEquals(7, Memory.plus(3, 4));
    assertEquals(Long.MAX_VALUE, Memory.plus(Long.MAX_VALUE - 3, 3));
    assertEquals(Long.MAX_VALUE, Memory.plus(Long.MAX_VALUE - 3, 4));
    assertEquals(Long.MAX_VALUE, Memory.plus(4, Long.MAX_VALUE));
    assertEquals(Long.MAX_VALUE - 1, Memory.plus(Long.MAX_VALUE - 3, 2));
  }
}
