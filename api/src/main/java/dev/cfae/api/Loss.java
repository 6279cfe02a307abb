package dev.cfae.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reconstruction loss over the observed cells of a batch. Unobserved cells (mask 0) contribute
 * nothing to the value and get a zero gradient.
 */
public interface Loss {
    /**
     * Sums the per-cell loss over the cells where {@code mask} is non-zero and writes
     * d(sum)/d(prediction) into {@code gradient} (same shape as {@code prediction}; zero where the
     * mask is zero). The caller divides by the observed count.
     */
    double sumAndGradient(INDArray prediction, INDArray target, INDArray mask, INDArray gradient);
}
