package dev.cfae.engine.nn;

import dev.cfae.api.Layer;
import dev.cfae.api.SeededRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

import static java.util.Objects.requireNonNull;

/**
 * Inverted dropout with a <em>drop</em> probability p: while training, each unit is zeroed with
 * probability p and kept units are scaled by 1/(1 − p), so expected activations match inference,
 * where the layer is the identity. The seed's {@code dropout_rate} is TensorFlow's keep
 * probability k; it corresponds to p = 1 − k (the seed's default k = 1 is p = 0, no dropout).
 *
 * <p>The mask comes from the step's {@link SeededRandom} (one {@code nextFloat()} per element,
 * row-major), so a step is reproducible from its seed.
 */
public final class DropoutLayer implements Layer {
    private final int width;
    private final double dropProbability;
    private final RowBuffer masks;
    private final RowBuffer outputs;
    private final RowBuffer inputGradients;
    private float[] maskValues = new float[0];
    private INDArray mask;

    /** @param dropProbability p in [0, 1) */
    public DropoutLayer(int width, double dropProbability) {
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new IllegalArgumentException("drop probability must be in [0, 1): " + dropProbability);
        }
        this.masks = new RowBuffer(width);
        this.outputs = new RowBuffer(width);
        this.inputGradients = new RowBuffer(width);
        this.width = width;
        this.dropProbability = dropProbability;
    }

    public double dropProbability() {
        return dropProbability;
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
        if (!training || dropProbability == 0) {
            mask = null;
            return input;
        }
        requireNonNull(random, "random is null");
        int rows = Math.toIntExact(input.rows());
        int n = Math.multiplyExact(rows, width);
        if (maskValues.length < n) {
            maskValues = new float[n];
        }
        float kept = (float) (1.0 / (1.0 - dropProbability));
        for (int i = 0; i < n; i++) {
            maskValues[i] = random.nextFloat() < dropProbability ? 0f : kept;
        }
        mask = masks.rows(rows, input.dataType());
        FlatBuffers.copyFrom(maskValues, mask);
        INDArray output = outputs.rows(rows, input.dataType());
        Nd4j.exec(new MulOp(input, mask, output));
        return output;
    }

    @Override
    public INDArray backward(INDArray outputGradient) {
        if (mask == null) {
            Shapes.requireRows(outputGradient, width, "outputGradient");
            return outputGradient;
        }
        Shapes.requireSameShape(outputGradient, mask, "outputGradient");
        INDArray inputGradient = inputGradients.rows(Math.toIntExact(mask.rows()), mask.dataType());
        Nd4j.exec(new MulOp(outputGradient, mask, inputGradient));
        return inputGradient;
    }

    @Override
    public String toString() {
        return "DropoutLayer[" + width + ", p=" + dropProbability + "]";
    }
}
