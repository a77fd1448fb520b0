package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

import org.junit.jupiter.api.Test;

/**
 * docs/usage.md is generated from the commands' own --help; this test fails when they drift apart.
 * Regenerate with {@code ./run-tests -pl cli -am -Dtest=UsageDocTest -Dlrnn.updateDocs=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class UsageDocTest {

  static String render() {
    CommandLine top = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
    top.setUsageHelpWidth(100);
    StringBuilder md = new StringBuilder();
    md.append("# lrnn command-line usage\n\n");
    md.append("Generated from each command's `--help` (the test `UsageDocTest` keeps this page in sync).\n");
    md.append("Run any command with `./lrnn COMMAND [OPTIONS]`; every command writes its files into `--out` (default\n");
    md.append("`out/`) atomically, prints one-line errors (exit 2 for usage errors, 1 for failures; `--debug` adds the\n");
    md.append("stack trace), shows progress on stderr, and gives the same numbers for the same `--seed`.\n\n");
    md.append("```\n").append(top.getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
    for (Map.Entry<String, CommandLine> e : top.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) continue;
      CommandLine sub = e.getValue();
      sub.setUsageHelpWidth(100);
      md.append("\n## lrnn ").append(e.getKey()).append("\n\n```\n")
          .append(sub.getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
    }
    md.append(RESULT_JSON);
    md.append(FROM_PYTHON);
    return md.toString();
  }

  /** The hand-written part of the page: what the JSON beside each experiment's CSV records (issue 13). */
  static final String RESULT_JSON = """

      ## The settings and the rate of a run

      Each experiment writes, next to its CSV files, a JSON file with the settings that shape its numbers and
      the learning rate it used, so that a run with `--eta auto` says which rate it took (the CSV and figure
      names are unchanged):

      | command | CSV | JSON |
      |---|---|---|
      | `dynamics` | `dynamics.csv` | `dynamics.json` |
      | `delay` | `delay.csv` | `delay.json` |
      | `ntk-convergence` | `convergence.csv` | `convergence.json` |
      | `theorems` | `theorems_variance.csv`, `theorems_drift.csv` | `theorems.json` |
      | `realdata` | `realdata.csv`, `realdata_curves.csv`, `realdata_predictions.csv` | `realdata.json` (see `lrnn realdata`) |

      Keys, in this order:

      - `command`, `seed`, then the settings:
        - `dynamics`: `data` (the `--data` folder, or `E1 task, seed S`), `L`, `train`, `test`, and for the
          generated task `snr_db`, `teacher_nu_w`; `n_x`, `n_y`, `init` (the `--init` folder, or `random, seed
          S+1`), `n`, `steps`, `log_every`, `gradient` (`krylov` or `bptt`), `conv_init` (`zero` or `rnn`),
          `dtype`, `nu_W`, `nu_F`, `nu_C`;
        - `delay`: `data`, `L`, `train`, `test`, `snr_db`, `teacher_nu_w`, `n_x`, `n_y`, `init`, `delays` (a
          list), `n`, `steps`, `gradient`, `dtype`, `nu_W`, `nu_F`, `nu_C`;
        - `ntk-convergence`: `seeds`, `widths` (a list), `lags` (K), `L`, `train`, `test`, `snr_db`,
          `teacher_nu_w`, `steps`, `log_every`, `gradient`, `dtype`, `nu_W`, `nu_F`, `nu_C`;
        - `theorems`: `n` (`--width`), `seeds`, `lags`, `n_x`, `n_y` (of the RNNs for the variances), `L`,
          `train`, `test`, `snr_db`, `teacher_nu_w`, `delay`, `steps`, `dtype`, `nu_W`, `nu_F`, `nu_C`
          (the rate is the drift run's);
      - the rate, under `realdata.json`'s names: `eta` (the rate used), `eta_auto` (`true` for `--eta auto`),
        and for `--eta auto` also `eta_rule` (the rule, in words), `eta_fraction` (0.5), `lambda_max_unscaled`
        and `lambda_max_scaled` (the largest eigenvalues of the unscaled and the scaled convolutions' loss
        Hessians on the training inputs) and `stability_limit` (`2 / max(lambda_max)`, the rate above which
        gradient descent on them diverges; `eta = eta_fraction * stability_limit`). `ntk-convergence` takes one
        rate for every width and seed: the smallest of the seeds' choices, whose curvatures are recorded.
        `realdata.json` keeps `eta`, `eta_auto` and `eta_rule` at its top and the curvatures per regime.

      `dynamics --save-model DIR` records the same rate entries as `dynamics.json` in `DIR/model.json` (after
      `data`, before `steps`); `realdata --save-model DIR` records `eta` and `eta_auto` in each regime's
      `model.json`.

      `lrnn paper` states each experiment's rate, read from these files: one line per section of `report.md`
      (`Learning rate: η = 0.05 (fixed; recorded in dynamics.json).`), and in `results.json` under `eta_used`,
      by experiment (`E1_dynamics`, `E2_delay`, `E3_realdata`, `E4_convergence`, `E5_theorems`: `eta`,
      `eta_auto`).

      `snr_db` is the string `"Infinity"` for `--snr-db Infinity` (no noise).
      """;

  /** The hand-written part of the page: the outputs from numpy (checked by tools/check_ntk.py). */
  static final String FROM_PYTHON = """

      ## From Python

      Every array lrnn writes is a NumPy `.npy` file (float64, C order; a float32 `W.npy` when the run was
      `--dtype float32`), so numpy, JAX or PyTorch read it directly:

      ```python
      import json, numpy as np
      out = "out"                                   # ./lrnn ntk --n 300 --out out
      K   = np.load(f"{out}/gram.npy")              # (N L n_y, N L n_y), row (i L + k) n_y + b
      M   = np.load(f"{out}/lag_kernel.npy")        # (K n_y n_x, K n_y n_x), index (j n_y + b) n_x + a
      lam = np.load(f"{out}/lambda.npy")            # (K,), SPEC (21)
      meta = json.load(open(f"{out}/ntk.json"))
      N, L, nx, ny, Kl = meta["N"], meta["L"], meta["n_x"], meta["n_y"], meta["K"]

      # the Gram is T M T^T (Theorem 3.3): rebuild it from the lag kernel and the inputs
      x = np.load("data/x_train.npy")               # the --data inputs (N, L, n_x); without --data see ntk.json
      T = np.zeros((N * L * ny, Kl * ny * nx))      # block Toeplitz: output (i,k,b) <- input x[i, k-j, a]
      for i in range(N):
          for k in range(L):
              for j in range(min(k + 1, Kl)):
                  for b in range(ny):
                      T[(i * L + k) * ny + b, (j * ny + b) * nx:(j * ny + b + 1) * nx] = x[i, k - j]
      print(np.linalg.norm(T @ M @ T.T - K) / np.linalg.norm(K))          # ~1e-16
      # how far the finite-width lag kernel is from the scaled convolution's diag(lambda) (x) I
      print(np.linalg.norm(M - np.kron(np.diag(lam), np.eye(ny * nx))) / np.linalg.norm(np.kron(np.diag(lam), np.eye(ny * nx))))

      # a model saved by ./lrnn dynamics --save-model model: the --init layout (tilde parameters, SPEC (3))
      W, F, C = (np.load(f"model/{p}.npy") for p in "WFC")
      n = W.shape[0]
      print(np.abs(np.linalg.eigvals(W / np.sqrt(n))).max())           # spectral radius of the trained W
      G = np.load("model/G_scaled.npy")                                 # (K, n_y, n_x)
      ```

      `tools/check_ntk.py` checks `gram.npy` against `J J^T` from a PyTorch autograd Jacobian
      (`make DIR`, `./lrnn ntk --data DIR/data --init DIR/init --out DIR/out`, `check DIR`).
      """;

  @Test
  void usagePageMatchesTheHelpOfEveryCommand() throws IOException {
    Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/usage.md");
    String expected = render();
    if (Boolean.getBoolean("lrnn.updateDocs")) Files.writeString(doc, expected);
    assertEquals(expected, Files.readString(doc), "docs/usage.md is stale: regenerate it (see this test's javadoc)");
  }
}
