package lrnn.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import lrnn.data.SyntheticTask;
import picocli.CommandLine.Option;

/**
 * The synthetic teacher task options shared by the experiment commands (SPEC §6, §7 E1/E2):
 * {@code --seq-len --train --test --snr-db --teacher-nu-w}. The default sequence length is set by the
 * command through {@link #task(int)} when {@code --seq-len} is not given.
 */
public final class TaskOptions {

  @Option(names = "--seq-len", paramLabel = "L",
      description = "Sequence length L (default: 20 for dynamics, 60 for delay).")
  Integer seqLen;

  @Option(names = "--train", paramLabel = "N", defaultValue = "50",
      description = "Training sequences (default: ${DEFAULT-VALUE}).")
  int train;

  @Option(names = "--test", paramLabel = "N", defaultValue = "50",
      description = "Test sequences (default: ${DEFAULT-VALUE}).")
  int test;

  @Option(names = "--snr-db", paramLabel = "DB", defaultValue = "20",
      description = "Output signal-to-noise ratio in dB; 'Infinity' for no noise (default: ${DEFAULT-VALUE}).")
  double snrDb;

  @Option(names = "--teacher-nu-w", paramLabel = "NU", defaultValue = "0.5",
      description = "The teacher RNN's nu_W^T (default: ${DEFAULT-VALUE}).")
  double teacherNuW;

  /** The task with sequence length {@code --seq-len} or {@code defaultLength}. */
  public SyntheticTask task(int defaultLength) {
    int len = seqLen == null ? defaultLength : seqLen;
    Checks.atLeast("--seq-len", len, 1);
    Checks.atLeast("--train", train, 1);
    Checks.atLeast("--test", test, 1);
    if (Double.isNaN(snrDb)) throw new UsageException("--snr-db must be a number of dB or Infinity, got NaN");
    Checks.nonNegative("--teacher-nu-w", teacherNuW);
    return new SyntheticTask(1, 1, len, train, test, snrDb, teacherNuW, 4, 0);
  }

  /**
   * A synthetic task's settings as a result file's JSON records them: {@code L}, {@code train}, {@code test},
   * {@code snr_db} (the string {@code "Infinity"} for no noise) and {@code teacher_nu_w}.
   */
  static Map<String, Object> record(SyntheticTask t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("L", t.length());
    m.put("train", t.train());
    m.put("test", t.test());
    m.put("snr_db", Double.isInfinite(t.snrDb()) ? Double.toString(t.snrDb()) : t.snrDb());
    m.put("teacher_nu_w", t.teacherNuW());
    return m;
  }
}
