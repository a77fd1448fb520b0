package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lrnn.io.NdArray;
import lrnn.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lrnn ntk} against the definition (13): the Gram it writes equals {@code J J^T}, with J the Jacobian of
 * every output of the training sequences with respect to (W~, F~, C~, D~), computed here independently by exact
 * forward-mode differentiation of the recurrence (SPEC (1), (3)) — with n_x = n_y = 2 and a trained D.
 */
class NtkCommandTest {

  @TempDir
  Path tmp;

  static final int N = InitValuesTest.N, NX = InitValuesTest.NX, NY = InitValuesTest.NY, L = InitValuesTest.L;
  static final int SEQS = 3;

  static double[][] dTilde() {
    return new double[][] {{0.7, -0.2}, {0.1, 0.4}};
  }

  /** J: rows (i L + k) n_y + b, columns W~ (n^2), F~ (n n_x), C~ (n_y n), D~ (n_y n_x), row-major each. */
  static double[][] jacobian(double[][] wt, double[][] ft, double[][] ct, int seqs, int seed) {
    double sn = Math.sqrt(N), sx = Math.sqrt(NX);
    int params = N * N + N * NX + NY * N + NY * NX;
    double[][] jac = new double[seqs * L * NY][params];
    for (int s = 0; s < seqs; s++) {
      // hidden states h_k
      double[][] h = new double[L][N];
      for (int k = 0; k < L; k++) {
        for (int i = 0; i < N; i++) {
          double v = 0;
          if (k > 0) for (int j = 0; j < N; j++) v += wt[i][j] / sn * h[k - 1][j];
          for (int a = 0; a < NX; a++) v += ft[i][a] / sx * InitValuesTest.x(seed, s, k, a);
          h[k][i] = v;
        }
      }
      // W~_pq and F~_pa: dh_k = W dh_{k-1} + e_p * (source at k); dy_k = C dh_k
      for (int p = 0; p < N; p++) {
        for (int q = 0; q < N + NX; q++) {
          boolean isW = q < N;
          int col = isW ? p * N + q : N * N + p * NX + (q - N);
          double[] dh = new double[N];
          for (int k = 0; k < L; k++) {
            double[] next = new double[N];
            for (int i = 0; i < N; i++) {
              double v = 0;
              for (int j = 0; j < N; j++) v += wt[i][j] / sn * dh[j];
              next[i] = v;
            }
            if (isW) {
              if (k > 0) next[p] += h[k - 1][q] / sn;
            } else {
              next[p] += InitValuesTest.x(seed, s, k, q - N) / sx;
            }
            dh = next;
            for (int b = 0; b < NY; b++) {
              double v = 0;
              for (int i = 0; i < N; i++) v += ct[b][i] / sn * dh[i];
              jac[(s * L + k) * NY + b][col] = v;
            }
          }
        }
      }
      // C~_bq, D~_ba: linear in them
      for (int k = 0; k < L; k++) {
        for (int b = 0; b < NY; b++) {
          int row = (s * L + k) * NY + b;
          for (int q = 0; q < N; q++) jac[row][N * N + N * NX + b * N + q] = h[k][q] / sn;
          for (int a = 0; a < NX; a++) {
            jac[row][N * N + N * NX + NY * N + b * NX + a] = InitValuesTest.x(seed, s, k, a) / sx;
          }
        }
      }
    }
    return jac;
  }

  static double[] gram(double[][] j) {
    int r = j.length;
    double[] g = new double[r * r];
    for (int a = 0; a < r; a++) {
      for (int b = 0; b < r; b++) {
        double s = 0;
        for (int p = 0; p < j[a].length; p++) s += j[a][p] * j[b][p];
        g[a * r + b] = s;
      }
    }
    return g;
  }

  static double relFrobenius(double[] got, double[] want) {
    double num = 0, den = 0;
    for (int i = 0; i < want.length; i++) {
      num += (got[i] - want[i]) * (got[i] - want[i]);
      den += want[i] * want[i];
    }
    return Math.sqrt(num / den);
  }

