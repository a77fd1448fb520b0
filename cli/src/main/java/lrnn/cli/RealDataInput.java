package lrnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lrnn.experiment.RealData;
import lrnn.experiment.TimeSeries;
import lrnn.io.Csv;
import lrnn.io.CsvWriter;
import lrnn.io.Datasets;
import lrnn.io.MalformedFileException;
import lrnn.io.Table;
import lrnn.train.StepSize;
import picocli.CommandLine.Option;

/**
 * How {@code realdata} reads a recording and what it writes beside the R^2 table (issue 13), as a mixin so that
 * {@link RealDataCommand} stays a short run-and-write: {@code --no-standardize --missing --time-column}, the CSV
 * reading (separator detected, only the columns used are parsed, time columns skipped, missing cells handled,
 * constant columns refused by name), {@code realdata.json} and {@code realdata_predictions.csv}.
 */
final class RealDataInput {

  @Option(names = "--no-standardize",
      description = "Use the columns in their own units. By default every input and output channel is standardized "
          + "with the mean and standard deviation of each regime's training part (no test leakage); the statistics "
          + "go to realdata.json, and R^2 is the same in the original units.")
  boolean noStandardize;

  @Option(names = "--missing", paramLabel = "POLICY", defaultValue = "error",
      description = "Missing cells (empty, NA, NaN, null, ?) in the columns used: error, drop (the rows) or "
          + "interpolate (linearly in time, the ends from the nearest value) (default: ${DEFAULT-VALUE}).")
  String missing;

  @Option(names = "--time-column", paramLabel = "COL",
      description = "A time column to ignore (default: one named time, t, timestamp, date, index, sample, frame, ... "
          + "with or without a unit, e.g. time_s; it is skipped, and need not be numeric, unless named in --inputs).")
  String timeColumn;

  /** Whether to standardize (the default; {@code --no-standardize} turns it off). */
  boolean standardize() {
    return !noStandardize;
  }

