package dev.cfae.engine.nn;

import dev.cfae.api.Layer;
import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A fully connected layer {@code y = x·W + b} with weights {@code W [in, out]} (row-major) followed
 * by bias {@code b [out]} in its slice of the flat buffers: blocks {@code weight} and {@code bias}.
 *
 * <p>Initialisation is Glorot-uniform, W ~ U(−a, a) with a = √(6 / (in + out)), and zero bias,
 * as TensorFlow 1's {@code tf.layers.dense} does. The GEMMs write straight into reusable output
 * buffers and into the gradient views, so a step allocates no arrays.
 */
public final class DenseLayer implements Layer {
    private final int inputWidth;
    private final int outputWidth;
    private final RowBuffer outputs;
    private final RowBuffer inputGradients;
    private INDArray weights;
    private INDArray bias;
    private INDArray weightGradient;
    private INDArray biasGradient;
    private INDArray input;

    public DenseLayer(int inputWidth, int outputWidth) {
        if (inputWidth < 1 || outputWidth < 1) {
            throw new IllegalArgumentException("widths must be positive: " + inputWidth + " -> " + outputWidth);
        }
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
        this.outputs = new RowBuffer(outputWidth);
        this.inputGradients = new RowBuffer(inputWidth);
    }

    @Override
    public int inputWidth() {
        return inputWidth;
    }

    @Override
    public int outputWidth() {
        return outputWidth;
    }

    @Override
    public long parameterCount() {
        return weightCount() + outputWidth;
    }

    private long weightCount() {
        return (long) inputWidth * outputWidth;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        return List.of(new ParameterBlock("weight", 0, weightCount(), false),
                new ParameterBlock("bias", weightCount(), outputWidth, true));
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        requireNonNull(parameters, "parameters is null");
        requireNonNull(gradients, "gradients is null");
        if (parameters.length() != parameterCount() || gradients.length() != parameterCount()) {
            throw new IllegalArgumentException("expected " + parameterCount() + " parameters and gradients, got "
                    + parameters.length() + " and " + gradients.length());
        }
        weights = FlatBuffers.slice(parameters, 0, weightCount()).reshape('c', inputWidth, outputWidth);
        bias = FlatBuffers.slice(parameters, weightCount(), outputWidth);
        weightGradient = FlatBuffers.slice(gradients, 0, weightCount()).reshape('c', inputWidth, outputWidth);
        biasGradient = FlatBuffers.slice(gradients, weightCount(), outputWidth);
    }

    @Override
    public void initialize(SeededRandom random) {
        requireNonNull(random, "random is null");
        requireBound();
        double limit = Math.sqrt(6.0 / (inputWidth + outputWidth));
        float[] values = new float[Math.toIntExact(weightCount())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((2.0 * random.nextDouble() - 1.0) * limit);
        }
        FlatBuffers.copyFrom(values, weights);
        bias.assign(0);
    }

    @Override
    public INDArray forward(INDArray input, boolean training, SeededRandom random) {
        requireBound();
        Shapes.requireRows(input, inputWidth, "input");
        if (input.dataType() != weights.dataType()) {
            throw new IllegalArgumentException("input is " + input.dataType() + ", parameters are " + weights.dataType());
        }
        this.input = input;
        INDArray output = outputs.rows(Math.toIntExact(input.rows()), weights.dataType());
        Nd4j.gemm(input, weights, output, false, false, 1.0, 0.0);
        output.addiRowVector(bias);
        return output;
    }

    @Override
    public INDArray backward(INDArray outputGradient) {
        backwardParameters(outputGradient);
        INDArray inputGradient = inputGradients.rows(Math.toIntExact(input.rows()), weights.dataType());
        Nd4j.gemm(outputGradient, weights, inputGradient, false, true, 1.0, 0.0);
        return inputGradient;
    }

    /**
     * Writes dW = xᵀ·δ and db = Σ_rows δ for the last forward call, without the input gradient
     * δ·Wᵀ: for a first layer, whose input is data, that GEMM is wasted work.
     */
    public void backwardParameters(INDArray outputGradient) {
        if (input == null) {
            throw new IllegalStateException("backward before forward");
        }
        Shapes.requireRows(outputGradient, outputWidth, "outputGradient");
        if (outputGradient.rows() != input.rows()) {
            throw new IllegalArgumentException("outputGradient has " + outputGradient.rows() + " rows, the input had "
                    + input.rows());
        }
        Nd4j.gemm(input, outputGradient, weightGradient, true, false, 1.0, 0.0);
        outputGradient.sum(biasGradient, 0);
    }

    private void requireBound() {
        if (weights == null) {
            throw new IllegalStateException("layer is not bound to parameter buffers");
        }
    }

    @Override
    public String toString() {
        return "DenseLayer[" + inputWidth + " -> " + outputWidth + "]";
    }
}