  private Path writeInputs(boolean withD) throws IOException {
    Path data = Files.createDirectories(tmp.resolve("data")), init = Files.createDirectories(tmp.resolve("init"));
    InitValuesTest.saveData(data, "train", SEQS, 1);
    Npy.write(init.resolve("W.npy"), new int[] {N, N}, InitValuesTest.flat(InitValuesTest.wTilde()));
    Npy.write(init.resolve("F.npy"), new int[] {N, NX}, InitValuesTest.flat(InitValuesTest.fTilde()));
    Npy.write(init.resolve("C.npy"), new int[] {NY, N}, InitValuesTest.flat(InitValuesTest.cTilde()));
    if (withD) Npy.write(init.resolve("D.npy"), new int[] {NY, NX}, InitValuesTest.flat(dTilde()));
    return tmp;
  }

  @Test
  void gramEqualsJacobianProductWithTwoInputsTwoOutputsAndD() throws IOException {
    writeInputs(true);
    Path out = tmp.resolve("out");
    Run r = Run.of("ntk", "--data", tmp.resolve("data").toString(), "--init", tmp.resolve("init").toString(),
        "--out", out.toString(), "--quiet");
    assertEquals(0, r.code(), r.toString());
    NdArray g = Npy.read(out.resolve("gram.npy"));
    int rows = SEQS * L * NY;
    assertArrayEquals(new int[] {rows, rows}, g.shape());
    double[][] j = jacobian(InitValuesTest.wTilde(), InitValuesTest.fTilde(), InitValuesTest.cTilde(), SEQS, 1);
    double[] want = gram(j);
    double err = relFrobenius(g.toDoubleArray(), want);
    assertTrue(err < 1e-12, "gram.npy vs J J^T: relative Frobenius difference " + err);

    // the D~ block matters: without it the same parameters give a different Gram
    double[][] jNoD = new double[j.length][];
    for (int i = 0; i < j.length; i++) jNoD[i] = java.util.Arrays.copyOf(j[i], j[i].length - NY * NX);
    assertTrue(relFrobenius(g.toDoubleArray(), gram(jNoD)) > 1e-3, "the Gram ignores D~");

    NdArray m = Npy.read(out.resolve("lag_kernel.npy"));
    assertArrayEquals(new int[] {L * NY * NX, L * NY * NX}, m.shape());
    NdArray lambda = Npy.read(out.resolve("lambda.npy"));
    assertArrayEquals(new int[] {L}, lambda.shape());
    // (21) with D trained and the default nu's (0.5, 1, 1), n_x = 2
    assertEquals((2 + 1) / 2.0, lambda.getFlat(0), 1e-15);
    assertEquals((2 * Math.pow(0.5, 3) + 3 * Math.pow(0.5, 2)) / 2.0, lambda.getFlat(3), 1e-15);

    // G = T M T^T: the Gram's row (i, k, b) against (i', k', b') is sum over lags of x M x'
    for (int[] idx : new int[][] {{0, 3, 1, 2, 5, 0}, {1, 6, 0, 1, 2, 1}}) {
      int i = idx[0], k = idx[1], b = idx[2], ip = idx[3], kp = idx[4], bp = idx[5];
      double v = 0;
      for (int jl = 0; jl <= k; jl++) {
        for (int a = 0; a < NX; a++) {
          for (int jlp = 0; jlp <= kp; jlp++) {
            for (int ap = 0; ap < NX; ap++) {
              double mv = m.get((jl * NY + b) * NX + a, (jlp * NY + bp) * NX + ap);
              v += InitValuesTest.x(1, i, k - jl, a) * mv * InitValuesTest.x(1, ip, kp - jlp, ap);
            }
          }
        }
      }
      assertEquals(v, g.get((i * L + k) * NY + b, (ip * L + kp) * NY + bp), 1e-12 * Math.abs(v) + 1e-15,
          "T M T^T entry " + java.util.Arrays.toString(idx));
    }
    String json = Files.readString(out.resolve("ntk.json"));
    assertTrue(json.contains("\"n\": " + N) && json.contains("\"n_x\": 2") && json.contains("\"with_D\": true"), json);
  }

