package lrnn.data;

import java.util.SplittableRandom;
import lrnn.model.Sequences;
import lrnn.util.Require;

/**
 * The synthetic regression task of SPEC §6/§7: a random teacher RNN, Gaussian inputs, noisy (and
 * optionally delayed) outputs, split into training and test sequences.
 *
 * @param nx           input channels
 * @param ny           output channels
 * @param length       sequence length L
 * @param train        training sequences
 * @param test         test sequences
 * @param snrDb        output SNR in dB ({@code Infinity}: no noise)
 * @param teacherNuW   the teacher's nu_W^T
 * @param teacherStates the teacher's n_t
 * @param delay        output delay Delta (0: none)
 */
public record SyntheticTask(int nx, int ny, int length, int train, int test, double snrDb, double teacherNuW,
                            int teacherStates, int delay) {

  /** E1 defaults: n_x = n_y = 1, L = 20, 50 + 50 sequences, SNR 20 dB, nu_W^T = 0.5, n_t = 4, no delay. */
  public static final SyntheticTask E1 = new SyntheticTask(1, 1, 20, 50, 50, 20, 0.5, 4, 0);

  public SyntheticTask {
    Require.positive("n_x", nx);
    Require.positive("n_y", ny);
    Require.positive("sequence length", length);
    Require.positive("training sequences", train);
    Require.positive("test sequences", test);
    Require.positive("teacher states", teacherStates);
    Require.nonNegative("delay", delay);
    if (delay >= length) {
      throw new IllegalArgumentException("delay = " + delay + " must be less than the sequence length " + length
          + " (otherwise every target is 0); use a shorter delay or longer sequences");
    }
    if (Double.isNaN(snrDb)) throw new IllegalArgumentException("SNR = NaN dB; give a number of dB or Infinity");
    Require.nonNegative("teacher nu_W", teacherNuW);
  }

  public SyntheticTask withLength(int l) {
    return new SyntheticTask(nx, ny, l, train, test, snrDb, teacherNuW, teacherStates, delay);
  }

  public SyntheticTask withDelay(int d) {
    return new SyntheticTask(nx, ny, length, train, test, snrDb, teacherNuW, teacherStates, d);
  }

  /** Draws the teacher, inputs and noise from {@code SplittableRandom(seed)}, in that order. */
  public Dataset generate(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Teacher teacher = Teacher.random(teacherStates, nx, ny, teacherNuW, rng);
    Sequences xTrain = Teacher.gaussianInputs(train, length, nx, rng);
    Sequences xTest = Teacher.gaussianInputs(test, length, nx, rng);
    Sequences yTrain = Teacher.addNoise(Teacher.delay(teacher.outputs(xTrain), delay), snrDb, rng);
    Sequences yTest = Teacher.addNoise(Teacher.delay(teacher.outputs(xTest), delay), snrDb, rng);
    return new Dataset(xTrain, yTrain, xTest, yTest);
  }
}
