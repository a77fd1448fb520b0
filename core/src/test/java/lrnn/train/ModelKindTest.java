package lrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lrnn.model.Convolution;
import lrnn.model.ImpulseResponse;
import lrnn.model.InitScales;
import lrnn.model.LinearRnn;
import lrnn.util.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/** The checkpoint codecs of the two model kinds, field by field (the round trips alone hide swapped dims). */
class ModelKindTest {

  static Convolution conv() {
    double[] g = new double[4 * 2 * 3];
    for (int t = 0; t < g.length; t++) g[t] = 0.5 + t;
    return Convolution.scaled(new double[] {1, 0.5, 0.25, 0.125}, ImpulseResponse.of(4, 2, 3, g));
  }

  @Test
  void convolutionLayout() {
    ModelKind<Convolution> k = ModelKind.CONVOLUTION;
    assertEquals(2, k.code());
    assertEquals("a convolution", k.description());
    assertEquals("a convolution", k.toString());
    assertSame(Convolution.class, k.type());
    assertSame(k, ModelKind.ofCode(2));
    Convolution c = conv();
    assertArrayEquals(new long[] {4, 2, 3}, k.dims(c));
    assertEquals(4 + 4 * 2 * 3, k.parameterCount(new long[] {4, 2, 3}));
    double[] p = k.parameters(c);
    assertEquals(28, p.length);
    assertArrayEquals(new double[] {1, 0.5, 0.25, 0.125}, java.util.Arrays.copyOf(p, 4), "lambda first");
    assertArrayEquals(c.coefficients().toArray(), java.util.Arrays.copyOfRange(p, 4, 28), "then G");
    Convolution back = k.decode(k.dims(c), p);
    assertArrayEquals(c.lambda(), back.lambda());
    assertArrayEquals(c.coefficients().toArray(), back.coefficients().toArray());
    assertEquals(2, back.coefficients().ny());
    assertEquals(3, back.coefficients().nx());
  }

  @Test
  void convolutionDimsAreChecked() {
    ModelKind<Convolution> k = ModelKind.CONVOLUTION;
    assertNull(k.checkDims(new long[] {1, 1, 1}));
    assertNull(k.checkDims(new long[] {Integer.MAX_VALUE, 1, Integer.MAX_VALUE}));
    assertEquals("a convolution has 3 dimensions, the file has 4", k.checkDims(new long[] {1, 1, 1, 1}));
    assertEquals("dimension 0 = 0", k.checkDims(new long[] {0, 1, 1}));
    assertEquals("dimension 1 = 0", k.checkDims(new long[] {1, 0, 1}));
    assertEquals("dimension 2 = 0", k.checkDims(new long[] {1, 1, 0}));
    assertEquals("dimension 2 = 2147483648", k.checkDims(new long[] {1, 1, 1L + Integer.MAX_VALUE}));
  }

  @Test
  void rnnLayoutAndDims() {
    ModelKind<LinearRnn> k = ModelKind.LINEAR_RNN;
    assertEquals(1, k.code());
    assertEquals("a linear RNN", k.toString());
    assertSame(k, ModelKind.ofCode(1));
    assertNull(ModelKind.ofCode(3));
    assertNull(ModelKind.ofCode(0));
    LinearRnn r = LinearRnn.random(3, 2, 4, new InitScales(0.5, 1, 1, 0.5, true), 9);
    assertArrayEquals(new long[] {3, 2, 4, 1}, k.dims(r));
    assertEquals(9 + 6 + 12 + 8, k.parameterCount(new long[] {3, 2, 4, 1}));
    assertEquals(9 + 6 + 12, k.parameterCount(new long[] {3, 2, 4, 0}));
    LinearRnn back = k.decode(k.dims(r), k.parameters(r));
    assertArrayEquals(r.wTilde(), back.wTilde());
    assertArrayEquals(r.fTilde(), back.fTilde());
    assertArrayEquals(r.cTilde(), back.cTilde());
    assertArrayEquals(r.dTilde(), back.dTilde());
    assertNull(k.checkDims(new long[] {1, 1, 1, 0}));
    assertNull(k.checkDims(new long[] {Integer.MAX_VALUE, 1, 1, 1}));
    assertEquals("a linear RNN has 4 or 5 dimensions, the file has 3", k.checkDims(new long[] {1, 1, 1}));
    assertEquals("a linear RNN has 4 or 5 dimensions, the file has 6", k.checkDims(new long[] {1, 1, 1, 0, 1, 0}));
    assertNull(k.checkDims(new long[] {1, 1, 1, 0, 1}));
    assertEquals("the float32 flag is 2", k.checkDims(new long[] {1, 1, 1, 0, 2}));
    assertEquals(4, k.dims(r).length, "float64: four dims");
    LinearRnn f = r.withDtype(lrnn.model.Dtype.FLOAT32);
    assertArrayEquals(new long[] {3, 2, 4, 1, 1}, k.dims(f), "float32: the fifth dim");
    assertEquals(lrnn.model.Dtype.FLOAT32, k.decode(k.dims(f), k.parameters(f)).dtype());
    assertEquals("dimension 1 = 0", k.checkDims(new long[] {1, 0, 1, 0}));
    assertEquals("dimension 0 = 2147483648", k.checkDims(new long[] {1L + Integer.MAX_VALUE, 1, 1, 0}));
    assertEquals("the D flag is 2", k.checkDims(new long[] {1, 1, 1, 2}));
    assertEquals("the D flag is -1", k.checkDims(new long[] {1, 1, 1, -1}));
  }

  @Test
  void castNamesBothKinds() {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> ModelKind.LINEAR_RNN.cast(conv()));
    assertEquals("the model is Convolution, not a linear RNN", e.getMessage());
    e = assertThrows(ShapeMismatchException.class, () -> ModelKind.CONVOLUTION.cast(null));
    assertEquals("the model is null, not a convolution", e.getMessage());
    Convolution c = conv();
    assertSame(c, ModelKind.CONVOLUTION.cast(c));
    assertTrue(ModelKind.CONVOLUTION.type().isInstance(c));
  }
}
