package dev.cfae.api;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A differentiable building block with hand-written forward and backward passes. Parameters and
 * their gradients are views into the model's flat buffers, handed over by {@link #bind}.
 *
 * <p>Contract: {@code forward} caches what {@code backward} needs, so calls alternate
 * forward, backward for one batch. {@code backward} <em>overwrites</em> this layer's gradient
 * views and returns the gradient with respect to the layer's input. Batches are rows:
 * inputs are {@code [batch, inputWidth]}, outputs {@code [batch, outputWidth]}.
 */
public interface Layer {
    int inputWidth();

    int outputWidth();

    /** Number of trainable parameters (0 for activations and dropout). */
    long parameterCount();

    /** Named slices of this layer's parameters, relative to offset 0 of its own views. */
    default List<ParameterBlock> parameterBlocks() {
        return List.of();
    }

    /** Takes views of exactly {@link #parameterCount()} elements of the flat buffers. */
    default void bind(INDArray parameters, INDArray gradients) {
    }

    /** Fills the bound parameters with their initial values. */
    default void initialize(SeededRandom random) {
    }

    /**
     * @param training true while training (dropout active, sampling on)
     * @param random   the step's random source while training; may be null at inference
     */
    INDArray forward(INDArray input, boolean training, SeededRandom random);

    /** Writes the parameter gradients and returns d(loss)/d(input) for the last forward call. */
    INDArray backward(INDArray outputGradient);
}
