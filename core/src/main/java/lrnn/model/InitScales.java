package lrnn.model;

import lrnn.util.Require;

/**
 * Initialization variances of the NTK parameterization (SPEC (3)–(4)) and whether the direct term D is
 * present and trained. Defaults: {@code nu_W = 0.5, nu_F = nu_C = 1, nu_D = 0}, D disabled.
 *
 * @param nuW      variance of W~ entries; must be {@code < 1} for a stable RNN unless {@code allowUnstable}
 * @param nuF      variance of F~ entries
 * @param nuC      variance of C~ entries
 * @param nuD      variance of D~ entries (used only with {@code withD})
 * @param withD    whether the model has the trained direct term D
 */
public record InitScales(double nuW, double nuF, double nuC, double nuD, boolean withD) {

  public static final InitScales DEFAULT = new InitScales(0.5, 1, 1, 0, false);

  public InitScales {
    Require.nonNegative("nu_W", nuW);
    Require.nonNegative("nu_F", nuF);
    Require.nonNegative("nu_C", nuC);
    Require.nonNegative("nu_D", nuD);
  }

  /** Fails if {@code nu_W >= 1} (SPEC §1, stability) unless {@code allowUnstable}. */
  public InitScales requireStable(boolean allowUnstable) {
    if (nuW >= 1 && !allowUnstable) {
      throw new UnstableException(nuW);
    }
    return this;
  }

  public boolean stable() {
    return nuW < 1;
  }

  public InitScales withNuW(double v) {
    return new InitScales(v, nuF, nuC, nuD, withD);
  }

  /** {@code nu_W >= 1} without permission. */
  public static final class UnstableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnstableException(double nuW) {
      super("nu_W = " + nuW + " >= 1: the RNN is unstable (spectral radius ~ sqrt(nu_W) >= 1); "
          + "use nu_W < 1, or allow it explicitly (requireStable(true); on the command line --allow-unstable)");
    }
  }
}
