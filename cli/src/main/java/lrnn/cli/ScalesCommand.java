package lrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import lrnn.cli.plot.LinePlot;
import lrnn.io.CsvWriter;
import lrnn.theory.ScaleFactors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lrnn scales}: the implicit bias at a glance — the scale factors {@code lambda_j} of SPEC (21)
 * that the wide RNN's NTK gives each lag, with the geometric envelope (22). Prints the table and writes
 * {@code scales.csv}, {@code scales.png} and {@code scales.svg}.
 */
@Command(name = "scales", header = "Scale factors lambda_j (SPEC (21)) and the bound (22): the implicit bias.", description = {
    "Scale factors lambda_j of the RNN's equivalent scaled convolution (SPEC (21)) and the bound (22).",
    "Writes scales.csv (j,lambda,relative,bound), scales.png, scales.svg to --out."})
final class ScalesCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  InitOptions init;

  @Option(names = "--n-x", paramLabel = "INT", defaultValue = "1",
      description = "Input dimension n_x (default: ${DEFAULT-VALUE}).")
  int nx;

  @Option(names = "--lags", paramLabel = "K", defaultValue = "20",
      description = "Number of lags K, j = 0 .. K-1 (default: ${DEFAULT-VALUE}).")
  int lags;

  @Option(names = "--with-d", description = "The direct feed-through D~ is trained (adds 1/n_x to lambda_0).")
  boolean withD;

  @Override
  public Integer call() throws IOException {
    init.validate(common);
    Checks.positive("--nu-w", init.nuW());
    Checks.atLeast("--n-x", nx, 1);
    Checks.atLeast("--lags", lags, 1);
    init.requireSomeScale();
    double nuW = init.nuW(), nuF = init.nuF(), nuC = init.nuC();

    common.prepareOut(); // after the option checks: a usage error leaves no output folder behind
    double[] lambda = ScaleFactors.lambda(nuW, nuF, nuC, nx, withD, lags);
    double[] bound = ScaleFactors.bound(nuW, nuF, nuC, nx, lags);
    double[] j = new double[lags];
    double[] relative = new double[lags];
    CsvWriter csv = new CsvWriter("j", "lambda", "relative", "bound");
    PrintWriter out = common.stdout();
    out.printf(Locale.ROOT, "%4s  %-13s  %-17s  %s%n", "j", "lambda_j", "lambda_j/lambda_0", "bound (22)");
    for (int k = 0; k < lags; k++) {
      j[k] = k;
      relative[k] = lambda[k] / lambda[0];
      csv.addRow(k, lambda[k], relative[k], bound[k]);
      out.printf(Locale.ROOT, "%4d  %-13.6e  %-17.6e  %.6e%n", k, lambda[k], relative[k], bound[k]);
    }
    out.flush();

    String params = String.format(Locale.ROOT, "nu_W = %s, nu_F = %s, nu_C = %s, n_x = %d%s",
        num(nuW), num(nuF), num(nuC), nx, withD ? ", D trained" : "");
    LinePlot plot = new LinePlot("Scale factors of the wide linear RNN")
        .subtitle(params)
        .xLabel("lag j").yLabel("λ_j").logY().integerX()
        .series("λ_j  (21)", j, lambda, LinePlot.Line.SOLID, true)
        .series("bound  (22)", j, bound, LinePlot.Line.DASHED, false);
    Output output = common.output();
    output.writeCsv("scales.csv", csv);
    output.writeFigure("scales", plot);
    return 0;
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
