package dev.cfae.engine.nn;

import dev.cfae.api.Layer;
import dev.cfae.api.SeededRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

import static java.util.Objects.requireNonNull;

/**
 * An element-wise {@link Activation} as a layer without parameters. It writes into its own
 * buffers, never into its input, and caches the input (by reference) and the output of the last
 * forward call for the derivative. {@link Activation#IDENTITY} passes arrays through untouched.
 */
public final class ActivationLayer implements Layer {
    private final Activation activation;
    private final int width;
    private final RowBuffer outputs;
    private final RowBuffer inputGradients;
    private INDArray input;
    private INDArray output;

    public ActivationLayer(Activation activation, int width) {
        this.activation = requireNonNull(activation, "activation is null");
        this.outputs = new RowBuffer(width);
        this.inputGradients = new RowBuffer(width);
        this.width = width;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public int outputWidth() {
        return width;
    }

    @Override
    public long parameterCount() {
        return 0;
    }

    @Override
    public INDArray forward(INDArray input, boolean training, SeededRandom random) {
        Shapes.requireRows(input, width, "input");
        if (activation == Activation.IDENTITY) {
            return input;
        }
        this.input = input;
        this.output = outputs.rows(Math.toIntExact(input.rows()), input.dataType());
        activation.apply(input, output);
        return output;
    }

    @Override
    public INDArray backward(INDArray outputGradient) {
        if (activation == Activation.IDENTITY) {
            Shapes.requireRows(outputGradient, width, "outputGradient");
            return outputGradient;
        }
        if (output == null) {
            throw new IllegalStateException("backward before forward");
        }
        Shapes.requireSameShape(outputGradient, output, "outputGradient");
        INDArray result = inputGradients.rows(Math.toIntExact(output.rows()), output.dataType());
        activation.backprop(input, output, outputGradient, result);
        return result;
    }

    @Override
    public String toString() {
        return "ActivationLayer[" + activation + ", " + width + "]";
    }
}
