package dev.cfae.api;

import dev.cfae.api.data.RatingMatrix;

import static java.util.Objects.requireNonNull;

/**
 * The training ratings a model sees, in both orientations, on the normalised scale (each rating
 * divided by {@link #scale()}, so observed cells lie in (0, 1] for positive ranges and 0 means
 * "not observed"). Built once per run; models read it but never change it.
 *
 * @param byUser users × items
 * @param byItem items × users, the transpose of {@code byUser}
 * @param scale  the factor that turns a normalised value back into a rating
 */
public record TrainingData(RatingMatrix byUser, RatingMatrix byItem, float scale) {
    public TrainingData {
        requireNonNull(byUser, "byUser is null");
        requireNonNull(byItem, "byItem is null");
        if (byUser.rows() != byItem.columns() || byUser.columns() != byItem.rows() || byUser.nnz() != byItem.nnz()) {
            throw new IllegalArgumentException("byItem is not the transpose of byUser");
        }
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite: " + scale);
        }
    }

    /** Training data from a users × items matrix of ratings on their own scale, divided by {@code scale}. */
    public static TrainingData of(RatingMatrix ratingsByUser, float scale) {
        RatingMatrix normalised = ratingsByUser.scaled(1f / scale);
        return new TrainingData(normalised, normalised.transpose(), scale);
    }

    public int users() {
        return byUser.rows();
    }

    public int items() {
        return byUser.columns();
    }

    /** The matrix whose rows are the given orientation's entities. */
    public RatingMatrix rows(Orientation orientation) {
        return orientation == Orientation.USER ? byUser : byItem;
    }
}
