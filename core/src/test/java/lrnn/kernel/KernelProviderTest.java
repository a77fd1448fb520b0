package lrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The implementation in use is the one {@code -Dlrnn.kernels} asked for (surefire runs this both ways). */
@Tag("kernels")
class KernelProviderTest {

  @Test
  void providerIsTheOneAskedFor() {
    String asked = System.getProperty(KernelProvider.KERNELS_PROPERTY, "auto");
    KernelSupport k = KernelProvider.get();
    switch (asked) {
      case "scalar" -> assertSame(ScalarKernels.INSTANCE, k);
      case "vector", "panama" -> assertInstanceOf(PanamaKernels.class, k);
      case "auto" -> {
        if (KernelProvider.vectorModulePresent()) assertInstanceOf(PanamaKernels.class, k);
        else assertSame(ScalarKernels.INSTANCE, k);
      }
      default -> throw new AssertionError("unexpected -Dlrnn.kernels=" + asked);
    }
    assertSame(k, Kernels.impl());
  }

  @Test
  void defaultRunUsesTheVectorKernels() {
    // The default surefire execution sets no property and adds the incubator module: it must test the
    // vector implementation, not silently fall back to scalar.
    if (System.getProperty(KernelProvider.KERNELS_PROPERTY) == null) {
      assertTrue(KernelProvider.vectorModulePresent(), "the default test run must have jdk.incubator.vector");
      assertTrue(KernelProvider.get().name().startsWith("vector-"), KernelProvider.get().name());
    }
  }

  @Test
  void widthsAreNamed() {
    if (!KernelProvider.vectorModulePresent()) return;
    for (int bits : KernelTestSupport.WIDTHS) assertEquals("vector-" + bits, KernelProvider.lookup("vector", bits).name());
    // default: 256 bits where the CPU has 256-bit vectors (AVX2, AVX-512), else 128
    int bits = ((PanamaKernels) KernelProvider.lookup("vector", 0)).bits();
    assertTrue(bits == 256 || bits == 128, "default width " + bits);
  }
}
