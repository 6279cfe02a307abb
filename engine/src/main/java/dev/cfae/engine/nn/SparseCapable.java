package dev.cfae.engine.nn;

import dev.cfae.api.TrainingData;

import java.util.OptionalLong;

/** A model with sparse training kernels besides its dense path; it trains densely until told otherwise. */
public interface SparseCapable {
    /** Chooses the kernels of the following training steps. */
    void sparseSettings(SparseSettings settings);

    /** Which kernels training on {@code data} uses, with the density that decided it, for logs and benchmarks. */
    String describeKernels(TrainingData data);

    /**
     * An upper bound of the heap bytes the sparse kernels hold while training on {@code data} in batches of
     * {@code batchSize} rows, besides the parameters, gradients, optimizer state and the dense middle
     * layers' activations: the batches' CSR rows and indexes, the loss cells and the sparse layers'
     * packed rows. Empty where training on {@code data} takes the dense path, whose batches are dense
     * rows, and by default, which makes memory estimates count dense rows. For memory estimates made
     * before training.
     */
    default OptionalLong sparseTrainingBytes(TrainingData data, int batchSize) {
        return OptionalLong.empty();
    }

    /**
     * Whether the sparse passes also write their touched rows' gradient into the flat gradient (the
     * default), or hand it over only packed in {@link dev.cfae.api.TouchedRows#gradient()}, leaving zeros
     * in its touched blocks of the flat gradient. The trainer turns the flat copy off while an optimizer
     * reads the touched rows from the packed copy ({@link dev.cfae.engine.optim.Optimizer#readsGradientRows()}).
     * A model may ignore this.
     */
    default void flatGradientRows(boolean write) {
    }

    /**
     * Predictions for the pairs {@code [from, to)}, as {@link dev.cfae.api.Model#predict} gives them,
     * computed with the sparse kernels at the asked cells only, or false (and nothing written) where
     * the model cannot. They may differ from {@code predict}'s in the last bits (a different order of
     * additions), so the trainer uses them for its per-epoch validation only, where full rows would
     * cost more than the training epoch itself.
     */
    default boolean predictCells(TrainingData data, int[] users, int[] items, int from, int to, float[] out) {
        return false;
    }
}
