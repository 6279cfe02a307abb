package dev.cfae.engine.train;

import dev.cfae.api.data.RatingRange;

import static java.util.Objects.requireNonNull;

/**
 * How a trained model's outputs become ratings, with every choice concrete: the protocol that
 * travels with the model ({@link dev.cfae.api.ModelSnapshot} stores the same three values).
 *
 * @param range    valid ratings
 * @param clip     whether predictions are clipped to {@code range}
 * @param fallback the rating predicted for users and items without training ratings and for unknown ids
 */
public record ResolvedPrediction(RatingRange range, boolean clip, float fallback) {
    public ResolvedPrediction {
        requireNonNull(range, "range is null");
        if (!Float.isFinite(fallback)) {
            throw new IllegalArgumentException("fallback must be finite: " + fallback);
        }
    }
}
