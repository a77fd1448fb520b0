package lrnn.cli;

import lrnn.model.InitScales;
import picocli.CommandLine.Option;

/**
 * The initialization variances of SPEC (4) shared by every command that builds or describes an RNN:
 * {@code --nu-w --nu-f --nu-c --allow-unstable}. Use as {@code @Mixin InitOptions init;} and call
 * {@link #validate(CommonOptions)} first; commands with stricter needs add their own checks.
 */
public final class InitOptions {

  @Option(names = "--nu-w", paramLabel = "NU", defaultValue = "0.5",
      description = "Variance nu_W of the entries of W~ (default: ${DEFAULT-VALUE}); must be < 1.")
  double nuW;

  @Option(names = "--nu-f", paramLabel = "NU", defaultValue = "1",
      description = "Variance nu_F of the entries of F~ (default: ${DEFAULT-VALUE}).")
  double nuF;

  @Option(names = "--nu-c", paramLabel = "NU", defaultValue = "1",
      description = "Variance nu_C of the entries of C~ (default: ${DEFAULT-VALUE}).")
  double nuC;

  @Option(names = "--allow-unstable", description = "Accept nu_W >= 1 with a warning instead of refusing.")
  boolean allowUnstable;

  /** Finite, non-negative variances; {@code nu_W >= 1} refused unless {@code --allow-unstable} (SPEC §1). */
  public void validate(CommonOptions common) {
    Checks.nonNegative("--nu-w", nuW);
    Checks.nonNegative("--nu-f", nuF);
    Checks.nonNegative("--nu-c", nuC);
    Checks.stable(nuW, allowUnstable, common);
  }

  /** Refuses {@code nu_F = nu_C = 0}, where every scale factor (21) vanishes. */
  public void requireSomeScale() {
    if (nuF + nuC == 0) throw new UsageException("--nu-f and --nu-c are both 0: every scale factor is 0");
  }

  public double nuW() {
    return nuW;
  }

  public double nuF() {
    return nuF;
  }

  public double nuC() {
    return nuC;
  }

  /** The variances without D. */
  public InitScales scales() {
    return new InitScales(nuW, nuF, nuC, 0, false);
  }
}
