package lrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Shared helpers for the kernel tests: implementations at every lane width, random data, tolerances. */
final class KernelTestSupport {

  private KernelTestSupport() {}

  /**
   * The vector implementation (built explicitly, whatever -Dlrnn.kernels says), at this JVM's lane width: the
   * width is fixed per JVM, so the suite runs once per width in its own fork (core/pom.xml, -Dlrnn.vector.bits).
   */
  static List<KernelSupport> vectorImpls() {
    assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector is not in the boot layer");
    List<KernelSupport> out = new ArrayList<>();
    out.add(KernelProvider.lookup("vector", 0));
    return out;
  }

  /** The vector implementation at the default width. */
  static KernelSupport vectorDefault() {
    assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector is not in the boot layer");
    return KernelProvider.lookup("vector", 0);
  }

  static double[] random(SplittableRandom rnd, int len) {
    double[] a = new double[len];
    for (int i = 0; i < len; i++) a[i] = rnd.nextDouble(-1, 1);
    return a;
  }

  static float[] randomF(SplittableRandom rnd, int len) {
    float[] a = new float[len];
    for (int i = 0; i < len; i++) a[i] = (float) rnd.nextDouble(-1, 1);
    return a;
  }

  static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) m = Math.max(m, Math.abs(v));
    return m;
  }

  /** Elementwise |expected - actual| <= tol, with a message that says where and which implementation. */
  static void assertClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i], a = actual[i];
      if (!(Math.abs(e - a) <= tol)) {
        throw new AssertionError(what + ": element " + i + " expected " + e + " but was " + a
            + " (|diff| = " + Math.abs(e - a) + " > tol " + tol + ")");
      }
    }
  }

  static void assertClose(float[] expected, float[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      float e = expected[i], a = actual[i];
      if (!(Math.abs(e - a) <= tol)) {
        throw new AssertionError(what + ": element " + i + " expected " + e + " but was " + a
            + " (|diff| = " + Math.abs(e - a) + " > tol " + tol + ")");
      }
    }
  }
}
