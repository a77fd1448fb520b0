package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lrnn paper} at its tiny smoke profile: every experiment's files, the report and the JSON. */
class PaperCommandTest {

  @TempDir
  Path tmp;

  @Test
  void runsEveryExperimentAndWritesReportAndJson() throws IOException {
    Path out = tmp.resolve("paper");
    Run r = Run.of("paper", "--tiny", "--out", out.toString(), "--quiet");
    assertEquals(0, r.code(), r.toString());
    for (String f : new String[] {"dynamics.csv", "dynamics.png", "delay.csv", "delay.png", "realdata.csv",
        "realdata.png", "convergence.csv", "convergence.png", "theorems_variance.csv", "theorems_drift.csv",
        "theorems.png", "report.md", "results.json"}) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing; " + r);
    }
    // each experiment's rate next to its CSV: the paper runs keep SPEC §7's eta = 0.05 (realdata: auto)
    for (String f : new String[] {"dynamics.json", "delay.json", "convergence.json", "theorems.json"}) {
      String meta = Files.readString(out.resolve(f));
      assertTrue(meta.contains("\n  \"eta\": 0.05,\n  \"eta_auto\": false\n"), f + ": " + meta);
    }
    assertTrue(Files.readString(out.resolve("realdata.json")).contains("\n  \"eta_auto\": true,"));
    String md = Files.readString(out.resolve("report.md"));
    for (String png : new String[] {"dynamics.png", "delay.png", "realdata.png", "convergence.png", "theorems.png"}) {
      assertTrue(md.contains("](" + png + ")"), "report shows " + png);
    }
    assertEquals(5, md.split("\\*\\*Reading:\\*\\*", -1).length - 1, "one reading per experiment");
    String json = Files.readString(out.resolve("results.json"));
    for (String key : new String[] {"\"E1_dynamics\"", "\"E2_delay\"", "\"E3_realdata\"", "\"E4_convergence\"",
        "\"E5_theorems\"", "\"max_rel_gap_rnn_scaled\"", "\"lag_kernel_slope\""}) {
      assertTrue(json.contains(key), key + " in " + json);
    }
    assertTrue(json.strip().startsWith("{") && json.strip().endsWith("}"));
    // the rate each experiment used, as its own JSON records it (realdata: auto, the others 0.05)
    String realdataEta = EtaRecordTest.value(Files.readString(out.resolve("realdata.json")), "eta");
    assertTrue(json.contains("\n  \"eta_used\": {\n"
        + "    \"E1_dynamics\": {\n      \"eta\": 0.05,\n      \"eta_auto\": false\n    },\n"
        + "    \"E2_delay\": {\n      \"eta\": 0.05,\n      \"eta_auto\": false\n    },\n"
        + "    \"E3_realdata\": {\n      \"eta\": " + realdataEta + ",\n      \"eta_auto\": true\n    },\n"
        + "    \"E4_convergence\": {\n      \"eta\": 0.05,\n      \"eta_auto\": false\n    },\n"
        + "    \"E5_theorems\": {\n      \"eta\": 0.05,\n      \"eta_auto\": false\n    }\n  },\n"
        + "  \"profile\": \"tiny\","), json);
    assertTrue(Double.parseDouble(realdataEta) != 0.05, realdataEta);
    for (String[] e : new String[][] {{"E1", "Learning rate: η = 0.05 (fixed; recorded in `dynamics.json`)."},
        {"E2", "Learning rate: η = 0.05 (fixed; recorded in `delay.json`)."},
        {"E3", "Learning rate (both regimes): η = "
            + String.format(java.util.Locale.ROOT, "%.4g", Double.parseDouble(realdataEta)) + " (`--eta auto`: half "
            + "the largest stable rate 2 / λ_max of gradient descent on the training data; recorded to all digits "
            + "with its curvatures in `realdata.json`)."},
        {"E4", "Learning rate (every width and seed): η = 0.05 (fixed; recorded in `convergence.json`)."},
        {"E5", "Learning rate of the drift run: η = 0.05 (fixed; recorded in `theorems.json`)."}}) {
      String section = md.substring(md.indexOf("## " + e[0] + " "));
      int end = section.indexOf("\n## ", 1);
      assertTrue((end < 0 ? section : section.substring(0, end)).contains(e[1]), e[1] + " in " + section);
    }
  }

  @Test
  void aFailingStepLeavesNoReport() {
    Path out = tmp.resolve("bad");
    Run r = Run.of("paper", "--tiny", "--out", out.toString(), "--quiet", "--threads", "0");
    assertEquals(2, r.code(), r.toString());
    assertTrue(!Files.exists(out.resolve("report.md")));
  }
}
