package lrnn.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;

/** The look shared by every figure: fonts, colours, strokes. */
final class Render {

  private Render() {}

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font TICK_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  static final Color TEXT = new Color(0x222222);
  static final Color GRID = new Color(0xDDDDDD);
  static final Color MINOR_GRID = new Color(0xF0F0F0);
  static final Color OUTLINE = new Color(0x888888);
  static final BasicStroke GRID_STROKE = new BasicStroke(0.8f);

  /**
   * Okabe–Ito colour-blind-safe palette (blue, vermillion, bluish green, orange, reddish purple, sky
   * blue, yellow-ish dark, black), ordered so that the first few are the most distinct.
   */
  static final Color[] PALETTE = {
      new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xE69F00),
      new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x8C7A00), new Color(0x000000),
  };

  /** Figures are rendered off-screen; make sure AWT does not try to open a display. */
  static void headless() {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
  }
}
