package lrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetsTest {

  @Test
  void fmriHasTheDocumentedShapeAndCategories() throws Exception {
    Table t = Datasets.fmri();
    assertEquals(3360, t.rowCount());
    assertEquals(List.of("bold", "events"), t.columnNames());
    double[] events = t.column("events");
    int[] counts = new int[7];
    for (double e : events) {
      assertTrue(e >= 0 && e <= 6 && e == Math.rint(e), () -> "event " + e);
      counts[(int) e]++;
    }
    for (int k = 1; k <= 6; k++) {
      assertTrue(counts[k] > 0, "event type " + k + " occurs");
    }
    Table x = t.oneHot("events", 6);
    assertEquals(7, x.columnCount());
    assertEquals(3360 - counts[0], (int) java.util.Arrays.stream(x.select(1, 2, 3, 4, 5, 6).toRowMajor()).sum());
    assertEquals(-0.20341448605092113, t.get(0, 0));
    assertSame(t, Datasets.fmri());
    assertTrue(Datasets.fmriLicense().contains("NIPY Developers"));
    assertTrue(Datasets.fmriLicense().contains("THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS"));
  }
}
