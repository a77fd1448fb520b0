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
}
