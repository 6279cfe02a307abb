package dev.cfae.engine.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A first-order optimizer over a model's flat parameter buffer: one fused update per step.
 *
 * <p>Call order: {@link #step} once per mini-batch after the gradients are written. The state
 * (moments, accumulators) lives in one flat array so a checkpoint can save and restore it.
 */
public interface Optimizer {
    /**
     * Updates {@code parameters} in place from {@code gradients} (which the optimizer may overwrite).
     *
     * @param iteration zero-based optimizer step, for bias correction and schedules
     */
    void step(INDArray parameters, INDArray gradients, long iteration);

    /** The optimizer's whole state as one flat array (a live view; empty for plain SGD). */
    INDArray state();
}
