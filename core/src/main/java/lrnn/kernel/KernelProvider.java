package lrnn.kernel;

import java.lang.reflect.Constructor;
import java.util.Locale;

/**
 * Chooses the {@link KernelSupport} implementation once per JVM.
 *
 * <p>{@code -Dlrnn.kernels=auto|scalar|vector} (default {@code auto}): {@code auto} uses the Vector API
 * implementation when the {@code jdk.incubator.vector} module is in the boot layer and falls back to the
 * scalar reference otherwise, with one warning that names {@code --add-modules jdk.incubator.vector};
 * {@code vector} fails if it cannot be loaded. {@code -Dlrnn.vector.bits=128|256|512} picks the lane
 * width of the vector implementation (default: the implementation's own choice). The Vector API classes
 * are only touched through reflection here, so this class loads without the incubator module.
 */
public final class KernelProvider {

  /** System property selecting the implementation. */
  public static final String KERNELS_PROPERTY = "lrnn.kernels";
  /** System property selecting the vector width in bits. */
  public static final String BITS_PROPERTY = "lrnn.vector.bits";

  private static final String PANAMA_CLASS = "lrnn.kernel.PanamaKernels";

  private KernelProvider() {}

  private static final class Holder {
    static final KernelSupport INSTANCE = lookup(
        System.getProperty(KERNELS_PROPERTY, "auto"), Integer.getInteger(BITS_PROPERTY, 0));
  }

  /** The implementation chosen for this JVM. */
  public static KernelSupport get() {
    return Holder.INSTANCE;
  }

  /**
   * Looks an implementation up explicitly (used by tests and benchmarks to get every variant).
   *
   * @param which {@code auto}, {@code scalar} or {@code vector}
   * @param bits  lane width in bits, or 0 for the implementation's default
   */
  public static KernelSupport lookup(String which, int bits) {
    String w = which.trim().toLowerCase(Locale.ROOT);
    switch (w) {
      case "scalar":
        return ScalarKernels.INSTANCE;
      case "vector":
      case "panama": {
        KernelSupport k = loadVector(bits);
        if (k == null) {
          throw new IllegalStateException("-D" + KERNELS_PROPERTY + "=vector but the Vector API is not available: "
              + "run java with --add-modules jdk.incubator.vector");
        }
        return k;
      }
      case "auto": {
        KernelSupport k = loadVector(bits);
        if (k == null) {
          System.err.println("lrnn: warning: jdk.incubator.vector is not available, using the scalar kernels; "
              + "run java with --add-modules jdk.incubator.vector for SIMD speed");
          return ScalarKernels.INSTANCE;
        }
        return k;
      }
      default:
        throw new IllegalArgumentException("-D" + KERNELS_PROPERTY + "=" + which
            + " is not one of auto, scalar, vector");
    }
  }

  /** Whether the Vector API module is present in the boot layer. */
  public static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  private static KernelSupport loadVector(int bits) {
    if (!vectorModulePresent()) return null;
    try {
      Class<?> c = Class.forName(PANAMA_CLASS);
      Constructor<?> ctor = c.getDeclaredConstructor(int.class);
      ctor.setAccessible(true);
      return (KernelSupport) ctor.newInstance(bits);
    } catch (ClassNotFoundException e) {
      return null;
    } catch (ReflectiveOperationException | LinkageError e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof IllegalArgumentException iae) throw iae;
      throw new IllegalStateException("cannot load the Vector API kernels: " + cause, cause);
    }
  }
}
