package lrnn.cli;

/**
 * Validation of option values shared by the commands; each failure is a {@link UsageException} (exit
 * code 2) whose message names the option and the value.
 */
public final class Checks {

  private Checks() {}

  /** {@code value} must be finite and {@code >= 0} (a variance, a rate). */
  public static double nonNegative(String option, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new UsageException(option + " must be a finite number >= 0, got " + value);
    }
    return value;
  }

  /** {@code value} must be finite and {@code > 0}. */
  public static double positive(String option, double value) {
    if (!Double.isFinite(value) || value <= 0) {
      throw new UsageException(option + " must be a finite number > 0, got " + value);
    }
    return value;
  }

  /** {@code value} must be at least {@code min}. */
  public static int atLeast(String option, int value, int min) {
    if (value < min) throw new UsageException(option + " must be >= " + min + ", got " + value);
    return value;
  }

  /**
   * SPEC section 1, stability: the spectral radius of {@code W} tends to {@code sqrt(nu_W)}, so
   * {@code nu_W >= 1} is refused unless {@code allowUnstable}, in which case it is one warning line.
   */
  public static void stable(double nuW, boolean allowUnstable, CommonOptions common) {
    if (nuW < 1) return;
    String what = "nu_W = " + nuW + " >= 1: the RNN is unstable (spectral radius ~ sqrt(nu_W) >= 1)";
    if (!allowUnstable) throw new UsageException(what + "; pass --allow-unstable to proceed");
    common.warn(what + "; proceeding because of --allow-unstable");
  }
}
