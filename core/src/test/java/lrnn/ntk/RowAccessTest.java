package lrnn.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import lrnn.model.Dtype;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.model.Sequences;
import lrnn.theory.ScaleFactors;
import org.junit.jupiter.api.Test;

/**
 * Row access without a copy of the whole matrix (how `lrnn ntk` streams a Gram and `--save-model` a wide W~):
 * {@link NtkGram#copyRow} equals the rows of {@link NtkGram#toMatrix()} in both storage forms (full, and core
 * ⊗ I_{n_y} with n_y = 2), {@link LinearRnn#copyWTildeRow} the rows of W~ in float64 and float32.
 */
class RowAccessTest {

  static void sameRows(NtkGram g) {
    double[] full = g.toMatrix();
    double[] row = new double[g.cols()];
    for (int r = 0; r < g.rows(); r++) {
      java.util.Arrays.fill(row, Double.NaN);
      g.copyRow(r, row);
      assertArrayEquals(java.util.Arrays.copyOfRange(full, r * g.cols(), (r + 1) * g.cols()), row, 0, "row " + r);
    }
    assertThrows(IllegalArgumentException.class, () -> g.copyRow(g.rows(), new double[g.cols()]));
    assertThrows(IllegalArgumentException.class, () -> g.copyRow(-1, new double[g.cols()]));
    assertThrows(IllegalArgumentException.class, () -> g.copyRow(0, new double[g.cols() + 1]));
  }

  @Test
  void gramRowsInBothStorageForms() {
    double[] xs = new double[3 * 4 * 2];
    for (int i = 0; i < xs.length; i++) xs[i] = Math.cos(1.3 * i);
    Sequences x = Sequences.of("x", 3, 4, 2, xs);
    LinearRnn rnn = LinearRnn.random(9, 2, 2, InitScales.DEFAULT, 5);
    sameRows(NtkGram.empirical(x, LagKernel.of(rnn, 4)));
    sameRows(NtkGram.scaled(x, ScaleFactors.lambda(0.5, 1, 1, 2, false, 4), 2));
  }

  @Test
  void wTildeRowsInBothDtypes() {
    for (Dtype d : Dtype.values()) {
      LinearRnn rnn = LinearRnn.random(7, 1, 1, InitScales.DEFAULT, 3, d);
      double[] w = rnn.wTilde();
      double[] row = new double[7];
      for (int i = 0; i < 7; i++) {
        rnn.copyWTildeRow(i, row);
        assertArrayEquals(java.util.Arrays.copyOfRange(w, i * 7, i * 7 + 7), row, 0, d + " row " + i);
      }
      assertThrows(IllegalArgumentException.class, () -> rnn.copyWTildeRow(7, new double[7]));
      assertThrows(IllegalArgumentException.class, () -> rnn.copyWTildeRow(0, new double[6]));
    }
  }
}
