package lrnn.cli;

import lrnn.model.InitScales;
import lrnn.train.Objectives.GradientPath;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The student RNN and training options shared by the experiment commands (SPEC §1, §5, §7):
 * {@code --n --nu-w --nu-f --nu-c --eta --steps --gradient --allow-unstable}. Use as
 * {@code @Mixin ModelOptions model;} and call {@link #validate(CommonOptions)} first.
 */
public final class ModelOptions {

  @Mixin
  InitOptions init;

  @Option(names = "--n", paramLabel = "INT", defaultValue = "1000",
      description = "Hidden width n of the student RNN (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--eta", paramLabel = "RATE", defaultValue = "0.05",
      description = "Learning rate, the same for every model (default: ${DEFAULT-VALUE}; realdata: 1).")
  double eta;

  @Option(names = "--steps", paramLabel = "INT", defaultValue = "300",
      description = "Full-batch gradient descent steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--gradient", paramLabel = "PATH", defaultValue = "krylov",
      description = "RNN gradient: krylov (impulse-response path, SPEC (K4)) or bptt (default: ${DEFAULT-VALUE}).")
  String gradient;

  /** Checks every value; usage errors name the option. */
  public void validate(CommonOptions common) {
    Checks.atLeast("--n", n, 1);
    Checks.positive("--eta", eta);
    Checks.atLeast("--steps", steps, 0);
    gradientPath();
    init.validate(common);
  }

  public int n() {
    return n;
  }

  public double eta() {
    return eta;
  }

  public int steps() {
    return steps;
  }

  /** The initialization variances (no D). */
  public InitScales scales() {
    return init.scales();
  }

  public GradientPath gradientPath() {
    return switch (gradient.toLowerCase(java.util.Locale.ROOT)) {
      case "krylov" -> GradientPath.KRYLOV;
      case "bptt" -> GradientPath.BPTT;
      default -> throw new UsageException("--gradient must be krylov or bptt, got '" + gradient + "'");
    };
  }
}
