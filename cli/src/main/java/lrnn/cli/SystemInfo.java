package lrnn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.stream.Stream;
import lrnn.kernel.KernelProvider;

/** Facts about this build and machine, for {@code --version} and {@code lrnn info}. */
final class SystemInfo {

  private SystemInfo() {}

  /** The project version from the build, e.g. {@code 0.1.0-SNAPSHOT}. */
  static String version() {
    try (InputStream in = SystemInfo.class.getResourceAsStream("version.properties")) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** E.g. {@code Eclipse Adoptium 25.0.3+9-LTS (OpenJDK 64-Bit Server VM)}. */
  static String jdk() {
    return System.getProperty("java.vendor", "?") + " " + System.getProperty("java.runtime.version",
        System.getProperty("java.version", "?")) + " (" + System.getProperty("java.vm.name", "?") + ")";
  }

  /** The CPU model from /proc/cpuinfo, or the architecture name when that is not available. */
  static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      try (Stream<String> lines = Files.lines(cpuinfo)) {
        String model = lines
            .filter(l -> l.startsWith("model name") || l.startsWith("Model") || l.startsWith("cpu model"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .filter(s -> !s.isEmpty())
            .findFirst().orElse(null);
        if (model != null) return model;
      } catch (IOException | RuntimeException e) {
        // fall through to the architecture
      }
    }
    return System.getProperty("os.arch", "unknown") + " (" + System.getProperty("os.name", "?") + ")";
  }

  /** The kernel implementation's name, e.g. {@code vector-256} or {@code scalar}. */
  static String kernelName() {
    return KernelProvider.get().name();
  }

  /** Whether the {@code jdk.incubator.vector} module is in the boot layer. */
  static boolean vectorModulePresent() {
    return KernelProvider.vectorModulePresent();
  }

  /**
   * The Vector API's preferred vector size in bits ({@code DoubleVector.SPECIES_PREFERRED}), read by
   * reflection so that this module never links against the incubator classes; empty without the module.
   */
  static OptionalInt preferredVectorBits() {
    if (!vectorModulePresent()) return OptionalInt.empty();
    try {
      Object species = Class.forName("jdk.incubator.vector.DoubleVector").getField("SPECIES_PREFERRED").get(null);
      Object bits = Class.forName("jdk.incubator.vector.VectorSpecies").getMethod("vectorBitSize").invoke(species);
      return OptionalInt.of((Integer) bits);
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      return OptionalInt.empty();
    }
  }

  /** The value of a system property, or {@code (unset)}. */
  static String property(String name) {
    String v = System.getProperty(name);
    return v == null ? "(unset)" : v;
  }

  /** Bytes as {@code 3.9 GiB} / {@code 512 MiB}. */
  static String bytes(long b) {
    if (b == Long.MAX_VALUE) return "unlimited";
    double gib = b / (double) (1L << 30);
    if (gib >= 1) return String.format(Locale.ROOT, "%.1f GiB", gib);
    return String.format(Locale.ROOT, "%d MiB", b >> 20);
  }
}
