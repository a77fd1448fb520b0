package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lrnn.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dynamics --data --init} uses the VALUES of the weight files, in their orientation: the logged losses at
 * step 0 must equal the MSE of the RNN built from those exact tilde parameters (NTK parameterization, SPEC §1),
 * computed here independently by the recurrence h_k = W h_{k-1} + F x_k, y_k = C h_k. W~ is far from symmetric,
 * so reading it transposed (or F~, C~ in the wrong order) changes the losses well beyond rounding.
 */
class InitValuesTest {

  @TempDir
  Path tmp;

  static final int N = 6, NX = 2, NY = 2, L = 7, TRAIN = 5, TEST = 3;

  /** W~: a strong super-diagonal (a shift) plus small distinct entries, so W~ and its transpose differ a lot. */
  static double[][] wTilde() {
    double[][] w = new double[N][N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) w[i][j] = 0.05 * Math.sin(1 + 3 * i + 7 * j);
      if (i + 1 < N) w[i][i + 1] += 1.3;
    }
    return w;
  }

  static double[][] fTilde() {
    double[][] f = new double[N][NX];
    for (int i = 0; i < N; i++) for (int a = 0; a < NX; a++) f[i][a] = (i == 0 ? 1.0 : 0.2) * (a + 1) * Math.cos(i + 2.0 * a);
    return f;
  }

  static double[][] cTilde() {
    double[][] c = new double[NY][N];
    for (int b = 0; b < NY; b++) for (int i = 0; i < N; i++) c[b][i] = (i + 1) * (b == 0 ? 0.5 : -0.3) + 0.1 * b * i;
    return c;
  }

  static double[] flat(double[][] m) {
    int r = m.length, c = m[0].length;
    double[] out = new double[r * c];
    for (int i = 0; i < r; i++) System.arraycopy(m[i], 0, out, i * c, c);
    return out;
  }

  /** Input x[s][k][a] and target y[s][k][b] of sequence s (distinct, deterministic values). */
  static double x(int seed, int s, int k, int a) {
    return Math.sin(0.7 * seed + 1.3 * s + 2.1 * k + 0.9 * a);
  }

  static double y(int seed, int s, int k, int b) {
    return Math.cos(0.4 * seed + 1.1 * s + 0.5 * k + 1.7 * b);
  }

  static void saveData(Path dir, String name, int seqs, int seed) throws IOException {
    double[] xs = new double[seqs * L * NX], ys = new double[seqs * L * NY];
    for (int s = 0; s < seqs; s++) {
      for (int k = 0; k < L; k++) {
        for (int a = 0; a < NX; a++) xs[(s * L + k) * NX + a] = x(seed, s, k, a);
        for (int b = 0; b < NY; b++) ys[(s * L + k) * NY + b] = y(seed, s, k, b);
      }
    }
    Npy.write(dir.resolve("x_" + name + ".npy"), new int[] {seqs, L, NX}, xs);
    Npy.write(dir.resolve("y_" + name + ".npy"), new int[] {seqs, L, NY}, ys);
  }

  /** MSE of the RNN with tilde parameters (w, f, c) on the data of {@code seed}: the independent reference. */
  static double mse(double[][] wt, double[][] ft, double[][] ct, int seqs, int seed) {
    double sn = Math.sqrt(N), sx = Math.sqrt(NX), sum = 0;
    for (int s = 0; s < seqs; s++) {
      double[] h = new double[N];
      for (int k = 0; k < L; k++) {
        double[] hn = new double[N];
        for (int i = 0; i < N; i++) {
          double v = 0;
          for (int j = 0; j < N; j++) v += wt[i][j] / sn * h[j];
          for (int a = 0; a < NX; a++) v += ft[i][a] / sx * x(seed, s, k, a);
          hn[i] = v;
        }
        h = hn;
        for (int b = 0; b < NY; b++) {
          double yhat = 0;
          for (int i = 0; i < N; i++) yhat += ct[b][i] / sn * h[i];
          double e = y(seed, s, k, b) - yhat;
          sum += e * e;
        }
      }
    }
    return sum / ((double) seqs * L * NY);
  }

  static double[][] transpose(double[][] m) {
    double[][] t = new double[m[0].length][m.length];
    for (int i = 0; i < m.length; i++) for (int j = 0; j < m[0].length; j++) t[j][i] = m[i][j];
    return t;
  }

  @Test
  void stepZeroLossesAreThoseOfTheGivenWeights() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("data")), init = Files.createDirectories(tmp.resolve("init"));
    saveData(data, "train", TRAIN, 1);
    saveData(data, "test", TEST, 2);
    Npy.write(init.resolve("W.npy"), new int[] {N, N}, flat(wTilde()));
    Npy.write(init.resolve("F.npy"), new int[] {N, NX}, flat(fTilde()));
    Npy.write(init.resolve("C.npy"), new int[] {NY, N}, flat(cTilde()));
    Path out = tmp.resolve("out");
    Run r = Run.of("dynamics", "--data", data.toString(), "--init", init.toString(), "--steps", "2",
        "--log-every", "1", "--eta", "0.01", "--out", out.toString());
    assertEquals(0, r.code(), r.toString());
    List<String> lines = Files.readAllLines(out.resolve("dynamics.csv"));
    assertEquals("step,train_rnn,train_scaled,train_conv,test_rnn,test_scaled,test_conv", lines.get(0));
    String[] row0 = lines.get(1).split(",");
    assertEquals("0", row0[0]);
    double trainRnn = Double.parseDouble(row0[1]), trainScaled = Double.parseDouble(row0[2]);
    double testRnn = Double.parseDouble(row0[4]), testScaled = Double.parseDouble(row0[5]);

    double wantTrain = mse(wTilde(), fTilde(), cTilde(), TRAIN, 1);
    double wantTest = mse(wTilde(), fTilde(), cTilde(), TEST, 2);
    // the same number by another summation order: agree to rounding
    assertEquals(wantTrain, trainRnn, 1e-12 * wantTrain, "train MSE of the RNN at step 0");
    assertEquals(wantTest, testRnn, 1e-12 * wantTest, "test MSE of the RNN at step 0");
    // the scaled convolution starts from the RNN's impulse response (SPEC §5), so from the same loss
    assertEquals(wantTrain, trainScaled, 1e-12 * wantTrain, "train MSE of the scaled conv at step 0");
    assertEquals(wantTest, testScaled, 1e-12 * wantTest, "test MSE of the scaled conv at step 0");

    // The test has teeth: the transposed W~ gives a loss far outside that tolerance.
    double transposed = mse(transpose(wTilde()), fTilde(), cTilde(), TRAIN, 1);
    assertTrue(Math.abs(transposed - wantTrain) > 1e-3 * wantTrain,
        "W~ and its transpose give nearly the same loss: " + transposed + " vs " + wantTrain);
  }
}
