package lrnn.kernel;

import static lrnn.kernel.PanamaOps.MR;
import static lrnn.kernel.PanamaOps.MRF;

/**
 * Cache-blocked GEMM {@code C = alpha op(A) op(B) + beta C} on top of the register-tiled micro-kernels of
 * {@link PanamaOps} (the Goto/BLIS loop nest). Species-independent: packing, blocking and threads.
 *
 * <p>Loops, outermost first: column blocks of NC (op(B) is packed for the whole depth k into panels of NR
 * columns; it lives in L3), row blocks of MC, depth blocks of KC (A is packed into panels of MR rows, the
 * block lives in L2; the MC x NC block of C stays in L2/L3 across the depth blocks), then micro-panels: NR
 * columns of B (L1) times MR rows of A (L1), accumulated in registers.
 * Transposes are absorbed by the packing; panels are zero-padded so the micro-kernel always runs the full
 * MR x NR tile and only its store is clipped (the tails in m and n). The tail in k is a shorter last block.
 *
 * <p>Threads take tasks dynamically: the row blocks (and, when there are fewer row blocks than threads,
 * slices of the column panels) of each column block; the depth blocking is the same for every thread count, so every element of C is
 * computed by the same operations in the same order: results are bit-identical for any thread count.
 */
final class PanamaGemm {

  /**
   * Depth of a packed block. Below 512 bits 256: an MR x KC panel of A (10 KB) and a KC x NR panel of B (16 KB)
   * share L1, and the A block (MC x KC, 240 KB) takes half of a 512 KB L2 (Zen 3). At 512 bits 512: the AVX-512
   * server cores (Skylake-SP and later, Zen 4 and 5) have 1-2 MB of L2, which holds the 480 KB A block; the
   * KC x NR panel of B (64 KB) is then read from L2, and every element of C is loaded and stored half as often.
   * (Client cores with AVX-512 and a 512 KB L2, such as Ice Lake, would hold the A block only just: not measured.) Measured on the AVX-512 machine
   * (Zen 5, 1 MB L2), n = 2048, medians of 4 alternating runs: DGEMM 2 threads 118 against 125 ms (1 thread 212
   * against 221), SGEMM 2 threads 58 against 62 ms (1 thread 102 against 118); KC = 768 and 1024 were no faster.
   * The depth blocking sets the order of the additions (C += alpha * block sum, block by block), so results
   * differ from another width's in the last bits, as the lane count already makes them; within one width they
   * are the same for every thread count.
   */
  static final int KC = PanamaOps.BITS >= 512 ? 512 : 256;
  /** Rows of a packed A block (multiple of MR and MRF): 120 x KC doubles, 240 KB (KC = 256) or 480 KB (512). */
  static final int MC = 120;
  /**
   * Columns of a block of C and of packed B (multiple of every NR). The MC x NC block of C (480 KB) is
   * updated once per depth block; at NC = 4096 it was evicted between updates and the C loads of the
   * micro-kernel took 26% of a 2048^3 GEMM (JFR samples), at 512 about 12%. 256 and 1024 measured no better.
   */
  static final int NC = 512;

  private PanamaGemm() {}

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * The number of row blocks: enough for MC rows each, and when several threads share more than MC rows, a multiple
   * of the thread count (m = 2048 on 2 threads: 18 blocks, 9 per thread). A short A (m <= MC, e.g. the N = 50 rows of
   * a BPTT step) stays one row block and the threads split the columns instead: each then streams only its share of
   * packed B, instead of every thread streaming all of it. The row blocking does not change any result bit: every
   * element of C sees the same operations whatever block it is in.
   */
  static int rowBlocks(int m, int threads, int mr) {
    int blocks = ceilDiv(ceilDiv(m, mr), MC / mr);
    if (threads <= 1 || m <= MC) return blocks;
    return threads * ceilDiv(blocks, threads);
  }

