package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lrnn.io.NdArray;
import lrnn.io.Npy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --save-model}: the saved RNN is in the {@code --init} layout, and continuing from it gives the RNN
 * trajectory of one uninterrupted run (same data, same eta) — at 1 and 2 threads, float64 and float32, Krylov
 * and BPTT.
 */
class SaveModelTest {

  @TempDir
  Path tmp;

  static double[][] csv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    double[][] rows = new double[lines.size() - 1][];
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      rows[i - 1] = new double[f.length];
      for (int c = 0; c < f.length; c++) rows[i - 1][c] = Double.parseDouble(f[c]);
    }
    return rows;
  }

  @ParameterizedTest(name = "{0} threads, {1}, {2}")
  @CsvSource({"1, float64, krylov", "2, float64, krylov", "1, float32, krylov", "2, float32, krylov",
      "2, float64, bptt"})
  void continuingFromASavedModelFollowsTheUninterruptedRun(int threads, String dtype, String gradient)
      throws IOException {
    String[] common = {"--n", "300", "--eta", "0.05", "--log-every", "1", "--threads", String.valueOf(threads),
        "--dtype", dtype, "--gradient", gradient, "--seq-len", "12", "--train", "10", "--test", "5", "--quiet"};
    Path whole = tmp.resolve("whole"), first = tmp.resolve("first"), model = tmp.resolve("model"),
        second = tmp.resolve("second");
    Run a = Run.of(cat(common, "--steps", "20", "--out", whole.toString()));
    assertEquals(0, a.code(), a.toString());
    Run b = Run.of(cat(common, "--steps", "8", "--out", first.toString(), "--save-model", model.toString()));
    assertEquals(0, b.code(), b.toString());
    Run c = Run.of(cat(common, "--steps", "12", "--out", second.toString(), "--init", model.toString()));
    assertEquals(0, c.code(), c.toString());

    double[][] w = csv(whole.resolve("dynamics.csv")), s = csv(second.resolve("dynamics.csv"));
    assertEquals(13, s.length);
    for (int t = 0; t <= 12; t++) {
      for (int col : new int[] {1, 4}) { // train_rnn, test_rnn
        double want = w[8 + t][col], got = s[t][col];
        assertEquals(want, got, 1e-12 * Math.abs(want), "step " + (8 + t) + " column " + col);
      }
    }
    // the saved convolutions are the first run's final ones (their last logged MSEs are those of G_*.npy)
    NdArray g = Npy.read(model.resolve("G_scaled.npy"));
    assertArrayEquals(new int[] {12, 1, 1}, g.shape());
    NdArray wNpy = Npy.read(model.resolve("W.npy"));
    assertEquals("float32".equals(dtype), wNpy.isFloat32());
    assertArrayEquals(new int[] {300, 300}, wNpy.shape());
    String json = Files.readString(model.resolve("model.json"));
    assertTrue(json.contains("\"steps\": 8") && json.contains("\"dtype\": \"" + dtype + "\""), json);
    // the rate as dynamics.json records it: a given --eta is eta_auto false, without curvatures
    assertTrue(json.contains("\n  \"eta\": 0.05,\n  \"eta_auto\": false,\n  \"steps\": 8,"), json);
    assertTrue(json.contains("\"train_rnn\": " + csv(first.resolve("dynamics.csv"))[8][1]), json);
  }

  @Test
  void modelJsonRecordsTheAutomaticRateAsDynamicsJsonDoes() throws IOException {
    Path out = tmp.resolve("o"), model = tmp.resolve("m");
    Run r = Run.of("dynamics", "--n", "16", "--steps", "4", "--seq-len", "6", "--train", "4", "--test", "3",
        "--eta", "auto", "--threads", "1", "--out", out.toString(), "--save-model", model.toString());
    assertEquals(0, r.code(), r.toString());
    String json = Files.readString(model.resolve("model.json"));
    String dynamics = Files.readString(out.resolve("dynamics.json"));
    assertEquals("true", EtaRecordTest.value(json, "eta_auto"), json);
    for (String key : new String[] {"eta", "eta_auto", "eta_rule", "eta_fraction", "lambda_max_unscaled",
        "lambda_max_scaled", "stability_limit"}) {
      String v = EtaRecordTest.value(json, key);
      assertTrue(v != null && v.equals(EtaRecordTest.value(dynamics, key)), key + ": " + json + " vs " + dynamics);
    }
    // in model.json the rate entries sit where "eta" always was: after data, before steps
    assertTrue(json.indexOf("\"data\":") < json.indexOf("\"eta\":")
        && json.indexOf("\"stability_limit\":") < json.indexOf("\"steps\":"), json);
  }

  @Test
  void realdataSavesEachRegimesTrainedModels() throws IOException {
    Path model = tmp.resolve("m");
    Run r = Run.of("realdata", "--n", "40", "--steps", "20", "--lags", "6", "--out", tmp.resolve("o").toString(),
        "--save-model", model.toString(), "--quiet");
    assertEquals(0, r.code(), r.toString());
    for (String regime : new String[] {"limited", "full"}) {
      Path d = model.resolve(regime);
      NdArray w = Npy.read(d.resolve("W.npy")), f = Npy.read(d.resolve("F.npy")), c = Npy.read(d.resolve("C.npy"));
      assertArrayEquals(new int[] {40, 40}, w.shape());
      int nx = f.dim(1), ny = c.dim(0);
      assertArrayEquals(new int[] {6, ny, nx}, Npy.read(d.resolve("G_scaled.npy")).shape());
      assertArrayEquals(new int[] {6, ny, nx}, Npy.read(d.resolve("G_unscaled.npy")).shape());
      assertTrue(Files.readString(d.resolve("model.json")).contains("\"regime\": \"" + regime + "\""));
    }
    // both regimes start from one RNN and train on different windows: their W~ differ
    double[] wl = Npy.read(model.resolve("limited/W.npy")).toDoubleArray();
    double[] wf = Npy.read(model.resolve("full/W.npy")).toDoubleArray();
    assertTrue(!java.util.Arrays.equals(wl, wf), "the two regimes saved the same W~");
  }

  @Test
  void aSaveFolderThatCannotBeCreatedFailsBeforeTraining() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    Run r = Run.of("dynamics", "--n", "20", "--steps", "5", "--out", tmp.resolve("o").toString(), "--save-model",
        file.resolve("sub").toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("plain-file"), r.err());
    assertTrue(!Files.exists(tmp.resolve("o/dynamics.csv")), "trained although the model could not be saved");
  }

  static String[] cat(String[] a, String... b) {
    String[] out = new String[a.length + b.length + 1];
    out[0] = "dynamics";
    System.arraycopy(a, 0, out, 1, a.length);
    System.arraycopy(b, 0, out, 1 + a.length, b.length);
    return out;
  }
}
