package lrnn.model;

import lrnn.kernel.Kernels;
import lrnn.util.Require;
import lrnn.util.Memory;
import lrnn.util.ShapeMismatchException;

/**
 * The impulse-response (Krylov) path to the exact RNN gradient (SPEC (K4)): the loss depends on theta only
 * through G, so with the Krylov sequences {@code P_j = W^j F}, {@code Q_j = C W^j} (K1), built together in
 * ONE pass over W per lag (the fused Krylov step), and {@code dG} from the data moments:
 * <pre>
 *   dC = sum_j dG_j P_j^T          dF = sum_j Q_j^T dG_j
 *   R_b = sum_a Q_a^T dG_{a+b+1}   dW = sum_b R_b P_b^T        dD = dG_0
 * </pre>
 * then the chain rule through (3). All R_b come from one GEMM with the Hankel arrangement of dG; dW is the
 * rank-((K-1) n_x) product {@code R P^T}, which {@link Pass#applyInPlace} adds to W~ straight from R and P
 * ({@code Kernels.rankUpdate}: one read and write of W, never formed: the step's only O(n^2) memory is W itself). Cost O(K n^2 (n_x + n_y))
 * per step for the sweep plus O(K^2 n n_x n_y), independent of N and L. Exact when {@code K = L}; with
 * {@code K < L} it is the gradient of the RNN whose impulse response is truncated at K.
 *
 * <p>float32 RNNs: the sweep runs in float32 on the float32 W~; P and Q are widened, so G, the loss, dG and
 * the small gradients (dC, dF, dD, R) are float64 sums; the W update is a float32 GEMM of R and P.
 */
final class KrylovGradient {

  private KrylovGradient() {}

  /** Numbers of O(n) doubles per row of the Krylov path at these sizes (P, Q, R, and float copies). */
  static long rowDoubles(int lags, int nx, int ny, Dtype dtype) {
    long d = (long) lags * nx, e = (long) lags * ny;
    long doubles = 2L * d + e; // P, R, Q
    if (dtype == Dtype.FLOAT32) doubles += (d + e + d + 1) / 2; // float P, Q, R
    return doubles;
  }

  /** Loss and gradient of {@code rnn} on the data summarized by {@code m} (dW formed: n^2 more doubles). */
  static RnnEvaluation evaluate(LinearRnn rnn, DataMoments m) {
    int n = rnn.n();
    Memory.require("the Krylov path at n = " + n + ", K = " + m.lags() + " with dW formed (use fewer lags or a "
        + "smaller width)", Memory.doubles(n, n + rowDoubles(m.lags(), rnn.nx(), rnn.ny(), rnn.dtype())));
    Pass pass = new Pass(rnn, m);
    double[] dw = new double[n * n];
    if (pass.ub > 0) {
      Kernels.gemm(false, true, n, n, pass.ub, pass.sn, pass.r, 0, pass.ub, pass.p, 0, pass.d, 0.0, dw, 0, n);
    }
    return new RnnEvaluation(pass.loss, new RnnGradient(n, rnn.nx(), rnn.ny(), dw, pass.df, pass.dc, pass.dd), pass.g);
  }

  /** Everything of one Krylov gradient but dW: the loss, G, and the factors R, P of dW. */
  static final class Pass {
    final double loss;
    final ImpulseResponse g;
    final double[] p;   // n x d (double)
    final float[] pf;   // n x d (float32 RNN only)
    final double[] r;   // n x ub, or null when K = 1
    final double[] dc;
    final double[] df;
    final double[] dd;
    final int d;
    final int ub;
    final double sn;

