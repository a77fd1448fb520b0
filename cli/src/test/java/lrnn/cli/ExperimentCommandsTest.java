package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code delay} (E2) and {@code realdata} (E3) at tiny size. */
class ExperimentCommandsTest {

  @TempDir
  Path tmp;

  @Test
  void delayWritesCsvWithTheExactHeaderAndAPlot() throws IOException {
    Run r = Run.of("delay", "--out", tmp.toString(), "--n", "16", "--steps", "10", "--seq-len", "12", "--train", "5",
        "--test", "4", "--delays", "0:8:4");
    assertEquals(0, r.code(), r::toString);
    List<String> csv = Files.readAllLines(tmp.resolve("delay.csv"));
    assertEquals("delay,test_rnn,test_scaled,test_conv", csv.get(0));
    assertEquals(4, csv.size(), csv::toString);
    assertTrue(csv.get(1).startsWith("0,") && csv.get(2).startsWith("4,") && csv.get(3).startsWith("8,"), csv::toString);
    for (String line : csv.subList(1, 4)) {
      for (String cell : line.split(",")) assertTrue(Double.parseDouble(cell) >= 0, line);
    }
    MainTest.assertPng(tmp.resolve("delay.png"));
    MainTest.assertSvg(tmp.resolve("delay.svg"));
  }

