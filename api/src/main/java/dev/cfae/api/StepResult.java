package dev.cfae.api;

/**
 * The outcome of one forward/backward pass over a batch.
 *
 * @param objective     the value the gradients minimise (without the trainer's L2 term), e.g. masked
 *                      MSE plus a weighted KL term
 * @param squaredError  sum of squared reconstruction or rating errors over the observed cells, on the
 *                      normalised scale; the trainer turns it into RMSE in rating units
 * @param observed      number of observed cells that {@code squaredError} sums over
 */
public record StepResult(double objective, double squaredError, long observed) {
}