  @Test
  void randomRnnIsTheOneDynamicsDrawsAndFloat32AgreesToItsPrecision() throws IOException {
    Path o64 = tmp.resolve("o64"), o32 = tmp.resolve("o32");
    Run a = Run.of("ntk", "--n", "40", "--seq-len", "6", "--train", "4", "--out", o64.toString(), "--quiet");
    assertEquals(0, a.code(), a.toString());
    Run b = Run.of("ntk", "--n", "40", "--seq-len", "6", "--train", "4", "--dtype", "float32", "--out",
        o32.toString(), "--quiet");
    assertEquals(0, b.code(), b.toString());
    double[] g64 = Npy.read(o64.resolve("gram.npy")).toDoubleArray();
    double[] g32 = Npy.read(o32.resolve("gram.npy")).toDoubleArray();
    assertEquals(24 * 24, g64.length);
    double err = relFrobenius(g32, g64);
    assertTrue(err < 1e-5 && err > 0, "float32 vs float64 Gram: " + err);
    // deterministic in the seed, and a different seed gives a different RNN
    Run c = Run.of("ntk", "--n", "40", "--seq-len", "6", "--train", "4", "--out", tmp.resolve("again").toString(),
        "--quiet");
    assertEquals(0, c.code());
    assertArrayEquals(g64, Npy.read(tmp.resolve("again/gram.npy")).toDoubleArray());
    String json = Files.readString(o64.resolve("ntk.json"));
    assertTrue(json.contains("\"relative_distance_M_to_diag_lambda\""), json);
  }

  @Test
  void infiniteWidthGramIsTheScaledConvolutionsAndDiagonalLagKernel() throws IOException {
    writeInputs(false);
    Path out = tmp.resolve("inf");
    Run r = Run.of("ntk", "--infinite", "--data", tmp.resolve("data").toString(), "--out", out.toString(), "--quiet");
    assertEquals(0, r.code(), r.toString());
    NdArray g = Npy.read(out.resolve("gram.npy"));
    double[] lambda = Npy.read(out.resolve("lambda.npy")).toDoubleArray();
    int rows = SEQS * L * NY;
    assertArrayEquals(new int[] {rows, rows}, g.shape());
    // (17): K[(i,k,b),(i',k',b')] = delta_bb' sum_j lambda_j x_{i,k-j} . x_{i',k'-j}
    for (int row = 0; row < rows; row += 5) {
      for (int col = 0; col < rows; col += 3) {
        int i = row / NY / L, k = row / NY % L, b = row % NY, ip = col / NY / L, kp = col / NY % L, bp = col % NY;
        double v = 0;
        if (b == bp) {
          for (int j = 0; j <= Math.min(k, kp); j++) {
            for (int a = 0; a < NX; a++) v += lambda[j] * InitValuesTest.x(1, i, k - j, a) * InitValuesTest.x(1, ip, kp - j, a);
          }
        }
        assertEquals(v, g.get(row, col), 1e-13 * (1 + Math.abs(v)), "entry " + row + ", " + col);
      }
    }
    NdArray m = Npy.read(out.resolve("lag_kernel.npy"));
    for (int p = 0; p < m.dim(0); p++) {
      for (int q = 0; q < m.dim(1); q++) assertEquals(p == q ? lambda[p / (NY * NX)] : 0, m.get(p, q), 0);
    }
  }

  @Test
  void aGramThatCannotFitIsRefusedAtOnceAndWritesNothing() {
    Path out = tmp.resolve("huge");
    Run r = Run.of("ntk", "--n", "10", "--train", "100000", "--seq-len", "10", "--out", out.toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("N L n_y = 1000000 rows") && r.err().contains("TiB"), r.err());
    assertFalse(Files.exists(out), "a refused run created its output folder");

    Run m = Run.of("ntk", "--n", "10", "--train", "2000", "--seq-len", "20", "--out", out.toString());
    assertEquals(1, m.code(), m.toString());
    assertTrue(m.err().contains("needs about") && m.err().contains("Gram"), m.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void contradictoryOptionsAreUsageErrors() throws IOException {
    writeInputs(false);
    Run r = Run.of("ntk", "--infinite", "--init", tmp.resolve("init").toString(), "--out", tmp.resolve("x").toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--init has no meaning with --infinite"), r.err());
    Run k = Run.of("ntk", "--lags", "0", "--out", tmp.resolve("x").toString());
    assertEquals(2, k.code());
    assertTrue(k.err().contains("--lags"), k.err());
    Run bad = Run.of("ntk", "--data", tmp.resolve("data").toString(), "--init", tmp.resolve("init").toString(),
        "--n", "7", "--out", tmp.resolve("x").toString());
    assertEquals(2, bad.code(), bad.toString());
    assertTrue(bad.err().contains("contradicts --init"), bad.err());
  }
}
