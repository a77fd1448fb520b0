package lrnn.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {

  @TempDir
  Path tmp;

  private static final double[] X = {0, 1, 2, 3, 4, 5};
  private static final double[] Y = {0, 1e-3, -2, 0.5, Double.NaN, 10};

  @Test
  void logAxesSkipNonPositiveAndNonFinitePoints() throws IOException {
    LinePlot p = new LinePlot("log-log with zeros").xLabel("x").yLabel("y").logX().logY()
        .series("a", X, Y, LinePlot.Line.SOLID, true)
        .series("b", X, new double[] {1, 2, 3, 4, 5, Double.POSITIVE_INFINITY}, LinePlot.Line.DASHED, false);
    XYDataset d = p.chart().getXYPlot().getDataset();
    assertEquals(3, d.getItemCount(0)); // x = 1, 3, 5; x = 0 and y <= 0 or NaN dropped
    assertEquals(4, d.getItemCount(1));

    Path png = tmp.resolve("p.png");
    Path svg = tmp.resolve("p.svg");
    p.writePng(png, 640, 480);
    p.writeSvg(svg, 640, 480);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(640, img.getWidth());
    assertEquals(480, img.getHeight());
    assertEquals(0xFFFFFF, img.getRGB(2, 2) & 0xFFFFFF, "white background");
    String s = Files.readString(svg);
    assertTrue(s.startsWith("<?xml") || s.startsWith("<svg"), s.substring(0, 40));
  }

  @Test
  void linearAxisKeepsZerosAndNegatives() {
    LinePlot p = new LinePlot("linear").series("a", X, Y);
    assertEquals(5, p.chart().getXYPlot().getDataset().getItemCount(0)); // only NaN dropped
  }

  @Test
  void seriesWithNothingPlottableOnALogAxisDoesNotCrash() throws IOException {
    LinePlot p = new LinePlot("all zero").logY()
        .series("zeros", new double[] {0, 0, 0})
        .series("single", new double[] {0, 3, 0});
    assertTrue(ImageIO.read(new ByteArrayInputStream(p.png(400, 300))) != null);
    assertTrue(p.svg(400, 300).contains("</svg>"));
    LinePlot empty = new LinePlot(null).logX().logY();
    assertTrue(empty.png(200, 200).length > 100);
  }

  @Test
  void narrowAndWideLogRangesRender() {
    for (double[] y : new double[][] {{2.0, 2.1, 2.05}, {1, 1e-12, 1e-30}, {5, 5, 5}}) {
      LinePlot p = new LinePlot("range").logY().series("y", y);
      assertTrue(p.png(300, 200).length > 100);
    }
  }

  @Test
  void panelsShareTheYRange() throws IOException {
    LinePlot train = new LinePlot("train").logY().series("m", new double[] {1, 0.1, 0.01});
    LinePlot test = new LinePlot("test").logY().series("m", new double[] {2, 1, 0.5});
    Panels panels = Panels.row(train, test).title("E1").shareY();
    Path png = tmp.resolve("panels.png");
    panels.writePng(png, 1200, 500);
    assertEquals(1200, ImageIO.read(png.toFile()).getWidth());
    assertTrue(panels.svg(1200, 500).contains("</svg>"));
  }

  @Test
  void misuseIsReported() {
    assertThrows(IllegalArgumentException.class, () -> new LinePlot("t").series("a", new double[2], new double[3]));
    assertThrows(IllegalArgumentException.class,
        () -> new LinePlot("t").series("a", new double[1]).series("a", new double[1]));
    assertThrows(IllegalArgumentException.class, () -> new LinePlot("t").png(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new LinePlot("t").logY().yRange(0, 1).chart());
  }
}
