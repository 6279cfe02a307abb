package dev.cfae.api;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one forward/backward pass over a batch.
 *
 * @param objective     the value the gradients minimise (without the trainer's L2 term), e.g. masked
 *                      MSE plus a weighted KL term
 * @param squaredError  sum of squared reconstruction or rating errors over the cells in the loss (the
 *                      observed ones, and any unobserved ones a model samples into it), on the
 *                      normalised scale; the trainer turns it into RMSE in rating units
 * @param observed      number of cells that {@code squaredError} sums over
 * @param touchedRows   blocks in which the step's gradient is non-zero in a few rows only (see
 *                      {@link Model#computeGradients}); empty when the gradient is dense
 */
public record StepResult(double objective, double squaredError, long observed, List<TouchedRows> touchedRows) {
    public StepResult {
        touchedRows = List.copyOf(requireNonNull(touchedRows, "touchedRows is null"));
    }

    /** A step with a dense gradient. */
    public StepResult(double objective, double squaredError, long observed) {
        this(objective, squaredError, observed, List.of());
    }
}
