package dev.cfae.engine.optim;

import dev.cfae.api.TouchedRows;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A first-order optimizer over a model's flat parameter buffer: one fused update per step.
 *
 * <p>Call order: {@link #step} once per mini-batch after the gradients are written. The state
 * (moments, accumulators) saves and restores as one flat array, for checkpoints.
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
     * the moments of the other rows wait, unchanged, for their next batch (TensorFlow's LazyAdam),
     * and a {@linkplain #foldL2 folded} L2 penalty reaches a row only when it is updated. Not the same
     * optimizer as the dense one, so only on request.
     */
    default boolean lazy() {
        return false;
    }

    /**
     * True if the optimizer can add an L2 penalty's gradient itself, in its own pass over the
     * parameters ({@link #foldL2}), instead of the trainer adding it to the gradient buffer: one pass
     * over memory fewer, and a gradient buffer left as the model wrote it.
     */
    default boolean foldsL2() {
        return false;
    }

    /**
     * From now on, adds {@code l2.weight() · θ} to the gradient of the parameters in {@code l2}'s
     * ranges in every step, before the update. A lazy optimizer does so in the rows it updates.
     *
     * @throws UnsupportedOperationException unless {@link #foldsL2()}
     */
    default void foldL2(L2Ranges l2) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot fold L2 into its step");
    }

    /**
     * True if, for the touched rows of the blocks a step reports, {@link #step} reads the gradient only
     * from the packed rows of {@link dev.cfae.api.TouchedRows#gradient()} where they are given, never
     * from the flat buffer, so that a model need not copy those rows there. (The blocks' other rows,
     * which an exact optimizer also steps, hold zeros in the flat buffer.)
     */
    default boolean readsGradientRows() {
        return false;
    }

    /** True if {@link #step} leaves the gradient buffer as it found it. */
    default boolean keepsGradients() {
        return false;
    }

    /** A copy of the optimizer's whole state (moments, accumulators) as one flat array; empty for plain SGD. */
    float[] saveState();

    /**
     * Puts back a state that {@link #saveState()} returned.
     *
     * @throws IllegalArgumentException if its length is not that of this optimizer's state
     */
    void restoreState(float[] state);
}