    Pass(LinearRnn rnn, DataMoments m) {
      int n = rnn.n(), nx = rnn.nx(), ny = rnn.ny(), lags = m.lags(), e = lags * ny;
      this.d = lags * nx;
      if (m.nx() != nx || m.ny() != ny) {
        throw new ShapeMismatchException("data has n_x = " + m.nx() + ", n_y = " + m.ny() + " but the RNN has n_x = "
            + nx + ", n_y = " + ny + "; build the RNN for the data's channels");
      }
      // P (n x K n_x), Q stacked (K n_y x n) and R (n x K n_x); W itself is not copied
      Memory.require("the Krylov path at n = " + n + ", K = " + lags + " (use fewer lags or a smaller width)",
          Memory.doubles(n, rowDoubles(lags, nx, ny, rnn.dtype())));
      Require.arraySize("the Krylov basis (n x K n_x)", n, d);
      Require.arraySize("the Krylov basis (K n_y x n)", e, n);
      double[] c = rnn.c(), dmat = rnn.d();
      double[] q;
      if (rnn.dtype() == Dtype.FLOAT32) {
        LinearRnn.FloatBases fb = rnn.sweepFloat(lags, true); // (K1) in float32
        this.pf = fb.p();
        this.p = LinearRnn.widen(fb.p());
        q = LinearRnn.widen(fb.q());
      } else {
        LinearRnn.KrylovBases kb = rnn.krylovBases(lags); // (K1), one fused pass over W per lag
        this.pf = null;
        this.p = kb.p();
        q = kb.q();
      }
      double[] gc = new double[ny * d];
      Kernels.gemm(false, false, ny, d, n, 1.0, c, 0, n, p, 0, d, 0.0, gc, 0, d); // (9): G_j = C P_j
      if (dmat != null) {
        for (int b = 0; b < ny; b++) for (int a = 0; a < nx; a++) gc[b * d + a] += dmat[b * nx + a];
      }
      this.loss = m.lossRowForm(gc);
      double[] dgc = m.gradientRowForm(gc);                                        // n_y x K n_x

      this.sn = 1 / Math.sqrt(n);
      double sx = 1 / Math.sqrt(nx);
      this.dc = new double[ny * n];
      Kernels.gemm(false, true, ny, n, d, sn, dgc, 0, d, p, 0, d, 0.0, dc, 0, n);   // sum_j dG_j P_j^T
      // dG stacked by lag, (K n_y) x n_x: row (j, b) is dG_j[b, :]
      double[] dgs = new double[e * nx];
      for (int j = 0; j < lags; j++) {
        for (int b = 0; b < ny; b++) System.arraycopy(dgc, b * d + j * nx, dgs, (j * ny + b) * nx, nx);
      }
      this.df = new double[n * nx];
      Kernels.gemm(true, false, n, nx, e, sx, q, 0, n, dgs, 0, nx, 0.0, df, 0, nx); // sum_j Q_j^T dG_j
      this.ub = (lags - 1) * nx;
      if (lags > 1) {
        // Hankel arrangement: h[(a, b'), (b, a')] = dG_{a+b+1}[b', a'] (0 beyond the last lag)
        double[] h = new double[e * ub];
        for (int a = 0; a < lags; a++) {
          for (int b = 0; a + b + 1 < lags; b++) {
            for (int bp = 0; bp < ny; bp++) {
              System.arraycopy(dgs, ((a + b + 1) * ny + bp) * nx, h, (a * ny + bp) * ub + b * nx, nx);
            }
          }
        }
        this.r = new double[n * ub];
        Kernels.gemm(true, false, n, ub, e, 1.0, q, 0, n, h, 0, ub, 0.0, r, 0, ub);  // R_b = sum_a Q_a^T dG_{a+b+1}
      } else {
        this.r = null;
      }
      if (dmat != null) {
        this.dd = new double[ny * nx];
        for (int b = 0; b < ny; b++) for (int a = 0; a < nx; a++) dd[b * nx + a] = dgc[b * d + a] * sx;
      } else {
        this.dd = null;
      }
      this.g = ImpulseResponse.wrap(lags, ny, nx, m.fromRowForm(gc));
    }

    /**
     * theta <- theta - eta dMSE/dtheta in place on the RNN's own arrays (the caller owns them): W~ gets
     * {@code -eta/sqrt(n) R P^T} by the in-place rank-((K-1) n_x) update kernel (SPEC (K4); dW never formed), F~, C~, D~ their
     * small gradients.
     */
    void applyInPlace(LinearRnn rnn, double eta) {
      int n = rnn.n();
      if (ub > 0) {
        if (pf == null) {
          Kernels.rankUpdate(n, -eta * sn, r, ub, ub, p, d, rnn.wRaw());
        } else {
          float[] rf = LinearRnn.narrow(r);
          // unbiased rounding, seeded by the step's loss (a function of the state: a resumed run draws the same)
          Kernels.rankUpdate(n, (float) (-eta * sn), rf, ub, ub, pf, d, rnn.wRawFloat(),
              Double.doubleToRawLongBits(loss) ^ Double.doubleToRawLongBits(eta));
        }
      }
      Kernels.axpy(-eta, df, 0, rnn.fRaw(), 0, df.length);
      Kernels.axpy(-eta, dc, 0, rnn.cRaw(), 0, dc.length);
      if (dd != null) Kernels.axpy(-eta, dd, 0, rnn.dRaw(), 0, dd.length);
    }
  }
}
