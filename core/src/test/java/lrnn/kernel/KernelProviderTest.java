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
    // one lane width per JVM: this JVM's is accepted, the other two are refused with the property to set
    int own = PanamaOps.BITS;
    for (String which : new String[] {"vector", "panama", "AUTO"}) {
      assertEquals("vector-" + own, KernelProvider.lookup(which, own).name());
      assertEquals("vector-" + own, KernelProvider.lookup(which, 0).name());
    }
    for (int bits : new int[] {128, 256, 512}) {
      if (bits == own) continue;
      IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
          () -> KernelProvider.lookup("vector", bits));
      assertEquals("the vector kernels of this JVM run " + own + "-bit lanes, not " + bits + ": the width is fixed "
          + "per JVM; start java with -Dlrnn.vector.bits=" + bits, other.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelProvider.lookup("gpu", 0));
    assertEquals("-Dlrnn.kernels=gpu is not one of auto, scalar, vector", e.getMessage());
  }

  @Test
  void widthFollowsThePropertyElseTheHardware() {
    // the fork's -Dlrnn.vector.bits (core/pom.xml runs the suite at 128, 256 and 512) or the preferred species
    String prop = System.getProperty(KernelProvider.BITS_PROPERTY);
    if (prop != null && (prop.isBlank() || prop.trim().equals("0"))) prop = null; // unset, as the soak profile does
    int expected = prop == null ? PanamaOps.nativeBits(PanamaOps.PREFERRED_BITS) : Integer.parseInt(prop);
    assertEquals(expected, PanamaOps.BITS);
    assertEquals(PanamaOps.BITS / 64, PanamaOps.LD);
    assertEquals(PanamaOps.BITS / 32, PanamaOps.LF);
    assertEquals(prop == null ? 0 : expected, KernelProvider.requestedBits());
    // the default: the preferred species, clipped to 128..512 bits
    assertEquals(512, PanamaOps.nativeBits(512));
    assertEquals(256, PanamaOps.nativeBits(256));
    assertEquals(128, PanamaOps.nativeBits(128));
    assertEquals(128, PanamaOps.nativeBits(64));
    assertEquals(512, PanamaOps.nativeBits(1024));
    assertEquals(256, PanamaOps.chooseBits(256, 512));
    assertEquals(512, PanamaOps.chooseBits(0, 512));
    String why = new PanamaKernels(0).reason();
    assertTrue(prop == null ? why.startsWith("the CPU's preferred species (" + PanamaOps.PREFERRED_BITS + " bits)")
        : why.startsWith("forced by -Dlrnn.vector.bits=" + prop + "; the CPU's preferred species is "), why);
    String tiles = PanamaOps.BITS == 512 ? "8 x 16 doubles, 8 x 32 floats"
        : PanamaOps.BITS == 256 ? "5 x 8 doubles, 4 x 16 floats" : "5 x 4 doubles, 4 x 8 floats";
    assertEquals(PanamaOps.reason(KernelProvider.requestedBits(), PanamaOps.PREFERRED_BITS, PanamaOps.BITS)
        + "; GEMM register tiles " + tiles, why);
  }

  @Test
  void reasonSaysWhyThisWidth() {
    assertEquals("the CPU's preferred species (512 bits)", PanamaOps.reason(0, 512, 512));
    assertEquals("the CPU's preferred species (64 bits), clipped to 128", PanamaOps.reason(0, 64, 128));
    assertEquals("forced by -Dlrnn.vector.bits=256; the CPU's preferred species is 512 bits",
        PanamaOps.reason(256, 512, 256));
    assertEquals("forced by -Dlrnn.vector.bits=256; the CPU's preferred species is 256 bits",
        PanamaOps.reason(256, 256, 256));
    assertEquals("forced by -Dlrnn.vector.bits=512; the CPU's preferred species is 256 bits"
        + " (wider lanes than the CPU's are emulated in Java: slow)", PanamaOps.reason(512, 256, 512));
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
    assertTrue(with.stream().anyMatch(l -> l.startsWith("why=forced by -Dlrnn.vector.bits=128; ")), with::toString);
    List<String> native_ = probe("--add-modules", "jdk.incubator.vector");
    assertTrue(native_.contains("get=vector-" + PanamaOps.nativeBits(PanamaOps.PREFERRED_BITS)), native_::toString);
    int nativeBits = PanamaOps.nativeBits(PanamaOps.PREFERRED_BITS);
    String tiles = "; GEMM register tiles " + (nativeBits >= 512 ? "8 x 16 doubles, 8 x 32 floats"
        : "5 x " + nativeBits / 32 + " doubles, 4 x " + nativeBits / 16 + " floats");
    assertTrue(native_.contains("why=the CPU's preferred species (" + PanamaOps.PREFERRED_BITS + " bits)" + tiles)
        || native_.contains("why=the CPU's preferred species (" + PanamaOps.PREFERRED_BITS + " bits), clipped to "
            + nativeBits + tiles), native_::toString);
    List<String> bad = probe("--add-modules", "jdk.incubator.vector", "-Dlrnn.vector.bits=384");
    assertTrue(bad.contains("get failed: -Dlrnn.vector.bits=384 is not one of 128, 256, 512 (or 0: the CPU's own width)"), bad::toString);
    List<String> scalar = probe("--add-modules", "jdk.incubator.vector", "-Dlrnn.kernels=scalar");
    assertTrue(scalar.contains("get=scalar"), scalar::toString);
    assertTrue(scalar.contains("why=forced by -Dlrnn.kernels=scalar"), scalar::toString);
  }

  @Test
  void requestedBitsReadsThePropertyOnEveryCall() {
    String saved = System.getProperty(KernelProvider.BITS_PROPERTY);
    try {
      String[][] cases = {{"128", "128"}, {"256", "256"}, {" 512 ", "512"}, {"0", "0"}, {"  ", "0"}};
      for (String[] c : cases) {
        System.setProperty(KernelProvider.BITS_PROPERTY, c[0]);
        assertEquals(Integer.parseInt(c[1]), KernelProvider.requestedBits(), "'" + c[0] + "'");
      }
      System.clearProperty(KernelProvider.BITS_PROPERTY);
      assertEquals(0, KernelProvider.requestedBits());
      System.setProperty(KernelProvider.BITS_PROPERTY, "384");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, KernelProvider::requestedBits);
      assertEquals("-Dlrnn.vector.bits=384 is not one of 128, 256, 512 (or 0: the CPU's own width)", e.getMessage());
    } finally {
      if (saved == null) System.clearProperty(KernelProvider.BITS_PROPERTY);
      else System.setProperty(KernelProvider.BITS_PROPERTY, saved);
    }
  }

  @Test
  void reasonSaysWhyThisJvmRunsWhatItRuns() {
    String why = KernelProvider.reason();
    if (KernelProvider.get() == ScalarKernels.INSTANCE) {
      // the forced-scalar test run; without the module the child JVMs above check the other sentence
      assertEquals("forced by -Dlrnn.kernels=scalar", why);
    } else {
      assertEquals(KernelProvider.get().reason(), why);
      assertTrue(why.contains(String.valueOf(PanamaOps.BITS)), why);
    }
  }
}
