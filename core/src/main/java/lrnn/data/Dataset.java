package lrnn.data;

import lrnn.model.Sequences;

/**
 * Training and test sequences: inputs {@code (N, L, n_x)} and targets {@code (N, L, n_y)}. The
 * constructor checks that the four arrays fit together and names the offending one.
 */
public record Dataset(Sequences xTrain, Sequences yTrain, Sequences xTest, Sequences yTest) {

  public Dataset {
    lrnn.util.Require.nonNull("x_train", xTrain);
    lrnn.util.Require.nonNull("y_train", yTrain);
    lrnn.util.Require.nonNull("x_test", xTest);
    lrnn.util.Require.nonNull("y_test", yTest);
    xTrain.requireSameShape("x_train", yTrain, "y_train");
    xTest.requireSameShape("x_test", yTest, "y_test");
    if (xTest.dim() != xTrain.dim()) {
      throw new lrnn.util.ShapeMismatchException("x_test has n_x = " + xTest.dim() + " but x_train has n_x = " + xTrain.dim());
    }
    if (yTest.dim() != yTrain.dim()) {
      throw new lrnn.util.ShapeMismatchException("y_test has n_y = " + yTest.dim() + " but y_train has n_y = " + yTrain.dim());
    }
  }

  public int nx() {
    return xTrain.dim();
  }

  public int ny() {
    return yTrain.dim();
  }
}
