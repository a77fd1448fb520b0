package lrnn.cli.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;

/**
 * A base-10 logarithmic axis whose ticks read well at any range: over two decades or more, ticks at
 * whole decades labelled {@code 10^k} (JFreeChart's own layout, with minor ticks); over a narrower range,
 * where that would leave one tick or none, ticks at round values {@code m * 10^k} ({@code m} from
 * {1, 2, 5}, or finer when needed) labelled as plain numbers.
 */
final class DecadeLogAxis extends LogAxis {

  private static final long serialVersionUID = 1L;
  private static final double[][] MANTISSAS = {
      {1, 2, 5},
      {1, 2, 3, 4, 5, 6, 7, 8, 9},
      fine(),
  };

  DecadeLogAxis(String label) {
    super(label);
    setBase(10);
    setBaseSymbol("10");
    setSmallestValue(1e-300);
    setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // whole decades
    setMinorTickCount(9);
    setMinorTickMarksVisible(true);
  }

  private boolean narrow() {
    Range r = getRange();
    return r.getLowerBound() > 0 && Math.log10(r.getUpperBound() / r.getLowerBound()) < 2;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
    if (!narrow()) return super.refreshTicks(g2, state, dataArea, edge);
    Range r = getRange();
    double lo = r.getLowerBound();
    double hi = r.getUpperBound();
    List<Double> values = List.of();
    for (double[] m : MANTISSAS) {
      values = candidates(lo, hi, m);
      if (values.size() >= 3) break;
    }
    if (values.size() > 12) { // thin out evenly
      List<Double> thin = new ArrayList<>();
      int stride = (values.size() + 11) / 12;
      for (int i = 0; i < values.size(); i += stride) thin.add(values.get(i));
      values = thin;
    }
    TextAnchor anchor = RectangleEdge.LEFT.equals(edge) ? TextAnchor.CENTER_RIGHT
        : RectangleEdge.RIGHT.equals(edge) ? TextAnchor.CENTER_LEFT
        : RectangleEdge.TOP.equals(edge) ? TextAnchor.BOTTOM_CENTER
        : TextAnchor.TOP_CENTER;
    List ticks = new ArrayList();
    for (double v : values) ticks.add(new NumberTick(TickType.MAJOR, v, label(v), anchor, anchor, 0.0));
    return ticks;
  }

  private static List<Double> candidates(double lo, double hi, double[] mantissas) {
    List<Double> out = new ArrayList<>();
    int k0 = (int) Math.floor(Math.log10(lo)) - 1;
    int k1 = (int) Math.ceil(Math.log10(hi)) + 1;
    for (int k = k0; k <= k1; k++) {
      double decade = Math.pow(10, k);
      for (double m : mantissas) {
        double v = m * decade;
        if (v >= lo && v <= hi) out.add(v);
      }
    }
    return out;
  }

  private static String label(double v) {
    double a = Math.abs(v);
    DecimalFormatSymbols sym = DecimalFormatSymbols.getInstance(Locale.ROOT);
    return (a >= 1e-3 && a < 1e5 ? new DecimalFormat("0.####", sym) : new DecimalFormat("0.##E0", sym)).format(v);
  }

  private static double[] fine() {
    double[] m = new double[90];
    for (int i = 0; i < 90; i++) m[i] = 1 + i / 10.0;
    return m;
  }
}
