package lrnn.experiment;

import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import lrnn.model.Sequences;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The least-squares FIR filter with K lags (SPEC §6): the convolution (5) minimizing the training MSE,
 * {@code Rxx G = Rxy} in stacked form (the normal equations, from {@link DataMoments}). Solved with the
 * pseudo-inverse of {@code Rxx} (EJML, by SVD), so that an underdetermined fit (fewer informative samples
 * than {@code K n_x}) gives the minimum-norm solution — which is also where GD on the unscaled
 * convolution started at 0 converges. The SPEC's reference: 12 lags explain about 17% of the variance of
 * the last 20% of the fMRI recording when fit on the first 80%, and overfit (R^2 < 0) when fit on 10%.
 */
public final class FirBaseline {

  private FirBaseline() {}

  /** The least-squares coefficients (minimum-norm where {@code Rxx} is singular). */
  public static ImpulseResponse fit(DataMoments m) {
    int d = m.lags() * m.nx(), ny = m.ny(), nx = m.nx();
    DMatrixRMaj rxx = DMatrixRMaj.wrap(d, d, m.rxx());
    DMatrixRMaj rxyT = DMatrixRMaj.wrap(ny, d, m.rxyTransposed());
    DMatrixRMaj pinv = new DMatrixRMaj(d, d);
    CommonOps_DDRM.pinv(rxx, pinv);
    DMatrixRMaj gT = new DMatrixRMaj(ny, d);   // G^T = Rxy^T Rxx^+ (Rxx symmetric)
    CommonOps_DDRM.mult(rxyT, pinv, gT);
    double[] g = new double[m.lags() * ny * nx];
    for (int b = 0; b < ny; b++) {
      for (int j = 0; j < m.lags(); j++) System.arraycopy(gT.data, b * d + j * nx, g, (j * ny + b) * nx, nx);
    }
    return ImpulseResponse.of(m.lags(), ny, nx, g);
  }

  /** The fitted coefficients (on standardized outputs) and the R^2 per output on the test window. */
  public record Result(ImpulseResponse coefficients, double[] testR2) {
    public Result {
      testR2 = testR2.clone();
    }

    @Override
    public double[] testR2() {
      return testR2.clone();
    }
  }

  /**
   * Fits on the first {@code trainFraction} of the series and scores on the last {@code testFraction},
   * with the conventions of {@link RealData}: every channel standardized with the training part's mean and
   * standard deviation (so the fit has the training means as intercept), predictions from the whole input
   * series (the state carried over).
   */
  public static Result evaluate(TimeSeries ts, int lags, double trainFraction, double testFraction) {
    return evaluate(ts, lags, trainFraction, testFraction, true);
  }

  /** As {@link #evaluate(TimeSeries, int, double, double)}; without {@code standardize} the series as given. */
  public static Result evaluate(TimeSeries ts, int lags, double trainFraction, double testFraction,
                                boolean standardize) {
    RealData.Split split = RealData.Split.of(ts.length(), trainFraction, testFraction);
    RealData.Standardization st = RealData.statistics(ts, split.trainEnd(), standardize, null);
    Sequences x = RealData.apply("inputs", ts.inputs(), st.inputMean(), st.inputSd());
    Sequences y = RealData.apply("outputs", ts.outputs(), st.outputMean(), st.outputSd());
    ImpulseResponse g = fit(DataMoments.of(x.slice(0, split.trainEnd()), y.slice(0, split.trainEnd()), lags));
    RealData.Scorer scorer = new RealData.Scorer(x, y.slice(split.testStart(), split.length()), split.testStart());
    return new Result(g, scorer.r2(g));
  }
}