  @Test
  void delayRejectsDelaysBeyondTheSequence() {
    Run r = Run.of("delay", "--out", tmp.toString(), "--seq-len", "10", "--delays", "0,12");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("delay 12 is outside [0, L) = [0, 10)"), r::toString);
    assertEquals(2, Run.of("delay", "--out", tmp.toString(), "--delays", "a:b").code());
    assertEquals(List.of(0, 2, 4), DelayCommand.parseDelays("0:5:2", 60));
    assertEquals(List.of(3, 1), DelayCommand.parseDelays("3, 1", 60));
  }

  @Test
  void realdataOnTheBundledFmriDataWritesTableCurvesAndFigure() throws IOException {
    Run r = Run.of("realdata", "--out", tmp.toString(), "--n", "16", "--lags", "12", "--steps", "10",
        "--log-every", "5");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("inputs [events=1, events=2, events=3, events=4, events=5, events=6], outputs [bold]"),
        r::toString);
    assertTrue(r.out().contains("least-squares FIR with 12 lags"), r::toString);
    List<String> csv = Files.readAllLines(tmp.resolve("realdata.csv"));
    assertEquals("regime,output,r2_rnn,r2_scaled,r2_conv", csv.get(0));
    assertEquals(3, csv.size(), csv::toString);
    assertTrue(csv.get(1).startsWith("limited,bold,") && csv.get(2).startsWith("full,bold,"), csv::toString);
    List<String> curves = Files.readAllLines(tmp.resolve("realdata_curves.csv"));
    assertEquals(RealDataCommand.CURVES_HEADER, curves.get(0));
    assertEquals(1 + 2 * 3, curves.size(), curves::toString); // steps 0, 5, 10 per regime
    MainTest.assertPng(tmp.resolve("realdata.png"));
    MainTest.assertSvg(tmp.resolve("realdata.svg"));
  }

  @Test
  void realdataReadsAnyCsvWithNumericAndOneHotInputs() throws IOException {
    SplittableRandom rng = new SplittableRandom(5);
    StringBuilder sb = new StringBuilder("u,kind,y1,y2\n");
    double prev = 0;
    for (int t = 0; t < 200; t++) {
      double u = rng.nextGaussian();
      int kind = rng.nextInt(3);
      sb.append(u).append(',').append(kind).append(',').append(0.5 * u + 0.3 * prev + (kind == 2 ? 1 : 0))
          .append(',').append(rng.nextGaussian()).append('\n');
      prev = u;
    }
    Path file = tmp.resolve("series.csv");
    Files.writeString(file, sb.toString());
    Path out = tmp.resolve("out");
    Run r = Run.of("realdata", "--out", out.toString(), "--csv", file.toString(), "--inputs", "u", "--one-hot", "kind",
        "--outputs", "y1,y2", "--n", "8", "--lags", "4", "--steps", "40", "--eta", "0.2", "--log-every", "20");
    assertEquals(0, r.code(), r::toString);
    List<String> csv = Files.readAllLines(out.resolve("realdata.csv"));
    assertEquals(5, csv.size(), csv::toString);
    assertTrue(csv.get(3).startsWith("full,y1,"), csv::toString);
    // y1 is a short filter of the inputs: every model explains most of it with 80% of the data
    String[] full = csv.get(3).split(",");
    for (int c = 2; c < 5; c++) assertTrue(Double.parseDouble(full[c]) > 0.5, csv.get(3));
  }

  @Test
  void realdataNeedsColumnsForAFileAndNamesMissingOnes() throws IOException {
    Path file = tmp.resolve("s.csv");
    Files.writeString(file, "a,b\n1,2\n3,4\n");
    Run r = Run.of("realdata", "--out", tmp.toString(), "--csv", file.toString(), "--inputs", "a");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("--outputs"), r::toString);
    Run s = Run.of("realdata", "--out", tmp.toString(), "--csv", file.toString(), "--inputs", "zz", "--outputs", "b");
    assertEquals(2, s.code(), s::toString);
    assertTrue(s.err().contains("zz"), s::toString);
  }

  /** A recording as a new user has it: a time column, a stimulus in raw units, a spike count; tab-separated. */
  static String recording(int rows, double stimulusUnit, String sep) {
    SplittableRandom rng = new SplittableRandom(11);
    StringBuilder sb = new StringBuilder("\"time (s)\"" + sep + "stimulus" + sep + "spikes\n");
    double s1 = 0, s2 = 0;
    for (int t = 0; t < rows; t++) {
      double s = Math.max(0, rng.nextGaussian() + 0.5);
      double rate = 2 + 3 * s + 2 * s1 + s2;
      int spikes = (int) Math.round(rate + rng.nextGaussian());
      sb.append(0.01 * t).append(sep).append(s * stimulusUnit).append(sep).append(spikes).append('\n');
      s2 = s1;
      s1 = s;
    }
    return sb.toString();
  }

  @Test
  void realdataTrainsAnyRecordingWithDefaultsAndTheSameR2InAnyUnits() throws IOException {
    String[] r2 = new String[3];
    double[] units = {1, 1e-3, 1e3};
    for (int i = 0; i < 3; i++) {
      Path file = tmp.resolve("rec" + i + ".tsv");
      Files.writeString(file, recording(600, units[i], "\t"));
      Path out = tmp.resolve("out" + i);
      // only --csv and --outputs (and a small model): the time column is skipped, stimulus is the input
      Run r = Run.of("realdata", "--out", out.toString(), "--csv", file.toString(), "--outputs", "spikes", "--n", "16",
          "--lags", "8", "--steps", "60");
      assertEquals(0, r.code(), r::toString);
      assertTrue(r.out().contains("inputs [stimulus], outputs [spikes]"), r::toString);
      assertTrue(r.out().contains("ignored column [time (s)]"), r::toString);
      assertTrue(r.out().contains("eta auto = "), r::toString);
      List<String> csv = Files.readAllLines(out.resolve("realdata.csv"));
      r2[i] = csv.get(1) + "|" + csv.get(2);
      String json = Files.readString(out.resolve("realdata.json"));
      assertTrue(json.contains("\"eta_auto\": true") && json.contains("\"input_sd\"")
          && json.contains("\"lambda_max_unscaled\"") && json.contains("\"ignored_columns\": [\"time (s)\"]"), json);
      List<String> pred = Files.readAllLines(out.resolve("realdata_predictions.csv"));
      assertEquals(RealDataCommand.PREDICTIONS_HEADER, pred.get(0));
      assertEquals(1 + 2 * 120, pred.size()); // the last 20% of 600 samples, in both regimes
      assertTrue(pred.get(1).startsWith("limited,480,spikes,"), pred.get(1));
      // full data: the stimulus explains the spike count
      assertTrue(Double.parseDouble(csv.get(2).split(",")[3]) > 0.3, csv::toString);
    }
    for (int i = 1; i < 3; i++) {
      String[] a = r2[0].split("[,|]"), b = r2[i].split("[,|]");
      for (int k : new int[] {2, 3, 4, 7, 8, 9}) {
        assertEquals(Double.parseDouble(a[k]), Double.parseDouble(b[k]), 0.01, r2[0] + " vs " + r2[i]);
      }
    }
  }

  @Test
  void realdataReadsSemicolonsAndHandlesMissingCellsAsAsked() throws IOException {
    String text = recording(300, 1, ";").replace(".", ",");
    String[] lines = text.split("\n");
    lines[40] = lines[40].replaceFirst(";[^;]*;", ";;"); // an empty stimulus cell on line 41
    lines[90] = lines[90].substring(0, lines[90].lastIndexOf(';') + 1) + "NA";
    Path file = tmp.resolve("rec.csv");
    Files.writeString(file, String.join("\n", lines) + "\n");
    String[] base = {"realdata", "--csv", file.toString(), "--outputs", "spikes", "--inputs", "stimulus", "--n", "8",
        "--lags", "4", "--steps", "10"};
    Run err = Run.of(concat(base, "--out", tmp.resolve("e").toString()));
    assertEquals(2, err.code(), err::toString);
    assertTrue(err.err().contains("column 'stimulus' has a missing value at row 39 (line 41)")
        && err.err().contains("--missing drop or --missing interpolate"), err::toString);
    assertTrue(Files.notExists(tmp.resolve("e")), "no output folder for a usage error");
    Run drop = Run.of(concat(base, "--out", tmp.resolve("d").toString(), "--missing", "drop"));
    assertEquals(0, drop.code(), drop::toString);
    assertTrue(drop.out().contains("2 missing cells: dropped 2 rows") && drop.out().contains("298 samples"),
        drop::toString);
    Run fill = Run.of(concat(base, "--out", tmp.resolve("i").toString(), "--missing", "interpolate"));
    assertEquals(0, fill.code(), fill::toString);
    assertTrue(fill.out().contains("300 samples"), fill::toString);
    assertTrue(Files.readString(tmp.resolve("i/realdata.json")).contains("\"missing_cells\": 2"));
    assertEquals(2, Run.of(concat(base, "--out", tmp.toString(), "--missing", "guess")).code());
  }

  @Test
  void realdataNamesAConstantColumnAndTheTimeColumnCanBeUsedWhenAskedFor() throws IOException {
    Path file = tmp.resolve("c.csv");
    StringBuilder sb = new StringBuilder("t,gain,u,y\n");
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < 200; i++) sb.append(i).append(",2.5,").append(rng.nextGaussian()).append(',')
        .append(rng.nextGaussian()).append('\n');
    Files.writeString(file, sb.toString());
    Run r = Run.of("realdata", "--out", tmp.resolve("o").toString(), "--csv", file.toString(), "--outputs", "y",
        "--n", "8", "--lags", "4", "--steps", "5");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("column 'gain' is constant (2.5 in all 200 rows)"), r::toString);
    Run t = Run.of("realdata", "--out", tmp.resolve("p").toString(), "--csv", file.toString(), "--outputs", "y",
        "--inputs", "t,u", "--n", "8", "--lags", "4", "--steps", "5");
    assertEquals(0, t.code(), t::toString);
    assertTrue(t.out().contains("inputs [t, u]"), t::toString);
    Run missing = Run.of("realdata", "--out", tmp.resolve("q").toString(), "--csv", file.toString(), "--outputs", "y",
        "--inputs", "zz");
    assertEquals(2, missing.code(), missing::toString);
    assertTrue(missing.err().contains("no column 'zz'") && missing.err().contains("gain"), missing::toString);
  }

  @Test
  void everyTrainingCommandAcceptsEtaAuto() {
    String o = tmp.toString();
    Run[] runs = {
        Run.of("dynamics", "--out", o + "/a", "--n", "8", "--steps", "5", "--seq-len", "6", "--train", "4", "--test", "3",
            "--eta", "auto"),
        Run.of("delay", "--out", o + "/b", "--n", "8", "--steps", "5", "--seq-len", "8", "--train", "4", "--test", "3",
            "--delays", "0,2", "--eta", "auto"),
        Run.of("ntk-convergence", "--out", o + "/c", "--widths", "8,16", "--seeds", "2", "--steps", "5", "--lags", "4",
            "--length", "6", "--eta", "AUTO"),
        Run.of("theorems", "--out", o + "/d", "--width", "8", "--seeds", "4", "--steps", "5", "--lags", "4", "--length",
            "6", "--eta", "auto"),
        Run.of("realdata", "--out", o + "/e", "--n", "8", "--lags", "4", "--steps", "5", "--eta", "auto")};
    for (Run r : runs) {
      assertEquals(0, r.code(), r::toString);
      assertTrue(r.out().contains("eta auto = "), r::toString);
    }
    // without --eta the synthetic tasks keep SPEC §7's 0.05; a given number is used as given
    Run fixed = Run.of("dynamics", "--out", o + "/f", "--n", "8", "--steps", "5", "--seq-len", "6", "--train", "4",
        "--test", "3");
    assertTrue(fixed.out().contains("eta = 0.05,") && !fixed.out().contains("eta auto"), fixed::toString);
    Run bad = Run.of("dynamics", "--out", o + "/g", "--eta", "fast");
    assertEquals(2, bad.code(), bad::toString);
    assertTrue(bad.err().contains("--eta must be a number > 0 or auto, got 'fast'"), bad::toString);
    assertEquals(2, Run.of("theorems", "--out", o + "/h", "--eta", "-1").code());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
