package lrnn.cli;

import java.util.Locale;
import java.util.function.Supplier;
import lrnn.train.StepSize;
import picocli.CommandLine.Option;

/**
 * {@code --eta RATE|auto}, shared by every command that trains (through {@link ModelOptions} or as its own
 * {@code @Mixin}). A number is used as given; {@code auto} takes the rate from the curvature of the training data
 * ({@link StepSize}, SPEC §9): {@code eta = 1 / lambda_max}, {@code lambda_max} the largest eigenvalue of the
 * unscaled and the scaled convolutions' loss Hessians. Without the option a command uses its own default (SPEC §7:
 * 0.05 on the synthetic tasks; realdata: auto).
 */
public final class EtaOption {

  static final String AUTO = "auto";

  @Option(names = "--eta", paramLabel = "RATE|auto",
      description = "Learning rate, the same for every model: a number, or auto = 1 / lambda_max, half the largest "
          + "stable rate 2 / lambda_max of gradient descent on the convolutions' quadratic losses, lambda_max the "
          + "largest eigenvalue of their Hessians on the training data (SPEC §9; printed) (default: 0.05 on the "
          + "synthetic tasks, auto for realdata).")
  String eta;

  /** Whether {@code --eta auto} was given, or the option is absent and the command's default is auto. */
  public boolean auto(boolean defaultAuto) {
    return eta == null ? defaultAuto : eta.strip().equalsIgnoreCase(AUTO);
  }

  /** Checks the value (a positive number or auto); usage errors name the option. */
  public void validate() {
    if (eta != null && !eta.strip().equalsIgnoreCase(AUTO)) given();
  }

  /** The given number; a usage error if it is not a positive finite number. */
  private double given() {
    double v;
    try {
      v = Double.parseDouble(eta.strip());
    } catch (NumberFormatException e) {
      throw new UsageException("--eta must be a number > 0 or auto, got '" + eta + "'");
    }
    return Checks.positive("--eta", v);
  }

  /**
   * The rate: the given number, the command's {@code fixedDefault} when the option is absent, or (for
   * {@code auto}) the chosen one, printed with the curvatures it came from.
   *
   * @param fixedDefault the command's default rate; {@link Double#NaN} if its default is auto
   * @param choose       computes the choice from the training data (called only for auto)
   */
  public double resolve(CommonOptions common, double fixedDefault, Supplier<StepSize.Choice> choose) {
    if (!auto(Double.isNaN(fixedDefault))) return eta == null ? fixedDefault : given();
    StepSize.Choice c;
    try {
      c = choose.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException("--eta auto: " + e.getMessage());
    }
    common.info(describe(c));
    return c.eta();
  }

  /** One line: the chosen rate and where it came from. */
  static String describe(StepSize.Choice c) {
    return String.format(Locale.ROOT, "eta auto = %.4g = %.2f x 2 / lambda_max (largest Hessian eigenvalue: unscaled "
        + "conv %.4g, scaled conv %.4g; GD diverges above eta = %.4g)", c.eta(), StepSize.FRACTION,
        c.lambdaMaxUnscaled(), c.lambdaMaxScaled(), c.stabilityLimit());
  }
}
