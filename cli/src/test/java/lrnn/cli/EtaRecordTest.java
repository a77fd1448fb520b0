package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the rate a training command used is recorded next to its CSV ({@code dynamics.json},
 * {@code delay.json}, {@code convergence.json}, {@code theorems.json}), for a given {@code --eta} and for
 * {@code --eta auto}, with the number the run printed.
 */
class EtaRecordTest {

  @TempDir
  Path tmp;

  /** A given rate that is not the default 0.05, so that recording the default instead would show. */
  private static final String GIVEN = "0.03";

  private static final String[] DYNAMICS = {"dynamics", "--n", "16", "--steps", "6", "--log-every", "3",
      "--seq-len", "6", "--train", "4", "--test", "3"};
  private static final String[] DELAY = {"delay", "--n", "12", "--steps", "6", "--seq-len", "8", "--train", "4",
      "--test", "3", "--delays", "0,4"};
  private static final String[] CONVERGENCE = {"ntk-convergence", "--widths", "8,16", "--seeds", "2", "--steps", "6",
      "--lags", "4", "--length", "6", "--log-every", "3"};
  private static final String[] THEOREMS = {"theorems", "--width", "12", "--seeds", "4", "--steps", "6", "--lags",
      "4", "--length", "6"};

  @Test
  void dynamicsRecordsTheGivenAndTheAutomaticRate() throws IOException {
    String json = given(DYNAMICS, "dynamics.json", "dynamics");
    assertEquals(16, (int) number(json, "n"), json);
    assertEquals("\"krylov\"", value(json, "gradient"), json);
    assertEquals("\"float64\"", value(json, "dtype"), json);
    assertEquals(6, (int) number(json, "L"), json);
    auto(DYNAMICS, "dynamics.json", "dynamics", "E1: ");
  }

  @Test
  void delayRecordsTheGivenAndTheAutomaticRate() throws IOException {
    String json = given(DELAY, "delay.json", "delay");
    assertEquals("[0, 4]", value(json, "delays"), json);
    assertEquals(8, (int) number(json, "L"), json);
    auto(DELAY, "delay.json", "delay", "E2: ");
  }

  @Test
  void ntkConvergenceRecordsTheGivenAndTheAutomaticRate() throws IOException {
    String json = given(CONVERGENCE, "convergence.json", "ntk-convergence");
    assertEquals("[8, 16]", value(json, "widths"), json);
    assertEquals(4, (int) number(json, "lags"), json);
    auto(CONVERGENCE, "convergence.json", "ntk-convergence", null);
  }

  @Test
  void theoremsRecordsTheGivenAndTheAutomaticRate() throws IOException {
    String json = given(THEOREMS, "theorems.json", "theorems");
    assertEquals(12, (int) number(json, "n"), json);
    assertEquals(4, (int) number(json, "seeds"), json);
    auto(THEOREMS, "theorems.json", "theorems", null);
  }

  @Test
  void realdataKeepsItsRateKeysInTheirPlace() throws IOException {
    Path out = tmp.resolve("realdata");
    Run r = Run.of("realdata", "--out", out.toString(), "--n", "8", "--lags", "4", "--steps", "4", "--eta", GIVEN);
    assertEquals(0, r.code(), r::toString);
    String json = Files.readString(out.resolve("realdata.json"));
    assertTrue(json.startsWith("{\n  \"eta\": 0.03,\n  \"eta_auto\": false,\n  \"eta_rule\": \"eta = 0.5 * 2 / "
        + "max(lambda_max(H_u), lambda_max(H_s)) over the regimes;"), json);
    assertTrue(json.contains("\n  \"standardize\": true,"), json);
  }

  /** Runs {@code args} with {@code --eta 0.03}: the JSON holds that rate, eta_auto false and no curvatures. */
  private String given(String[] args, String file, String command) throws IOException {
    Path out = tmp.resolve(command + "-given");
    Run r = Run.of(with(args, "--out", out.toString(), "--eta", GIVEN));
    assertEquals(0, r.code(), r::toString);
    String json = Files.readString(out.resolve(file));
    assertEquals("\"" + command + "\"", value(json, "command"), json);
    assertEquals(0.03, number(json, "eta"), json);
    assertEquals("false", value(json, "eta_auto"), json);
    for (String key : new String[] {"eta_rule", "eta_fraction", "lambda_max_unscaled", "lambda_max_scaled",
        "stability_limit"}) {
      assertNull(value(json, key), key + " in " + json);
    }
    for (String key : new String[] {"seed", "steps", "nu_W", "nu_F", "nu_C", "dtype"}) {
      assertNotNull(value(json, key), key + " missing in " + json);
    }
    assertEquals(1, (int) number(json, "seed"), json);
    assertEquals(new EtaOption.Recorded(GIVEN, false), EtaOption.recorded(json).orElseThrow(), json);
    return json;
  }

  /**
   * Runs {@code args} with {@code --eta auto}: the JSON holds the rate the run printed (exactly, from the line
   * starting with {@code infoPrefix} where the command prints the rate in full; else to the 4 digits of the
   * "eta auto = " line), eta_auto true and the curvatures it came from.
   */
  private void auto(String[] args, String file, String command, String infoPrefix) throws IOException {
    Path out = tmp.resolve(command + "-auto");
    Run r = Run.of(with(args, "--out", out.toString(), "--eta", "auto"));
    assertEquals(0, r.code(), r::toString);
    String json = Files.readString(out.resolve(file));
    double eta = number(json, "eta");
    assertEquals("true", value(json, "eta_auto"), json);
    assertEquals(new EtaOption.Recorded(value(json, "eta"), true), EtaOption.recorded(json).orElseThrow(), json);
    Matcher m = Pattern.compile("eta auto = ([0-9.eE+-]+) ").matcher(r.out());
    assertTrue(m.find(), r::toString);
    double printed = Double.parseDouble(m.group(1));
    assertEquals(printed, eta, 5e-4 * printed, "eta in " + json + " vs the printed " + printed);
    if (infoPrefix != null) {
      Matcher full = Pattern.compile("(?m)^" + infoPrefix + ".*, eta = ([^,]+),").matcher(r.out());
      assertTrue(full.find(), r::toString);
      assertEquals(Double.parseDouble(full.group(1)), eta, json);
    }
    assertFalse(eta == 0.05, "the default rate was recorded: " + json);
    assertEquals(0.5, number(json, "eta_fraction"), json);
    double hu = number(json, "lambda_max_unscaled"), hs = number(json, "lambda_max_scaled");
    double limit = number(json, "stability_limit");
    assertTrue(hu > 0 && hs > 0, json);
    assertEquals(2 / Math.max(hu, hs), limit, 1e-15 * limit, json);
    assertEquals(0.5 * limit, eta, 1e-15 * eta, json);
    assertTrue(value(json, "eta_rule").startsWith("\"eta = 0.5 * 2 / max(lambda_max(H_u), lambda_max(H_s))"), json);
  }

  private static String[] with(String[] args, String... extra) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(extra));
    all.addAll(List.of("--threads", "1"));
    return all.toArray(String[]::new);
  }

  /** The raw text of a top-level entry of a JSON object written by {@link Json}; null if absent. */
  static String value(String json, String key) {
    Matcher m = Pattern.compile("\n  \"" + Pattern.quote(key) + "\": (.*?),?\n").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  private static double number(String json, String key) {
    String v = value(json, key);
    assertNotNull(v, key + " missing in " + json);
    return Double.parseDouble(v);
  }
}
