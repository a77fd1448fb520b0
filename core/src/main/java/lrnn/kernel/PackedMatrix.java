package lrnn.kernel;

/**
 * The right operand {@code op(B)} (k x n) of a GEMM, packed once for repeated products with the same B —
 * e.g. the recurrent weights W in the L time steps of BPTT, which would otherwise be re-packed by every
 * call. Obtained from {@link Kernels#packB}; immutable; only valid for the implementation that packed it.
 */
public abstract class PackedMatrix {

  private final int k;
  private final int n;

  PackedMatrix(int k, int n) {
    this.k = k;
    this.n = n;
  }

  /** Rows of op(B), the inner dimension of the product. */
  public int k() {
    return k;
  }

  /** Columns of op(B). */
  public int n() {
    return n;
  }

  /** op(B) stored plainly, k x n row-major: the scalar implementation's form. */
  static final class Plain extends PackedMatrix {
    final double[] data;

    Plain(int k, int n, double[] data) {
      super(k, n);
      this.data = data;
    }
  }
}
