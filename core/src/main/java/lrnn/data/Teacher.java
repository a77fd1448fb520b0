package lrnn.data;

import java.util.SplittableRandom;
import lrnn.model.LinearRnn;
import lrnn.model.Sequences;
import lrnn.util.Require;

/**
 * The teacher RNN of SPEC §6 in the standard parameterization: {@code n_t} states,
 * {@code W ~ N(0, nu_W^T / n_t)} redrawn until its spectral radius is below 0.95, {@code F ~ N(0, 1)},
 * {@code C ~ N(0, 1/n_t)}; and the synthetic data made with it (Gaussian inputs, output noise at a given
 * SNR, optional delay).
 */
public final class Teacher {

  /** Spectral radius bound for the teacher's W. */
  public static final double MAX_RADIUS = 0.95;

  private final LinearRnn rnn;

  private Teacher(LinearRnn rnn) {
    this.rnn = rnn;
  }

  /** Draws a teacher from {@code rng}. */
  public static Teacher random(int states, int nx, int ny, double nuW, SplittableRandom rng) {
    Require.positive("teacher states", states);
    Require.positive("n_x", nx);
    Require.positive("n_y", ny);
    Require.nonNegative("teacher nu_W", nuW);
    Require.nonNull("random generator", rng);
    double sdW = Math.sqrt(nuW / states), sdC = Math.sqrt(1.0 / states);
    for (int attempt = 0; attempt < 10_000; attempt++) {
      double[] w = draw(rng, states * states, sdW);
      double[] f = draw(rng, states * nx, 1.0);
      double[] c = draw(rng, ny * states, sdC);
      LinearRnn r = LinearRnn.ofWeights(states, nx, ny, w, f, c, null);
      if (r.spectralRadius() < MAX_RADIUS) return new Teacher(r);
    }
    throw new IllegalArgumentException("could not draw a teacher with spectral radius < " + MAX_RADIUS
        + " at teacher nu_W = " + nuW + " in 10000 tries; use a smaller teacher nu_W");
  }

  private static double[] draw(SplittableRandom rng, int len, double sd) {
    double[] a = new double[len];
    for (int i = 0; i < len; i++) a[i] = sd * rng.nextGaussian();
    return a;
  }

  public LinearRnn rnn() {
    return rnn;
  }

  /** Clean outputs for inputs {@code x}. */
  public Sequences outputs(Sequences x) {
    return rnn.forward(x);
  }

  /** i.i.d. N(0, 1) inputs. */
  public static Sequences gaussianInputs(int count, int length, int nx, SplittableRandom rng) {
    Require.positive("N (sequences)", count);
    Require.positive("L (length)", length);
    Require.positive("n_x", nx);
    Require.nonNull("random generator", rng);
    return Sequences.of("inputs", count, length, nx, draw(rng, Require.arraySize("inputs", count, length, nx), 1.0));
  }

  /**
   * Adds Gaussian noise with variance = (variance of the clean outputs) / 10^(snrDb/10).
   * {@code snrDb = +Infinity} adds nothing.
   */
  public static Sequences addNoise(Sequences clean, double snrDb, SplittableRandom rng) {
    Require.nonNull("clean outputs", clean);
    Require.nonNull("random generator", rng);
    if (Double.isNaN(snrDb)) throw new IllegalArgumentException("SNR = NaN dB; give a number of dB or Infinity");
    if (snrDb == Double.POSITIVE_INFINITY) return clean;
    double[] y = clean.toArray();
    double mean = 0;
    for (double v : y) mean += v;
    mean /= y.length;
    double var = 0;
    for (double v : y) var += (v - mean) * (v - mean);
    var /= y.length;
    double sd = Math.sqrt(var / Math.pow(10, snrDb / 10));
    for (int t = 0; t < y.length; t++) y[t] += sd * rng.nextGaussian();
    return Sequences.of("targets", clean.count(), clean.length(), clean.dim(), y);
  }

  /** The delay task: {@code y_k = y_{k - delta}}, zero for {@code k < delta}. */
  public static Sequences delay(Sequences y, int delta) {
    Require.nonNull("outputs", y);
    Require.nonNegative("delay", delta);
    int n = y.count(), len = y.length(), d = y.dim();
    double[] src = y.toArray();
    double[] out = new double[src.length];
    for (int i = 0; i < n; i++) {
      for (int k = delta; k < len; k++) System.arraycopy(src, (i * len + k - delta) * d, out, (i * len + k) * d, d);
    }
    return Sequences.of("delayed targets", n, len, d, out);
  }
}
