package dev.cfae.api;

import dev.cfae.api.data.RatingRange;

/**
 * What a variant factory knows about the data when it builds a model.
 *
 * @param users number of users (rows of the user × item matrix)
 * @param items number of items
 * @param range valid ratings
 */
public record VariantContext(int users, int items, RatingRange range) {
    public VariantContext {
        if (users < 1 || items < 1) {
            throw new IllegalArgumentException("need at least one user and one item, got " + users + " x " + items);
        }
    }
}
