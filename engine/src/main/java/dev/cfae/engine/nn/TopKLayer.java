package dev.cfae.engine.nn;

import dev.cfae.api.Layer;
import dev.cfae.api.SeededRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The k-sparse bottleneck: in every row, keeps the k largest entries and sets the others to 0, at
 * training and at inference alike. The gradient flows only through the kept entries; the choice
 * of entries is treated as a constant (as the seed's {@code tf.where} does).
 *
 * <p>Ties: exactly k entries are kept per row. Among equal values the one with the lower column
 * index wins. (The seed kept every entry equal to the k-th largest, so a tie could leave more than
 * k non-zeros; with ReLU codes the common tie is at 0, where keeping or dropping gives the same
 * output.)
 */
public final class TopKLayer implements Layer {
    private final int width;
    private final int k;
    private final RowBuffer masks;
    private final RowBuffer outputs;
    private final RowBuffer inputGradients;
    private final Integer[] order;
    private float[] maskValues = new float[0];
    private INDArray mask;

    /** @param k entries kept per row, in [1, width] */
    public TopKLayer(int width, int k) {
        if (width < 1 || k < 1 || k > width) {
            throw new IllegalArgumentException("need 1 <= k <= width, got k = " + k + ", width = " + width);
        }
        this.width = width;
        this.k = k;
        this.masks = new RowBuffer(width);
        this.outputs = new RowBuffer(width);
        this.inputGradients = new RowBuffer(width);
        this.order = new Integer[width];
    }

    public int k() {
        return k;
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
        int rows = Math.toIntExact(input.rows());
        int n = Math.multiplyExact(rows, width);
        if (maskValues.length < n) {
            maskValues = new float[n];
        }
        // A row-major copy in double, so the selection sees the exact values in float64 checks too.
        double[] values = input.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        Arrays.fill(maskValues, 0, n, 0f);
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            for (int j = 0; j < width; j++) {
                order[j] = j;
            }
            // Largest first; equal values in column order, so the lower index wins a tie.
            Arrays.sort(order, (a, b) -> {
                int byValue = Double.compare(values[base + b], values[base + a]);
                return byValue != 0 ? byValue : Integer.compare(a, b);
            });
            for (int j = 0; j < k; j++) {
                maskValues[base + order[j]] = 1f;
            }
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
            throw new IllegalStateException("backward before forward");
        }
        Shapes.requireSameShape(outputGradient, mask, "outputGradient");
        INDArray inputGradient = inputGradients.rows(Math.toIntExact(mask.rows()), mask.dataType());
        Nd4j.exec(new MulOp(outputGradient, mask, inputGradient));
        return inputGradient;
    }

    @Override
    public String toString() {
        return "TopKLayer[" + width + ", k=" + k + "]";
    }
}
