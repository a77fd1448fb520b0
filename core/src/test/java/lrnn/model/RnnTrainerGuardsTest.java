package lrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lrnn.data.Dataset;
import lrnn.data.SyntheticTask;
import lrnn.util.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/** The in-place trainer's guards, the Krylov path's row count and the dtype helpers, value by value. */
class RnnTrainerGuardsTest {

  private static final Dataset DATA = SyntheticTask.E1.withLength(6).generate(2);
  private static final DataMoments MOMENTS = DataMoments.of(DATA.xTrain(), DATA.yTrain(), 6);

  @Test
  void krylovRowsPerWidthUnit() {
    // P, R (K n_x each) and Q (K n_y) doubles; float32 adds float copies of P, R, Q (half a double each)
    assertEquals(60, KrylovGradient.rowDoubles(20, 1, 1, Dtype.FLOAT64));
    assertEquals(90, KrylovGradient.rowDoubles(20, 1, 1, Dtype.FLOAT32));
    assertEquals(35, KrylovGradient.rowDoubles(5, 2, 3, Dtype.FLOAT64));
    assertEquals(53, KrylovGradient.rowDoubles(5, 2, 3, Dtype.FLOAT32));
  }

  @Test
  void aFinishedTrainerRefusesEverything() {
    RnnTrainer tr = RnnTrainer.copyOf(LinearRnn.random(8, 1, 1, InitScales.DEFAULT, 1));
    RnnTrainer.Update pending = tr.krylov(MOMENTS);
    LinearRnn out = tr.finish();
    assertTrue(RnnTrainer.ownerOf(out) == null);
    String msg = "this trainer has finished; start a new one";
    assertEquals(msg, assertThrows(IllegalStateException.class, () -> tr.krylov(MOMENTS)).getMessage());
    assertEquals(msg, assertThrows(IllegalStateException.class, () -> tr.bptt(DATA.xTrain(), DATA.yTrain())).getMessage());
    assertEquals(msg, assertThrows(IllegalStateException.class, tr::finish).getMessage());
    assertEquals(msg, assertThrows(IllegalStateException.class, () -> pending.apply(0.1)).getMessage());
    // the finished RNN is a plain value that a new trainer may adopt; adopting a live view is refused
    RnnTrainer again = RnnTrainer.adopt(out);
    assertSame(out, again.current());
    assertThrows(IllegalStateException.class, () -> RnnTrainer.adopt(out));
  }

  @Test
  void bpttChecksTheBatchBeforeWork() {
    RnnTrainer tr = RnnTrainer.copyOf(LinearRnn.random(8, 1, 1, InitScales.DEFAULT, 1));
    Sequences two = Sequences.of("x", 3, 6, 2, new double[36]);
    var e = assertThrows(ShapeMismatchException.class, () -> tr.bptt(two, DATA.yTrain()));
    assertTrue(e.getMessage().startsWith("inputs have 2 channels but the RNN has n_x = 1"), e.getMessage());
    Sequences shorter = Sequences.of("y", 2, 6, 1, new double[12]);
    var f = assertThrows(ShapeMismatchException.class, () -> tr.bptt(DATA.xTrain(), shorter));
    assertTrue(f.getMessage().contains("they must match"), f.getMessage());
    Sequences wide = Sequences.of("y", DATA.xTrain().count(), 6, 2, new double[DATA.xTrain().count() * 12]);
    var g = assertThrows(ShapeMismatchException.class, () -> tr.bptt(DATA.xTrain(), wide));
    assertTrue(g.getMessage().startsWith("targets have 2 channels but the RNN has n_y = 1"), g.getMessage());
  }

  @Test
  void dtypeNamesSizesAndScopes() throws Exception {
    assertEquals(8, Dtype.FLOAT64.bytes());
    assertEquals(4, Dtype.FLOAT32.bytes());
    assertEquals("float32", Dtype.FLOAT32.label());
    assertSame(Dtype.FLOAT32, Dtype.parse(" Float32 "));
    assertSame(Dtype.FLOAT32, Dtype.parse("f32"));
    assertSame(Dtype.FLOAT64, Dtype.parse("double"));
    assertEquals("dtype 'int8' is not known; use float64 or float32",
        assertThrows(IllegalArgumentException.class, () -> Dtype.parse("int8")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Dtype.parse(null));
    assertSame(Dtype.FLOAT64, Dtype.current());
    LinearRnn r = Dtype.withDefault(Dtype.FLOAT32, () -> LinearRnn.random(5, 1, 1, InitScales.DEFAULT, 1));
    assertSame(Dtype.FLOAT32, r.dtype());
    assertEquals("scoped", Dtype.withDefault(Dtype.FLOAT32, () -> "scoped"));
    assertSame(Dtype.FLOAT64, Dtype.current(), "the binding ends with its scope");
    assertEquals(4L * 25 + 8L * (5 + 5), LinearRnn.parameterBytes(5, 1, 1, Dtype.FLOAT32) - 8);
  }
}
