package dev.cfae.engine.nn;

import dev.cfae.api.TrainingData;

/** A model with sparse training kernels besides its dense path; it trains densely until told otherwise. */
public interface SparseCapable {
    /** Chooses the kernels of the following training steps. */
    void sparseSettings(SparseSettings settings);

    /** Which kernels training on {@code data} uses, with the density that decided it, for logs and benchmarks. */
    String describeKernels(TrainingData data);
}
