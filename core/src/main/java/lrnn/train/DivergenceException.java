package lrnn.train;

import java.util.Locale;

/** The training loss became non-finite or exploded: the learning rate is too large. */
public final class DivergenceException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final int step;
  private final double loss;
  private final double suggestedEta;

  public DivergenceException(int step, double loss, double initialLoss, double eta) {
    super(String.format(Locale.ROOT,
        "training diverged at step %d: train MSE = %.4g (it started at %.4g); the learning rate eta = %s is too "
            + "large, try a smaller one, e.g. eta = %s", step, loss, initialLoss, eta, suggest(eta)));
    this.step = step;
    this.loss = loss;
    this.suggestedEta = suggest(eta);
  }

  private static double suggest(double eta) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.3g", eta / 4));
  }

  public int step() {
    return step;
  }

  public double loss() {
    return loss;
  }

  public double suggestedEta() {
    return suggestedEta;
  }
}
