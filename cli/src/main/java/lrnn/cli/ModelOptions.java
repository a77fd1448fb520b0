package lrnn.cli;

import java.util.function.Supplier;
import lrnn.model.InitScales;
import lrnn.train.StepSize;
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

  /** SPEC §7: the rate of the synthetic tasks when {@code --eta} is not given. */
  static final double SPEC_ETA = 0.05;

  @Mixin
  EtaOption eta;

  @Option(names = "--steps", paramLabel = "INT", defaultValue = "300",
      description = "Full-batch gradient descent steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--gradient", paramLabel = "PATH", defaultValue = "krylov",
      description = "RNN gradient: krylov (impulse-response path, SPEC (K4)) or bptt (default: ${DEFAULT-VALUE}).")
  String gradient;

  /** Checks every value; usage errors name the option. */
  public void validate(CommonOptions common) {
    Checks.atLeast("--n", n, 1);
    eta.validate();
    Checks.atLeast("--steps", steps, 0);
    gradientPath();
    init.validate(common);
  }

  public int n() {
    return n;
  }

  /**
   * The given rate, or SPEC §7's 0.05 without {@code --eta}; a usage error for {@code --eta auto}, which needs the
   * training data: commands that support it call {@link #eta(CommonOptions, double, Supplier)}.
   */
  public double eta() {
    if (eta.auto(false)) throw new UsageException("--eta auto is not supported by this command; give a number");
    return eta.resolve(null, SPEC_ETA, null);
  }

  /** The rate: given, {@code fixedDefault} (NaN: auto) without {@code --eta}, or chosen by {@code choose} for auto. */
  public double eta(CommonOptions common, double fixedDefault, Supplier<StepSize.Choice> choose) {
    return eta.resolve(common, fixedDefault, choose);
  }

  /** Puts nu_W, nu_F and nu_C, the keys every result and model JSON uses for the initialization variances. */
  static void putScales(java.util.Map<String, Object> json, InitScales s) {
    json.put("nu_W", s.nuW());
    json.put("nu_F", s.nuF());
    json.put("nu_C", s.nuC());
  }

  /** The rate {@link #eta(CommonOptions, double, Supplier)} resolved, as a result file's JSON records it. */
  java.util.Map<String, Object> etaRecord() {
    return eta.record();
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
