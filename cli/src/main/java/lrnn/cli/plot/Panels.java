package lrnn.cli.plot;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;

/**
 * Several {@link LinePlot}s in one figure, in a grid filled row by row, e.g. train and test curves side
 * by side: {@code Panels.row(train, test).title("E1").shareY().writePng(path, 1600, 600)}.
 */
public final class Panels implements Figure {

  private final int columns;
  private final List<LinePlot> plots;
  private String title;
  private boolean shareX;
  private boolean shareY;

  private Panels(int columns, LinePlot... plots) {
    if (plots.length == 0) throw new IllegalArgumentException("no panels");
    if (columns < 1) throw new IllegalArgumentException("columns must be >= 1, got " + columns);
    this.columns = Math.min(columns, plots.length);
    this.plots = List.of(plots);
  }

  /** The plots side by side in one row. */
  public static Panels row(LinePlot... plots) {
    return new Panels(plots.length, plots);
  }

  /** The plots in a grid with {@code columns} columns. */
  public static Panels grid(int columns, LinePlot... plots) {
    return new Panels(columns, plots);
  }

  /** A title above all panels. */
  public Panels title(String title) {
    this.title = title;
    return this;
  }

  /** Gives every panel the same x range (the union of their own). */
  public Panels shareX() {
    this.shareX = true;
    return this;
  }

  /** Gives every panel the same y range (the union of their own), so curves compare across panels. */
  public Panels shareY() {
    this.shareY = true;
    return this;
  }

  @Override
  public void draw(Graphics2D g2, Rectangle2D area) {
    double top = area.getY();
    if (title != null && !title.isEmpty()) {
      g2.setFont(Render.TITLE);
      g2.setPaint(Render.TEXT);
      FontMetrics fm = g2.getFontMetrics();
      double h = fm.getHeight() * 1.8;
      float x = (float) (area.getCenterX() - fm.stringWidth(title) / 2.0);
      float y = (float) (top + (h + fm.getAscent() - fm.getDescent()) / 2);
      g2.drawString(title, x, y);
      top += h;
    }
    JFreeChart[] charts = new JFreeChart[plots.size()];
    for (int i = 0; i < charts.length; i++) charts[i] = plots.get(i).chart();
    if (shareX) share(charts, true);
    if (shareY) share(charts, false);
    int rows = (charts.length + columns - 1) / columns;
    double w = area.getWidth() / columns;
    double h = (area.getMaxY() - top) / rows;
    for (int i = 0; i < charts.length; i++) {
      int r = i / columns;
      int c = i % columns;
      charts[i].draw(g2, new Rectangle2D.Double(area.getX() + c * w, top + r * h, w, h));
    }
  }

  private static void share(JFreeChart[] charts, boolean x) {
    Range union = null;
    for (JFreeChart ch : charts) {
      XYPlot p = ch.getXYPlot();
      Range r = (x ? p.getDomainAxis() : p.getRangeAxis()).getRange();
      union = union == null ? r : Range.combine(union, r);
    }
    for (JFreeChart ch : charts) {
      XYPlot p = ch.getXYPlot();
      (x ? p.getDomainAxis() : p.getRangeAxis()).setRange(union);
    }
  }
}
