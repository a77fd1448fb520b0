package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the layout of the hand-written JSON writer (results.json, realdata.json; other code reads these files). */
class JsonTest {

  @Test
  void layoutEscapesAndNonFiniteNumbers() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("r2", 0.25);
    inner.put("empty", Map.of());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("eta", 0.5);
    m.put("n", 1000);
    m.put("auto", true);
    m.put("name", "a \"b\"\\\n\t\u0001");
    m.put("list", List.of(1, 2.5, "x"));
    m.put("arr", new double[] {1, Double.NaN, Double.POSITIVE_INFINITY});
    m.put("nested", inner);
    m.put("none", null);
    assertEquals("""
        {
          "eta": 0.5,
          "n": 1000,
          "auto": true,
          "name": "a \\"b\\"\\\\\\n\\t\\u0001",
          "list": [1, 2.5, "x"],
          "arr": [1.0, null, null],
          "nested": {
            "r2": 0.25,
            "empty": {}
          },
          "none": null
        }""", Json.write(m));
    assertEquals("[]", Json.write(List.of()));
    assertEquals("null", Json.write(Double.NaN));
  }
}
