package lrnn.kernel;

import java.util.Arrays;

/**
 * NTK Grams as GEMMs on the block Toeplitz data matrix T (SPEC (17)): row {@code (i,k)} of T holds
 * {@code x[i,k-j,a]} at column {@code j*nx + a} (zero for k &lt; j), for the lags {@code j < min(K, L)}
 * that can meet a sample. Memory: T takes (N L) x (min(K,L) nx) doubles, at most the size of the output
 * when min(K,L) nx &lt;= N L.
 */
final class PanamaNtk {

  /** Rows of a band of the upper triangle computed by one GEMM call. */
  static final int BAND = 240;

  private PanamaNtk() {}

  /**
   * Doubles that {@link #full} ({@code full}) or {@link #scaled} allocate besides out, as listed in
   * {@link Kernels#ntkGramScratchDoubles}; saturates at {@code Long.MAX_VALUE}. Kept beside the allocations it counts.
   */
  static long scratchDoubles(int nSeq, int len, int nx, int ny, int lags, boolean full) {
    long rows = (long) nSeq * len, d = (long) Math.min(lags, len) * nx;
    try {
      if (!full) return Math.multiplyExact(Math.multiplyExact(2L, rows), d); // t, tl
      long band = Math.min(BAND, rows); // t, yb, mb, tmp
      return Math.addExact(Math.addExact(Math.multiplyExact(rows, Math.multiplyExact(d, 1L + ny)),
          Math.multiplyExact(Math.multiplyExact(d, d), (long) ny)), Math.multiplyExact(band, rows));
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * {@code out = T Lambda T^T} (17)–(19), {@code Lambda = diag(lambda_j) (x) I_nx}: one GEMM per band of
   * BAND rows covers the band's diagonal block and everything to its right; the lower triangle is then
   * mirrored, so out is exactly symmetric. out is overwritten; x and lambda are not modified.
   */
  static void scaled(int nSeq, int len, int nx, int lags, double[] x, double[] lambda, double[] out) {
    int rows = nSeq * len;
    if (rows == 0) return;
    int kEff = Math.min(lags, len), d = kEff * nx;
    if (d == 0) {
      Arrays.fill(out, 0, rows * rows, 0.0);
      return;
    }
    double[] t = toeplitz(nSeq, len, nx, kEff, x, null);
    double[] tl = toeplitz(nSeq, len, nx, kEff, x, lambda);
    for (int r0 = 0; r0 < rows; r0 += BAND) {
      int mr = Math.min(BAND, rows - r0);
      PanamaGemm.dgemm(null, false, true, mr, rows - r0, d, 1.0, tl, r0 * d, d, t, r0 * d, d,
          0.0, out, r0 * rows + r0, rows);
    }
    mirrorUpper(out, rows);
  }

  /**
   * {@code out = T M T^T} for a full lag kernel M (SPEC (K2)). With {@code M_{b,b'}} the
   * {@code (K nx) x (K nx)} block of M between outputs b and b', the {@code (b, b')} sub-Gram is
   * {@code T M_{b,b'} T^T}: for each b, {@code Y_b = T [M_{b,0} .. M_{b,ny-1}]} (one GEMM), then each
   * band of {@code Y_b[:, b'] T^T} (one GEMM) is scattered into the interleaved rows {@code (i,k,b)}.
   * Only entries on or above the diagonal of out are taken (like the scalar reference, which reads M
   * through them), then mirrored. out is overwritten; x and m are not modified.
   */
  static void full(int nSeq, int len, int nx, int ny, int lags, double[] x, double[] m, double[] out) {
    int rows0 = nSeq * len, big = rows0 * ny;
    if (big == 0) return;
    int kEff = Math.min(lags, len), d = kEff * nx, dm = lags * ny * nx;
    if (d == 0) {
      Arrays.fill(out, 0, big * big, 0.0);
      return;
    }
    double[] t = toeplitz(nSeq, len, nx, kEff, x, null);
    int wide = ny * d;
    double[] mb = new double[d * wide];
    double[] yb = new double[rows0 * wide];
    double[] tmp = new double[Math.min(BAND, rows0) * rows0];
    for (int b = 0; b < ny; b++) {
      // mb[(j,a), (b',j',a')] = M[(j,b,a), (j',b',a')]
      for (int j = 0; j < kEff; j++) {
        for (int a = 0; a < nx; a++) {
          int src = ((j * ny + b) * nx + a) * dm, dst = (j * nx + a) * wide;
          for (int bp = 0; bp < ny; bp++) {
            for (int jp = 0; jp < kEff; jp++) {
              System.arraycopy(m, src + (jp * ny + bp) * nx, mb, dst + bp * d + jp * nx, nx);
            }
          }
        }
      }
      PanamaGemm.dgemm(null, false, false, rows0, wide, d, 1.0, t, 0, d, mb, 0, wide, 0.0, yb, 0, wide);
      for (int bp = 0; bp < ny; bp++) {
        for (int r0 = 0; r0 < rows0; r0 += BAND) {
          int mr = Math.min(BAND, rows0 - r0), width = rows0 - r0;
          PanamaGemm.dgemm(null, false, true, mr, width, d, 1.0, yb, r0 * wide + bp * d, wide, t, r0 * d, d,
              0.0, tmp, 0, width);
          for (int rr = 0; rr < mr; rr++) {
            int row = ((r0 + rr) * ny + b) * big;
            // (ik, b) <= (i'k', b') in the interleaved order: i'k' > ik, or i'k' = ik and b' >= b
            for (int cc = bp >= b ? rr : rr + 1; cc < width; cc++) {
              out[row + (r0 + cc) * ny + bp] = tmp[rr * width + cc];
            }
          }
        }
      }
    }
    mirrorUpper(out, big);
  }

  /** T (lambda == null) or T Lambda: (N L) x (kEff nx), row-major. */
  static double[] toeplitz(int nSeq, int len, int nx, int kEff, double[] x, double[] lambda) {
    int d = kEff * nx;
    double[] t = new double[nSeq * len * d];
    for (int i = 0; i < nSeq; i++) {
      for (int k = 0; k < len; k++) {
        int row = (i * len + k) * d;
        for (int j = 0, jmax = Math.min(k, kEff - 1); j <= jmax; j++) {
          int src = (i * len + k - j) * nx, dst = row + j * nx;
          if (lambda == null) {
            System.arraycopy(x, src, t, dst, nx);
          } else {
            double l = lambda[j];
            for (int a = 0; a < nx; a++) t[dst + a] = l * x[src + a];
          }
        }
      }
    }
    return t;
  }

  /** {@code a[r, c] = a[c, r]} for c &lt; r (n x n, ld = n), in cache-sized tiles. a is modified. */
  static void mirrorUpper(double[] a, int n) {
    final int tile = 64;
    for (int r0 = 0; r0 < n; r0 += tile) {
      for (int c0 = 0; c0 <= r0; c0 += tile) {
        int r1 = Math.min(n, r0 + tile), c1 = Math.min(n, c0 + tile);
        for (int r = r0; r < r1; r++) {
          for (int c = c0; c < Math.min(c1, r); c++) a[r * n + c] = a[c * n + r];
        }
      }
    }
  }
}
