package lrnn.cli.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import lrnn.cli.Output;
import org.jfree.svg.SVGGraphics2D;

/**
 * Something that draws itself into a rectangle ({@link LinePlot}, {@link Panels}); renders as PNG or
 * SVG. File writes go through {@link Output#writeAtomically}, so they are atomic.
 */
public interface Figure {

  /** Draws the figure into {@code area} of {@code g2}. */
  void draw(Graphics2D g2, Rectangle2D area);

  /** PNG bytes, {@code width x height} pixels, white background, antialiased. */
  default byte[] png(int width, int height) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try {
      writePng(bytes, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory stream: does not happen
    }
    return bytes.toByteArray();
  }

  /** Writes PNG to a stream (not closed). */
  default void writePng(OutputStream out, int width, int height) throws IOException {
    checkSize(width, height);
    Render.headless();
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g2 = img.createGraphics();
    try {
      g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g2.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g2.setColor(Color.WHITE);
      g2.fillRect(0, 0, width, height);
      draw(g2, new Rectangle2D.Double(0, 0, width, height));
    } finally {
      g2.dispose();
    }
    if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer in this JDK");
  }

  /** An SVG document ({@code <?xml …?><svg …>}), {@code width x height} user units. */
  default String svg(int width, int height) {
    checkSize(width, height);
    Render.headless();
    SVGGraphics2D g2 = new SVGGraphics2D(width, height);
    g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g2.setColor(Color.WHITE);
    g2.fillRect(0, 0, width, height);
    draw(g2, new Rectangle2D.Double(0, 0, width, height));
    return g2.getSVGDocument();
  }

  /** Writes SVG (UTF-8) to a stream (not closed). */
  default void writeSvg(OutputStream out, int width, int height) throws IOException {
    out.write(svg(width, height).getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a PNG file atomically. */
  default void writePng(Path file, int width, int height) throws IOException {
    checkSize(width, height);
    Output.writeAtomically(file, out -> writePng(out, width, height));
  }

  /** Writes an SVG file atomically. */
  default void writeSvg(Path file, int width, int height) throws IOException {
    checkSize(width, height);
    Output.writeAtomically(file, out -> writeSvg(out, width, height));
  }

  private static void checkSize(int width, int height) {
    if (width < 16 || height < 16 || (long) width * height > 100_000_000L) {
      throw new IllegalArgumentException("figure size must be at least 16 x 16 and at most 1e8 pixels, got "
          + width + " x " + height);
    }
  }
}
