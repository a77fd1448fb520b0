package lrnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import lrnn.experiment.MemoryPlan;
import lrnn.io.MalformedFileException;
import lrnn.io.NdArray;
import lrnn.io.Npy;
import lrnn.model.Dtype;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.Sequences;
import lrnn.ntk.LagKernel;
import lrnn.ntk.NtkGram;
import lrnn.theory.ScaleFactors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lrnn ntk}: the exact NTK of a linear RNN at given parameters on given inputs, as NumPy files: the
 * Gram {@code K = J J^T} over all outputs of the training sequences (SPEC (13)), computed through the lag
 * kernel as {@code T M T^T} (Theorem 3.3, (K2)/(K3)) without forming J; the lag kernel M; lambda (21).
 * {@code --infinite}: the scaled convolution's Gram (17) instead, the n -> infinity limit.
 */
@Command(name = "ntk", header = "The exact NTK Gram, lag kernel and lambda of an RNN, as .npy files.", description = {
    "The exact empirical NTK (SPEC (13)) of a linear RNN on the training inputs, over all outputs: the Gram "
        + "K = J J^T, J the Jacobian of the outputs with respect to (W~, F~, C~[, D~]), computed exactly as T M T^T "
        + "through the lag kernel M ((K2)/(K3)), never by forming J.",
    "Writes gram.npy ((N L n_y)^2, row/column (i L + k) n_y + b), lag_kernel.npy ((K n_y n_x)^2, index "
        + "(j n_y + b) n_x + a), lambda.npy ((K,), SPEC (21)) and ntk.json.",
    "Parameters from --init (the dynamics --init layout) or a random RNN (--n, --seed, --nu-*, drawn as dynamics "
        + "draws it); inputs from --data DIR/x_train.npy or the E1 task (--seq-len, --train, --seed)."})
