package dev.cfae.api;

/**
 * Per-epoch figures reported to {@link TrainingListener}s and written to {@code metrics.csv}.
 * RMSEs are in rating units; NaN where there is nothing to measure (no validation set).
 *
 * @param epoch          one-based epoch number
 * @param trainRmse      RMSE on the training ratings, from the training passes of this epoch
 *                       (dropout on, parameters changing within the epoch); with sampled unobserved
 *                       cells in the loss, over those cells too
 * @param validationRmse RMSE on validation ratings after the epoch, clipped as predictions are
 * @param objective      mean training objective (includes KL or rating terms, excludes L2)
 * @param seconds        wall-clock time of the epoch's training passes
 */
public record EpochMetrics(int epoch, double trainRmse, double validationRmse, double objective, double seconds) {
}
