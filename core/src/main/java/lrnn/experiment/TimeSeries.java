package lrnn.experiment;

import java.util.ArrayList;
import java.util.List;
import lrnn.model.Sequences;
import lrnn.util.Require;

/**
 * One multichannel time series of {@code T} samples — the input of the real-data experiment E3 (SPEC §6,
 * §7): {@code inputs} is {@code T x n_x}, {@code outputs} is {@code T x n_y} (row t = sample t), with a name
 * per channel. Build it from columns with {@link #builder()}, which also one-hot encodes a categorical
 * column. Immutable: arrays are copied on the way in and out. Reading files is not this class's business
 * (see {@code lrnn.io}); it takes arrays.
 */
public record TimeSeries(double[][] inputs, double[][] outputs, List<String> inputNames, List<String> outputNames) {

  public TimeSeries {
    Require.positive("input channels", inputNames.size());
    Require.positive("output channels", outputNames.size());
    inputs = copy("inputs", inputs, inputNames.size());
    outputs = copy("outputs", outputs, outputNames.size());
    if (inputs.length != outputs.length) {
      throw new IllegalArgumentException("inputs have " + inputs.length + " samples but outputs have "
          + outputs.length + "; the columns of a time series must have the same length");
    }
    inputNames = List.copyOf(inputNames);
    outputNames = List.copyOf(outputNames);
  }

  private static double[][] copy(String what, double[][] a, int channels) {
    if (a == null) throw new IllegalArgumentException(what + " are missing (null)");
    Require.positive(what + ": samples", a.length);
    double[][] out = new double[a.length][];
    for (int t = 0; t < a.length; t++) {
      if (a[t] == null || a[t].length != channels) {
        throw new IllegalArgumentException(what + ": sample " + t + " has " + (a[t] == null ? 0 : a[t].length)
            + " values but there are " + channels + " channel names");
      }
      for (int c = 0; c < channels; c++) {
        if (!Double.isFinite(a[t][c])) {
          throw new IllegalArgumentException(what + ": sample " + t + ", channel " + c + " is " + a[t][c]
              + "; remove or impute non-finite values first");
        }
      }
      out[t] = a[t].clone();
    }
    return out;
  }

  @Override
  public double[][] inputs() {
    return copy("inputs", inputs, inputNames.size());
  }

  @Override
  public double[][] outputs() {
    return copy("outputs", outputs, outputNames.size());
  }

  /** Number of samples T. */
  public int length() {
    return inputs.length;
  }

  public int nx() {
    return inputNames.size();
  }

  public int ny() {
    return outputNames.size();
  }

  /** The inputs as one sequence, (1, T, n_x). */
  public Sequences inputSequence() {
    return asSequence("inputs", inputs);
  }

  /** The outputs as one sequence, (1, T, n_y). */
  public Sequences outputSequence() {
    return asSequence("outputs", outputs);
  }

  static Sequences asSequence(String name, double[][] rows) {
    int t = rows.length, d = rows[0].length;
    double[] flat = new double[Require.arraySize(name, t, d)];
    for (int k = 0; k < t; k++) System.arraycopy(rows[k], 0, flat, k * d, d);
    return Sequences.of(name, 1, t, d, flat);
  }

  /**
   * One-hot encoding of a categorical column: code 0 means "no event" (all channels 0), code
   * {@code c = 1 … C} sets channel {@code c - 1} to 1, with {@code C} the largest code present.
   *
   * @param codes non-negative integers (as doubles, the way a numeric table holds them)
   * @return {@code T x C}
   */
  public static double[][] oneHot(String name, double[] codes) {
    if (codes == null || codes.length == 0) throw new IllegalArgumentException("categorical column " + name + " is empty");
    int max = 0;
    for (int t = 0; t < codes.length; t++) {
      double v = codes[t];
      if (!(v >= 0) || v != Math.rint(v) || v > 1 << 16) {
        throw new IllegalArgumentException("categorical column " + name + " has " + v + " at row " + t
            + "; codes must be integers 0 (none), 1, 2, …");
      }
      max = Math.max(max, (int) v);
    }
    if (max == 0) {
      throw new IllegalArgumentException("categorical column " + name + " has only code 0 (no events); nothing to encode");
    }
    double[][] out = new double[codes.length][max];
    for (int t = 0; t < codes.length; t++) if (codes[t] > 0) out[t][(int) codes[t] - 1] = 1;
    return out;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects named columns (all of one length) in order; one-hot columns add one input channel per code. */
  public static final class Builder {
    private final List<String> inNames = new ArrayList<>();
    private final List<double[]> inCols = new ArrayList<>();
    private final List<String> outNames = new ArrayList<>();
    private final List<double[]> outCols = new ArrayList<>();

    private Builder() {}

    /** A numeric input channel. */
    public Builder input(String name, double[] column) {
      inNames.add(name);
      inCols.add(column.clone());
      return this;
    }

    /** A categorical input column, one-hot encoded ({@link #oneHot}) into channels {@code name=1 … name=C}. */
    public Builder oneHot(String name, double[] codes) {
      double[][] h = TimeSeries.oneHot(name, codes);
      for (int c = 0; c < h[0].length; c++) {
        double[] col = new double[h.length];
        for (int t = 0; t < h.length; t++) col[t] = h[t][c];
        inNames.add(name + "=" + (c + 1));
        inCols.add(col);
      }
      return this;
    }

    /** An output channel. */
    public Builder output(String name, double[] column) {
      outNames.add(name);
      outCols.add(column.clone());
      return this;
    }

    public TimeSeries build() {
      if (inCols.isEmpty()) throw new IllegalArgumentException("no input columns; add at least one");
      if (outCols.isEmpty()) throw new IllegalArgumentException("no output columns; add at least one");
      return new TimeSeries(rows("input", inNames, inCols), rows("output", outNames, outCols), inNames, outNames);
    }

    private static double[][] rows(String what, List<String> names, List<double[]> cols) {
      int t = cols.get(0).length;
      for (int c = 0; c < cols.size(); c++) {
        if (cols.get(c).length != t) {
          throw new IllegalArgumentException(what + " column " + names.get(c) + " has " + cols.get(c).length
              + " rows but column " + names.get(0) + " has " + t);
        }
      }
      double[][] r = new double[t][cols.size()];
      for (int c = 0; c < cols.size(); c++) for (int k = 0; k < t; k++) r[k][c] = cols.get(c)[k];
      return r;
    }
  }
}
