package lrnn.kernel;

import java.lang.reflect.Constructor;
import java.util.Locale;

/**
 * Chooses the {@link KernelSupport} implementation once per JVM.
 *
 * <p>{@code -Dlrnn.kernels=auto|scalar|vector} (default {@code auto}): {@code auto} uses the Vector API
 * implementation when the {@code jdk.incubator.vector} module is in the boot layer and falls back to the
 * scalar reference otherwise, with one warning that names {@code --add-modules jdk.incubator.vector};
 * {@code vector} fails if it cannot be loaded. {@code -Dlrnn.vector.bits=128|256|512} forces the lane
 * width of the vector implementation; by default it is the width the hardware runs natively (the Vector API's
 * preferred species). The width is fixed once per JVM ({@code PanamaOps}, a {@code static final} species).
 * The Vector API classes are only touched through reflection here, so this class loads without the incubator
 * module.
 */
public final class KernelProvider {

  /** System property selecting the implementation. */
  public static final String KERNELS_PROPERTY = "lrnn.kernels";
  /** System property selecting the vector width in bits. */
  public static final String BITS_PROPERTY = "lrnn.vector.bits";

  private static final String PANAMA_CLASS = "lrnn.kernel.PanamaKernels";

  private KernelProvider() {}

  private static final class Holder {
    static final KernelSupport INSTANCE;
    /** A bad property value: thrown by every {@link #get()} (not an ExceptionInInitializerError). */
    static final RuntimeException FAILURE;

    static {
      KernelSupport k = null;
      RuntimeException f = null;
      try {
        k = lookup(System.getProperty(KERNELS_PROPERTY, "auto"), requestedBits());
      } catch (IllegalArgumentException | IllegalStateException e) {
        f = e;
      }
      INSTANCE = k;
      FAILURE = f;
    }
  }

  /**
   * The lane width {@code -Dlrnn.vector.bits} asks for: 0 when unset or 0 (the hardware's choice), else 128, 256 or
   * 512.
   *
   * @throws IllegalArgumentException when the property is set to anything else
   */
  public static int requestedBits() {
    String v = System.getProperty(BITS_PROPERTY);
    if (v == null || v.isBlank()) return 0;
    switch (v.trim()) {
      case "0": return 0;
      case "128": return 128;
      case "256": return 256;
      case "512": return 512;
      default:
        throw new IllegalArgumentException("-D" + BITS_PROPERTY + "=" + v
            + " is not one of 128, 256, 512 (or 0: the CPU's own width)");
    }
  }

  /**
   * Why {@link #get()} is what it is, in words (for {@code lrnn info}): the property that forced it, or the
   * hardware's preferred vector width, or the missing module.
   */
  public static String reason() {
    KernelSupport k = get();
    String which = System.getProperty(KERNELS_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    if (k == ScalarKernels.INSTANCE) {
      return which.equals("scalar") ? "forced by -D" + KERNELS_PROPERTY + "=scalar"
          : "jdk.incubator.vector is not available (run java with --add-modules jdk.incubator.vector)";
    }
    return k.reason();
  }

  /**
   * The implementation chosen for this JVM.
   *
   * @throws IllegalArgumentException or IllegalStateException (every call) when the properties ask for something
   *     that does not exist or cannot be loaded; the message names the property
   */
  public static KernelSupport get() {
    if (Holder.FAILURE != null) throw Holder.FAILURE;
    return Holder.INSTANCE;
  }

  /**
   * Looks an implementation up explicitly (used by tests and benchmarks to get both the scalar and the vector one).
   *
   * @param which {@code auto}, {@code scalar} or {@code vector}
   * @param bits  lane width in bits, or 0 for this JVM's: the vector width is fixed per JVM, so any other width
   *              than this JVM's is refused with an IllegalArgumentException that names the property to set
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
    requestedBits(); // a bad -Dlrnn.vector.bits fails here with its message, not inside PanamaOps' initializer
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
