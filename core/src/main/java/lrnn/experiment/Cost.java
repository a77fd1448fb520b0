package lrnn.experiment;

import lrnn.train.Objectives.GradientPath;

/**
 * Estimated multiply-adds of the units of work of the experiments, so that progress (and its ETA) is weighted
 * by cost instead of counting an RNN step at n = 16384 like a convolution step of K^2 multiply-adds. A fixed
 * overhead per unit stands for what the count leaves out (calls, allocation, small loops).
 */
public final class Cost {

  /** Multiply-add equivalents of the fixed cost of one unit of work (about 10 us). */
  static final long OVERHEAD = 20_000;

  private Cost() {}

  /**
   * One GD step of the RNN: by the Krylov path, the fused sweep ((K-1) passes over W with n_x + n_y vectors)
   * and the rank-((K-1) n_x) update of W; by BPTT, the forward pass, the reverse recursion and the dW GEMM.
   */
  public static long rnnStep(GradientPath path, long n, int nx, int ny, int lags, int nSeq, int len) {
    if (path == GradientPath.BPTT) {
      return 3L * nSeq * len * n * n + 2L * nSeq * len * n * (nx + ny) + OVERHEAD;
    }
    // the sweep reads W K-1 times; the rank-((K-1) n_x) update reads and writes W once (memory-bound: about
    // two passes, however large K is)
    return sweep(n, nx, ny, lags) + 4L * n * n + (long) lags * lags * n * nx * ny + OVERHEAD;
  }

  /** The fused Krylov sweep for G (K-1 passes over W with n_x + n_y vectors). */
  public static long sweep(long n, int nx, int ny, int lags) {
    return Math.max(0, lags - 1) * n * n * (nx + ny) + OVERHEAD;
  }

  /** One GD step of a convolution on the data moments (gradient and loss, (K n_x)^2 n_y each). */
  public static long convStep(int lags, int nx, int ny) {
    long d = (long) lags * nx;
    return 2L * d * d * ny + OVERHEAD;
  }

  /** The train and test MSE of a convolution with K lags, evaluated directly on the sequences. */
  public static long evaluation(int sequences, int len, int lags, int nx, int ny) {
    return (long) sequences * len * Math.min(lags, len) * nx * ny + OVERHEAD;
  }
}
