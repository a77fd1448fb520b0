package lrnn.example;

import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.model.DataMoments;
import lrnn.model.ImpulseResponse;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.ntk.ClosedFormCurve;
import lrnn.ntk.LagKernel;
import lrnn.theory.ScaleFactors;
import lrnn.train.GradientDescent;
import lrnn.train.Objectives;

/** The example of docs/library.md: train a wide RNN and compare it with its infinite-width prediction. */
public final class LibraryExample {

  public static double[] run() {
    // Data: the teacher task of SPEC §6 (50 + 50 sequences of length 20, SNR 20 dB).
    Dataset data = SyntheticTask.E1.generate(42);
    int lags = data.xTrain().length();

    // A wide linear RNN in the NTK parameterization, nu_W = 0.5, nu_F = nu_C = 1.
    InitScales scales = InitScales.DEFAULT;
    LinearRnn rnn = LinearRnn.random(512, 1, 1, scales, 7);

    // Its implicit bias: per-lag step sizes lambda_j (SPEC (21)) and the exact finite-width lag kernel (K3).
    double[] lambda = ScaleFactors.lambda(scales.nuW(), scales.nuF(), scales.nuC(), 1, false, lags);
    double kernelError = LagKernel.of(rnn, lags).relativeErrorTo(lambda);

    // Train it: full-batch GD by the Krylov path, data entering only through their moments.
    DataMoments moments = DataMoments.of(data.xTrain(), data.yTrain(), lags);
    double eta = 0.05;
    int steps = 100;
    ImpulseResponse g0 = rnn.impulseResponse(lags);
    LinearRnn trained = GradientDescent.run(Objectives.rnnKrylov(moments), rnn,
        new GradientDescent.Options(eta, steps), (t, model, loss) -> { });
    double rnnLoss = moments.loss(trained.impulseResponse(lags));

    // The infinite-width prediction of the same run: the scaled convolution's closed-form curve (K5).
    double wideLoss = ClosedFormCurve.forRnn(moments, scales, g0, eta).trainMse(steps)[0];
    return new double[] {kernelError, rnnLoss, wideLoss};
  }

  public static void main(String[] args) {
    double[] r = run();
    System.out.printf("lag kernel vs diag(lambda): %.3f relative%n", r[0]);
    System.out.printf("train MSE after 100 steps: RNN %.5f, infinite-width prediction %.5f%n", r[1], r[2]);
  }
}
