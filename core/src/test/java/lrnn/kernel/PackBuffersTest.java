package lrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PackBuffersTest {

  @Test
  void smallBuffersAreKeptPerThreadAndReusedWhileTheyFit() throws Exception {
    double[][] a = PackBuffers.doubles(3, 1000);
    assertEquals(3, a.length);
    for (double[] block : a) assertEquals(1000, block.length);
    assertSame(a, PackBuffers.doubles(3, 1000), "the same shape again: the kept buffers");
    assertSame(a, PackBuffers.doubles(2, 999), "fewer and shorter blocks fit in the kept ones");
    double[][] longer = PackBuffers.doubles(3, 1001);
    assertNotSame(a, longer, "longer blocks: new buffers");
    assertSame(longer, PackBuffers.doubles(3, 1001), "and those are kept in turn");
    double[][] more = PackBuffers.doubles(4, 10);
    assertNotSame(longer, more, "more blocks: new buffers");
    assertEquals(4, more.length);
    // another thread has its own: it never sees this thread's (a GEMM's packed B is private to its caller)
    AtomicReference<double[][]> other = new AtomicReference<>();
    Thread t = new Thread(() -> other.set(PackBuffers.doubles(4, 10)));
    t.start();
    t.join();
    assertNotSame(more, other.get());

    float[][] f = PackBuffers.floats(2, 64);
    assertSame(f, PackBuffers.floats(2, 64));
    assertNotSame(f, PackBuffers.floats(2, 65));
  }

  @Test
  void buffersOverTheLimitAreNotKept() {
    int len = (int) (PackBuffers.KEEP_BYTES / Float.BYTES / 2) + 1; // two blocks: just over the limit
    float[][] big = PackBuffers.floats(2, len);
    assertTrue((long) 2 * len * Float.BYTES > PackBuffers.KEEP_BYTES);
    assertNotSame(big, PackBuffers.floats(2, len), "over the limit: allocated per call");
    float[][] small = PackBuffers.floats(1, 16);
    assertSame(small, PackBuffers.floats(1, 16));
  }
}
