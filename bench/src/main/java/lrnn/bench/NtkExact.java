package lrnn.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import lrnn.io.Npy;
import lrnn.kernel.Kernels;
import lrnn.kernel.Parallel;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.Sequences;
import lrnn.ntk.LagKernel;
import lrnn.ntk.NtkGram;

/**
 * lrnn's exact route to the empirical NTK Gram of a linear RNN: {@code LagKernel.of(rnn, K)} (SPEC (K3))
 * then {@code NtkGram.empirical(x, M)} ({@code T M T^T}, (K2)); the peer is bench/peers/torch_ntk_gram.py
 * (Jacobian of all outputs, then J J^T). Plain wall-clock timing (the n = 8192 case is one shot of seconds,
 * not a JMH loop); prints one JSON line.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/lrnn-bench.jar lrnn.bench.NtkExact \
 *     [--dir DIR] [--n 300] [--batch 50] [--len 20] [--lags L] [--threads 2] [--reps 5] [--warmup 3]
 * </pre>
 * With {@code --dir} the weights and inputs are DIR/{wt,ft,ct,x}.npy (written by the peer's --save) and the
 * Gram is written to DIR/gram_lrnn.npy; without it the RNN is {@code LinearRnn.random(n, 1, 1, DEFAULT, 1)}
 * and x standard normal. The time per Gram is the median over {@code reps} timed runs after {@code warmup}
 * untimed ones; the RNN construction (and, for random weights, the drawing of W~) is not timed, and
 * {@code lagKernelMs}/{@code gramMs} split the median run.
 */
public final class NtkExact {

  private NtkExact() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int n = 300, batch = 50, len = 20, lags = -1, threads = 2, reps = 5, warmup = 3;
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--dir" -> dir = Path.of(v);
        case "--n" -> n = Integer.parseInt(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--len" -> len = Integer.parseInt(v);
        case "--lags" -> lags = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        case "--reps" -> reps = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    long t0 = System.nanoTime();
    LinearRnn rnn;
    Sequences x;
    if (dir != null) {
      double[] wt = Npy.read(dir.resolve("wt.npy")).toDoubleArray();
      double[] ft = Npy.read(dir.resolve("ft.npy")).toDoubleArray();
      double[] ct = Npy.read(dir.resolve("ct.npy")).toDoubleArray();
      var xa = Npy.read(dir.resolve("x.npy"));
      n = ft.length;
      batch = xa.dim(0);
      len = xa.dim(1);
      rnn = LinearRnn.ofTilde(n, 1, 1, wt, ft, ct, null);
      x = Sequences.of("x", batch, len, 1, xa.toDoubleArray());
    } else {
      rnn = LinearRnn.random(n, 1, 1, InitScales.DEFAULT, 1);
      x = BenchData.gaussian(batch, len, 1, 2);
    }
    if (lags < 0) lags = len;
    double setupMs = (System.nanoTime() - t0) * 1e-6;
    final int k = lags;
    final Sequences xs = x;
    double[] total = new double[reps], lk = new double[reps], gr = new double[reps];
    NtkGram gram = null;
    try (Parallel par = new Parallel(threads)) {
      for (int r = -warmup; r < reps; r++) {
        long a = System.nanoTime();
        LagKernel m = Kernels.withParallel(par, () -> LagKernel.of(rnn, k));
        long b = System.nanoTime();
        gram = Kernels.withParallel(par, () -> NtkGram.empirical(xs, m));
        long c = System.nanoTime();
        if (r >= 0) {
          total[r] = (c - a) * 1e-6;
          lk[r] = (b - a) * 1e-6;
          gr[r] = (c - b) * 1e-6;
        }
      }
    }
    int med = argMedian(total);
    if (dir != null) Npy.write(dir.resolve("gram_lrnn.npy"), new int[] {gram.rows(), gram.cols()}, gram.toMatrix());
    double[] sorted = total.clone();
    Arrays.sort(sorted);
    System.out.println(String.format(Locale.ROOT,
        "{\"peer\": \"lrnn-ntk-exact\", \"n\": %d, \"N\": %d, \"L\": %d, \"K\": %d, \"threads\": %d, \"reps\": %d, "
            + "\"ms\": %.3f, \"min_ms\": %.3f, \"lagKernelMs\": %.3f, \"gramMs\": %.3f, \"setupMs\": %.1f, "
            + "\"maxHeapGB\": %.1f}",
        n, batch, len, k, threads, reps, total[med], sorted[0], lk[med], gr[med], setupMs,
        Runtime.getRuntime().maxMemory() / 1e9));
  }

  private static int argMedian(double[] a) {
    Integer[] idx = new Integer[a.length];
    for (int i = 0; i < a.length; i++) idx[i] = i;
    Arrays.sort(idx, (p, q) -> Double.compare(a[p], a[q]));
    return idx[a.length / 2];
  }
}
