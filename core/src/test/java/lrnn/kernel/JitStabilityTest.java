package lrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same inputs give the same bits before and after the JIT compiles a kernel. (Vector reductions with an
 * unspecified lane order made two runs of one command differ in the last bits; the kernels now sum lanes in
 * a fixed order.)
 */
@Tag("kernels")
class JitStabilityTest {

  @Test
  void dotAndKrylovStepAreBitStableAcrossWarmUp() {
    KernelSupport k = KernelProvider.get();
    SplittableRandom r = new SplittableRandom(1);
    int n = 203, cases = 64;
    double[][] a = new double[cases][n], b = new double[cases][n];
    for (int c = 0; c < cases; c++) {
      for (int i = 0; i < n; i++) {
        a[c][i] = r.nextGaussian();
        b[c][i] = r.nextGaussian();
      }
    }
    double[] w = new double[n * n];
    for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian();
    double[] p = new double[n * 2];
    for (int i = 0; i < n; i++) p[i * 2] = r.nextGaussian();
    // cold: the first calls run interpreted or C1-compiled
    double[] cold = new double[cases];
    for (int c = 0; c < cases; c++) cold[c] = k.dot(a[c], 0, b[c], 0, n);
    k.krylovStep(n, w, 1, p, 0, p, 1, 2, 0, null, 0, null, 0, 0);
    double[] coldP = p.clone();
    // warm: enough calls for C2
    double sink = 0;
    for (int rep = 0; rep < 200_000; rep++) sink += k.dot(a[rep % cases], 0, b[rep % cases], 0, n);
    for (int rep = 0; rep < 300; rep++) k.krylovStep(n, w, 1, p, 0, p, 1, 2, 0, null, 0, null, 0, 0);
    for (int c = 0; c < cases; c++) {
      assertEquals(Double.doubleToRawLongBits(cold[c]), Double.doubleToRawLongBits(k.dot(a[c], 0, b[c], 0, n)),
          "dot case " + c + " (sink " + sink + ")");
    }
    for (int i = 0; i < n; i++) assertEquals(coldP[i * 2 + 1], p[i * 2 + 1], 0.0, "Krylov row " + i);
  }
}
