package lrnn.kernel;

import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species-dependent inner loops of {@link PanamaKernels}: one source for every lane width, with the width
 * fixed once per JVM when this class initializes (as Lucene's Panama vectorization provider does).
 *
 * <p>Why a {@code static final} species: the Vector API is only compiled to SIMD instructions when the species
 * is a compile-time constant to C2. A species passed as an argument or read from an instance field makes C2
 * fall back to the Java implementation (about 20x slower, measured with a dot product), but a {@code static
 * final} field is a constant to C2 whatever expression initialized it, so the species D, F and
 * I are chosen here from the hardware or from {@code -Dlrnn.vector.bits} ({@link #chooseBits}), and
 * every method below sees constant lane counts. One width per JVM: the tests run each width in its own fork
 * (core/pom.xml). Everything that does not depend on the species (blocking, packing, threads, transposes)
 * lives in the other Panama* classes.
 */
final class PanamaOps {

  /** The hardware's preferred vector size in bits ({@code VectorShape.preferredShape()}). */
  static final int PREFERRED_BITS = VectorShape.preferredShape().vectorBitSize();

  /** The lane width of this JVM in bits: {@code -Dlrnn.vector.bits} when set, else {@link #nativeBits}. */
  static final int BITS = chooseBits(KernelProvider.requestedBits(), PREFERRED_BITS);

  private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, VectorShape.forBitSize(BITS));
  private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(BITS));
  private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShape.forBitSize(BITS));
  /** Doubles per vector. The double register tile is {@code MR x (2 * LD)}. */
  static final int LD = D.length();
  /** Floats per vector. The float register tile is {@code MRF x (2 * LF)}. */
  static final int LF = F.length();

  /**
   * The lane width of the fused Krylov kernels (K1): at most 256 bits. A pass reads four rows of W, a column of P
   * and a row of Q and writes the row of Q back for every 8 FMAs, and each 64-byte load of a double[] straddles
   * two cache lines (the elements start 16 bytes into the object): at 512 bits all of them, at 256 half. Measured
   * on the AVX-512 machine (Zen 5, 2 cores shared with other builds, load average 8-10), one thread, thread CPU
   * time, medians of 6: 99 steps at n = 1000 (W in L3) 19 ms in a 256-bit JVM against 29 ms in a 512-bit one,
   * 19 steps at n = 4096 (W from memory) 97-101 against 145-152 ms; in a 512-bit JVM with these kernels at 256
   * against at 512, three alternating rounds: n = 4096 96 / 127 / 105 against 131 / 122 / 142 ms, n = 1000
   * 14.5 / 21.4 / 19.9 against 26.6 / 16.3 / 17.5 ms (noise of the shared machine: 7 of these 10 comparisons
   * favour 256). The GEMM and rank-update tiles reuse each load for 4-8 FMAs and run faster at 512.
   */
  static final int KRYLOV_BITS = Math.min(BITS, 256);
  private static final VectorSpecies<Double> KD = VectorSpecies.of(double.class, VectorShape.forBitSize(KRYLOV_BITS));
  private static final VectorSpecies<Float> KF = VectorSpecies.of(float.class, VectorShape.forBitSize(KRYLOV_BITS));
  private static final int KLD = KD.length();
  private static final int KLF = KF.length();

  /**
   * Rows of the double GEMM register tile: 8 at 512 bits (16 accumulators + 2 B vectors + 1 broadcast = 19 of the 32
   * AVX-512 registers), 5 below (13 of the 16 AVX2 registers; 8 rows would spill there). Measured on the AVX-512
   * machine (Zen 5), one thread, micro-kernel in GEMM order (B panel in L1, a 120-row A block from L2), five rounds:
   * 5 x 16 99-101, 6 x 16 100-101, 7 x 16 101-102, 8 x 16 103-104, 10 x 16 102-105, 12 x 16 96-106 GFLOP/s. 8 is
   * the smallest of the fast ones (less padding in short A panels, a multiple of MC = 120).
   */
  static final int MR = BITS >= 512 ? 8 : 5;

  /**
   * Rows of the float GEMM register tile: 8 at 512 bits, 4 below. Not 5 below 512: for the float tile C2 loads all
   * five broadcasts of an iteration first and spills an accumulator (28 against 56-64 GFLOP/s, measured on AVX2). At
   * 512 bits, as for {@link #MR}: 4 x 32 166-193, 6 x 32 194-213, 8 x 32 192-214, 10 x 32 187-216 GFLOP/s.
   */
  static final int MRF = BITS >= 512 ? 8 : 4;

  private PanamaOps() {}

  /**
   * The lane width the hardware runs natively: the preferred species' size, clipped to 128..512 bits (128 on a
   * machine whose preferred shape is 64 bits, where no width is fast; the kernels need at least 2 doubles).
   */
  static int nativeBits(int preferred) {
    return Math.max(128, Math.min(512, preferred));
  }

  /** {@code requested} (from {@code -Dlrnn.vector.bits}, 0 when unset) if set, else {@link #nativeBits}. */
  static int chooseBits(int requested, int preferred) {
    return requested != 0 ? requested : nativeBits(preferred);
  }

  /** Why this JVM runs {@link #BITS}-bit lanes, for {@code lrnn info}. */
  static String reason() {
    return reason(KernelProvider.requestedBits(), PREFERRED_BITS, BITS);
  }

  /** {@link #reason()} for a JVM with these settings ({@code requested} 0 when -Dlrnn.vector.bits is unset). */
  static String reason(int requested, int preferred, int bits) {
    if (requested == 0) {
      return String.format(Locale.ROOT, "the CPU's preferred species (%d bits)%s", preferred,
          preferred == bits ? "" : ", clipped to " + bits);
    }
    String r = "forced by -D" + KernelProvider.BITS_PROPERTY + "=" + bits + "; the CPU's preferred species is "
        + preferred + " bits";
    return bits > preferred ? r + " (wider lanes than the CPU's are emulated in Java: slow)" : r;
  }

  // ---- GEMM micro-kernels ------------------------------------------------------------------------
  // Register tile MR = 5 rows x 2 vectors = 10 accumulators + 2 B vectors + 1 broadcast in flight = 13 of the
  // 16 AVX2 registers. Every index is (loop-invariant base) + (constant) * p with p the loop counter, so C2
  // hoists the range checks out of the loop; each broadcast is written next to its two FMAs, and C2 keeps
  // that order. 10 FMA chains give two chains of slack over the FMA latency (4 cycles x 2 pipes = 8 in
  // flight), so a late A or B load no longer stalls them, as it did the 8 chains of a 4 x 8 tile. Measured on
  // this project's Zen 3 machine (panels in L1/L2 alone; "in GEMM order": one B panel against a 120-row A
  // block streamed from L2): 4 x 8 44-47 / 43-45 GFLOP/s, 5 x 8 48.8 / 45-47, 3 x 12 48 / 44-47; 6 x 8 and
  // 4 x 12 spill their accumulators (20 GFLOP/s), and so did round 1's 6 x 8 once its checks were hoisted.
  // The float tile keeps 4 rows (PanamaOps.MRF): with 5, C2 spills one accumulator there.
  // At 512 bits (AVX-512: 32 registers) the tiles are 8 x 16 doubles and 8 x 32 floats (19 of the 32 registers;
  // MR, MRF). Each element of C sees the same operations whatever the tile height (an FMA chain over p, then
  // C += alpha * sum), so the tile height changes no result bit.

  /**
   * GEMM micro-kernel: {@code C[0:mr, 0:nr] += alpha * Ap Bp} where Ap is a packed panel of MR rows
   * ({@code ap[ao + p*MR + r]}, zero-padded) and Bp a packed panel of NR = 2*LD columns
   * ({@code bp[bo + p*NR + j]}, zero-padded), p &lt; kc. The full MR x NR tile is always accumulated, so
   * every element of C sees the same sequence of operations whatever its position; only the store is
   * clipped to mr x nr. With {@code overwrite}, {@code C = alpha * Ap Bp} instead (C is not read: beta = 0,
   * first depth block). c is modified; tmp (at least MR*NR) is scratch.
   */
  static void dgemmTile(int kc, double[] ap, int ao, double[] bp, int bo, double alpha,
                        double[] c, int co, int ldc, int mr, int nr, boolean overwrite, double[] tmp) {
    // The accumulators go to tmp, and C is updated from there by a separate method. With the three C
    // updates (overwrite, add, clipped) written after the loop, C2 spilled 4 of the 10 accumulators to
    // the stack inside the loop once all three had been taken (16-17 against 46-48 GFLOP/s, measured): the
    // accumulators' live ranges then reach into three exits. MR is a constant: C2 keeps one of the two calls.
    if (MR == 8) dgemmTile8(kc, ap, ao, bp, bo, tmp);
    else dgemmTile5(kc, ap, ao, bp, bo, tmp);
    dgemmTileStore(alpha, c, co, ldc, mr, nr, overwrite, tmp);
  }

  /** The 5-row tile (below 512 bits): Ap Bp into tmp (rows of NR = 2 * LD). */
  private static void dgemmTile5(int kc, double[] ap, int ao, double[] bp, int bo, double[] tmp) {
    DoubleVector z = DoubleVector.zero(D);
    DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z;
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(D, bp, bo + p * (2 * LD));
      DoubleVector b1 = DoubleVector.fromArray(D, bp, bo + p * (2 * LD) + LD);
      DoubleVector a0 = DoubleVector.broadcast(D, ap[ao + p * 5]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      DoubleVector a1 = DoubleVector.broadcast(D, ap[ao + p * 5 + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      DoubleVector a2 = DoubleVector.broadcast(D, ap[ao + p * 5 + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      DoubleVector a3 = DoubleVector.broadcast(D, ap[ao + p * 5 + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      DoubleVector a4 = DoubleVector.broadcast(D, ap[ao + p * 5 + 4]);
      c40 = a4.fma(b0, c40);
      c41 = a4.fma(b1, c41);
    }
    int nrv = 2 * LD;
    c00.intoArray(tmp, 0);
    c01.intoArray(tmp, LD);
    c10.intoArray(tmp, nrv);
    c11.intoArray(tmp, nrv + LD);
    c20.intoArray(tmp, 2 * nrv);
    c21.intoArray(tmp, 2 * nrv + LD);
    c30.intoArray(tmp, 3 * nrv);
    c31.intoArray(tmp, 3 * nrv + LD);
    c40.intoArray(tmp, 4 * nrv);
    c41.intoArray(tmp, 4 * nrv + LD);
  }

  /** The 8-row tile (512 bits): Ap Bp into tmp (rows of NR = 2 * LD). */
  private static void dgemmTile8(int kc, double[] ap, int ao, double[] bp, int bo, double[] tmp) {
    DoubleVector z = DoubleVector.zero(D);
    DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(D, bp, bo + p * (2 * LD));
      DoubleVector b1 = DoubleVector.fromArray(D, bp, bo + p * (2 * LD) + LD);
      DoubleVector a0 = DoubleVector.broadcast(D, ap[ao + p * 8]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      DoubleVector a1 = DoubleVector.broadcast(D, ap[ao + p * 8 + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      DoubleVector a2 = DoubleVector.broadcast(D, ap[ao + p * 8 + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      DoubleVector a3 = DoubleVector.broadcast(D, ap[ao + p * 8 + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      DoubleVector a4 = DoubleVector.broadcast(D, ap[ao + p * 8 + 4]);
      c40 = a4.fma(b0, c40);
      c41 = a4.fma(b1, c41);
      DoubleVector a5 = DoubleVector.broadcast(D, ap[ao + p * 8 + 5]);
      c50 = a5.fma(b0, c50);
      c51 = a5.fma(b1, c51);
      DoubleVector a6 = DoubleVector.broadcast(D, ap[ao + p * 8 + 6]);
      c60 = a6.fma(b0, c60);
      c61 = a6.fma(b1, c61);
      DoubleVector a7 = DoubleVector.broadcast(D, ap[ao + p * 8 + 7]);
      c70 = a7.fma(b0, c70);
      c71 = a7.fma(b1, c71);
    }
    int nrv = 2 * LD;
    c00.intoArray(tmp, 0);
    c01.intoArray(tmp, LD);
    c10.intoArray(tmp, nrv);
    c11.intoArray(tmp, nrv + LD);
    c20.intoArray(tmp, 2 * nrv);
    c21.intoArray(tmp, 2 * nrv + LD);
    c30.intoArray(tmp, 3 * nrv);
    c31.intoArray(tmp, 3 * nrv + LD);
    c40.intoArray(tmp, 4 * nrv);
    c41.intoArray(tmp, 4 * nrv + LD);
    c50.intoArray(tmp, 5 * nrv);
    c51.intoArray(tmp, 5 * nrv + LD);
    c60.intoArray(tmp, 6 * nrv);
    c61.intoArray(tmp, 6 * nrv + LD);
    c70.intoArray(tmp, 7 * nrv);
    c71.intoArray(tmp, 7 * nrv + LD);
  }

  /**
   * C[0:mr, 0:nr] = alpha * T (overwrite) or C += alpha * T, T the MR x NR tile in tmp (rows of NR): a
   * multiply then an add (no FMA), the same operations on the vector and the clipped path.
   */
  private static void dgemmTileStore(double alpha, double[] c, int co, int ldc, int mr, int nr, boolean overwrite, double[] tmp) {
    int nrv = 2 * LD;
    if (mr == MR && nr == nrv) {
      for (int r = 0; r < MR; r++, co += ldc) {
        DoubleVector t0 = DoubleVector.fromArray(D, tmp, r * nrv).mul(alpha);
        DoubleVector t1 = DoubleVector.fromArray(D, tmp, r * nrv + LD).mul(alpha);
        if (!overwrite) {
          t0 = DoubleVector.fromArray(D, c, co).add(t0);
          t1 = DoubleVector.fromArray(D, c, co + LD).add(t1);
        }
        t0.intoArray(c, co);
        t1.intoArray(c, co + LD);
      }
    } else {
      for (int r = 0; r < mr; r++) {
        if (overwrite) {
          for (int j = 0; j < nr; j++) c[co + r * ldc + j] = alpha * tmp[r * nrv + j];
        } else {
          for (int j = 0; j < nr; j++) c[co + r * ldc + j] += alpha * tmp[r * nrv + j];
        }
      }
    }
  }

  /** Float twin of {@link #dgemmTile} with MRF rows and NR = 2*LF. c is modified; tmp is scratch. */
  static void sgemmTile(int kc, float[] ap, int ao, float[] bp, int bo, float alpha,
                        float[] c, int co, int ldc, int mr, int nr, boolean overwrite, float[] tmp) {
    // through tmp, as in dgemmTile (the C update after the loop made C2 spill accumulators)
    if (MRF == 8) sgemmTile8(kc, ap, ao, bp, bo, tmp);
    else sgemmTile4(kc, ap, ao, bp, bo, tmp);
    sgemmTileStore(alpha, c, co, ldc, mr, nr, overwrite, tmp);
  }

  /** The 4-row float tile (below 512 bits): Ap Bp into tmp (rows of NR = 2 * LF). */
  private static void sgemmTile4(int kc, float[] ap, int ao, float[] bp, int bo, float[] tmp) {
    FloatVector z = FloatVector.zero(F);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(F, bp, bo + p * (2 * LF));
      FloatVector b1 = FloatVector.fromArray(F, bp, bo + p * (2 * LF) + LF);
      FloatVector a0 = FloatVector.broadcast(F, ap[ao + p * 4]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(F, ap[ao + p * 4 + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(F, ap[ao + p * 4 + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(F, ap[ao + p * 4 + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    int nrv = 2 * LF;
    c00.intoArray(tmp, 0);
    c01.intoArray(tmp, LF);
    c10.intoArray(tmp, nrv);
    c11.intoArray(tmp, nrv + LF);
    c20.intoArray(tmp, 2 * nrv);
    c21.intoArray(tmp, 2 * nrv + LF);
    c30.intoArray(tmp, 3 * nrv);
    c31.intoArray(tmp, 3 * nrv + LF);
  }

  /** The 8-row float tile (512 bits): Ap Bp into tmp (rows of NR = 2 * LF). */
  private static void sgemmTile8(int kc, float[] ap, int ao, float[] bp, int bo, float[] tmp) {
    FloatVector z = FloatVector.zero(F);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(F, bp, bo + p * (2 * LF));
      FloatVector b1 = FloatVector.fromArray(F, bp, bo + p * (2 * LF) + LF);
      FloatVector a0 = FloatVector.broadcast(F, ap[ao + p * 8]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(F, ap[ao + p * 8 + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(F, ap[ao + p * 8 + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(F, ap[ao + p * 8 + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      FloatVector a4 = FloatVector.broadcast(F, ap[ao + p * 8 + 4]);
      c40 = a4.fma(b0, c40);
      c41 = a4.fma(b1, c41);
      FloatVector a5 = FloatVector.broadcast(F, ap[ao + p * 8 + 5]);
      c50 = a5.fma(b0, c50);
      c51 = a5.fma(b1, c51);
      FloatVector a6 = FloatVector.broadcast(F, ap[ao + p * 8 + 6]);
      c60 = a6.fma(b0, c60);
      c61 = a6.fma(b1, c61);
      FloatVector a7 = FloatVector.broadcast(F, ap[ao + p * 8 + 7]);
      c70 = a7.fma(b0, c70);
      c71 = a7.fma(b1, c71);
    }
    int nrv = 2 * LF;
    c00.intoArray(tmp, 0);
    c01.intoArray(tmp, LF);
    c10.intoArray(tmp, nrv);
    c11.intoArray(tmp, nrv + LF);
    c20.intoArray(tmp, 2 * nrv);
    c21.intoArray(tmp, 2 * nrv + LF);
    c30.intoArray(tmp, 3 * nrv);
    c31.intoArray(tmp, 3 * nrv + LF);
    c40.intoArray(tmp, 4 * nrv);
    c41.intoArray(tmp, 4 * nrv + LF);
    c50.intoArray(tmp, 5 * nrv);
    c51.intoArray(tmp, 5 * nrv + LF);
    c60.intoArray(tmp, 6 * nrv);
    c61.intoArray(tmp, 6 * nrv + LF);
    c70.intoArray(tmp, 7 * nrv);
    c71.intoArray(tmp, 7 * nrv + LF);
  }

  /**
   * C[0:mr, 0:nr] = alpha * T (overwrite) or C += alpha * T, T the MRF x NR tile in tmp (rows of NR): a
   * multiply then an add (no FMA), the same operations on the vector and the clipped path.
   */
  private static void sgemmTileStore(float alpha, float[] c, int co, int ldc, int mr, int nr, boolean overwrite, float[] tmp) {
    int nrv = 2 * LF;
    if (mr == MRF && nr == nrv) {
      for (int r = 0; r < MRF; r++, co += ldc) {
        FloatVector t0 = FloatVector.fromArray(F, tmp, r * nrv).mul(alpha);
        FloatVector t1 = FloatVector.fromArray(F, tmp, r * nrv + LF).mul(alpha);
        if (!overwrite) {
          t0 = FloatVector.fromArray(F, c, co).add(t0);
          t1 = FloatVector.fromArray(F, c, co + LF).add(t1);
        }
        t0.intoArray(c, co);
        t1.intoArray(c, co + LF);
      }
    } else {
      for (int r = 0; r < mr; r++) {
        if (overwrite) {
          for (int j = 0; j < nr; j++) c[co + r * ldc + j] = alpha * tmp[r * nrv + j];
        } else {
          for (int j = 0; j < nr; j++) c[co + r * ldc + j] += alpha * tmp[r * nrv + j];
        }
      }
    }
  }


  /**
   * The sum of the lanes in lane order. Not {@code reduceLanes(ADD)}: its order is unspecified and differs
   * between the interpreter and C2-compiled code, so results would depend on JIT timing (measured: two
   * runs of the same command differed in the last bits). Called once per reduction, outside inner loops.
   */
  private static double sumLanes(DoubleVector v) {
    double s = 0;
    for (int i = 0; i < LD; i++) s += v.lane(i); // constant i after unrolling: one lane extract each
    return s;
  }

  /** {@link #sumLanes(DoubleVector)} for the Krylov kernels' species (KLD lanes, in lane order). */
  private static double sumLanesK(DoubleVector v) {
    double s = 0;
    for (int i = 0; i < KLD; i++) s += v.lane(i);
    return s;
  }

  // ---- BLAS-1 --------------------------------------------------------------------------------------

  /** {@code sum_i a[ao+i] b[bo+i]}, i &lt; len (len may be &lt;= 0: returns 0). */
  static double dot(double[] a, int ao, double[] b, int bo, int len) {
    // Four accumulators: independent FMA chains so the loop is not bound by FMA latency.
    DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
    int i = 0;
    for (; i <= len - 4 * LD; i += 4 * LD) {
      s0 = DoubleVector.fromArray(D, a, ao + i).fma(DoubleVector.fromArray(D, b, bo + i), s0);
      s1 = DoubleVector.fromArray(D, a, ao + i + LD).fma(DoubleVector.fromArray(D, b, bo + i + LD), s1);
      s2 = DoubleVector.fromArray(D, a, ao + i + 2 * LD).fma(DoubleVector.fromArray(D, b, bo + i + 2 * LD), s2);
      s3 = DoubleVector.fromArray(D, a, ao + i + 3 * LD).fma(DoubleVector.fromArray(D, b, bo + i + 3 * LD), s3);
    }
    for (; i <= len - LD; i += LD) {
      s0 = DoubleVector.fromArray(D, a, ao + i).fma(DoubleVector.fromArray(D, b, bo + i), s0);
    }
    double s = sumLanes(s0.add(s1).add(s2.add(s3)));
    for (; i < len; i++) s = Math.fma(a[ao + i], b[bo + i], s);
    return s;
  }

  /** {@code y[yo+i] += alpha x[xo+i]}. y is modified. */
  static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int len) {
    DoubleVector av = DoubleVector.broadcast(D, alpha);
    int i = 0;
    for (; i <= len - LD; i += LD) {
      av.fma(DoubleVector.fromArray(D, x, xo + i), DoubleVector.fromArray(D, y, yo + i)).intoArray(y, yo + i);
    }
    for (; i < len; i++) y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
  }

  // ---- Krylov step (K1) ----------------------------------------------------------------------------

  /**
   * Fused Krylov step (SPEC (K1)) on the rows {@code i0 <= i < i1} of W, given P_in transposed:
   * {@code pOut[i, c] = scale * sum_l W[i,l] pT[c*n + l]} for those rows and the partial product
   * {@code qOut[s, :] = sum_{i0 <= i < i1} (scale * qIn[s, i]) W[i, :]} (summed in row order), in one pass over the
   * rows. Rows of pOut outside the range are not touched; qOut (r x n, leading dimension ldq; ldqIn for
   * qIn) is overwritten; w, pT, qIn are not
   * modified. Each row's P sum depends only on that row, so a split into row ranges changes no P bit.
   */
  static void krylov(int n, double[] w, double scale, int i0, int i1, int m, double[] pT, double[] pOut, int pOutOff, int ldp,
                     int r, double[] qIn, int qInOff, int ldqIn, double[] qOut, int qOutOff, int ldq) {
    for (int s = 0; s < r; s++) java.util.Arrays.fill(qOut, qOutOff + s * ldq, qOutOff + s * ldq + n, 0.0);
    // Groups of four rows of W: each pass over the group shares every load of P and every load and store
    // of Q among four rows. The first pass takes P column 0 and Q row 0 (all of n_x = n_y = 1, SPEC E1, E2),
    // further passes two more P columns or one more Q row each, re-reading the group (4 n doubles) from
    // L1/L2. Every P sum and every Q element sees the same operations in these kernels and in krylovPass
    // (one accumulator per row and column along the row, rows in order for Q), so a row's results do not
    // depend on whether it falls in a group of four or in the tail.
    int i = i0;
    for (; i + 4 <= i1; i += 4) {
      int c = 0, s = 0;
      if (m > 0 || r > 0) {
        krylovRows4(n, w, scale, i, m > 0, pT, 0, pOut, pOutOff, ldp, r > 0, qIn, qInOff, qOut, qOutOff);
        c = Math.min(m, 1);
        s = Math.min(r, 1);
      }
      for (; c + 2 <= m; c += 2) krylovRows4P2(n, w, scale, i, pT, c * n, (c + 1) * n, pOut, pOutOff + c, ldp);
      if (c < m) krylovRows4(n, w, scale, i, true, pT, c * n, pOut, pOutOff + c, ldp, false, qIn, 0, qOut, 0);
      for (; s < r; s++) {
        krylovRows4(n, w, scale, i, false, pT, 0, pOut, 0, ldp, true, qIn, qInOff + s * ldqIn, qOut, qOutOff + s * ldq);
      }
    }
    for (; i < i1; i++) {
      int wi = i * n;
      int po = pOutOff + i * ldp;
      // The tail rows of the range: each pass takes up to four columns of P and two rows of Q (the
      // registers: 4 accumulators, 2 broadcasts, the W vector).
      int c = 0, s = 0;
      do {
        int pc = Math.min(4, m - c), qc = Math.min(2, r - s);
        krylovPass(n, w, scale, wi, pT, c, pc, pOut, po, qIn, qInOff + i, ldqIn, s, qc, qOut, qOutOff, ldq);
        c += pc;
        s += qc;
      } while (c < m || s < r);
    }
  }

  /**
   * Single-precision twin of {@link #krylov} on the rows {@code i0 <= i < i1} (same contract: pOut rows in
   * the range, qOut the partial product of those rows, overwritten), one P column and one Q row per pass over
   * a row of W.
   */
  static void krylovF(int n, float[] w, float scale, int i0, int i1, int m, float[] pT, float[] pOut, int pOutOff,
                      int ldp, int r, float[] qIn, int qInOff, int ldqIn, float[] qOut, int qOutOff, int ldq) {
    for (int s = 0; s < r; s++) java.util.Arrays.fill(qOut, qOutOff + s * ldq, qOutOff + s * ldq + n, 0f);
    // As the double kernel: groups of four rows share every load of P and every load and store of Q; the
    // first pass takes P column 0 and Q row 0 (all of E1's n_x = n_y = 1), further passes one more P column
    // or Q row each. One accumulator per row and column, lanes added in a fixed order, the same operations
    // for a row in a group of four and in the tail: a row's results do not depend on where it falls.
    int i = i0;
    for (; i + 4 <= i1; i += 4) {
      int c = 0, s = 0;
      if (m > 0 || r > 0) {
        krylovRows4F(n, w, scale, i, m > 0, pT, 0, pOut, pOutOff, ldp, r > 0, qIn, qInOff, qOut, qOutOff);
        c = Math.min(m, 1);
        s = Math.min(r, 1);
      }
      for (; c < m; c++) krylovRows4F(n, w, scale, i, true, pT, c * n, pOut, pOutOff + c, ldp, false, qIn, 0, qOut, 0);
      for (; s < r; s++) {
        krylovRows4F(n, w, scale, i, false, pT, 0, pOut, 0, ldp, true, qIn, qInOff + s * ldqIn, qOut, qOutOff + s * ldq);
      }
    }
    for (; i < i1; i++) {
      int wi = i * n;
      int c = 0, s = 0;
      do {
        boolean doP = c < m, doQ = s < r;
        float qs = doQ ? scale * qIn[qInOff + s * ldqIn + i] : 0f;
        float acc = krylovPassF(n, w, wi, doP, pT, c * n, doQ, qs, qOut, qOutOff + s * ldq);
        if (doP) pOut[pOutOff + i * ldp + c] = acc * scale;
        if (doP) c++;
        if (doQ) s++;
      } while (c < m || s < r);
    }
  }

  private static float sumLanesK(FloatVector v) {
    float s = 0;
    for (int i = 0; i < KLF; i++) s += v.lane(i); // constant i after unrolling: one lane extract each
    return s;
  }

  /**
   * One pass over row {@code wi} of W: returns {@code sum_l W[l] pT[pt + l]} (one accumulator, lanes added
   * in a fixed order, then the tail) when doP, and does {@code qOut[qo + :] += qs W[wi + :]} when doQ.
   */
  private static float krylovPassF(int n, float[] w, int wi, boolean doP, float[] pT, int pt, boolean doQ, float qs,
                                   float[] qOut, int qo) {
    FloatVector s0 = FloatVector.zero(KF);
    FloatVector qv = FloatVector.broadcast(KF, qs);
    int l = 0;
    for (; l <= n - KLF; l += KLF) {
      FloatVector wv = FloatVector.fromArray(KF, w, wi + l);
      if (doP) s0 = wv.fma(FloatVector.fromArray(KF, pT, pt + l), s0);
      if (doQ) qv.fma(wv, FloatVector.fromArray(KF, qOut, qo + l)).intoArray(qOut, qo + l);
    }
    float acc = sumLanesK(s0);
    for (; l < n; l++) {
      float wl = w[wi + l];
      if (doP) acc = Math.fma(wl, pT[pt + l], acc);
      if (doQ) qOut[qo + l] = Math.fma(qs, wl, qOut[qo + l]);
    }
    return acc;
  }

  /** The float32 twin of {@link #krylovRows4}: rows i..i+3, the Q updates in row order. */
  private static void krylovRows4F(int n, float[] w, float scale, int i, boolean doP, float[] pT, int pto,
                                   float[] pOut, int po, int ldp, boolean doQ, float[] qIn, int qi,
                                   float[] qOut, int qo) {
    int w0 = i * n, w1 = w0 + n, w2 = w1 + n, w3 = w2 + n;
    float qa = doQ ? scale * qIn[qi + i] : 0, qb = doQ ? scale * qIn[qi + i + 1] : 0;
    float qc = doQ ? scale * qIn[qi + i + 2] : 0, qd = doQ ? scale * qIn[qi + i + 3] : 0;
    FloatVector qva = FloatVector.broadcast(KF, qa), qvb = FloatVector.broadcast(KF, qb);
    FloatVector qvc = FloatVector.broadcast(KF, qc), qvd = FloatVector.broadcast(KF, qd);
    FloatVector s0 = FloatVector.zero(KF), s1 = s0, s2 = s0, s3 = s0;
    int l = 0;
    for (; l <= n - KLF; l += KLF) {
      FloatVector x0 = FloatVector.fromArray(KF, w, w0 + l);
      FloatVector x1 = FloatVector.fromArray(KF, w, w1 + l);
      FloatVector x2 = FloatVector.fromArray(KF, w, w2 + l);
      FloatVector x3 = FloatVector.fromArray(KF, w, w3 + l);
      if (doP) {
        FloatVector pv = FloatVector.fromArray(KF, pT, pto + l);
        s0 = x0.fma(pv, s0);
        s1 = x1.fma(pv, s1);
        s2 = x2.fma(pv, s2);
        s3 = x3.fma(pv, s3);
      }
      if (doQ) {
        FloatVector q = FloatVector.fromArray(KF, qOut, qo + l);
        q = qva.fma(x0, q);
        q = qvb.fma(x1, q);
        q = qvc.fma(x2, q);
        q = qvd.fma(x3, q);
        q.intoArray(qOut, qo + l);
      }
    }
    float a0 = sumLanesK(s0), a1 = sumLanesK(s1), a2 = sumLanesK(s2), a3 = sumLanesK(s3);
    for (; l < n; l++) {
      float x0 = w[w0 + l], x1 = w[w1 + l], x2 = w[w2 + l], x3 = w[w3 + l];
      if (doP) {
        float pv = pT[pto + l];
        a0 = Math.fma(x0, pv, a0);
        a1 = Math.fma(x1, pv, a1);
        a2 = Math.fma(x2, pv, a2);
        a3 = Math.fma(x3, pv, a3);
      }
      if (doQ) {
        float q = qOut[qo + l];
        q = Math.fma(qa, x0, q);
        q = Math.fma(qb, x1, q);
        q = Math.fma(qc, x2, q);
        q = Math.fma(qd, x3, q);
        qOut[qo + l] = q;
      }
    }
    if (doP) {
      pOut[po + i * ldp] = a0 * scale;
      pOut[po + (i + 1) * ldp] = a1 * scale;
      pOut[po + (i + 2) * ldp] = a2 * scale;
      pOut[po + (i + 3) * ldp] = a3 * scale;
    }
  }

  /** Columns of W per strip of the rank-k update: the strip's packed V panels (k x 512) stay in L2 for all rows. */
  static final int RANK_STRIP = 512;

  /** Columns of a packed V panel of the double rank update: the register tile is 4 rows x RANK_NR. */
  static final int RANK_NR = 2 * LD;
  /** Columns of a packed V panel of the float rank update. */
  static final int RANK_NRF = 2 * LF;

  /**
   * Packs V (n x k, ld ldv) for {@link #rankUpdate(int, int, int, double[], int, int, double[], double[])}: the
   * first {@code nFull = n - n % RANK_NR} columns of V^T as panels of RANK_NR columns, each panel k rows of RANK_NR
   * contiguous values ({@code vp[(l / NR) k NR + b NR + l % NR] = V[l, b]}), then the last {@code n - nFull}
   * columns of V^T row by row. A tile's loads of V then walk one contiguous panel (with V^T's rows n apart, k
   * loads a multiple of 4 KB apart fell into the same L1 sets at n = 4096: 12.6 against 19.5 GFLOP/s, measured
   * at 512 bits on one thread). vp has k n elements.
   */
  static void packRankV(int n, int k, double[] v, int ldv, double[] vp) {
    int nr = RANK_NR, nFull = n - n % nr, tail = n - nFull;
    for (int l = 0; l < n; l++) {
      int src = l * ldv;
      if (l < nFull) {
        int dst = (l / nr) * k * nr + l % nr;
        for (int b = 0; b < k; b++) vp[dst + b * nr] = v[src + b];
      } else {
        int dst = nFull * k + (l - nFull);
        for (int b = 0; b < k; b++) vp[dst + b * tail] = v[src + b];
      }
    }
  }

  /** Float twin of {@link #packRankV(int, int, double[], int, double[])} with panels of RANK_NRF columns. */
  static void packRankV(int n, int k, float[] v, int ldv, float[] vp) {
    int nr = RANK_NRF, nFull = n - n % nr, tail = n - nFull;
    for (int l = 0; l < n; l++) {
      int src = l * ldv;
      if (l < nFull) {
        int dst = (l / nr) * k * nr + l % nr;
        for (int b = 0; b < k; b++) vp[dst + b * nr] = v[src + b];
      } else {
        int dst = nFull * k + (l - nFull);
        for (int b = 0; b < k; b++) vp[dst + b * tail] = v[src + b];
      }
    }
  }

  /**
   * Rows i..i+3 over the RANK_NR columns l.. of one packed panel (at vo in vp), two vectors per row: 8
   * accumulators loaded from W, k FMAs each, stored back. A small method called once per row group and panel, so
   * that C2 compiles it whole (a long-running single call would run as on-stack replacement, where the Vector API
   * was seen to fall back to boxed vectors: 1.6 s instead of 0.1 s at n = 8192).
   */
  private static void rankTile4(int n, int i, int l, double[] ua, int ldu, int k, double[] vp, int vo, double[] w) {
    int r0 = i * n + l, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
    int u0 = i * ldu, u1 = u0 + ldu, u2 = u1 + ldu, u3 = u2 + ldu;
    DoubleVector a0 = DoubleVector.fromArray(D, w, r0), b0 = DoubleVector.fromArray(D, w, r0 + LD);
    DoubleVector a1 = DoubleVector.fromArray(D, w, r1), b1 = DoubleVector.fromArray(D, w, r1 + LD);
    DoubleVector a2 = DoubleVector.fromArray(D, w, r2), b2 = DoubleVector.fromArray(D, w, r2 + LD);
    DoubleVector a3 = DoubleVector.fromArray(D, w, r3), b3 = DoubleVector.fromArray(D, w, r3 + LD);
    for (int b = 0; b < k; b++) {
      DoubleVector v0 = DoubleVector.fromArray(D, vp, vo + b * (2 * LD));
      DoubleVector v1 = DoubleVector.fromArray(D, vp, vo + b * (2 * LD) + LD);
      DoubleVector s0 = DoubleVector.broadcast(D, ua[u0 + b]), s1 = DoubleVector.broadcast(D, ua[u1 + b]);
      DoubleVector s2 = DoubleVector.broadcast(D, ua[u2 + b]), s3 = DoubleVector.broadcast(D, ua[u3 + b]);
      a0 = s0.fma(v0, a0);
      b0 = s0.fma(v1, b0);
      a1 = s1.fma(v0, a1);
      b1 = s1.fma(v1, b1);
      a2 = s2.fma(v0, a2);
      b2 = s2.fma(v1, b2);
      a3 = s3.fma(v0, a3);
      b3 = s3.fma(v1, b3);
    }
    a0.intoArray(w, r0);
    b0.intoArray(w, r0 + LD);
    a1.intoArray(w, r1);
    b1.intoArray(w, r1 + LD);
    a2.intoArray(w, r2);
    b2.intoArray(w, r2 + LD);
    a3.intoArray(w, r3);
    b3.intoArray(w, r3 + LD);
  }

  /**
   * Rank-k update of the rows {@code i0 <= i < i1} of W (n x n, ld n): {@code W[i, j] += sum_b ua[i*ldu + b]
   * V[j, b]}, V packed by {@link #packRankV(int, int, double[], int, double[])} into vp, where ua already holds
   * alpha * U (so each element is one FMA chain over b in order, whatever the row range and whether it falls in a
   * tile or a tail: the same bits for any split into ranges).
   */
  static void rankUpdate(int n, int i0, int i1, double[] ua, int ldu, int k, double[] vp, double[] w) {
    // (K4) W~ -= eta/sqrt(n) R P^T in place: column strips, four rows by one packed panel per tile
    int nr = RANK_NR, nFull = n - n % nr;
    for (int c0 = 0; c0 < n; c0 += RANK_STRIP) {
      int c1 = Math.min(n, c0 + RANK_STRIP), v1 = Math.min(c1, nFull);
      int i = i0;
      for (; i + 4 <= i1; i += 4) {
        for (int l = c0; l < v1; l += nr) rankTile4(n, i, l, ua, ldu, k, vp, (l / nr) * k * nr, w);
        for (int t = 0; t < 4; t++) rankUpdateTail(n, i + t, v1, c1, ua, ldu, k, vp, w);
      }
      for (; i < i1; i++) rankUpdateTail(n, i, c0, c1, ua, ldu, k, vp, w);
    }
  }

  /** Columns from..to-1 of row i, one scalar FMA chain per element over b in order (the tile's operations). */
  private static void rankUpdateTail(int n, int i, int from, int to, double[] ua, int ldu, int k, double[] vp,
                                     double[] w) {
    int r = i * n, u = i * ldu, nr = RANK_NR, nFull = n - n % nr, tail = n - nFull;
    for (int l = from; l < to; l++) {
      int vo = l < nFull ? (l / nr) * k * nr + l % nr : nFull * k + (l - nFull);
      int vs = l < nFull ? nr : tail;
      double acc = w[r + l];
      for (int b = 0; b < k; b++) acc = Math.fma(ua[u + b], vp[vo + b * vs], acc);
      w[r + l] = acc;
    }
  }

  /** Float twin of {@link #rankTile4}: each update summed from zero, then added to W with unbiased rounding. */
  private static void rankTile4(int n, int i, int l, float[] ua, int ldu, int k, float[] vp, int vo, float[] w,
                                int seed) {
    int r0 = i * n + l, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
    int u0 = i * ldu, u1 = u0 + ldu, u2 = u1 + ldu, u3 = u2 + ldu;
    // the update of each element is summed from zero (float32 is precise relative to the update itself),
    // then added to W~ with unbiased rounding (StochasticRounding)
    FloatVector a0 = FloatVector.zero(F), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
    for (int b = 0; b < k; b++) {
      FloatVector v0 = FloatVector.fromArray(F, vp, vo + b * (2 * LF));
      FloatVector v1 = FloatVector.fromArray(F, vp, vo + b * (2 * LF) + LF);
      FloatVector s0 = FloatVector.broadcast(F, ua[u0 + b]), s1 = FloatVector.broadcast(F, ua[u1 + b]);
      FloatVector s2 = FloatVector.broadcast(F, ua[u2 + b]), s3 = FloatVector.broadcast(F, ua[u3 + b]);
      a0 = s0.fma(v0, a0);
      b0 = s0.fma(v1, b0);
      a1 = s1.fma(v0, a1);
      b1 = s1.fma(v1, b1);
      a2 = s2.fma(v0, a2);
      b2 = s2.fma(v1, b2);
      a3 = s3.fma(v0, a3);
      b3 = s3.fma(v1, b3);
    }
    addRounded(w, r0, a0, seed);
    addRounded(w, r0 + LF, b0, seed);
    addRounded(w, r1, a1, seed);
    addRounded(w, r1 + LF, b1, seed);
    addRounded(w, r2, a2, seed);
    addRounded(w, r2 + LF, b2, seed);
    addRounded(w, r3, a3, seed);
    addRounded(w, r3 + LF, b3, seed);
  }

  /** {@code w[at..] = StochasticRounding.add(w[at..], d, index, seed)} lane by lane (the same operations). */
  private static void addRounded(float[] w, int at, FloatVector d, int seed) {
    FloatVector wv = FloatVector.fromArray(F, w, at);
    FloatVector t = wv.add(d);
    FloatVector z = t.sub(wv);
    FloatVector err = wv.sub(t.sub(z)).add(d.sub(z));
    IntVector e = t.reinterpretAsInts().and(0x7F800000).sub(23 << 23).max(0x00800000);
    FloatVector ulp = e.reinterpretAsFloats();
    IntVector h = IntVector.broadcast(I, at).addIndex(1).lanewise(VectorOperators.XOR, seed);
    h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85ebca6b);
    h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xc2b2ae35);
    h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
    FloatVector r = ((IntVector) h.lanewise(VectorOperators.LSHR, 8)).convert(VectorOperators.I2F, 0)
        .reinterpretAsFloats().mul(0x1.0p-24f);
    VectorMask<Float> up = r.mul(ulp).compare(VectorOperators.LT, err.abs());
    FloatVector step = e.or(err.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats(); // copySign(ulp, err)
    t.add(step, up).intoArray(w, at);
  }

  /**
   * Single-precision twin of {@link #rankUpdate(int, int, int, double[], int, int, double[], double[])} (V packed by
   * {@link #packRankV(int, int, float[], int, float[])}): each element's update is summed from zero and added to W
   * with {@link StochasticRounding} (hash seed {@code seed}).
   */
  static void rankUpdate(int n, int i0, int i1, float[] ua, int ldu, int k, float[] vp, float[] w, int seed) {
    int nr = RANK_NRF, nFull = n - n % nr;
    for (int c0 = 0; c0 < n; c0 += 2 * RANK_STRIP) {
      int c1 = Math.min(n, c0 + 2 * RANK_STRIP), v1 = Math.min(c1, nFull);
      int i = i0;
      for (; i + 4 <= i1; i += 4) {
        for (int l = c0; l < v1; l += nr) rankTile4(n, i, l, ua, ldu, k, vp, (l / nr) * k * nr, w, seed);
        for (int t = 0; t < 4; t++) rankUpdateTailF(n, i + t, v1, c1, ua, ldu, k, vp, w, seed);
      }
      for (; i < i1; i++) rankUpdateTailF(n, i, c0, c1, ua, ldu, k, vp, w, seed);
    }
  }

  private static void rankUpdateTailF(int n, int i, int from, int to, float[] ua, int ldu, int k, float[] vp,
                                      float[] w, int seed) {
    int r = i * n, u = i * ldu, nr = RANK_NRF, nFull = n - n % nr, tail = n - nFull;
    for (int l = from; l < to; l++) {
      int vo = l < nFull ? (l / nr) * k * nr + l % nr : nFull * k + (l - nFull);
      int vs = l < nFull ? nr : tail;
      float acc = 0;
      for (int b = 0; b < k; b++) acc = Math.fma(ua[u + b], vp[vo + b * vs], acc);
      w[r + l] = StochasticRounding.add(w[r + l], acc, r + l, seed);
    }
  }



  /**
   * Rows i..i+3 of W in one pass: with doP, {@code pOut[po + (i+t) ldp] = scale W[i+t, :] pT[pto + :]} (one
   * accumulator per row); with doQ, {@code qOut[qo + :] += (scale qIn[qi + i+t]) W[i+t, :]} for t = 0..3 in
   * row order. Per vector of a row: 4 loads of W, 1 of P, 1 load and 1 store of Q for 8 FMAs (one row at
   * a time would need 1 + 1 + 1 + 1 for 2).
   */
  private static void krylovRows4(int n, double[] w, double scale, int i, boolean doP, double[] pT, int pto,
                                  double[] pOut, int po, int ldp, boolean doQ, double[] qIn, int qi,
                                  double[] qOut, int qo) {
    int w0 = i * n, w1 = w0 + n, w2 = w1 + n, w3 = w2 + n;
    double qa = doQ ? scale * qIn[qi + i] : 0, qb = doQ ? scale * qIn[qi + i + 1] : 0;
    double qc = doQ ? scale * qIn[qi + i + 2] : 0, qd = doQ ? scale * qIn[qi + i + 3] : 0;
    DoubleVector qva = DoubleVector.broadcast(KD, qa), qvb = DoubleVector.broadcast(KD, qb);
    DoubleVector qvc = DoubleVector.broadcast(KD, qc), qvd = DoubleVector.broadcast(KD, qd);
    DoubleVector s0 = DoubleVector.zero(KD), s1 = s0, s2 = s0, s3 = s0;
    int l = 0;
    for (; l <= n - KLD; l += KLD) {
      DoubleVector x0 = DoubleVector.fromArray(KD, w, w0 + l);
      DoubleVector x1 = DoubleVector.fromArray(KD, w, w1 + l);
      DoubleVector x2 = DoubleVector.fromArray(KD, w, w2 + l);
      DoubleVector x3 = DoubleVector.fromArray(KD, w, w3 + l);
      if (doP) {
        DoubleVector pv = DoubleVector.fromArray(KD, pT, pto + l);
        s0 = x0.fma(pv, s0);
        s1 = x1.fma(pv, s1);
        s2 = x2.fma(pv, s2);
        s3 = x3.fma(pv, s3);
      }
      if (doQ) {
        DoubleVector qv = DoubleVector.fromArray(KD, qOut, qo + l);
        qv = qva.fma(x0, qv);
        qv = qvb.fma(x1, qv);
        qv = qvc.fma(x2, qv);
        qvd.fma(x3, qv).intoArray(qOut, qo + l);
      }
    }
    double a0 = sumLanesK(s0), a1 = sumLanesK(s1), a2 = sumLanesK(s2), a3 = sumLanesK(s3);
    for (; l < n; l++) {
      double x0 = w[w0 + l], x1 = w[w1 + l], x2 = w[w2 + l], x3 = w[w3 + l];
      if (doP) {
        double pl = pT[pto + l];
        a0 = Math.fma(x0, pl, a0);
        a1 = Math.fma(x1, pl, a1);
        a2 = Math.fma(x2, pl, a2);
        a3 = Math.fma(x3, pl, a3);
      }
      if (doQ) {
        double q = qOut[qo + l];
        q = Math.fma(qa, x0, q);
        q = Math.fma(qb, x1, q);
        q = Math.fma(qc, x2, q);
        qOut[qo + l] = Math.fma(qd, x3, q);
      }
    }
    if (doP) {
      pOut[po + i * ldp] = a0 * scale;
      pOut[po + (i + 1) * ldp] = a1 * scale;
      pOut[po + (i + 2) * ldp] = a2 * scale;
      pOut[po + (i + 3) * ldp] = a3 * scale;
    }
  }

  /**
   * Rows i..i+3 of W against two columns of P in one pass: {@code pOut[po + (i+t) ldp + {0, 1}] = scale
   * W[i+t, :] pT[{pt0, pt1} + :]}, one accumulator per row and column (8 accumulators, 2 P vectors, 4 W
   * vectors: 14 of the 16 AVX2 registers).
   */
  private static void krylovRows4P2(int n, double[] w, double scale, int i, double[] pT, int pt0, int pt1,
                                    double[] pOut, int po, int ldp) {
    int w0 = i * n, w1 = w0 + n, w2 = w1 + n, w3 = w2 + n;
    DoubleVector s00 = DoubleVector.zero(KD), s10 = s00, s20 = s00, s30 = s00;
    DoubleVector s01 = s00, s11 = s00, s21 = s00, s31 = s00;
    int l = 0;
    for (; l <= n - KLD; l += KLD) {
      DoubleVector p0 = DoubleVector.fromArray(KD, pT, pt0 + l);
      DoubleVector p1 = DoubleVector.fromArray(KD, pT, pt1 + l);
      DoubleVector x = DoubleVector.fromArray(KD, w, w0 + l);
      s00 = x.fma(p0, s00);
      s01 = x.fma(p1, s01);
      x = DoubleVector.fromArray(KD, w, w1 + l);
      s10 = x.fma(p0, s10);
      s11 = x.fma(p1, s11);
      x = DoubleVector.fromArray(KD, w, w2 + l);
      s20 = x.fma(p0, s20);
      s21 = x.fma(p1, s21);
      x = DoubleVector.fromArray(KD, w, w3 + l);
      s30 = x.fma(p0, s30);
      s31 = x.fma(p1, s31);
    }
    double a00 = sumLanesK(s00), a10 = sumLanesK(s10), a20 = sumLanesK(s20), a30 = sumLanesK(s30);
    double a01 = sumLanesK(s01), a11 = sumLanesK(s11), a21 = sumLanesK(s21), a31 = sumLanesK(s31);
    for (; l < n; l++) {
      double p0 = pT[pt0 + l], p1 = pT[pt1 + l];
      a00 = Math.fma(w[w0 + l], p0, a00);
      a01 = Math.fma(w[w0 + l], p1, a01);
      a10 = Math.fma(w[w1 + l], p0, a10);
      a11 = Math.fma(w[w1 + l], p1, a11);
      a20 = Math.fma(w[w2 + l], p0, a20);
      a21 = Math.fma(w[w2 + l], p1, a21);
      a30 = Math.fma(w[w3 + l], p0, a30);
      a31 = Math.fma(w[w3 + l], p1, a31);
    }
    pOut[po + i * ldp] = a00 * scale;
    pOut[po + i * ldp + 1] = a01 * scale;
    pOut[po + (i + 1) * ldp] = a10 * scale;
    pOut[po + (i + 1) * ldp + 1] = a11 * scale;
    pOut[po + (i + 2) * ldp] = a20 * scale;
    pOut[po + (i + 2) * ldp + 1] = a21 * scale;
    pOut[po + (i + 3) * ldp] = a30 * scale;
    pOut[po + (i + 3) * ldp + 1] = a31 * scale;
  }

  /**
   * One pass over row i of W: columns c0 .. c0+pc-1 of P (pc in 0..4) and rows s0 .. s0+qc-1 of Q
   * (qc in 0..2). The conditions are loop-invariant (C2 unswitches or predicts them).
   */
  private static void krylovPass(int n, double[] w, double scale, int wi, double[] pT, int c0, int pc, double[] pOut, int po,
                                 double[] qIn, int qi, int ldqIn, int s0, int qc, double[] qOut, int qOff, int ldq) {
    boolean doP = pc > 0, doQ0 = qc > 0, doQ1 = qc > 1;
    // Missing columns (pc < 4) re-read the last real column; their sums are discarded.
    int last = Math.max(pc - 1, 0);
    int p0 = c0 * n;
    int p1 = (c0 + Math.min(1, last)) * n;
    int p2 = (c0 + Math.min(2, last)) * n;
    int p3 = (c0 + Math.min(3, last)) * n;
    int q0 = qOff + s0 * ldq, q1 = qOff + (s0 + 1) * ldq;
    double qa = doQ0 ? scale * qIn[qi + s0 * ldqIn] : 0, qb = doQ1 ? scale * qIn[qi + (s0 + 1) * ldqIn] : 0;
    DoubleVector qva = DoubleVector.broadcast(KD, qa), qvb = DoubleVector.broadcast(KD, qb);
    DoubleVector s0v = DoubleVector.zero(KD), s1v = DoubleVector.zero(KD);
    DoubleVector s2v = DoubleVector.zero(KD), s3v = DoubleVector.zero(KD);
    int l = 0;
    for (; l <= n - KLD; l += KLD) {
      DoubleVector wv = DoubleVector.fromArray(KD, w, wi + l);
      if (doP) {
        s0v = wv.fma(DoubleVector.fromArray(KD, pT, p0 + l), s0v);
        s1v = wv.fma(DoubleVector.fromArray(KD, pT, p1 + l), s1v);
        s2v = wv.fma(DoubleVector.fromArray(KD, pT, p2 + l), s2v);
        s3v = wv.fma(DoubleVector.fromArray(KD, pT, p3 + l), s3v);
      }
      if (doQ0) qva.fma(wv, DoubleVector.fromArray(KD, qOut, q0 + l)).intoArray(qOut, q0 + l);
      if (doQ1) qvb.fma(wv, DoubleVector.fromArray(KD, qOut, q1 + l)).intoArray(qOut, q1 + l);
    }
    double a0 = sumLanesK(s0v), a1 = sumLanesK(s1v);
    double a2 = sumLanesK(s2v), a3 = sumLanesK(s3v);
    for (; l < n; l++) {
      double wl = w[wi + l];
      if (doP) {
        a0 = Math.fma(wl, pT[p0 + l], a0);
        a1 = Math.fma(wl, pT[p1 + l], a1);
        a2 = Math.fma(wl, pT[p2 + l], a2);
        a3 = Math.fma(wl, pT[p3 + l], a3);
      }
      if (doQ0) qOut[q0 + l] = Math.fma(qa, wl, qOut[q0 + l]);
      if (doQ1) qOut[q1 + l] = Math.fma(qb, wl, qOut[q1 + l]);
    }
    if (pc > 0) pOut[po + c0] = a0 * scale;
    if (pc > 1) pOut[po + c0 + 1] = a1 * scale;
    if (pc > 2) pOut[po + c0 + 2] = a2 * scale;
    if (pc > 3) pOut[po + c0 + 3] = a3 * scale;
  }

  // ---- Toeplitz convolution (5) --------------------------------------------------------------------

  /**
   * One output channel of the Toeplitz convolution (SPEC (5)) across time:
   * {@code acc[t] += sum_{j<lags} sum_{a<nx} gb[j*nx + a] * xpad[a*padLen + lags-1 + t - j]}, t &lt; len,
   * where xpad holds each input channel after {@code lags-1} leading zeros (padLen = lags-1+len).
   * acc is modified; gb and xpad are not.
   */
  static void convolveSeries(int len, int lags, int nx, double[] gb, double[] xpad, int padLen, double[] acc) {
    int base = lags - 1;
    int t = 0;
    // Four vectors of time steps per pass: one broadcast coefficient feeds four independent FMA chains.
    // Lags j > t are skipped per block; inside a block the leading zeros of xpad make them vanish.
    for (; t <= len - 4 * LD; t += 4 * LD) {
      DoubleVector v0 = DoubleVector.fromArray(D, acc, t);
      DoubleVector v1 = DoubleVector.fromArray(D, acc, t + LD);
      DoubleVector v2 = DoubleVector.fromArray(D, acc, t + 2 * LD);
      DoubleVector v3 = DoubleVector.fromArray(D, acc, t + 3 * LD);
      int jmax = Math.min(lags - 1, t + 4 * LD - 1);
      for (int j = 0; j <= jmax; j++) {
        for (int a = 0; a < nx; a++) {
          DoubleVector g = DoubleVector.broadcast(D, gb[j * nx + a]);
          int xo = a * padLen + base + t - j;
          v0 = g.fma(DoubleVector.fromArray(D, xpad, xo), v0);
          v1 = g.fma(DoubleVector.fromArray(D, xpad, xo + LD), v1);
          v2 = g.fma(DoubleVector.fromArray(D, xpad, xo + 2 * LD), v2);
          v3 = g.fma(DoubleVector.fromArray(D, xpad, xo + 3 * LD), v3);
        }
      }
      v0.intoArray(acc, t);
      v1.intoArray(acc, t + LD);
      v2.intoArray(acc, t + 2 * LD);
      v3.intoArray(acc, t + 3 * LD);
    }
    for (; t <= len - LD; t += LD) {
      DoubleVector v0 = DoubleVector.fromArray(D, acc, t);
      int jmax = Math.min(lags - 1, t + LD - 1);
      for (int j = 0; j <= jmax; j++) {
        for (int a = 0; a < nx; a++) {
          v0 = DoubleVector.broadcast(D, gb[j * nx + a]).fma(DoubleVector.fromArray(D, xpad, a * padLen + base + t - j), v0);
        }
      }
      v0.intoArray(acc, t);
    }
    for (; t < len; t++) {
      double s = acc[t];
      int jmax = Math.min(lags - 1, t);
      for (int j = 0; j <= jmax; j++) {
        for (int a = 0; a < nx; a++) s = Math.fma(gb[j * nx + a], xpad[a * padLen + base + t - j], s);
      }
      acc[t] = s;
    }
  }
}
