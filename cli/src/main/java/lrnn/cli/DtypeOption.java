package lrnn.cli;

import lrnn.model.Dtype;
import picocli.CommandLine.Option;

/** {@code --dtype float64|float32}: the storage precision of W and the Krylov vectors (SPEC §9). */
public final class DtypeOption {

  @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "float64",
      description = "Precision of W and the Krylov vectors: float64 or float32 (half the memory and the bytes read "
          + "per step; losses, lag residuals and Gram entries are still summed in float64) (default: ${DEFAULT-VALUE}).")
  String dtype;

  /** The parsed dtype; a usage error names the option. */
  public Dtype dtype() {
    try {
      return Dtype.parse(dtype);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--dtype must be float64 or float32, got '" + dtype + "'");
    }
  }
}