  /**
   * First row of row block {@code ib} of {@code blocks} ({@code ib = blocks} gives m): the MR-row panels are dealt
   * out evenly, so blocks differ by at most one panel (with one height MC rounded to the tile, 2048 rows in 18 blocks
   * of 8-row panels were 17 of 120 rows and one of 8: one thread took 1080 rows, the other 968).
   */
  static int rowStart(int ib, int blocks, int m, int mr) {
    return (int) Math.min(m, (long) ceilDiv(m, mr) * ib / blocks * mr);
  }

  // ---- double --------------------------------------------------------------------------------------

  static void dgemm(Parallel par, boolean tA, boolean tB, int m, int n, int k, double alpha,
                    double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                    double beta, double[] c, int cOff, int ldc) {
    dgemm(par, tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
  }

  /** op(B) packed once: every (NC, KC) block in the layout {@link #packB} gives it. */
  static final class DPacked extends PackedMatrix {
    final double[][] blocks; // [jc / NC * kBlocks + pc / KC]
    final int nr;

    DPacked(int k, int n, int nr, double[][] blocks) {
      super(k, n);
      this.nr = nr;
      this.blocks = blocks;
    }
  }

  /** Packs all of op(B) (k x n) for {@code nr}-column micro-panels. */
  static DPacked packAll(int nr, boolean tB, int k, int n, double[] b, int bOff, int ldb) {
    int kBlocks = ceilDiv(k, KC);
    double[][] blocks = new double[ceilDiv(n, NC) * kBlocks][];
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc), nPanels = ceilDiv(nc, nr);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        double[] bp = new double[kc * nPanels * nr];
        packB(b, bOff, ldb, tB, jc, nc, pc, kc, nr, bp, 0, nPanels);
        blocks[jc / NC * kBlocks + pc / KC] = bp;
      }
    }
    return new DPacked(k, n, nr, blocks);
  }

  /** The loop nest; with {@code pre} not null, B is taken pre-packed from it (b is not read). */
  static void dgemm(Parallel par, boolean tA, boolean tB, int m, int n, int k, double alpha,
                    double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                    double beta, double[] c, int cOff, int ldc, DPacked pre) {
    if (m == 0 || n == 0) return;
    // beta = 0 with work to do: the first depth block writes C = alpha * (tile sum) without reading C (no
    // zero fill, no load of C; the same values as 0 + alpha * sum but for the sign of a zero result)
    final boolean clear = beta == 0 && k > 0 && alpha != 0;
    if (beta != 1 && !clear) {
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * ldc;
        if (beta == 0) java.util.Arrays.fill(c, ci, ci + n, 0.0);
        else for (int j = 0; j < n; j++) c[ci + j] *= beta;
      }
    }
    if (k == 0 || alpha == 0) return;
    final int threads = par == null ? 1 : par.threads();
    final int nr = 2 * PanamaOps.LD;
    final int mBlocks = rowBlocks(m, threads, MR);
    final int mc = ceilDiv(ceilDiv(m, MR), mBlocks) * MR; // the tallest block
    final int kBlocks = ceilDiv(k, KC);
    // Loop order jc -> ic -> pc: all depth blocks of one (ic, jc) block of C run back to back, so that block
    // (MC x NC) is still in cache for the next depth block (with the order jc -> pc -> ic it was evicted by
    // the other row blocks and each tile's C update missed to memory: 26% of the time at n = 2048). Every
    // element of C still sees C += alpha * (tile sum) for pc = 0, KC, ... in order, as before. B is packed
    // for the whole depth of one column block (k x NC) before the row blocks start.
    // packed B of one column block, all depths, sized for the widest block and reused by the narrower last one
    final double[][] own = pre != null ? null : PackBuffers.doubles(kBlocks, KC * ceilDiv(Math.min(NC, n), nr) * nr);
    final double[][] ap = new double[threads][];
    final double[][] tmp = new double[threads][];
    for (int jc = 0; jc < n; jc += NC) {
      final int nc = Math.min(NC, n - jc);
      final int nPanels = ceilDiv(nc, nr);
      final int jc0 = jc;
      final double[][] bps;
      final int base;
      if (pre != null) {
        bps = pre.blocks;
        base = jc / NC * kBlocks;
      } else {
        if (threads == 1) {
          for (int pb = 0; pb < kBlocks; pb++) {
            packB(b, bOff, ldb, tB, jc0, nc, pb * KC, Math.min(KC, k - pb * KC), nr, own[pb], 0, nPanels);
          }
        } else {
          int chunks = Math.min(nPanels, 4 * threads);
          par.forEach(kBlocks * chunks, (t, w) -> {
            int pb = t / chunks, q = t % chunks;
            packB(b, bOff, ldb, tB, jc0, nc, pb * KC, Math.min(KC, k - pb * KC), nr, own[pb],
                (int) ((long) nPanels * q / chunks), (int) ((long) nPanels * (q + 1) / chunks));
          });
        }
        bps = own;
        base = 0;
      }
      final int nSplit = mBlocks >= threads ? 1 : Math.min(nPanels, ceilDiv(threads, mBlocks));
      final int tasks = mBlocks * nSplit;
      if (threads == 1) {
        for (int t = 0; t < tasks; t++) {
          dblock(t, 0, nSplit, mBlocks, mc, nPanels, nr, m, nc, jc0, k, alpha, clear, tA, a, aOff, lda, bps, base, c, cOff, ldc, ap, tmp);
        }
      } else {
        par.forEach(tasks, (t, w) ->
            dblock(t, w, nSplit, mBlocks, mc, nPanels, nr, m, nc, jc0, k, alpha, clear, tA, a, aOff, lda, bps, base, c, cOff, ldc, ap, tmp));
      }
    }
  }

  /** Task t: row block t / nSplit against slice t % nSplit of the packed B panels, all depth blocks, by worker w. */
  private static void dblock(int t, int w, int nSplit, int mBlocks, int mc, int nPanels, int nr, int m, int nc,
                             int jc, int k, double alpha, boolean clear, boolean tA, double[] a, int aOff, int lda,
                             double[][] bps, int base, double[] c, int cOff, int ldc, double[][] apBuf, double[][] tmpBuf) {
    int ib = t / nSplit, js = t % nSplit;
    int ic = rowStart(ib, mBlocks, m, MR), mcur = rowStart(ib + 1, mBlocks, m, MR) - ic;
    int mPanels = ceilDiv(mcur, MR);
    int kcMax = Math.min(KC, k);
    if (apBuf[w] == null) apBuf[w] = new double[mc * kcMax]; // mc: the tallest row block
    if (tmpBuf[w] == null) tmpBuf[w] = new double[MR * nr];
    double[] ap = apBuf[w];
    int q0 = (int) ((long) nPanels * js / nSplit), q1 = (int) ((long) nPanels * (js + 1) / nSplit);
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      double[] bp = bps[base + pc / KC];
      packA(a, aOff, lda, tA, ic, mcur, pc, kc, ap);
      for (int q = q0; q < q1; q++) {
        int col = q * nr;
        int ncur = Math.min(nr, nc - col);
        int bo = q * kc * nr;
        for (int ir = 0; ir < mPanels; ir++) {
          int row = ir * MR;
          PanamaOps.dgemmTile(kc, ap, row * kc, bp, bo, alpha, c, cOff + (ic + row) * ldc + jc + col, ldc,
              Math.min(MR, mcur - row), ncur, clear && pc == 0, tmpBuf[w]);
        }
      }
    }
  }

  /** Packs rows ic..ic+mcur-1, depth pc..pc+kc-1 of op(A) into MR-row panels: ap[q*MR*kc + p*MR + r]. */
  static void packA(double[] a, int aOff, int lda, boolean tA, int ic, int mcur, int pc, int kc, double[] ap) {
    if (tA) {
      // op(A) = A^T: row pc + p of A holds depth p of all the rows ic.. of op(A). Read each row once, in
      // order, and deal it out to the panels (panel by panel, the reads went down a column of A at a stride
      // of lda: with lda a multiple of 512 bytes every one of them mapped to the same cache sets, and the
      // BPTT step's dW = G^T H spent 10% of its time here, JFR)
      int panels = ceilDiv(mcur, MR);
      for (int p = 0; p < kc; p++) {
        int src = aOff + (pc + p) * lda + ic;
        for (int q = 0; q < panels; q++) {
          int dst = q * MR * kc + p * MR, r0 = q * MR, rows = Math.min(MR, mcur - r0);
          for (int r = 0; r < rows; r++) ap[dst + r] = a[src + r0 + r];
          for (int r = rows; r < MR; r++) ap[dst + r] = 0;
        }
      }
      return;
    }
    for (int q = 0, panels = ceilDiv(mcur, MR); q < panels; q++) {
      int base = q * MR * kc, i0 = ic + q * MR, rows = Math.min(MR, mcur - q * MR);
      if (rows == MR) {
        // a full panel: the MR rows are read side by side and the panel is written in order (row by row with
        // stride-MR writes took 6% of a 2048^3 GEMM, JFR); MR is a constant and C2 unrolls the inner loop
        int s0 = aOff + i0 * lda + pc;
        for (int p = 0; p < kc; p++) {
          int d = base + p * MR;
          for (int r = 0, src = s0 + p; r < MR; r++, src += lda) ap[d + r] = a[src];
        }
      } else {
        for (int r = 0; r < MR; r++) {
          if (r < rows) {
            int src = aOff + (i0 + r) * lda + pc;
            for (int p = 0; p < kc; p++) ap[base + p * MR + r] = a[src + p];
          } else {
            for (int p = 0; p < kc; p++) ap[base + p * MR + r] = 0;
          }
        }
      }
    }
  }

  /** Packs panels q0..q1-1 (nr columns each) of op(B) rows pc..pc+kc-1, columns jc..jc+nc-1: bp[q*kc*nr + p*nr + j]. */
  static void packB(double[] b, int bOff, int ldb, boolean tB, int jc, int nc, int pc, int kc, int nr,
                    double[] bp, int q0, int q1) {
    if (!tB) {
      // Row by row across the panels: each row of B is read once, in order (panel by panel, the reads went
      // down the column block at a stride of ldb, into the same cache sets when ldb is a multiple of 512 bytes)
      for (int p = 0; p < kc; p++) {
        int src = bOff + (pc + p) * ldb + jc;
        for (int q = q0; q < q1; q++) {
          int dst = q * kc * nr + p * nr, cols = Math.min(nr, nc - q * nr);
          for (int j = 0; j < cols; j++) bp[dst + j] = b[src + q * nr + j];
          for (int j = cols; j < nr; j++) bp[dst + j] = 0;
        }
      }
      return;
    }
    for (int q = q0; q < q1; q++) {
      int base = q * kc * nr, j0 = jc + q * nr, cols = Math.min(nr, nc - q * nr);
      for (int j = 0; j < nr; j++) {
        if (j < cols) {
          int src = bOff + (j0 + j) * ldb + pc;
          for (int p = 0; p < kc; p++) bp[base + p * nr + j] = b[src + p];
        } else {
          for (int p = 0; p < kc; p++) bp[base + p * nr + j] = 0;
        }
      }
    }
  }

  // ---- float: the same loop nest --------------------------------------------------------------------

  static void sgemm(Parallel par, boolean tA, boolean tB, int m, int n, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) return;
    // beta = 0 with work to do: the first depth block writes C = alpha * (tile sum) without reading C (no
    // zero fill, no load of C; the same values as 0 + alpha * sum but for the sign of a zero result)
    final boolean clear = beta == 0 && k > 0 && alpha != 0;
    if (beta != 1 && !clear) {
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * ldc;
        if (beta == 0) java.util.Arrays.fill(c, ci, ci + n, 0f);
        else for (int j = 0; j < n; j++) c[ci + j] *= beta;
      }
    }
    if (k == 0 || alpha == 0) return;
    final int threads = par == null ? 1 : par.threads();
    final int nr = 2 * PanamaOps.LF;
    final int mBlocks = rowBlocks(m, threads, MRF);
    final int mc = ceilDiv(ceilDiv(m, MRF), mBlocks) * MRF; // the tallest block
    final int kBlocks = ceilDiv(k, KC);
    // Loop order jc -> ic -> pc: all depth blocks of one (ic, jc) block of C run back to back, so that block
    // (MC x NC) is still in cache for the next depth block (with the order jc -> pc -> ic it was evicted by
    // the other row blocks and each tile's C update missed to memory: 26% of the time at n = 2048). Every
    // element of C still sees C += alpha * (tile sum) for pc = 0, KC, ... in order, as before. B is packed
    // for the whole depth of one column block (k x NC) before the row blocks start.
    // packed B of one column block, all depths, sized for the widest block and reused by the narrower last one
    final float[][] own = PackBuffers.floats(kBlocks, KC * ceilDiv(Math.min(NC, n), nr) * nr);
    final float[][] ap = new float[threads][];
    final float[][] tmp = new float[threads][];
    for (int jc = 0; jc < n; jc += NC) {
      final int nc = Math.min(NC, n - jc);
      final int nPanels = ceilDiv(nc, nr);
      final int jc0 = jc;
      final float[][] bps;
      final int base;
      {
        if (threads == 1) {
          for (int pb = 0; pb < kBlocks; pb++) {
            packB(b, bOff, ldb, tB, jc0, nc, pb * KC, Math.min(KC, k - pb * KC), nr, own[pb], 0, nPanels);
          }
        } else {
          int chunks = Math.min(nPanels, 4 * threads);
          par.forEach(kBlocks * chunks, (t, w) -> {
            int pb = t / chunks, q = t % chunks;
            packB(b, bOff, ldb, tB, jc0, nc, pb * KC, Math.min(KC, k - pb * KC), nr, own[pb],
                (int) ((long) nPanels * q / chunks), (int) ((long) nPanels * (q + 1) / chunks));
          });
        }
        bps = own;
        base = 0;
      }
      final int nSplit = mBlocks >= threads ? 1 : Math.min(nPanels, ceilDiv(threads, mBlocks));
      final int tasks = mBlocks * nSplit;
      if (threads == 1) {
        for (int t = 0; t < tasks; t++) {
          sblock(t, 0, nSplit, mBlocks, mc, nPanels, nr, m, nc, jc0, k, alpha, clear, tA, a, aOff, lda, bps, base, c, cOff, ldc, ap, tmp);
        }
      } else {
        par.forEach(tasks, (t, w) ->
            sblock(t, w, nSplit, mBlocks, mc, nPanels, nr, m, nc, jc0, k, alpha, clear, tA, a, aOff, lda, bps, base, c, cOff, ldc, ap, tmp));
      }
    }
  }

  /** Task t: row block t / nSplit against slice t % nSplit of the packed B panels, all depth blocks, by worker w. */
  private static void sblock(int t, int w, int nSplit, int mBlocks, int mc, int nPanels, int nr, int m, int nc,
                             int jc, int k, float alpha, boolean clear, boolean tA, float[] a, int aOff, int lda,
                             float[][] bps, int base, float[] c, int cOff, int ldc, float[][] apBuf, float[][] tmpBuf) {
    int ib = t / nSplit, js = t % nSplit;
    int ic = rowStart(ib, mBlocks, m, MRF), mcur = rowStart(ib + 1, mBlocks, m, MRF) - ic;
    int mPanels = ceilDiv(mcur, MRF);
    int kcMax = Math.min(KC, k);
    if (apBuf[w] == null) apBuf[w] = new float[mc * kcMax]; // mc: the tallest row block
    if (tmpBuf[w] == null) tmpBuf[w] = new float[MRF * nr];
    float[] ap = apBuf[w];
    int q0 = (int) ((long) nPanels * js / nSplit), q1 = (int) ((long) nPanels * (js + 1) / nSplit);
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      float[] bp = bps[base + pc / KC];
      packA(a, aOff, lda, tA, ic, mcur, pc, kc, ap);
      for (int q = q0; q < q1; q++) {
        int col = q * nr;
        int ncur = Math.min(nr, nc - col);
        int bo = q * kc * nr;
        for (int ir = 0; ir < mPanels; ir++) {
          int row = ir * MRF;
          PanamaOps.sgemmTile(kc, ap, row * kc, bp, bo, alpha, c, cOff + (ic + row) * ldc + jc + col, ldc,
              Math.min(MRF, mcur - row), ncur, clear && pc == 0, tmpBuf[w]);
        }
      }
    }
  }

  static void packA(float[] a, int aOff, int lda, boolean tA, int ic, int mcur, int pc, int kc, float[] ap) {
    if (tA) {
      // op(A) = A^T: row pc + p of A holds depth p of all the rows ic.. of op(A). Read each row once, in
      // order, and deal it out to the panels (panel by panel, the reads went down a column of A at a stride
      // of lda: with lda a multiple of 512 bytes every one of them mapped to the same cache sets, and the
      // BPTT step's dW = G^T H spent 10% of its time here, JFR)
      int panels = ceilDiv(mcur, MRF);
      for (int p = 0; p < kc; p++) {
        int src = aOff + (pc + p) * lda + ic;
        for (int q = 0; q < panels; q++) {
          int dst = q * MRF * kc + p * MRF, r0 = q * MRF, rows = Math.min(MRF, mcur - r0);
          for (int r = 0; r < rows; r++) ap[dst + r] = a[src + r0 + r];
          for (int r = rows; r < MRF; r++) ap[dst + r] = 0;
        }
      }
      return;
    }
    for (int q = 0, panels = ceilDiv(mcur, MRF); q < panels; q++) {
      int base = q * MRF * kc, i0 = ic + q * MRF, rows = Math.min(MRF, mcur - q * MRF);
      if (rows == MRF) {
        // a full panel, as in the double packA
        int s0 = aOff + i0 * lda + pc;
        for (int p = 0; p < kc; p++) {
          int d = base + p * MRF;
          for (int r = 0, src = s0 + p; r < MRF; r++, src += lda) ap[d + r] = a[src];
        }
      } else {
        for (int r = 0; r < MRF; r++) {
          if (r < rows) {
            int src = aOff + (i0 + r) * lda + pc;
            for (int p = 0; p < kc; p++) ap[base + p * MRF + r] = a[src + p];
          } else {
            for (int p = 0; p < kc; p++) ap[base + p * MRF + r] = 0;
          }
        }
      }
    }
  }

  static void packB(float[] b, int bOff, int ldb, boolean tB, int jc, int nc, int pc, int kc, int nr,
                    float[] bp, int q0, int q1) {
    if (!tB) {
      // Row by row across the panels: each row of B is read once, in order (panel by panel, the reads went
      // down the column block at a stride of ldb, into the same cache sets when ldb is a multiple of 512 bytes)
      for (int p = 0; p < kc; p++) {
        int src = bOff + (pc + p) * ldb + jc;
        for (int q = q0; q < q1; q++) {
          int dst = q * kc * nr + p * nr, cols = Math.min(nr, nc - q * nr);
          for (int j = 0; j < cols; j++) bp[dst + j] = b[src + q * nr + j];
          for (int j = cols; j < nr; j++) bp[dst + j] = 0;
        }
      }
      return;
    }
    for (int q = q0; q < q1; q++) {
      int base = q * kc * nr, j0 = jc + q * nr, cols = Math.min(nr, nc - q * nr);
      for (int j = 0; j < nr; j++) {
        if (j < cols) {
          int src = bOff + (j0 + j) * ldb + pc;
          for (int p = 0; p < kc; p++) bp[base + p * nr + j] = b[src + p];
        } else {
          for (int p = 0; p < kc; p++) bp[base + p * nr + j] = 0;
        }
      }
    }
  }
}
