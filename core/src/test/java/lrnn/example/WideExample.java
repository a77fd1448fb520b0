package lrnn.example;

import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.experiment.MemoryPlan;
import lrnn.model.DataMoments;
import lrnn.model.Dtype;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.RnnTrainer;
import lrnn.train.Objectives.GradientPath;

public final class WideExample {

  private WideExample() {}

  /** Trains a float32 RNN in place; returns {losses at steps 0 and 50, Gelfand radius of W at the start}. */
  public static double[] run(int n) {
    Dataset data = SyntheticTask.E1.generate(1);
    // fail now, with the need and the fix, if the run cannot fit in this heap
    MemoryPlan.dynamics(n, 1, 1, 50, 50, 20, Dtype.FLOAT32, GradientPath.KRYLOV, false).require("a smaller n");
    DataMoments moments = DataMoments.of(data.xTrain(), data.yTrain(), 20);
    LinearRnn init = LinearRnn.random(n, 1, 1, InitScales.DEFAULT, 2, Dtype.FLOAT32);
    double radius = init.krylovBases(20).gelfandRadius(n, 1, 1); // free with G^0 in a real run
    RnnTrainer trainer = RnnTrainer.adopt(init);                  // no copy: one n x n float matrix
    double first = Double.NaN, last = Double.NaN;
    for (int t = 0; t <= 50; t++) {
      RnnTrainer.Update u = trainer.krylov(moments);              // loss and G at the current parameters
      if (t == 0) first = u.loss();
      if (t == 50) last = u.loss();
      else u.apply(0.05);                                         // W~ -= eta/sqrt(n) R P^T, in place
    }
    LinearRnn trained = trainer.finish();                         // the same arrays, now a plain value
    return new double[] {first, last, radius, trained.n()};
  }
}
