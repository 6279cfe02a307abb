package dev.cfae.engine.optim;

import dev.cfae.api.TouchedRows;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A first-order optimizer over a model's flat parameter buffer: one fused update per step.
 *
 * <p>Call order: {@link #step} once per mini-batch after the gradients are written. The state
 * (moments, accumulators) lives in one flat array so a checkpoint can save and restore it.
 */
public interface Optimizer {
    /**
     * Updates {@code parameters} in place from {@code gradients} (which the optimizer may overwrite
     * unless {@link #keepsGradients()}).
     *
     * @param iteration zero-based optimizer step, for bias correction and schedules
     */
    void step(INDArray parameters, INDArray gradients, long iteration);

    /**
     * The trainer's step: like {@link #step(INDArray, INDArray, long)}, told the blocks whose gradient
     * is non-zero only in some rows, and returning whether every parameter is finite afterwards. A
     * {@linkplain #lazy() lazy} optimizer updates only those rows of those blocks; the others treat the
     * gradient as dense. The default steps and then sums the whole buffer.
     */
    default boolean step(INDArray parameters, INDArray gradients, long iteration, List<TouchedRows> touched) {
        step(parameters, gradients, iteration);
        return Double.isFinite(parameters.sumNumber().doubleValue());
    }

    /**
     * True if, in the blocks a step reports as touched, it reads and updates only the touched rows:
     * the moments of the other rows wait, unchanged, for their next batch (TensorFlow's LazyAdam). Not
     * the same optimizer as the dense one, so only on request.
     */
    default boolean lazy() {
        return false;
    }

    /** True if {@link #step} leaves the gradient buffer as it found it. */
    default boolean keepsGradients() {
        return false;
    }

    /** The optimizer's whole state as one flat array (a live view; empty for plain SGD). */
    INDArray state();
}
