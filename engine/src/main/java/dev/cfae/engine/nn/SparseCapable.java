package dev.cfae.engine.nn;

import dev.cfae.api.TrainingData;

/** A model with sparse training kernels besides its dense path; it trains densely until told otherwise. */
public interface SparseCapable {
    /** Chooses the kernels of the following training steps. */
    void sparseSettings(SparseSettings settings);

    /** Which kernels training on {@code data} uses, with the density that decided it, for logs and benchmarks. */
    String describeKernels(TrainingData data);

    /**
     * Whether the sparse passes also write their touched rows' gradient into the flat gradient (the
     * default), or hand it over only packed in {@link dev.cfae.api.TouchedRows#gradient()}. The trainer
     * turns the flat copy off while an optimizer reads those rows and nothing else of their blocks
     * ({@link dev.cfae.engine.optim.Optimizer#readsGradientRows()}). A model may ignore this.
     */
    default void flatGradientRows(boolean write) {
    }
}
