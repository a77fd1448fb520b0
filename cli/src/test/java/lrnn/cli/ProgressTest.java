package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private final AtomicLong clock = new AtomicLong();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void reset() {
    Progress.reset();
  }

  @Test
  void logModePrintsEveryTenPercentAndAFinalLine() {
    Progress.configure(new PrintWriter(err), Progress.Mode.LOG, "lrnn e1", clock::get);
    try (Progress.Handle p = Progress.start("training", 200)) {
      for (int t = 1; t <= 200; t++) {
        clock.addAndGet(10_000_000L); // 10 ms a step
        p.step(t);
        if (t == 150) p.message("mse 0.012");
      }
    }
    List<String> lines = err.toString().lines().toList();
    // quiet during the first second, then 50%, 60%, ... 90%, then the final line
    assertEquals(6, lines.size(), err::toString);
    assertTrue(lines.get(0).startsWith("lrnn e1: training:  50% 100/200, 1.0s elapsed, ETA 1.0s"), lines.get(0));
    assertTrue(lines.get(3).endsWith("mse 0.012"), lines.get(3));
    assertEquals("lrnn e1: training: 100% 200/200, done in 2.0s  mse 0.012", lines.get(5));
  }

  @Test
  void logModeStaysQuietForTasksShorterThanASecond() {
    Progress.configure(new PrintWriter(err), Progress.Mode.LOG, "lrnn", clock::get);
    try (Progress.Handle p = Progress.start("quick", 50)) {
      for (int t = 1; t <= 50; t++) {
        clock.addAndGet(10_000_000L); // 0.5 s in all
        p.step(t);
      }
    }
    assertEquals("", err.toString());
  }

  @Test
  void logModeAlsoReportsSlowTasksByTime() {
    Progress.configure(new PrintWriter(err), Progress.Mode.LOG, "lrnn", clock::get);
    try (Progress.Handle p = Progress.start("slow", 1000)) {
      for (int t = 1; t <= 30; t++) {
        clock.addAndGet(1_000_000_000L); // 1 s a step: 3% after 30 s
        p.step(t);
      }
    }
    assertEquals(4, err.toString().lines().count(), err::toString); // at 10 s, 20 s, 30 s, and the end
    assertTrue(err.toString().contains("(stopped)"), err::toString);
  }

  @Test
  void barModeRedrawsOneLine() {
    Progress.configure(new PrintWriter(err), Progress.Mode.BAR, "lrnn", clock::get);
    try (Progress.Handle p = Progress.start("fit", 4)) {
      for (int t = 1; t <= 4; t++) {
        clock.addAndGet(500_000_000L);
        p.accept(t);
      }
    }
    String s = err.toString();
    assertTrue(s.startsWith("\rfit [....."), s);
    assertTrue(s.contains("\rfit [########################] 100% 4/4"), s);
    assertEquals(1, s.chars().filter(c -> c == '\n').count(), s); // one line, redrawn with \r
  }

  @Test
  void offModePrintsNothingAndUnknownTotalsWork() {
    Progress.configure(new PrintWriter(err), Progress.Mode.OFF, "lrnn", clock::get);
    try (Progress.Handle p = Progress.start("x", 10)) {
      p.step(5);
    }
    assertEquals("", err.toString());

    Progress.configure(new PrintWriter(err), Progress.Mode.LOG, "lrnn", clock::get);
    try (Progress.Handle p = Progress.start("open-ended", 0)) {
      clock.addAndGet(11_000_000_000L);
      p.step(7);
    }
    assertEquals("lrnn: open-ended: 7 steps, 11.0s elapsed\nlrnn: open-ended: 7 steps, done in 11.0s\n",
        err.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void durations() {
    assertEquals("4.2s", Progress.duration(4.2));
    assertEquals("3:07", Progress.duration(187));
    assertEquals("1:02:03", Progress.duration(3723));
    assertEquals("?", Progress.duration(Double.NaN));
  }

  @Test
  void quietTurnsProgressOff() {
    assertEquals(Progress.Mode.OFF, Progress.modeFor(true, true));
  }
}
