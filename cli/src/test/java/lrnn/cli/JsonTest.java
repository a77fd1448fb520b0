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

  @Test
  void topLevelReadsBackAScalarEntryAsWritten() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("eta", 0.25);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nested", inner);
    m.put("rows", List.of(Map.of("k", 1)));
    m.put("name", "a, \"b\",");
    m.put("list", List.of(0, 4));
    m.put("eta", 1.0E-4);
    m.put("eta_auto", true);
    String json = Json.write(m);
    assertEquals("1.0E-4", Json.topLevel(json, "eta")); // the top-level entry, not the nested one
    assertEquals("true", Json.topLevel(json, "eta_auto")); // the last entry: no comma
    assertEquals("\"a, \\\"b\\\",\"", Json.topLevel(json, "name"));
    assertEquals("[0, 4]", Json.topLevel(json, "list"));
    assertEquals(null, Json.topLevel(json, "nested"));
    assertEquals(null, Json.topLevel(json, "rows"));
    assertEquals(null, Json.topLevel(json, "k"));
    assertEquals(null, Json.topLevel(json, "missing"));
    assertEquals(null, Json.topLevel(Json.write(inner).replace("eta", "etas"), "eta"));
  }

  @Test
  void etaOptionReadsTheRecordedRate() {
    assertEquals(java.util.Optional.of(new EtaOption.Recorded("0.03", false)),
        EtaOption.recorded(Json.write(EtaOption.entries(0.03, false, null, null))));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", "x");
    m.putAll(EtaOption.entries(0.0123456789, true, null, "rule, in words"));
    m.put("steps", 3);
    EtaOption.Recorded r = EtaOption.recorded(Json.write(m)).orElseThrow();
    assertEquals("0.0123456789", r.eta());
    assertEquals(0.0123456789, r.value());
    assertEquals(true, r.auto());
    assertEquals(java.util.Optional.empty(), EtaOption.recorded(Json.write(Map.of("n", 3))));
    assertEquals(java.util.Optional.empty(), EtaOption.recorded(Json.write(Map.of("eta", Double.NaN))));
  }
}
