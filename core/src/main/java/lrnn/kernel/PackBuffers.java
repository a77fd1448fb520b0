package lrnn.kernel;

import java.lang.ref.SoftReference;

/**
 * The GEMM's packed-B buffers, kept per calling thread between calls when they are small.
 *
 * <p>A GEMM packs op(B) for the whole depth of one column block: {@code k x NC} elements, in blocks of KC rows (at
 * n = 2048: 8 MB of doubles, 4 MB of floats, in arrays of 1-2 MB). Allocated afresh on every call, these arrays are
 * G1 humongous objects (over half a heap region each): SGEMM n = 2048 on 2 threads then ran at 56-59 ms in some JVMs
 * and 69-79 ms in others (and slowed within a JVM), with them kept it ran at 56-59 ms in all (AMD EPYC Zen 5,
 * 512-bit kernels, PairedTiming medians of 9 calls in 5 alternating JVMs each). Buffers up to {@link #KEEP_BYTES}
 * are kept, behind a soft reference (the collector may take them back before it would run out of memory); larger
 * ones, which only wide matrices need and where the allocation is small next to the multiply, are allocated per
 * call as before. Contents are undefined: the packing overwrites every element it uses.
 */
final class PackBuffers {

  /** Largest packed B kept per calling thread between calls, per element type (16 MB). */
  static final long KEEP_BYTES = 16L << 20;

  private static final ThreadLocal<SoftReference<double[][]>> DOUBLES = new ThreadLocal<>();
  private static final ThreadLocal<SoftReference<float[][]>> FLOATS = new ThreadLocal<>();

  private PackBuffers() {}

  /** {@code blocks} arrays of at least {@code len} doubles each: this thread's kept ones if they fit, else new ones. */
  static double[][] doubles(int blocks, int len) {
    SoftReference<double[][]> ref = DOUBLES.get();
    double[][] kept = ref == null ? null : ref.get();
    if (kept != null && kept.length >= blocks && kept[0].length >= len) return kept;
    double[][] fresh = new double[blocks][];
    for (int b = 0; b < blocks; b++) fresh[b] = new double[len];
    if ((long) blocks * len * Double.BYTES <= KEEP_BYTES) DOUBLES.set(new SoftReference<>(fresh));
    return fresh;
  }

  /** Float twin of {@link #doubles}. */
  static float[][] floats(int blocks, int len) {
    SoftReference<float[][]> ref = FLOATS.get();
    float[][] kept = ref == null ? null : ref.get();
    if (kept != null && kept.length >= blocks && kept[0].length >= len) return kept;
    float[][] fresh = new float[blocks][];
    for (int b = 0; b < blocks; b++) fresh[b] = new float[len];
    if ((long) blocks * len * Float.BYTES <= KEEP_BYTES) FLOATS.set(new SoftReference<>(fresh));
    return fresh;
  }
}