  private static Table.Missing missingPolicy(String v) {
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "error" -> Table.Missing.ERROR;
      case "drop" -> Table.Missing.DROP;
      case "interpolate" -> Table.Missing.INTERPOLATE;
      default -> throw new UsageException("--missing must be error, drop or interpolate, got '" + v + "'");
    };
  }

  /** The series and how it was read: the skipped (time) columns, the missing cells and the rows dropped. */
  record Series(TimeSeries ts, List<String> skipped, long missingCells, int droppedRows, Table.Missing policy) {}

  /** The time series from {@code --csv} (or the bundled fMRI data) and the column options. */
  Series read(CommonOptions common, Path csv, List<String> inputs, String oneHot, List<String> outputs)
      throws IOException {
    Table.Missing policy = missingPolicy(missing);
    Table t;
    List<String> in = inputs == null ? List.of() : inputs.stream().map(String::strip).toList();
    String hot = oneHot == null ? null : oneHot.strip();
    List<String> out = outputs == null ? null : outputs.stream().map(String::strip).toList();
    List<String> skipped = new ArrayList<>();
    long missingCells = 0;
    int dropped = 0;
    if (csv == null) {
      t = Datasets.fmri();
      if (inputs == null && oneHot == null) hot = "events";
      if (out == null) out = List.of("bold");
    } else {
      if (out == null || out.isEmpty()) throw new UsageException("--csv needs --outputs COLS");
      Set<String> named = new LinkedHashSet<>(in);
      named.addAll(out);
      if (hot != null) named.add(hot);
      String time = timeColumn == null ? null : timeColumn.strip();
      boolean allInputs = inputs == null && hot == null; // no input named: every other column is one
      // only the columns used are parsed: a time stamp or a text column elsewhere in the file does no harm
      java.util.function.Predicate<String> used = name -> {
        boolean keep = named.contains(name)
            || (allInputs && !name.equals(time) && (time != null || !Csv.isTimeName(name)));
        if (!keep) skipped.add(name);
        return keep;
      };
      try {
        t = Csv.read(csv, Csv.Options.DEFAULT.withMissingAsNaN(true).withColumns(used));
        missingCells = t.missingCount();
        int before = t.rowCount();
        t = t.withMissing(policy);
        dropped = before - t.rowCount();
      } catch (MalformedFileException e) {
        throw new UsageException(e.getMessage() + (policy == Table.Missing.ERROR && e.getMessage().contains("missing")
            ? " (--missing drop or --missing interpolate)" : ""));
      }
      for (String c : named) {
        if (!t.columnNames().contains(c)) {
          List<String> all = new ArrayList<>(t.columnNames());
          all.addAll(skipped);
          throw new UsageException(csv + " has no column '" + c + "'; the columns are " + all);
        }
      }
      if (time != null && !skipped.contains(time) && !named.contains(time)) {
        throw new UsageException("--time-column " + time + ": " + csv + " has no such column");
      }
      if (allInputs) {
        in = t.columnNames().stream().filter(c -> !named.contains(c)).toList();
        if (in.isEmpty()) {
          throw new UsageException(csv + " has no column left for the inputs (outputs " + out + ", ignored " + skipped
              + "); name them with --inputs COLS or --one-hot COL");
        }
      }
      if (!skipped.isEmpty()) {
        common.info("ignored column" + (skipped.size() == 1 ? " " : "s ") + skipped + (allInputs
            ? " (a time axis, not an input; name it in --inputs to use it)" : " (not in --inputs/--outputs/--one-hot)"));
      }
      if (missingCells > 0) {
        common.info(String.format(Locale.ROOT, "%d missing cell%s: %s", missingCells, missingCells == 1 ? "" : "s",
            policy == Table.Missing.DROP ? "dropped " + dropped + " rows" : "interpolated"));
      }
    }
    try {
      TimeSeries.Builder b = TimeSeries.builder();
      for (String c : in) b.input(c, constantCheck(t, c));
      if (hot != null) b.oneHot(hot, t.column(hot));
      for (String c : out) b.output(c, constantCheck(t, c));
      return new Series(b.build(), List.copyOf(skipped), missingCells, dropped, policy);
    } catch (MalformedFileException e) {
      throw new UsageException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException(t.source() + ": " + e.getMessage());
    }
  }

  /** The column, refused with its name if it holds one value only (no information; it cannot be standardized). */
  private static double[] constantCheck(Table t, String name) throws MalformedFileException {
    double[] v = t.column(name);
    boolean constant = true;
    for (double x : v) constant &= x == v[0];
    if (constant && v.length > 0) {
      throw new UsageException(t.source() + ": column '" + name + "' is constant (" + v[0] + " in all " + v.length
          + " rows); it carries no information: drop it from --inputs/--outputs");
    }
    return v;
  }

  /** realdata.json: the rate and where it came from, the standardization statistics, how the data were read. */
  static Map<String, Object> record(RealData.Result r, RealData.Config cfg, Series s) {
    Map<String, Object> m = new LinkedHashMap<>();
    // the curvatures are per regime (below); the rule is written for a given rate too, as it always was
    m.putAll(EtaOption.entries(r.eta(), r.etaAuto(), null, "eta = " + StepSize.FRACTION + " * 2 / "
        + "max(lambda_max(H_u), lambda_max(H_s)) over the regimes; H_u = c Rxx, H_s = c Lambda^1/2 Rxx Lambda^1/2, "
        + "c = 2 / (T_train n_y) (SPEC §9)"));
    m.put("standardize", cfg.standardize());
    m.put("samples", s.ts().length());
    m.put("inputs", s.ts().inputNames());
    m.put("outputs", s.ts().outputNames());
    m.put("ignored_columns", s.skipped());
    m.put("missing_policy", s.policy().name().toLowerCase(Locale.ROOT));
    m.put("missing_cells", s.missingCells());
    m.put("dropped_rows", s.droppedRows());
    m.put("n", cfg.width());
    m.put("lags", cfg.lags());
    m.put("steps", cfg.steps());
    m.put("seed", cfg.seed());
    Map<String, Object> regimes = new LinkedHashMap<>();
    for (RealData.RegimeInfo info : r.regimes()) {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("train_rows", List.of(0, info.split().trainEnd()));
      g.put("test_rows", List.of(info.split().testStart(), info.split().length()));
      g.put("lambda_max_unscaled", info.curvature().lambdaMaxUnscaled());
      g.put("lambda_max_scaled", info.curvature().lambdaMaxScaled());
      g.put("stability_limit", info.curvature().stabilityLimit());
      RealData.Standardization st = info.standardization();
      g.put("input_mean", named(st.inputNames(), st.inputMean()));
      g.put("input_sd", named(st.inputNames(), st.inputSd()));
      g.put("output_mean", named(st.outputNames(), st.outputMean()));
      g.put("output_sd", named(st.outputNames(), st.outputSd()));
      List<Map<String, Object>> r2 = new ArrayList<>();
      for (RealData.Row row : r.rows()) {
        if (!row.regime().equals(info.regime())) continue;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("output", row.output());
        e.put("r2_rnn", row.r2Rnn());
        e.put("r2_scaled", row.r2Scaled());
        e.put("r2_conv", row.r2Conv());
        r2.add(e);
      }
      g.put("r2", r2);
      regimes.put(info.regime(), g);
    }
    m.put("regimes", regimes);
    return m;
  }

  private static Map<String, Object> named(List<String> names, double[] v) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < v.length; i++) m.put(names.get(i), v[i]);
    return m;
  }

  /** The test-window predictions in the original units, one row per sample and output. */
  static CsvWriter predictions(RealData.Result result, List<String> outputNames) {
    CsvWriter w = new CsvWriter(RealDataCommand.PREDICTIONS_HEADER.split(","));
    for (RealData.Predictions pr : result.predictions()) {
      double[] y = pr.target(), a = pr.rnn(), b = pr.scaled(), c = pr.conv();
      for (int i = 0; i < pr.length(); i++) {
        for (int o = 0; o < pr.ny(); o++) {
          int k = i * pr.ny() + o;
          w.addRow(pr.regime(), pr.testStart() + i, outputNames.get(o), y[k], a[k], b[k], c[k]);
        }
      }
    }
    return w;
  }

  /** Prints the automatic rate and the curvatures it came from (nothing for a given rate). */
  static void logEta(CommonOptions common, RealData.Result result) {
    if (!result.etaAuto()) return;
    for (RealData.RegimeInfo info : result.regimes()) {
      common.info(String.format(Locale.ROOT, "%-8s largest Hessian eigenvalue: unscaled conv %.4g, scaled conv %.4g",
          info.regime(), info.curvature().lambdaMaxUnscaled(), info.curvature().lambdaMaxScaled()));
    }
    common.info(String.format(Locale.ROOT, "eta auto = %.4g = %.2f x 2 / lambda_max, the largest over the regimes "
        + "(GD diverges above %.4g)", result.eta(), StepSize.FRACTION, result.eta() / StepSize.FRACTION));
  }
}
