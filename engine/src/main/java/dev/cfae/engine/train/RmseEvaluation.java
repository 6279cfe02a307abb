package dev.cfae.engine.train;

/**
 * RMSE of a model on a set of ratings, in rating units, with the protocol that produced it.
 *
 * @param rmse                root mean squared error; NaN when there were no ratings
 * @param count               number of ratings evaluated
 * @param fallbackPredictions how many of them got the fallback rating (unknown or cold user or item)
 * @param clipped             whether predictions were clipped to the rating range
 * @param fallbackRating      the rating used for those predictions
 */
public record RmseEvaluation(double rmse, int count, int fallbackPredictions, boolean clipped, float fallbackRating) {
}
