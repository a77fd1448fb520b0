package lrnn.bench;

import java.util.Locale;
import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.kernel.Kernels;
import lrnn.kernel.Parallel;
import lrnn.model.DataMoments;
import lrnn.model.Dtype;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.RnnTrainer;

/**
 * The Krylov GD step at wide n against the machine's read bandwidth, measured in the same run (issue 11):
 * a streaming peer reads an array of W's size (a dot product of each row block with itself: 8 or 4 bytes per
 * element, the same threads, vectorized by the same kernels), then the in-place Krylov step
 * ({@link RnnTrainer}) on E1 data with K = L = 20 is timed. A step reads W K-1 times in the sweep and reads
 * and writes it once in the update: the step's bandwidth is (K+1) bytes(W) / time (the update's write
 * counted as a read). Rounds alternate peer and step; medians are printed.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx12g -cp bench/target/lrnn-bench.jar lrnn.bench.WideStep
 *     [n=8192] [threads=2] [rounds=5]</pre>
 */
public final class WideStep {

  private WideStep() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 8192;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Dataset data = SyntheticTask.E1.generate(1);
    DataMoments m = DataMoments.of(data.xTrain(), data.yTrain(), 20);
    System.out.printf(Locale.ROOT, "n = %d, K = 20, %d threads, kernels %s, cpu avx512f: %s%n", n, threads,
        Kernels.impl().name(), new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/cpuinfo")))
            .contains("avx512f"));
    try (Parallel par = new Parallel(threads)) {
      for (Dtype dtype : Dtype.values()) {
        Kernels.withParallel(par, () -> {
          run(n, dtype, m, par, rounds);
          return null;
        });
      }
    }
  }

  private static void run(int n, Dtype dtype, DataMoments m, Parallel par, int rounds) {
    long bytesW = (long) n * n * dtype.bytes();
    RnnTrainer tr = RnnTrainer.adopt(LinearRnn.random(n, 1, 1, InitScales.DEFAULT, 1, dtype));
    // the peer reads an array of W's size: float64 as doubles; float32 as a float array through the float
    // Krylov kernel would not be a plain stream, so the float32 peer reads a double array of the same bytes
    double[] stream = new double[(int) (bytesW / 8)];
    java.util.Arrays.fill(stream, 1e-3);
    int blocks = 64, len = stream.length / blocks;
    double[] sink = new double[blocks];
    double[] peer = new double[rounds], step = new double[rounds], sweep = new double[rounds];
    for (int r = -1; r < rounds; r++) { // round -1 warms up
      long t0 = System.nanoTime();
      par.forEach(blocks, b -> sink[b] = Kernels.dot(stream, b * len, stream, b * len, len));
      long t1 = System.nanoTime();
      tr.krylov(m).apply(1e-4);
      long t2 = System.nanoTime();
      tr.current().krylovBases(20); // the sweep alone (19 passes)
      long t3 = System.nanoTime();
      if (r >= 0) {
        peer[r] = (t1 - t0) / 1e9;
        step[r] = (t2 - t1) / 1e9;
        sweep[r] = (t3 - t2) / 1e9;
      }
    }
    java.util.Arrays.sort(peer);
    java.util.Arrays.sort(step);
    java.util.Arrays.sort(sweep);
    double peerGBs = bytesW / peer[rounds / 2] / 1e9;
    double stepGBs = 21.0 * bytesW / step[rounds / 2] / 1e9;
    System.out.printf(Locale.ROOT, "%s: W %.2f GiB; stream-read peer %.2f GB/s (median of %d); Krylov step %.3f s "
            + "(min %.3f, max %.3f) = %.2f GB/s over 21 passes of W: %.0f%% of the peer (checksum %.3g)%n",
        dtype.label(), bytesW / (double) (1L << 30), peerGBs, rounds, step[rounds / 2], step[0], step[rounds - 1],
        stepGBs, 100 * stepGBs / peerGBs, sink[0]);
    System.out.printf(Locale.ROOT, "%s: the sweep alone (19 passes) %.3f s = %.2f GB/s, %.0f%% of the peer; the rest "
            + "of the step (G, dG, R and the in-place update of W) %.3f s%n", dtype.label(), sweep[rounds / 2],
        19.0 * bytesW / sweep[rounds / 2] / 1e9, 100 * 19.0 * bytesW / sweep[rounds / 2] / 1e9 / peerGBs,
        step[rounds / 2] - sweep[rounds / 2]);
    tr.finish();
  }
}
