package lrnn.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import lrnn.kernel.KernelProvider;
import lrnn.kernel.KernelSupport;
import lrnn.kernel.Parallel;

/**
 * The roofline of this JVM's kernels (issue 12): the machine's two ceilings measured in the same process, at the
 * same lane width and thread count, then each kernel's rate as a fraction of the ceiling that bounds it.
 * <ul>
 *   <li>{@code peak}: FMA throughput with no memory traffic (12 independent FMA chains of this JVM's species per
 *       thread): the compute ceiling, GFLOP/s (float: twice the double rate, the same instructions).</li>
 *   <li>{@code stream}: a streaming read of an n x n double array (a dot product of each row block with itself,
 *       by the kernels' own {@code dot}): the bandwidth ceiling, GB/s.</li>
 *   <li>kernels: DGEMM and SGEMM n = 2048 (2 n^3 flops: compute bound), the fused Krylov step (K1) with one P
 *       column and one Q row, float64 and float32 (4 n^2 flops, W read once: bandwidth bound), the rank-99 update
 *       of the Krylov GD step (K4) (2 k n^2 flops, W read and written once).</li>
 * </ul>
 * Times are medians of {@code reps} calls after {@code warmup}. One JSON line per measurement; bench/run.sh
 * roofline runs this once per lane width, the widths alternating round by round.
 *
 * <pre>java --add-modules jdk.incubator.vector [-Dlrnn.vector.bits=256] -cp bench/target/lrnn-bench.jar \
 *     lrnn.bench.Roofline [--threads 2] [--n 4096] [--reps 5] [--warmup 3]</pre>
 */
public final class Roofline {

  private Roofline() {}

