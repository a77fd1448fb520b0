package lrnn.kernel;

/**
 * Unbiased (stochastic) rounding of {@code w + d} to float, for the float32 update of W~ (SPEC §9).
 *
 * <p>Why: in the NTK parameterization each entry of W~ moves by O(1/n) of its size over a whole training
 * run, so late in training at wide n the per-step change of an entry falls below half a float32 ulp and
 * round-to-nearest discards it (measured: at n = 32768 the float32 RNN's E1 curve left the float64 one after
 * about 150 of 300 steps). Rounding up or down with probabilities proportional to the distance keeps the
 * expected update exact; the added noise is below one ulp per step and entry.
 *
 * <p>The random number of element {@code idx} is a hash of {@code (idx, seed)} (murmur3's finalizer), so the
 * result depends on neither the thread count nor the order of evaluation; the caller varies the seed per step.
 * The vector kernels compute the same operations lane by lane (bit-identical to {@link #add}).
 */
final class StochasticRounding {

  private StochasticRounding() {}

  /** The 32-bit finalizer of murmur3: a bijection of int with full avalanche. */
  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** A per-step seed for {@link #add} from a long (e.g. the bits of the step's loss). */
  static int seed(long s) {
    return mix((int) (s ^ (s >>> 32)) ^ 0x2545F491);
  }

  /**
   * {@code w + d} rounded to one of the two nearest floats, up with probability (distance to the lower) / ulp:
   * TwoSum gives the exact error of the round-to-nearest sum t; with probability |err| / ulp(t) the result
   * moves one ulp from t toward the exact sum.
   */
  static float add(float w, float d, int idx, int seed) {
    float t = w + d;
    float z = t - w;
    float err = (w - (t - z)) + (d - z); // w + d = t + err exactly (TwoSum)
    float ulp = ulpOf(t);
    float r = uniform(idx, seed);
    if (r * ulp < Math.abs(err)) t += Math.copySign(ulp, err);
    return t;
  }

  /** A uniform number in [0, 1) with 24 random bits from the hash of (idx, seed). */
  static float uniform(int idx, int seed) {
    return (mix(idx ^ seed) >>> 8) * 0x1.0p-24f;
  }

  /** The spacing of floats at t's binade: 2^(e - 23) from t's exponent bits (the smallest normal's below it). */
  static float ulpOf(float t) {
    int e = Float.floatToRawIntBits(t) & 0x7F800000;
    return Float.intBitsToFloat(Math.max(e - (23 << 23), 0x00800000));
  }
}
