package lrnn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSeriesTest {

  @Test
  void oneHotMapsZeroToNoChannelAndCodeCToChannelCMinusOne() {
    double[][] h = TimeSeries.oneHot("ev", new double[] {0, 2, 1, 0, 3});
    assertEquals(5, h.length);
    assertArrayEquals(new double[] {0, 0, 0}, h[0]);
    assertArrayEquals(new double[] {0, 1, 0}, h[1]);
    assertArrayEquals(new double[] {1, 0, 0}, h[2]);
    assertArrayEquals(new double[] {0, 0, 1}, h[4]);
    assertThrows(IllegalArgumentException.class, () -> TimeSeries.oneHot("ev", new double[] {0, 1.5}));
    assertThrows(IllegalArgumentException.class, () -> TimeSeries.oneHot("ev", new double[] {0, -1}));
    assertThrows(IllegalArgumentException.class, () -> TimeSeries.oneHot("ev", new double[] {0, 0}));
  }

  @Test
  void builderOrdersColumnsAndNamesOneHotChannels() {
    TimeSeries ts = TimeSeries.builder()
        .input("u", new double[] {1, 2, 3})
        .oneHot("ev", new double[] {0, 2, 1})
        .output("y1", new double[] {4, 5, 6})
        .output("y2", new double[] {7, 8, 9})
        .build();
    assertEquals(List.of("u", "ev=1", "ev=2"), ts.inputNames());
    assertEquals(List.of("y1", "y2"), ts.outputNames());
    assertEquals(3, ts.length());
    assertEquals(3, ts.nx());
    assertEquals(2, ts.ny());
    assertArrayEquals(new double[] {2, 0, 1}, ts.inputs()[1]);
    var x = ts.inputSequence();
    assertEquals(1, x.count());
    assertEquals(3, x.length());
    assertEquals(1.0, x.get(0, 2, 1));
    assertEquals(8.0, ts.outputSequence().get(0, 1, 1));
    // immutable: the accessor hands out copies
    ts.outputs()[0][0] = 99;
    assertEquals(4.0, ts.outputs()[0][0]);
  }

  @Test
  void rejectsMismatchedOrNonFiniteColumns() {
    assertThrows(IllegalArgumentException.class,
        () -> TimeSeries.builder().input("u", new double[] {1, 2}).output("y", new double[] {1, 2, 3}).build());
    assertThrows(IllegalArgumentException.class,
        () -> TimeSeries.builder().input("u", new double[] {1, Double.NaN}).output("y", new double[] {1, 2}).build());
    assertThrows(IllegalArgumentException.class, () -> TimeSeries.builder().output("y", new double[] {1}).build());
  }
}
