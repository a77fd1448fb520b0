package lrnn.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import lrnn.kernel.Kernels;
import lrnn.kernel.Parallel;
import lrnn.model.DataMoments;
import lrnn.model.Dtype;
import lrnn.model.Gradients;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.RnnEvaluation;
import lrnn.model.RnnTrainer;
import lrnn.model.Sequences;

/**
 * Plain wall-clock timings measured the way the Python peers measure theirs (median of {@code reps} calls
 * after {@code warmup} untimed ones), so that {@code bench/run.sh paired} can interleave lrnn and peer runs
 * round by round on a shared, noisy machine and compare each lrnn run with the peer run next to it. The
 * kernels themselves are benchmarked with JMH (GemmBench, GdStepBench); this is only the pairing harness.
 * Prints one JSON line.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/lrnn-bench.jar lrnn.bench.PairedTiming \
 *     gemm --n 2048 --threads 2 [--dtype float64|float32] [--reps 5] [--warmup 3]
 * java ... lrnn.bench.PairedTiming gdstep --path bptt|krylov --threads 2 [--n 1000 --batch 50 --len 100] [--reps 5] [--warmup 3]
 * java ... lrnn.bench.PairedTiming gdstep --path krylovstep --lags K [--dtype float64|float32] --threads 2 [--n 4096]
 * </pre>
 * gemm: {@code C = A B}, n x n, float64 or float32, entries uniform in [-1, 1) (as bench/peers/numpy_gemm.py).
 * gdstep: one full-batch GD step of {@code LinearRnn.random(n, 1, 1, DEFAULT, 1)} on standard normal data,
 * {@code Gradients.bptt} or {@code Gradients.krylov} (K = L, exact, data moments formed once, untimed) then
 * {@code plus} (as GdStepBench; the peer is bench/peers/torch_gd_step.py). krylovstep: the production Krylov GD
 * step with K lags ({@link RnnTrainer#krylov}: the fused sweep, then the in-place rank-(K-1) update of W), the
 * same-algorithm peers being bench/peers/numpy_krylov_step.py and torch_krylov_step.py.
 */
public final class PairedTiming {

  private PairedTiming() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("gemm") || args[0].equals("gdstep"))) {
      System.err.println("usage: PairedTiming gemm|gdstep [--n N] [--threads T] [--dtype float64|float32] [--path bptt|krylov] [--batch N] [--len L] [--reps R] [--warmup W]");
      System.exit(2);
    }
    String what = args[0], path = "krylov", dtype = "float64";
    int n = what.equals("gemm") ? 2048 : 1000, threads = 2, batch = 50, len = 100, reps = 5, warmup = 3, lags = 0;
    for (int i = 1; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        case "--path" -> path = v;
        case "--dtype" -> dtype = v;
        case "--batch" -> batch = Integer.parseInt(v);
        case "--len" -> len = Integer.parseInt(v);
        case "--lags" -> lags = Integer.parseInt(v);
        case "--reps" -> reps = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    try (Parallel par = new Parallel(threads)) {
      Supplier<Object> call;
      String label;
      if (what.equals("gemm")) {
        int nn = n;
        SplittableRandom rnd = new SplittableRandom(42);
        if (dtype.equals("float32")) {
          float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
          for (int i = 0; i < a.length; i++) {
            a[i] = (float) (2 * rnd.nextDouble() - 1);
            b[i] = (float) (2 * rnd.nextDouble() - 1);
          }
          call = () -> {
            Kernels.gemm(par, false, false, nn, nn, nn, 1f, a, 0, nn, b, 0, nn, 0f, c, 0, nn);
            return c;
          };
        } else if (dtype.equals("float64")) {
          double[] a = new double[n * n], b = new double[n * n], c = new double[n * n];
          for (int i = 0; i < a.length; i++) {
            a[i] = 2 * rnd.nextDouble() - 1;
            b[i] = 2 * rnd.nextDouble() - 1;
          }
          call = () -> {
            Kernels.gemm(par, false, false, nn, nn, nn, 1.0, a, 0, nn, b, 0, nn, 0.0, c, 0, nn);
            return c;
          };
        } else {
          throw new IllegalArgumentException("--dtype must be float64 or float32");
        }
        label = "\"what\": \"gemm\", \"dtype\": \"" + dtype + "\"";
      } else if (path.equals("krylovstep")) {
        int k = lags > 0 ? lags : len;
        Dtype dt = dtype.equals("float32") ? Dtype.FLOAT32 : Dtype.FLOAT64;
        RnnTrainer tr = RnnTrainer.adopt(LinearRnn.random(n, 1, 1, InitScales.DEFAULT, 1, dt));
        Sequences x = BenchData.gaussian(batch, len, 1, 2), y = BenchData.gaussian(batch, len, 1, 3);
        DataMoments m = DataMoments.of(x, y, k);
        call = () -> Kernels.withParallel(par, () -> {
          tr.krylov(m).apply(1e-4);
          return tr;
        });
        label = String.format(Locale.ROOT, "\"what\": \"gdstep\", \"path\": \"krylovstep\", \"dtype\": \"%s\", "
            + "\"K\": %d, \"bits\": \"%s\"", dt.label(), k, Kernels.impl().name());
      } else {
        LinearRnn rnn = LinearRnn.random(n, 1, 1, InitScales.DEFAULT, 1);
        Sequences x = BenchData.gaussian(batch, len, 1, 2), y = BenchData.gaussian(batch, len, 1, 3);
        boolean bptt = path.equals("bptt");
        if (!bptt && !path.equals("krylov")) throw new IllegalArgumentException("--path must be bptt or krylov");
        DataMoments m = bptt ? null : DataMoments.of(x, y, len);
        call = () -> Kernels.withParallel(par, () -> {
          RnnEvaluation e = bptt ? Gradients.bptt(rnn, x, y) : Gradients.krylov(rnn, m);
          return rnn.plus(-0.05, e.gradient());
        });
        label = String.format(Locale.ROOT, "\"what\": \"gdstep\", \"path\": \"%s\", \"N\": %d, \"L\": %d", path, batch, len);
      }
      // at least `warmup` calls and, for the Krylov step, at least 4 s of them: its kernels are C2-compiled only
      // after thousands of row passes, so a few short steps at n = 1000 ran interpreted code (4x slower, measured)
      long warmNs = path.equals("krylovstep") ? 4_000_000_000L : 0, w0 = System.nanoTime();
      for (int i = 0; i < warmup || System.nanoTime() - w0 < warmNs; i++) call.get();
      double[] ms = new double[reps];
      for (int i = 0; i < reps; i++) {
        long t0 = System.nanoTime();
        call.get();
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.out.println(String.format(Locale.ROOT, "{\"lrnn\": \"paired\", %s, \"n\": %d, \"threads\": %d, \"reps\": %d, "
          + "\"ms\": %.3f, \"min_ms\": %.3f}", label, n, threads, reps, ms[reps / 2], ms[0]));
    }
  }
}
