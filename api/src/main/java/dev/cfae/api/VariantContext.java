package dev.cfae.api;

import dev.cfae.api.data.RatingRange;

/**
 * What a {@link VariantFactory} knows about the data when it builds a model: its shape and rating
 * range, nothing else, so that the same context rebuilds the same model when a model file is loaded.
 * The ratings themselves reach the model later, as {@link TrainingData}, in each call that needs them.
 * At start-up cfae also passes a 1 × 1 context, with the range [1, 5] since the data's is not known
 * yet, to check the configuration before the data is read.
 *
 * @param users number of users (rows of the user × item matrix), at least 1
 * @param items number of items (its columns), at least 1
 * @param range valid ratings, e.g. [0.5, 5.0]; models work on ratings divided by
 *              {@link RatingRange#scale()} (see {@link TrainingData}), so most can ignore it
 */
public record VariantContext(int users, int items, RatingRange range) {
    public VariantContext {
        if (users < 1 || items < 1) {
            throw new IllegalArgumentException("need at least one user and one item, got " + users + " x " + items);
        }
    }
}
