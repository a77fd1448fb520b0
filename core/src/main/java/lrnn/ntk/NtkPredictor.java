package lrnn.ntk;

import lrnn.kernel.Kernels;
import lrnn.model.Sequences;
import lrnn.util.Memory;
import lrnn.util.Require;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The NTK (linearized) model trained by full-batch gradient descent on the MSE (SPEC (12), (14), §4–§5):
 * {@code f_lin(x; theta) = f(x, theta_0) + J(x) (theta - theta_0)}. With the training Gram
 * {@code K = K(X, X)}, the loss {@code (1/(N L n_y)) ||f(X) - Y||^2} and rate {@code eta}, write
 * {@code c = 2 eta / (N L n_y)}; the training residual {@code r_t = f_t(X) - Y} evolves as
 * <pre>
 *   r_t = (I - c K)^t r_0
 * </pre>
 * and any input x follows {@code f_t(x) = f_0(x) + K(x, X) alpha_t} with
 * <pre>
 *   alpha_t = -c sum_{s<t} (I - c K)^s r_0 = -V diag(phi_t(mu)) V^T r_0,
 *   phi_t(mu) = (1 - (1 - c mu)^t) / mu      (= c t at mu = 0),
 * </pre>
 * where {@code K = V diag(mu) V^T} is one symmetric eigendecomposition (EJML), computed once and reused for
 * every t. The limit {@code t -> inf} (which GD reaches when {@code eta < }{@link #maxStableLearningRate()})
 * is kernel regression on the residual, {@code alpha = -K^+ r_0}; with a ridge {@code rho > 0} it is
 * {@code alpha = -(K + rho I)^{-1} r_0}.
 *
 * <p>Numerics. K is symmetrized ({@code (K + K^T)/2}) before the decomposition and eigenvalues below zero
 * (rounding) are clamped to 0. For finite t nothing else is needed: {@code phi_t} is continuous at 0 and
 * bounded by {@code c t}. For the limit without ridge an <b>eigen-floor</b> is used: directions with
 * {@code mu <= floor = relFloor * mu_max} count as exactly singular and get {@code phi = 0} (they never
 * move under GD, and for a PSD kernel {@code K(x, X) v = 0} on the null space of K), i.e. the pseudo-inverse
 * with the numerical-rank tolerance; the default {@code relFloor} is {@code m * 2^-52} for a Gram of size m
 * (the usual rank tolerance). A singular or near-singular Gram (repeated inputs, L < K, zero channels) is
 * therefore handled without jitter.
 *
 * <p>With a Gram that has the output identity (the scaled convolution) the decomposition is of the
 * {@code (N L)} core and acts on each output channel; with a full Gram it is of size {@code N L n_y}.
 * Immutable.
 */
public final class NtkPredictor {

  private final NtkGram gram;
  private final int m;      // side of the decomposed matrix
  private final int q;      // residual columns (n_y with output identity, else 1)
  private final double c;   // 2 eta / (N L n_y)
  private final double[] mu; // eigenvalues, clamped >= 0
  private final double[] v;  // m x m, column i = eigenvector i
  private final double[] z;  // V^T r_0, m x q
  private final double[] f0; // f(X, theta_0), (N, L, n_y) flat
  private final double[] y;  // targets, flat
  private final double floor;

  private NtkPredictor(NtkGram gram, int m, int q, double c, double[] mu, double[] v, double[] z, double[] f0,
                       double[] y, double floor) {
    this.gram = gram;
    this.m = m;
    this.q = q;
    this.c = c;
    this.mu = mu;
    this.v = v;
    this.z = z;
    this.f0 = f0;
    this.y = y;
    this.floor = floor;
  }

  /** As {@link #gradientDescentMse(NtkGram, Sequences, Sequences, double, double)} with the default floor. */
  public static NtkPredictor gradientDescentMse(NtkGram trainGram, Sequences yTrain, Sequences f0Train, double eta) {
    return gradientDescentMse(trainGram, yTrain, f0Train, eta, Double.NaN);
  }

  /**
   * Decomposes the training Gram once.
   *
   * @param trainGram K(X, X), square, from {@link NtkGram}; not modified
   * @param yTrain    targets Y (N, L, n_y)
   * @param f0Train   the model's outputs at initialization {@code f(X, theta_0)} (N, L, n_y), or null for zero
   * @param eta       learning rate (> 0) of the full-batch GD being linearized
   * @param relFloor  eigen-floor relative to the largest eigenvalue for the ridgeless limit, in [0, 1), or NaN
   *                  for the default {@code m * 2^-52}
   */
  public static NtkPredictor gradientDescentMse(NtkGram trainGram, Sequences yTrain, Sequences f0Train, double eta,
                                                double relFloor) {
    Require.positive("learning rate eta", eta);
    if (trainGram.rowSequences() != trainGram.colSequences() || trainGram.rowLength() != trainGram.colLength()) {
      throw new IllegalArgumentException("the training Gram must be square K(X, X), got " + trainGram);
    }
    requireOutputs("y_train", yTrain, trainGram.rowSequences(), trainGram.rowLength(), trainGram.ny());
    if (f0Train != null) {
      requireOutputs("f0_train", f0Train, trainGram.rowSequences(), trainGram.rowLength(), trainGram.ny());
    }
    int m = trainGram.coreRows();
    int q = trainGram.hasOutputIdentity() ? trainGram.ny() : 1;
    if (!Double.isNaN(relFloor) && !(relFloor >= 0 && relFloor < 1)) {
      throw new IllegalArgumentException("relative eigen-floor = " + relFloor + " must be in [0, 1) (or NaN for the "
          + "default m * 2^-52)");
    }
    Memory.require("the eigendecomposition of the " + m + " x " + m + " NTK Gram", Memory.doubles(m, 4L * m));
    double[] k = trainGram.core();
    DMatrixRMaj a = new DMatrixRMaj(m, m);
    for (int r = 0; r < m; r++) {
      for (int col = 0; col < m; col++) a.data[r * m + col] = 0.5 * (k[r * m + col] + k[col * m + r]);
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
    if (!eig.decompose(a)) {
      throw new IllegalStateException("the symmetric eigendecomposition of the " + m + " x " + m
          + " NTK Gram failed; check the inputs for huge values");
    }
    double[] mu = new double[m];
    double[] v = new double[m * m];
    double muMax = 0;
    for (int i = 0; i < m; i++) {
      mu[i] = Math.max(0, eig.getEigenvalue(i).getReal());
      muMax = Math.max(muMax, mu[i]);
      DMatrixRMaj vec = eig.getEigenVector(i);
      for (int r = 0; r < m; r++) v[r * m + i] = vec.data[r];
    }
    double rel = Double.isNaN(relFloor) ? m * Math.ulp(1.0) : relFloor;
    double[] yv = yTrain.toArray();
    double[] f0 = f0Train == null ? new double[yv.length] : f0Train.toArray();
    double[] r0 = new double[yv.length];
    for (int t = 0; t < r0.length; t++) r0[t] = f0[t] - yv[t];
    double[] z = new double[m * q];
    Kernels.gemm(true, false, m, q, m, 1.0, v, 0, m, r0, 0, q, 0.0, z, 0, q); // V^T r_0
    double c = 2 * eta / ((double) yTrain.count() * yTrain.length() * yTrain.dim());
    return new NtkPredictor(trainGram, m, q, c, mu, v, z, f0, yv, rel * muMax);
  }

  private static void requireOutputs(String name, Sequences s, int count, int len, int ny) {
    if (s.count() != count || s.length() != len || s.dim() != ny) {
      throw new IllegalArgumentException(name + " is " + s + " but the training Gram needs N = " + count + ", L = "
          + len + ", n_y = " + ny);
    }
  }

  /** The eigenvalues of the (symmetrized, clamped) training Gram, in EJML's order. A copy. */
  public double[] eigenvalues() {
    return mu.clone();
  }

  /** The eigen-floor used by the ridgeless limit (absolute). */
  public double eigenFloor() {
    return floor;
  }

  /**
   * {@code N L n_y / mu_max}: GD on the linearized model converges iff {@code c mu_max < 2}, i.e.
   * {@code eta < }this value (infinite for a zero Gram).
   */
  public double maxStableLearningRate() {
    double muMax = 0;
    for (double e : mu) muMax = Math.max(muMax, e);
    return muMax == 0 ? Double.POSITIVE_INFINITY : y.length / muMax; // c = 2 eta / (N L n_y), c mu_max < 2
  }

  /** {@code phi_t(mu) = (1 - (1 - c mu)^t) / mu} computed without cancellation; {@code c t} at mu = 0. */
  static double phi(double c, double mu, long t) {
    if (t == 0) return 0;
    double x = c * mu;
    if (x == 0) return c * t;
    double oneMinusPow;
    if (x < 1) oneMinusPow = -Math.expm1(t * Math.log1p(-x));
    else oneMinusPow = 1 - Math.pow(1 - x, t);
    return oneMinusPow / mu;
  }

  /** {@code (1 - c mu)^t}. */
  static double decay(double c, double mu, long t) {
    if (t == 0) return 1;
    double x = c * mu;
    return x < 1 ? Math.exp(t * Math.log1p(-x)) : Math.pow(1 - x, t);
  }

  /** {@code V diag(w) Z} (m x q). */
  private double[] spectral(double[] w) {
    double[] wz = new double[m * q];
    for (int i = 0; i < m; i++) for (int s = 0; s < q; s++) wz[i * q + s] = w[i] * z[i * q + s];
    double[] out = new double[m * q];
    Kernels.gemm(false, false, m, q, m, 1.0, v, 0, m, wz, 0, q, 0.0, out, 0, q);
    return out;
  }

  /**
   * The dual coefficients {@code alpha_t} (N, L, n_y flat) after {@code t} GD steps:
   * {@code f_t(x) = f_0(x) + K(x, X) alpha_t}.
   */
  public double[] dualCoefficients(long t) {
    if (t < 0) throw new IllegalArgumentException("steps t = " + t + " must be >= 0");
    double[] w = new double[m];
    for (int i = 0; i < m; i++) w[i] = -phi(c, mu[i], t);
    return spectral(w);
  }

  /**
   * The dual coefficients of the limit {@code t -> inf} (ridge = 0: pseudo-inverse with the eigen-floor) or
   * of kernel ridge regression on the residual (ridge > 0): {@code alpha = -(K + ridge I)^{+} r_0}.
   */
  public double[] dualCoefficientsLimit(double ridge) {
    Require.nonNegative("ridge", ridge);
    double[] w = new double[m];
    for (int i = 0; i < m; i++) {
      double e = mu[i] + ridge;
      w[i] = ridge > 0 ? -1 / e : (mu[i] > floor ? -1 / mu[i] : 0);
    }
    return spectral(w);
  }

  /** The linearized model's training outputs after t steps, {@code Y + (I - c K)^t r_0}. */
  public Sequences trainOutputs(long t) {
    if (t < 0) throw new IllegalArgumentException("steps t = " + t + " must be >= 0");
    double[] w = new double[m];
    for (int i = 0; i < m; i++) w[i] = decay(c, mu[i], t);
    double[] r = spectral(w);
    for (int s = 0; s < r.length; s++) r[s] += y[s];
    return Sequences.of("NTK train outputs", gram.rowSequences(), gram.rowLength(), gram.ny(), r);
  }

  /** The linearized model's training MSE after t steps, {@code ||(I - c K)^t r_0||^2 / (N L n_y)}. */
  public double trainMse(long t) {
    if (t < 0) throw new IllegalArgumentException("steps t = " + t + " must be >= 0");
    double s = 0;
    for (int i = 0; i < m; i++) {
      double d = decay(c, mu[i], t);
      for (int col = 0; col < q; col++) s += d * d * z[i * q + col] * z[i * q + col];
    }
    return s / y.length;
  }

  /**
   * Predictions after t GD steps, {@code f_t(x) = f_0(x) + K(x, X) alpha_t} (14).
   *
   * @param testTrainGram K(x, X): rows = the inputs to predict, columns = the training inputs (same
   *                      storage form as the training Gram)
   * @param f0Test        {@code f(x, theta_0)} (N', L', n_y), or null for zero
   */
  public Sequences predict(NtkGram testTrainGram, Sequences f0Test, long t) {
    return apply(testTrainGram, f0Test, dualCoefficients(t));
  }

  /** Predictions of the limit t -> inf (ridge = 0) or of kernel ridge regression (ridge > 0). */
  public Sequences predictLimit(NtkGram testTrainGram, Sequences f0Test, double ridge) {
    return apply(testTrainGram, f0Test, dualCoefficientsLimit(ridge));
  }

  private Sequences apply(NtkGram kx, Sequences f0Test, double[] alpha) {
    if (kx.colSequences() != gram.rowSequences() || kx.colLength() != gram.rowLength() || kx.ny() != gram.ny()
        || kx.hasOutputIdentity() != gram.hasOutputIdentity()) {
      throw new IllegalArgumentException("the test-train Gram " + kx + " does not match the training Gram " + gram
          + ": its columns must be the training inputs, in the same storage form");
    }
    if (f0Test != null) requireOutputs("f0_test", f0Test, kx.rowSequences(), kx.rowLength(), kx.ny());
    int rows = kx.coreRows();
    double[] out = f0Test == null ? new double[rows * q] : f0Test.toArray();
    Kernels.gemm(false, false, rows, q, m, 1.0, kx.core(), 0, m, alpha, 0, q, 1.0, out, 0, q);
    return Sequences.of("NTK predictions", kx.rowSequences(), kx.rowLength(), kx.ny(), out);
  }
}
