package dev.cfae.api;

import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.api.data.RatingRange;

import static java.util.Objects.requireNonNull;

/**
 * Everything a trained model needs to predict again, as plain data: what the versioned model file
 * stores and restores. The training ratings are part of it because an autoencoder predicts a row
 * from that row's known ratings.
 *
 * @param variant        the variant name
 * @param variantConfig  the resolved {@code cfae.variants.<name>} block, as HOCON text
 * @param runConfig      the whole resolved {@code cfae} configuration of the run, as HOCON text
 * @param users          user ids, in index order
 * @param items          item ids, in index order
 * @param training       training ratings, users × items, on the rating scale
 * @param range          the valid rating range
 * @param clip           whether predictions are clipped to {@code range}
 * @param fallback       the rating predicted for a user or item without training ratings
 * @param parameters     the flat parameter buffer
 */
public record ModelSnapshot(String variant, String variantConfig, String runConfig, IdIndex users, IdIndex items,
        RatingMatrix training, RatingRange range, boolean clip, float fallback, float[] parameters) {
    public ModelSnapshot {
        requireNonNull(variant, "variant is null");
        requireNonNull(variantConfig, "variantConfig is null");
        requireNonNull(runConfig, "runConfig is null");
        requireNonNull(users, "users is null");
        requireNonNull(items, "items is null");
        requireNonNull(training, "training is null");
        requireNonNull(range, "range is null");
        requireNonNull(parameters, "parameters is null");
        if (training.rows() != users.size() || training.columns() != items.size()) {
            throw new IllegalArgumentException("training matrix " + training.rows() + " x " + training.columns()
                    + " does not match " + users.size() + " users x " + items.size() + " items");
        }
    }
}
