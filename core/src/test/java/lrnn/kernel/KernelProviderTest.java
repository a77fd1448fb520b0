package lrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which implementation -Dlrnn.kernels and -Dlrnn.vector.bits select, in this JVM and in child JVMs. */
@Tag("kernels")
class KernelProviderTest {

  @Test
  void lookupByName() {
    assertSame(ScalarKernels.INSTANCE, KernelProvider.lookup("scalar", 0));
    assertSame(ScalarKernels.INSTANCE, KernelProvider.lookup(" Scalar ", 256));
    assertTrue(KernelProvider.vectorModulePresent(), "the suite runs with --add-modules jdk.incubator.vector");
    for (int bits : new int[] {128, 256, 512}) {
      assertEquals("vector-" + bits, KernelProvider.lookup("vector", bits).name());
      assertEquals("vector-" + bits, KernelProvider.lookup("panama", bits).name());
      assertEquals("vector-" + bits, KernelProvider.lookup("AUTO", bits).name());
    }
    assertTrue(KernelProvider.lookup("auto", 0).name().startsWith("vector-"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelProvider.lookup("gpu", 0));
    assertEquals("-Dlrnn.kernels=gpu is not one of auto, scalar, vector", e.getMessage());
  }

  @Test
  void getFollowsTheSystemProperty() {
    String which = System.getProperty(KernelProvider.KERNELS_PROPERTY, "auto");
    assertEquals("lrnn.kernels", KernelProvider.KERNELS_PROPERTY);
    assertEquals("lrnn.vector.bits", KernelProvider.BITS_PROPERTY);
    assertSame(KernelProvider.get(), KernelProvider.get(), "chosen once per JVM");
    if (which.equals("scalar")) {
      assertEquals("scalar", KernelProvider.get().name());
    } else {
      assertTrue(KernelProvider.get().name().startsWith("vector-"), KernelProvider.get().name());
    }
  }

  private static List<String> probe(String... jvmArgs) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmArgs));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ProviderProbe.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.lines().toList();
  }

  @Test
  void childJvmsPickWhatThePropertiesSay() throws Exception {
    // without the incubator module: auto falls back to scalar with one warning, vector fails with the fix
    List<String> none = probe("-Dlrnn.kernels=auto");
    assertTrue(none.contains("present=false"), none::toString);
    assertTrue(none.contains("get=scalar"), none::toString);
    assertTrue(none.stream().anyMatch(l -> l.startsWith("lrnn: warning: jdk.incubator.vector is not available")), none::toString);
    assertTrue(none.contains("vector failed: -Dlrnn.kernels=vector but the Vector API is not available: "
        + "run java with --add-modules jdk.incubator.vector"), none::toString);
    // with it: the lane width property is honoured
    List<String> with = probe("--add-modules", "jdk.incubator.vector", "-Dlrnn.kernels=vector", "-Dlrnn.vector.bits=128");
    assertTrue(with.contains("present=true"), with::toString);
    assertTrue(with.contains("get=vector-128"), with::toString);
    List<String> scalar = probe("--add-modules", "jdk.incubator.vector", "-Dlrnn.kernels=scalar");
    assertTrue(scalar.contains("get=scalar"), scalar::toString);
  }
}
