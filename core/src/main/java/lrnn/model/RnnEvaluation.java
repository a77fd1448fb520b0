package lrnn.model;

/**
 * Loss, gradient and impulse response of an RNN at one parameter point.
 *
 * @param loss     the MSE (SPEC §4)
 * @param gradient dMSE/dtheta for the tilde parameters
 * @param impulse  the impulse response G at this point (K lags; null when not computed)
 */
public record RnnEvaluation(double loss, RnnGradient gradient, ImpulseResponse impulse) {}