  /** The JVM's width as chosen by the kernels (the same property, the same rule). */
  private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, VectorShape.forBitSize(
      Integer.parseInt(KernelProvider.get().name().substring("vector-".length()))));

  public static void main(String[] args) throws Exception {
    int threads = 2, n = 4096, reps = 5, warmup = 3, gemmN = 2048;
    for (int i = 0; i + 1 < args.length; i += 2) {
      int v = Integer.parseInt(args[i + 1]);
      switch (args[i]) {
        case "--threads" -> threads = v;
        case "--n" -> n = v;
        case "--gemm-n" -> gemmN = v;
        case "--reps" -> reps = v;
        case "--warmup" -> warmup = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    KernelSupport k = KernelProvider.get();
    if (!k.name().startsWith("vector-")) throw new IllegalStateException("Roofline needs the vector kernels");
    String head = String.format(Locale.ROOT, "\"kernels\": \"%s\", \"threads\": %d", k.name(), threads);
    try (Parallel par = new Parallel(threads)) {
      // ceilings
      final int t = threads;
      double[] sink = new double[t];
      double peak = 2 * D.length() * 12.0 * PEAK_ITERS * t / time(reps, warmup, () -> par.forEach(t, w -> sink[w] = fmaLoop())) / 1e9;
      print(head, "peak", "float64", 0, peak, 0, "compute", 100);
      double[] s = new double[n * n];
      Arrays.fill(s, 1e-3);
      int blocks = 64, len = s.length / blocks;
      double[] bsum = new double[blocks];
      double stream = 8.0 * n * n / time(reps, warmup, () -> par.forEach(blocks, b -> bsum[b] = k.dot(s, b * len, s, b * len, len))) / 1e9;
      print(head, "stream", "float64", n, 0, stream, "bandwidth", 100);

      // GEMM
      SplittableRandom rnd = new SplittableRandom(42);
      int g = gemmN;
      double[] a = new double[g * g], b = new double[g * g], c = new double[g * g];
      for (int i = 0; i < a.length; i++) {
        a[i] = rnd.nextDouble(-1, 1);
        b[i] = rnd.nextDouble(-1, 1);
      }
      double sec = time(reps, warmup, () -> k.gemm(par, false, false, g, g, g, 1.0, a, 0, g, b, 0, g, 0.0, c, 0, g));
      double gf = 2.0 * g * g * g / sec / 1e9;
      print(head, "dgemm", "float64", g, gf, 24.0 * g * g / sec / 1e9, "compute", 100 * gf / peak);
      float[] af = new float[g * g], bf = new float[g * g], cf = new float[g * g];
      for (int i = 0; i < af.length; i++) {
        af[i] = (float) a[i];
        bf[i] = (float) b[i];
      }
      sec = time(reps, warmup, () -> k.gemm(par, false, false, g, g, g, 1f, af, 0, g, bf, 0, g, 0f, cf, 0, g));
      gf = 2.0 * g * g * g / sec / 1e9;
      print(head, "sgemm", "float32", g, gf, 12.0 * g * g / sec / 1e9, "compute", 100 * gf / (2 * peak));

      // the fused Krylov step (K1), one P column and one Q row: W read once
      double[] w = new double[n * n];
      for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() / Math.sqrt(n);
      double[] p = new double[n], q = new double[n], po = new double[n], qo = new double[n];
      for (int i = 0; i < n; i++) {
        p[i] = rnd.nextGaussian();
        q[i] = rnd.nextGaussian();
      }
      int nn = n;
      sec = time(reps, warmup, () -> k.krylovStep(par, nn, w, 1.0, 1, p, 0, po, 0, 1, 1, q, 0, qo, 0, nn));
      double gbs = 8.0 * n * n / sec / 1e9;
      print(head, "krylov", "float64", n, 4.0 * n * n / sec / 1e9, gbs, "bandwidth", 100 * gbs / stream);
      float[] wf = new float[n * n], pf = new float[n], qf = new float[n], pof = new float[n], qof = new float[n];
      for (int i = 0; i < wf.length; i++) wf[i] = (float) w[i];
      for (int i = 0; i < n; i++) {
        pf[i] = (float) p[i];
        qf[i] = (float) q[i];
      }
      sec = time(reps, warmup, () -> k.krylovStep(par, nn, wf, 1f, 1, pf, 0, pof, 0, 1, 1, qf, 0, qof, 0, nn));
      gbs = 4.0 * n * n / sec / 1e9;
      print(head, "krylov", "float32", n, 4.0 * n * n / sec / 1e9, gbs, "bandwidth", 100 * gbs / stream);

      // the in-place rank-(K-1) update of the Krylov GD step, K = 100: W read and written once
      int rk = 99;
      double[] u = new double[n * rk], v = new double[n * rk];
      for (int i = 0; i < u.length; i++) {
        u[i] = rnd.nextGaussian();
        v[i] = rnd.nextGaussian();
      }
      sec = time(reps, warmup, () -> k.rankUpdate(par, nn, 1e-9, u, rk, rk, v, rk, w));
      gf = 2.0 * rk * n * n / sec / 1e9;
      gbs = 16.0 * n * n / sec / 1e9;
      print(head, "rankUpdate-k99", "float64", n, gf, gbs, "compute", 100 * gf / peak);
    }
  }

  private static final long PEAK_ITERS = 20_000_000L;

  /** 12 independent FMA chains of this JVM's species, PEAK_ITERS times (no loads or stores in the loop). */
  private static double fmaLoop() {
    DoubleVector x = DoubleVector.broadcast(D, 1.0000001), y = DoubleVector.broadcast(D, 0.9999999);
    DoubleVector c0 = DoubleVector.zero(D), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
    DoubleVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
    for (long i = 0; i < PEAK_ITERS; i++) {
      c0 = x.fma(c0, y);
      c1 = x.fma(c1, y);
      c2 = x.fma(c2, y);
      c3 = x.fma(c3, y);
      c4 = x.fma(c4, y);
      c5 = x.fma(c5, y);
      c6 = x.fma(c6, y);
      c7 = x.fma(c7, y);
      c8 = x.fma(c8, y);
      c9 = x.fma(c9, y);
      c10 = x.fma(c10, y);
      c11 = x.fma(c11, y);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).lane(0);
  }

  /** Median seconds of reps calls after warmup. */
  private static double time(int reps, int warmup, Runnable r) {
    for (int i = 0; i < warmup; i++) r.run();
    double[] s = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      r.run();
      s[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(s);
    return s[reps / 2];
  }

  private static void print(String head, String kernel, String dtype, int n, double gflops, double gbs, String bound,
                            double pct) {
    System.out.println(String.format(Locale.ROOT, "{\"roofline\": \"%s\", \"dtype\": \"%s\", %s, \"n\": %d, "
        + "\"gflops\": %.2f, \"gbs\": %.2f, \"bound\": \"%s\", \"pct_of_ceiling\": %.1f}", kernel, dtype, head, n,
        gflops, gbs, bound, pct));
  }
}
