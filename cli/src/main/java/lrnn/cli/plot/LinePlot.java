package lrnn.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart with named series, built fluently and rendered with JFreeChart:
 *
 * <pre>{@code
 * new LinePlot("Training loss")
 *     .xLabel("step").yLabel("train MSE").logY()
 *     .series("RNN", steps, rnn)
 *     .series("scaled conv", steps, scaled, LinePlot.Line.DASHED, false)
 *     .writePng(Path.of("out/loss.png"), 900, 600);
 * }</pre>
 *
 * Points with a non-finite coordinate are skipped, and so are points with a non-positive coordinate on
 * a logarithmic axis, so a diverged run or an exact zero never breaks a plot. Series are drawn in the
 * order added, with distinct colour-blind-safe colours. The builder copies the arrays it is given.
 */
public final class LinePlot implements Figure {

  /** The stroke of a series. */
  public enum Line {
    SOLID(null), DASHED(new float[] {8f, 5f}), DOTTED(new float[] {2f, 4f}), DASH_DOT(new float[] {8f, 4f, 2f, 4f});

    private final float[] dash;

    Line(float[] dash) {
      this.dash = dash;
    }
  }

  private record Series(String name, double[] x, double[] y, Line line, boolean markers, Color color) {}

  private final String title;
  private String subtitle;
  private String xLabel = "";
  private String yLabel = "";
  private boolean logX;
  private boolean logY;
  private boolean integerX;
  private boolean legend = true;
  private double[] xRange;
  private double[] yRange;
  private final List<Series> series = new ArrayList<>();

  /** A plot with this title ({@code null} or empty for none). */
  public LinePlot(String title) {
    this.title = title == null ? "" : title;
  }

  /** A smaller second title line, e.g. the parameters of the run. */
  public LinePlot subtitle(String text) {
    this.subtitle = text;
    return this;
  }

  public LinePlot xLabel(String label) {
    this.xLabel = Objects.requireNonNull(label);
    return this;
  }

  public LinePlot yLabel(String label) {
    this.yLabel = Objects.requireNonNull(label);
    return this;
  }

  /** Logarithmic x axis (base 10); points with x <= 0 are skipped. */
  public LinePlot logX() {
    this.logX = true;
    return this;
  }

  /** Logarithmic y axis (base 10); points with y <= 0 are skipped. */
  public LinePlot logY() {
    this.logY = true;
    return this;
  }

  /** Integer tick marks on a linear x axis (steps, lags). */
  public LinePlot integerX() {
    this.integerX = true;
    return this;
  }

  /** Hides the legend (shown by default). */
  public LinePlot noLegend() {
    this.legend = false;
    return this;
  }

  /** Fixes the x range instead of fitting the data. */
  public LinePlot xRange(double lower, double upper) {
    this.xRange = new double[] {lower, upper};
    return this;
  }

  /** Fixes the y range instead of fitting the data. */
  public LinePlot yRange(double lower, double upper) {
    this.yRange = new double[] {lower, upper};
    return this;
  }

  /** Adds a solid series without markers. */
  public LinePlot series(String name, double[] x, double[] y) {
    return series(name, x, y, Line.SOLID, false);
  }

  /** Adds a series with the given stroke, with or without point markers; the colour is the next one. */
  public LinePlot series(String name, double[] x, double[] y, Line line, boolean markers) {
    return series(name, x, y, line, markers, Render.PALETTE[series.size() % Render.PALETTE.length]);
  }