final class NtkCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  InitOptions init;

  @Mixin
  TaskOptions task;

  @Mixin
  DtypeOption dtypeOption;

  @Spec
  CommandSpec spec;

  @Option(names = "--n", paramLabel = "INT", defaultValue = "1000",
      description = "Hidden width n of the random RNN (default: ${DEFAULT-VALUE}; with --init, W.npy gives n).")
  int n;

  @Option(names = "--with-d", description = "The random RNN has a trained direct feed-through D~ (drawn with nu_D = 0).")
  boolean withD;

  @Option(names = "--lags", paramLabel = "K",
      description = "Lags K of the lag kernel (default: L, the sequence length, which makes the Gram exact).")
  Integer lags;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Read the inputs from DIR/x_train.npy (float64, (N, L, n_x)); n_y from DIR/y_train.npy if "
          + "present (else 1) unless --init gives it.")
  Path data;

  @Option(names = "--init", paramLabel = "DIR",
      description = "Read the RNN's tilde parameters W.npy (n,n), F.npy (n,n_x), C.npy (n_y,n) [, D.npy] instead of "
          + "drawing them; n, n_x, n_y come from the files.")
  Path initDir;

  @Option(names = "--infinite",
      description = "The infinite-width Gram (17) of the scaled convolution instead (lambda from --nu-*; no RNN).")
  boolean infinite;

  @Override
  public Integer call() throws IOException {
    init.validate(common);
    init.requireSomeScale();
    Checks.atLeast("--n", n, 1);
    if (lags != null) Checks.atLeast("--lags", lags, 1);
    Dtype dtype = dtypeOption.dtype();
    if (infinite) {
      for (String o : new String[] {"--init", "--n", "--dtype", "--with-d"}) {
        if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
          throw new UsageException(o + " has no meaning with --infinite (the infinite-width Gram (17) needs only "
              + "the inputs and lambda from --nu-w, --nu-f, --nu-c); drop " + o);
        }
      }
    }
    Inputs in = inputs();
    Sequences x = in.x;
    int len = x.length(), seqs = x.count(), nx = x.dim();
    int k = lags != null ? lags : len;
    int widthForPlan = infinite ? 1 : initDir != null
        ? NpyInputs.width(initDir, n, spec.commandLine().getParseResult().hasMatchedOption("--n")) : n;
    MemoryPlan plan = MemoryPlan.ntk(widthForPlan, nx, in.ny, seqs, len, k, dtype, initDir != null, infinite);
    long grows = (long) seqs * len * in.ny;
    if (grows * grows > Integer.MAX_VALUE - 8) {
      throw new UsageException(String.format(Locale.ROOT, "the Gram has N L n_y = %d rows, %d entries: more than a "
          + "Java array holds (2^31 - 9) and about %s on disk; use fewer or shorter sequences", grows, grows * grows,
          lrnn.util.Memory.human(lrnn.util.Memory.doubles(grows, grows))));
    }
    String smaller = "fewer or shorter sequences (--train, --seq-len)";
    plan.require(infinite ? smaller : plan.fixes(smaller + ", a smaller --n"));
    common.prepareOut();

    long t0 = System.nanoTime();
    long tp = t0;
    LagKernel m;
    double[] lambda;
    int width;
    boolean hasD;
    if (infinite) {
      hasD = false;
      width = 0;
      lambda = ScaleFactors.lambda(init.nuW(), init.nuF(), init.nuC(), nx, false, k);
      m = LagKernel.diagonal(lambda, in.ny, nx);
    } else {
      LinearRnn rnn = initDir != null ? NpyInputs.rnn(initDir, nx, in.ny, dtype)
          : LinearRnn.random(n, nx, in.ny, new InitScales(init.nuW(), init.nuF(), init.nuC(), 0, withD),
              common.seed() + 1, dtype);
      width = rnn.n();
      hasD = rnn.hasD();
      lambda = ScaleFactors.lambda(init.nuW(), init.nuF(), init.nuC(), nx, hasD, k);
      tp = System.nanoTime();
      m = LagKernel.of(rnn, k);
    }
    long t1 = System.nanoTime();
    NtkGram gram = infinite ? NtkGram.scaled(x, lambda, in.ny) : NtkGram.empirical(x, m);
    long t2 = System.nanoTime();
    double distance = m.relativeErrorTo(lambda);

    Output o = common.output();
    int rows = gram.rows();
    o.write("gram.npy", out -> Npy.encodeRows(out, rows, rows, gram::copyRow));
    int dm = m.size();
    o.write("lag_kernel.npy", out -> Npy.encode(NdArray.of(new int[] {dm, dm}, m.toMatrix()), out));
    o.write("lambda.npy", out -> Npy.encode(NdArray.of(new int[] {k}, lambda), out));
    long t3 = System.nanoTime();

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", infinite ? "infinite-width scaled convolution (17)" : "empirical NTK of a linear RNN (13)");
    json.put("n", infinite ? null : width);
    json.put("K", k);
    json.put("N", seqs);
    json.put("L", len);
    json.put("n_x", nx);
    json.put("n_y", in.ny);
    json.put("with_D", hasD);
    json.put("dtype", infinite ? null : dtype.label());
    json.put("parameters", infinite ? null : initDir != null ? initDir.toString() : "random, seed " + (common.seed() + 1));
    json.put("inputs", data != null ? data.resolve("x_train.npy").toString() : "E1 task, seed " + common.seed());
    ModelOptions.putScales(json, init.scales());
    json.put("relative_distance_M_to_diag_lambda", distance);
    json.put("gram_shape", java.util.List.of(rows, rows));
    json.put("gram_index", "(i L + k) n_y + b");
    json.put("lag_kernel_shape", java.util.List.of(dm, dm));
    json.put("lag_kernel_index", "(j n_y + b) n_x + a");
    Map<String, Object> seconds = new LinkedHashMap<>();
    seconds.put("parameters", (tp - t0) / 1e9);
    seconds.put("lag_kernel", (t1 - tp) / 1e9);
    seconds.put("gram", (t2 - t1) / 1e9);
    seconds.put("write", (t3 - t2) / 1e9);
    json.put("seconds", seconds);
    o.writeJson("ntk.json", json);

    common.info(String.format(Locale.ROOT, "%s: N L n_y = %d outputs, K = %d lags; lag kernel %.3f s, Gram %.3f s; "
            + "||M - diag(lambda) (x) I||_F / ||diag(lambda) (x) I||_F = %.4g",
        infinite ? "infinite width" : "n = " + width, rows, k, (t1 - tp) / 1e9, (t2 - t1) / 1e9, distance));
    return 0;
  }

  private record Inputs(Sequences x, int ny) {}

  /**
   * The inputs and n_y, with the shape checks that tie them to --init; the RNN's files are not read here (only
   * C.npy's header), so that a width that cannot fit is refused before W is read.
   */
  private Inputs inputs() throws IOException {
    Sequences x;
    int ny;
    if (data != null) {
      if (!Files.isDirectory(data)) throw new UsageException("--data " + data + " is not a directory");
      x = NpyInputs.sequences(data, "x_train", "(N, L, n_x)");
      Path y = data.resolve("y_train.npy");
      ny = Files.isRegularFile(y) ? yChannels(y) : 1;
    } else {
      var ds = task.task(20).generate(common.seed());
      x = ds.xTrain();
      ny = ds.ny();
    }
    // with --init, n_y comes from C.npy
    return new Inputs(x, initDir == null || infinite ? ny : NpyInputs.outputsOf(initDir));
  }

  /** n_y of y_train.npy (N, L, n_y), from its header alone. */
  private static int yChannels(Path y) throws IOException {
    int[] s = NpyInputs.shapeOf(y);
    if (s.length != 3 || s[2] < 1) {
      throw new MalformedFileException(y.toString(), "has shape " + NdArray.formatShape(s)
          + " but (N, L, n_y) with n_y >= 1 was expected");
    }
    return s[2];
  }
}
