package dev.cfae.variants.autoencoder;

import dev.cfae.api.StepContext;

import static java.util.Objects.requireNonNull;

/**
 * The weight β of a VAE's KL term at each step.
 *
 * @param kind       how β moves
 * @param weight     the constant, or the value the ramp rises to (its cap)
 * @param rampSteps  optimizer steps of the {@link Kind#STEP_RAMP} (ignored by the other kinds)
 */
public record KlSchedule(Kind kind, double weight, long rampSteps) {
    /** The shapes of the schedule. */
    public enum Kind {
        /** The seed's: β = weight · epoch / epochs, with a zero-based epoch, so 0 in the first epoch. */
        EPOCH_RAMP,
        /** β = weight throughout. */
        CONSTANT,
        /** β = weight · min(1, step / ramp-steps): a linear warm-up over steps, then the cap. */
        STEP_RAMP
    }

    public KlSchedule {
        requireNonNull(kind, "kind is null");
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and non-negative: " + weight);
        }
        if (rampSteps < 1) {
            throw new IllegalArgumentException("ramp steps must be positive: " + rampSteps);
        }
    }

    /** β for the step described by {@code context}. */
    public double beta(StepContext context) {
        requireNonNull(context, "context is null");
        return switch (kind) {
            case EPOCH_RAMP -> weight * context.epoch() / Math.max(1, context.totalEpochs());
            case CONSTANT -> weight;
            case STEP_RAMP -> weight * Math.min(1.0, context.step() / (double) rampSteps);
        };
    }
}