  /** Adds a series with an explicit colour (to keep one model's colour across figures). */
  public LinePlot series(String name, double[] x, double[] y, Line line, boolean markers, Color color) {
    Objects.requireNonNull(name, "name");
    if (x.length != y.length) {
      throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " points, y has " + y.length);
    }
    for (Series s : series) {
      if (s.name.equals(name)) throw new IllegalArgumentException("series '" + name + "' added twice");
    }
    series.add(new Series(name, x.clone(), y.clone(), Objects.requireNonNull(line), markers, Objects.requireNonNull(color)));
    return this;
  }

  /** A series of values against their index 0, 1, 2, … */
  public LinePlot series(String name, double[] y) {
    double[] x = new double[y.length];
    for (int i = 0; i < x.length; i++) x[i] = i;
    return series(name, x, y);
  }

  /** The JFreeChart chart, freshly built (for customizations this builder does not offer). */
  public JFreeChart chart() {
    Render.headless();
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setDrawSeriesLineAsPath(true); // one path per series: dash patterns survive dense data
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      XYSeries xy = new XYSeries(s.name, false, true);
      for (int k = 0; k < s.x.length; k++) {
        double x = s.x[k];
        double y = s.y[k];
        if (!Double.isFinite(x) || !Double.isFinite(y) || (logX && x <= 0) || (logY && y <= 0)) continue;
        xy.add(x, y, false);
      }
      data.addSeries(xy);
      renderer.setSeriesPaint(i, s.color);
      renderer.setSeriesStroke(i, new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, s.line.dash, 0f));
      renderer.setSeriesShapesVisible(i, s.markers);
      renderer.setSeriesShape(i, marker(i));
    }
    renderer.setLegendLine(new java.awt.geom.Line2D.Double(-12, 0, 12, 0));

    XYPlot plot = new XYPlot(data, axis(xLabel, logX, integerX), axis(yLabel, logY, false), renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Render.OUTLINE);
    plot.setDomainGridlinePaint(Render.GRID);
    plot.setRangeGridlinePaint(Render.GRID);
    plot.setDomainGridlineStroke(Render.GRID_STROKE);
    plot.setRangeGridlineStroke(Render.GRID_STROKE);
    plot.setDomainMinorGridlinesVisible(logX);
    plot.setRangeMinorGridlinesVisible(logY);
    plot.setDomainMinorGridlinePaint(Render.MINOR_GRID);
    plot.setRangeMinorGridlinePaint(Render.MINOR_GRID);
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    plot.setInsets(new RectangleInsets(8, 4, 4, 16));
    if (xRange != null) plot.getDomainAxis().setRange(range("x", xRange, logX));
    if (yRange != null) plot.getRangeAxis().setRange(range("y", yRange, logY));

    JFreeChart chart = new JFreeChart(title.isEmpty() ? null : title, Render.TITLE, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setPadding(new RectangleInsets(8, 8, 8, 8));
    if (chart.getTitle() != null) chart.getTitle().setPaint(Render.TEXT);
    if (subtitle != null && !subtitle.isEmpty()) {
      TextTitle sub = new TextTitle(subtitle, Render.SUBTITLE);
      sub.setPaint(Render.TEXT);
      chart.addSubtitle(sub);
    }
    if (legend && !series.isEmpty()) {
      LegendTitle lt = new LegendTitle(plot);
      lt.setItemFont(Render.LEGEND);
      lt.setItemPaint(Render.TEXT);
      lt.setFrame(BlockBorder.NONE);
      lt.setBackgroundPaint(Color.WHITE);
      lt.setPosition(RectangleEdge.BOTTOM);
      lt.setItemLabelPadding(new RectangleInsets(2, 4, 2, 12));
      chart.addSubtitle(lt);
    }
    return chart;
  }

  @Override
  public void draw(Graphics2D g2, Rectangle2D area) {
    chart().draw(g2, area);
  }

  private static ValueAxis axis(String label, boolean log, boolean integer) {
    ValueAxis a;
    if (log) {
      a = new DecadeLogAxis(label);
    } else {
      NumberAxis na = new NumberAxis(label);
      na.setAutoRangeIncludesZero(false);
      na.setAutoRangeStickyZero(false);
      if (integer) na.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      a = na;
    }
    a.setLabelFont(Render.AXIS_LABEL);
    a.setLabelPaint(Render.TEXT);
    a.setTickLabelFont(Render.TICK_LABEL);
    a.setTickLabelPaint(Render.TEXT);
    a.setAxisLinePaint(Render.OUTLINE);
    a.setTickMarkPaint(Render.OUTLINE);
    return a;
  }

  private static Shape marker(int i) {
    double r = 3.5;
    return switch (i % 4) {
      case 0 -> new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
      case 1 -> new Rectangle2D.Double(-r, -r, 2 * r, 2 * r);
      case 2 -> triangle(r + 0.5);
      default -> diamond(r + 0.5);
    };
  }

  private static Shape triangle(double r) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(0, -r);
    p.lineTo(r, r);
    p.lineTo(-r, r);
    p.closePath();
    return p;
  }

  private static Shape diamond(double r) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(0, -r);
    p.lineTo(r, 0);
    p.lineTo(0, r);
    p.lineTo(-r, 0);
    p.closePath();
    return p;
  }

  private static Range range(String axis, double[] lu, boolean log) {
    double lower = lu[0];
    double upper = lu[1];
    if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper) || (log && lower <= 0)) {
      throw new IllegalArgumentException(axis + " range [" + lower + ", " + upper + "] is not a valid"
          + (log ? " logarithmic" : "") + " range");
    }
    return new Range(lower, upper);
  }
}
