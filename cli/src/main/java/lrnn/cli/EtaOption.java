package lrnn.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

  /** What {@link #resolve} chose, for {@link #record()}: the rate (NaN before), and the curvatures for auto. */
  private double resolved = Double.NaN;
  private StepSize.Choice choice;

  /** The rule of {@link StepSize#choose} on a command's training inputs with K = L lags, as its JSON records it. */
  static final String RULE = "eta = " + StepSize.FRACTION + " * 2 / max(lambda_max(H_u), lambda_max(H_s)) on the "
      + "training inputs with K = L lags; H_u = c Rxx, H_s = c Lambda^1/2 Rxx Lambda^1/2, c = 2 / (N L n_y) (SPEC §9)";

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
    if (!auto(Double.isNaN(fixedDefault))) {
      choice = null;
      resolved = eta == null ? fixedDefault : given();
      return resolved;
    }
    StepSize.Choice c;
    try {
      c = choose.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException("--eta auto: " + e.getMessage());
    }
    common.info(describe(c));
    choice = c;
    resolved = c.eta();
    return resolved;
  }

  /**
   * The rate {@link #resolve} returned, as a result file's JSON records it ({@link #entries}): {@code eta},
   * {@code eta_auto} and, for auto, the rule {@code rule} (null: {@link #RULE}) and the curvatures.
   */
  Map<String, Object> record(String rule) {
    if (Double.isNaN(resolved)) throw new IllegalStateException("the rate is recorded before it is resolved");
    return entries(resolved, choice != null, choice, choice == null ? null : rule == null ? RULE : rule);
  }

  /** {@link #record(String)} with the rule of {@link #RULE}. */
  Map<String, Object> record() {
    return record(null);
  }

  /**
   * The rate's entries of a result file's JSON, in this order (realdata.json's key names): {@code eta} (the rate
   * used), {@code eta_auto}, {@code eta_rule} (if {@code rule} is not null), and if {@code c} is not null the
   * numbers the rate came from: {@code eta_fraction} ({@link StepSize#FRACTION}), {@code lambda_max_unscaled},
   * {@code lambda_max_scaled} (the largest eigenvalues of the convolutions' loss Hessians) and
   * {@code stability_limit} ({@code 2 / lambda_max}, the largest rate at which GD on them converges).
   */
  static Map<String, Object> entries(double eta, boolean auto, StepSize.Choice c, String rule) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("eta", eta);
    m.put("eta_auto", auto);
    if (rule != null) m.put("eta_rule", rule);
    if (c != null) {
      m.put("eta_fraction", StepSize.FRACTION);
      m.put("lambda_max_unscaled", c.lambdaMaxUnscaled());
      m.put("lambda_max_scaled", c.lambdaMaxScaled());
      m.put("stability_limit", c.stabilityLimit());
    }
    return m;
  }

  /**
   * The rate a result file records ({@link #entries}, e.g. dynamics.json, realdata.json, model.json).
   *
   * @param eta  the {@code eta} entry's text exactly as written (the rate's {@link Double#toString})
   * @param auto the {@code eta_auto} entry
   */
  public record Recorded(String eta, boolean auto) {

    /** The rate as a number. */
    public double value() {
      return Double.parseDouble(eta);
    }
  }

  /**
   * The rate recorded in {@code json}, the text of a JSON file lrnn wrote: its top-level {@code eta} (a finite
   * number) and {@code eta_auto} (false if absent); empty if the file records no rate.
   */
  public static Optional<Recorded> recorded(String json) {
    String eta = Json.topLevel(json, "eta");
    if (eta == null) return Optional.empty();
    try {
      if (!Double.isFinite(Double.parseDouble(eta))) return Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(new Recorded(eta, "true".equals(Json.topLevel(json, "eta_auto"))));
  }

  /** One line: the chosen rate and where it came from. */
  static String describe(StepSize.Choice c) {
    return String.format(Locale.ROOT, "eta auto = %.4g = %.2f x 2 / lambda_max (largest Hessian eigenvalue: unscaled "
        + "conv %.4g, scaled conv %.4g; GD diverges above eta = %.4g)", c.eta(), StepSize.FRACTION,
        c.lambdaMaxUnscaled(), c.lambdaMaxScaled(), c.stabilityLimit());
  }
}
