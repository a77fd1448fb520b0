package lrnn.sweep;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lrnn.cli.plot.LinePlot;
import lrnn.cli.plot.Panels;

/**
 * The sweep's summary plot: for each numeric summary column, the mean over the other grid variables (the seeds)
 * against the first grid variable that is not {@code seed}, with the smallest and largest value as thin dotted
 * lines in the same colour (the spread). Columns are grouped into panels by the word before their first
 * underscore ({@code train_*}, {@code test_*}, {@code r2_*}); {@link Experiment#ETA_USED} is not plotted.
 */
final class SummaryPlot {

  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

  private SummaryPlot() {}

  /** The x variable: the first grid name other than seed, if its values are numbers; else null (no plot). */
  static String xAxis(List<String> gridNames, List<List<String>> okRows) {
    for (int i = 0; i < gridNames.size(); i++) {
      if (gridNames.get(i).equals("seed")) continue;
      for (List<String> r : okRows) {
        if (!numeric(r.get(i))) return null;
      }
      return gridNames.get(i);
    }
    return null;
  }

  /** The figure, or null when there is nothing to plot (no numeric x, no successful cell). */
  static Panels figure(String experiment, List<String> header, List<List<String>> okRows, List<String> gridNames,
      List<String> keys) {
    if (okRows.isEmpty()) return null;
    String x = xAxis(gridNames, okRows);
    if (x == null) return null;
    int xi = header.indexOf(x);
    Map<String, List<Integer>> panels = new LinkedHashMap<>();
    for (int c = gridNames.size(); c < header.size() - 2; c++) {
      String name = header.get(c);
      if (keys.contains(name) || keys.stream().anyMatch(k -> name.endsWith("_" + k))) continue; // seed -> *_seed
      if (name.equals(Experiment.ETA_USED)) continue; // a setting of the cell, not a result (it is in the table)
      boolean num = true;
      for (List<String> r : okRows) num &= numeric(r.get(c));
      if (!num) continue;
      String group = name.contains("_") ? name.substring(0, name.indexOf('_')) : name;
      panels.computeIfAbsent(group, k -> new ArrayList<>()).add(c);
    }
    if (panels.isEmpty()) return null;
    boolean logX = true;
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (List<String> r : okRows) {
      double v = Double.parseDouble(r.get(xi));
      logX &= v > 0;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    logX &= hi >= 8 * lo;
    List<LinePlot> plots = new ArrayList<>();
    for (var p : panels.entrySet()) {
      LinePlot plot = new LinePlot(p.getKey()).xLabel(x).yLabel(p.getKey());
      if (logX) plot.logX();
      boolean positive = true;
      int k = 0;
      for (int c : p.getValue()) {
        TreeMap<Double, double[]> agg = new TreeMap<>(); // x -> {sum, count, min, max}
        for (List<String> r : okRows) {
          double xv = Double.parseDouble(r.get(xi));
          double y = Double.parseDouble(r.get(c));
          positive &= y > 0;
          double[] a = agg.computeIfAbsent(xv, z -> new double[] {0, 0, Double.POSITIVE_INFINITY,
              Double.NEGATIVE_INFINITY});
          a[0] += y;
          a[1]++;
          a[2] = Math.min(a[2], y);
          a[3] = Math.max(a[3], y);
        }
        int m = agg.size();
        double[] xs = new double[m];
        double[] mean = new double[m];
        double[] min = new double[m];
        double[] max = new double[m];
        int i = 0;
        for (var e : agg.entrySet()) {
          xs[i] = e.getKey();
          mean[i] = e.getValue()[0] / e.getValue()[1];
          min[i] = e.getValue()[2];
          max[i] = e.getValue()[3];
          i++;
        }
        Color color = COLORS[k++ % COLORS.length];
        String name = header.get(c);
        plot.series(name + " (mean)", xs, mean, LinePlot.Line.SOLID, true, color);
        plot.series(name + " (min)", xs, min, LinePlot.Line.DOTTED, false, color);
        plot.series(name + " (max)", xs, max, LinePlot.Line.DOTTED, false, color);
      }
      if (positive) plot.logY();
      plots.add(plot);
    }
    return Panels.row(plots.toArray(LinePlot[]::new))
        .title("lrnn sweep " + experiment + ": mean and spread (min, max) against " + x);
  }

  static boolean numeric(String v) {
    if (v == null || v.isEmpty()) return false;
    try {
      double d = Double.parseDouble(v);
      return Double.isFinite(d);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
