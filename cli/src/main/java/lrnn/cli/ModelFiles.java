package lrnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lrnn.io.NdArray;
import lrnn.io.Npy;
import lrnn.model.Dtype;
import lrnn.model.ImpulseResponse;
import lrnn.model.LinearRnn;

/**
 * {@code --save-model DIR}: a trained RNN in exactly the {@code --init} layout ({@code W.npy (n, n)},
 * {@code F.npy (n, n_x)}, {@code C.npy (n_y, n)} [, {@code D.npy (n_y, n_x)}], tilde parameters of SPEC (3);
 * W~ in the run's dtype, written row by row without a copy of it), the convolutions' effective coefficients
 * {@code G_scaled.npy} and {@code G_unscaled.npy} ({@code (K, n_y, n_x)}), and {@code model.json} (written last:
 * its presence says the folder is complete).
 */
final class ModelFiles {

  private ModelFiles() {}

  /** The --save-model option, shared by the commands that train. */
  static final class Option {
    @picocli.CommandLine.Option(names = "--save-model", paramLabel = "DIR",
        description = "Also write the trained models to DIR: W.npy, F.npy, C.npy [, D.npy] (the --init layout, so a "
            + "run can continue from them), G_scaled.npy, G_unscaled.npy ((K, n_y, n_x)) and model.json.")
    Path dir;
  }

  /** Creates DIR now, so that an unusable folder fails before a long run rather than after it. */
  static void prepare(Option option) throws IOException {
    if (option.dir != null) Output.createDirectory(option.dir);
  }

  /**
   * Writes the models into {@code dir} (created if needed) through {@code output}'s atomic writes.
   *
   * @param meta what model.json records besides the sizes (seed, eta, steps, final losses, ...)
   */
  static void write(Output output, Path dir, LinearRnn rnn, ImpulseResponse scaled, ImpulseResponse unscaled,
                    Map<String, Object> meta) throws IOException {
    Output o = output.in(dir);
    int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny();
    NdArray.DType wType = rnn.dtype() == Dtype.FLOAT32 ? NdArray.DType.FLOAT32 : NdArray.DType.FLOAT64;
    o.write("W.npy", out -> Npy.encodeRows(out, n, n, wType, rnn::copyWTildeRow));
    o.write("F.npy", out -> Npy.encode(NdArray.of(new int[] {n, nx}, rnn.fTilde()), out));
    o.write("C.npy", out -> Npy.encode(NdArray.of(new int[] {ny, n}, rnn.cTilde()), out));
    if (rnn.hasD()) o.write("D.npy", out -> Npy.encode(NdArray.of(new int[] {ny, nx}, rnn.dTilde()), out));
    int[] gShape = {scaled.lags(), ny, nx};
    o.write("G_scaled.npy", out -> Npy.encode(NdArray.of(gShape, scaled.toArray()), out));
    o.write("G_unscaled.npy", out -> Npy.encode(NdArray.of(gShape, unscaled.toArray()), out));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("n", n);
    json.put("n_x", nx);
    json.put("n_y", ny);
    json.put("K", scaled.lags());
    json.put("with_D", rnn.hasD());
    json.put("dtype", rnn.dtype().label());
    json.putAll(meta);
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("rnn", "W.npy, F.npy, C.npy" + (rnn.hasD() ? ", D.npy" : "")
        + " (tilde parameters, SPEC (3): W = W~/sqrt(n), F = F~/sqrt(n_x), C = C~/sqrt(n); the --init layout)");
    files.put("convolutions", "G_scaled.npy, G_unscaled.npy: effective coefficients G_j, shape (K, n_y, n_x)");
    json.put("files", files);
    o.writeJson("model.json", json);
  }
}
