package lrnn.sweep;

import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The grid of a sweep: the product of its axes ({@code --grid NAME=VALUES}, in the order given), the first axis
 * varying slowest, like nested loops. VALUES is a comma list whose items are single values ({@code 64},
 * {@code 0.05}, {@code float32}) or inclusive ranges: {@code a:b} (integers, step 1) or {@code a:b:step} (integers
 * or decimals, computed exactly in decimal so that {@code 0.1:0.3:0.1} gives {@code 0.1,0.2,0.3}).
 */
public final class Grid implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** At most this many values per axis and cells per grid: a typo like {@code 1:1000000000} fails at once. */
  public static final int MAX_CELLS = 1_000_000;

  /** One axis: an option name (without the dashes) and its values, as they are passed to the option. */
  public record Axis(String name, List<String> values) implements Serializable {
    public Axis {
      values = List.copyOf(values);
    }
  }

  /** One cell: its index in grid order and one value per axis. */
  public record Cell(int index, List<String> values) implements Serializable {
    public Cell {
      values = List.copyOf(values);
    }
  }

  /** Options of a single run's own files and state (checkpoints, saved models): never grid variables. */
  static final List<String> PER_RUN = List.of("checkpoint", "checkpoint-every", "resume", "save-model");

  private final List<Axis> axes;

  private Grid(List<Axis> axes) {
    this.axes = List.copyOf(axes);
  }

  /** The axes, in {@code --grid} order. */
  public List<Axis> axes() {
    return axes;
  }

  /** The axis names, in {@code --grid} order (the first columns of sweep.csv). */
  public List<String> names() {
    return axes.stream().map(Axis::name).toList();
  }

  /** The number of cells: the product of the axes' sizes. */
  public int size() {
    long n = 1;
    for (Axis a : axes) n *= a.values().size();
    return (int) n;
  }

  /** Every cell, the first axis varying slowest. */
  public List<Cell> cells() {
    int total = size();
    List<Cell> cells = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      List<String> v = new ArrayList<>(axes.size());
      int rest = i;
      int[] digits = new int[axes.size()];
      for (int a = axes.size() - 1; a >= 0; a--) {
        int k = axes.get(a).values().size();
        digits[a] = rest % k;
        rest /= k;
      }
      for (int a = 0; a < axes.size(); a++) v.add(axes.get(a).values().get(digits[a]));
      cells.add(new Cell(i, v));
    }
    return cells;
  }

  /** The command-line arguments that set a cell's values: {@code --name value} per axis. */
  public List<String> args(Cell cell) {
    List<String> args = new ArrayList<>();
    for (int a = 0; a < axes.size(); a++) {
      args.add("--" + axes.get(a).name());
      args.add(cell.values().get(a));
    }
    return args;
  }

  /**
   * Parses the {@code --grid} options.
   *
   * @param specs   the {@code NAME=VALUES} strings, in order
   * @param options the names the experiment accepts (its options that take a value, without dashes)
   * @param flags   the experiment's flags (options without a value): named in the error if one is used
   * @throws IllegalArgumentException with a one-line message naming the bad spec and what to do
   */
  public static Grid parse(List<String> specs, Collection<String> options, Collection<String> flags,
      String experiment) {
    if (specs.isEmpty()) throw new IllegalArgumentException("no --grid given; add one, e.g. --grid seed=1:8");
    List<Axis> axes = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    long cells = 1;
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("--grid " + spec + ": expected NAME=VALUES, e.g. --grid n=64,128 or "
            + "--grid seed=1:8");
      }
      String name = spec.substring(0, eq).strip();
      String values = spec.substring(eq + 1).strip();
      if (name.startsWith("-")) {
        throw new IllegalArgumentException("--grid " + spec + ": write the option name without dashes ("
            + name.replaceFirst("^-+", "") + "=" + values + ")");
      }
      if (PER_RUN.contains(name)) {
        throw new IllegalArgumentException("--grid " + spec + ": --" + name + " names a single run's files or state, "
            + "not a grid variable");
      }
      if (!options.contains(name)) {
        String why = flags.contains(name) ? "--" + name + " is a flag without a value; pass it as an option of "
            + experiment + " instead"
            : lrnn.cli.Embedded.RESERVED.contains(name) ? "--" + name + " is set by the sweep itself"
            : "'" + name + "' is not an option of " + experiment + " (its options: " + String.join(", ", options) + ")";
        throw new IllegalArgumentException("--grid " + spec + ": " + why);
      }
      if (!seen.add(name)) throw new IllegalArgumentException("--grid " + name + " is given twice; merge the values");
      List<String> list = values(name, values);
      cells *= list.size();
      if (cells > MAX_CELLS) {
        throw new IllegalArgumentException("the grid has more than " + MAX_CELLS + " cells; split the sweep");
      }
      axes.add(new Axis(name, list));
    }
    return new Grid(axes);
  }

  /** The values of one {@code --grid NAME=VALUES}: comma items, each a value or a range. */
  static List<String> values(String name, String values) {
    String where = "--grid " + name + "=" + values + ": ";
    if (values.isEmpty()) throw new IllegalArgumentException(where + "no values; give a comma list or a range a:b");
    List<String> out = new ArrayList<>();
    for (String raw : values.split(",", -1)) {
      String item = raw.strip();
      if (item.isEmpty()) throw new IllegalArgumentException(where + "empty value in the comma list");
      if (item.contains(":")) {
        out.addAll(range(where, item));
      } else {
        out.add(item);
      }
      if (out.size() > MAX_CELLS) throw new IllegalArgumentException(where + "more than " + MAX_CELLS + " values");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (String v : out) {
      if (!distinct.add(v)) throw new IllegalArgumentException(where + "the value " + v + " appears twice");
    }
    return out;
  }

  private static List<String> range(String where, String item) {
    String[] p = item.split(":", -1);
    if (p.length > 3) {
      throw new IllegalArgumentException(where + "range '" + item + "' has " + (p.length - 1) + " colons; use a:b or "
          + "a:b:step");
    }
    BigDecimal a = number(where, item, p[0], "start");
    BigDecimal b = number(where, item, p[1], "end");
    BigDecimal step = p.length == 3 ? number(where, item, p[2], "step") : BigDecimal.ONE;
    if (p.length == 2 && (!integral(a) || !integral(b))) {
      throw new IllegalArgumentException(where + "range '" + item + "' without a step takes integers; give a step "
          + "for decimals (a:b:step)");
    }
    if (step.signum() <= 0) throw new IllegalArgumentException(where + "range '" + item + "': the step must be > 0");
    if (a.compareTo(b) > 0) {
      throw new IllegalArgumentException(where + "range '" + item + "' is empty: its start exceeds its end");
    }
    BigDecimal count = b.subtract(a).divideToIntegralValue(step);
    if (count.compareTo(BigDecimal.valueOf(MAX_CELLS)) >= 0) {
      throw new IllegalArgumentException(where + "range '" + item + "' has more than " + MAX_CELLS + " values");
    }
    int scale = Math.max(Math.max(a.scale(), step.scale()), 0);
    List<String> out = new ArrayList<>();
    for (BigDecimal v = a; v.compareTo(b) <= 0; v = v.add(step)) out.add(v.setScale(scale).toPlainString());
    return out;
  }

  private static BigDecimal number(String where, String item, String s, String what) {
    try {
      return new BigDecimal(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + "the " + what + " of range '" + item + "' is not a number: '"
          + s.strip() + "'");
    }
  }

  private static boolean integral(BigDecimal v) {
    return v.stripTrailingZeros().scale() <= 0;
  }
}
