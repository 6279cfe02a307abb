package dev.cfae.variants.combined;

import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.engine.nn.Activation;

import java.util.ArrayList;
import java.util.List;

/**
 * One autoencoder of the combined model over heap arrays: a sparse first layer, dense encoder layers
 * down to the embedding, dropout on the embedding while training, mirrored dense decoder layers, and
 * a {@link MaskedOutput} that computes only the cells its loss or a prediction needs.
 */
final class Autoencoder {
    private final List<HeapDense> encoder = new ArrayList<>();
    private final List<HeapDense> decoder = new ArrayList<>();
    private final MaskedOutput output;
    private final int parameterCount;
    private final int embeddingWidth;
    private final Dropout dropout = new Dropout();
    private double[] embedding;
    private double[] hidden;
    private double[] embeddingGradient = new double[0];
    private int rows;

    /**
     * @param name    prefix of the parameter block names, e.g. {@code item}
     * @param columns width of an input row
     * @param offset  where this autoencoder's parameters start in the flat buffer
     */
    Autoencoder(String name, CombinedSettings.Side side, int columns, int offset) {
        List<Integer> widths = side.layers();
        int depth = widths.size();
        int width = columns;
        int next = offset;
        for (int i = 0; i < depth; i++) {
            Activation f = i == depth - 1 ? side.activation().embedding() : side.activation().encoder();
            HeapDense layer = new HeapDense(name + ".encoder." + i, width, widths.get(i), f, next);
            encoder.add(layer);
            next += layer.parameterCount();
            width = widths.get(i);
        }
        for (int i = 0; i < depth - 1; i++) {
            HeapDense layer = new HeapDense(name + ".decoder." + i, width, widths.get(depth - 2 - i),
                    side.activation().decoder(), next);
            decoder.add(layer);
            next += layer.parameterCount();
            width = layer.out;
        }
        output = new MaskedOutput(name + ".decoder." + (depth - 1), width, columns, side.activation().output(), next);
        next += output.parameterCount();
        this.parameterCount = next - offset;
        this.embeddingWidth = side.embeddingWidth();
    }

    int parameterCount() {
        return parameterCount;
    }

    int embeddingWidth() {
        return embeddingWidth;
    }

    int hiddenWidth() {
        return output.in;
    }

    List<ParameterBlock> blocks() {
        List<ParameterBlock> blocks = new ArrayList<>();
        encoder.forEach(layer -> blocks.addAll(layer.blocks()));
        decoder.forEach(layer -> blocks.addAll(layer.blocks()));
        blocks.addAll(output.blocks());
        return blocks;
    }

    void initialize(double[] p, SeededRandom random) {
        encoder.forEach(layer -> layer.initialize(p, random));
        decoder.forEach(layer -> layer.initialize(p, random));
        output.initialize(p, random);
    }

    /**
     * Encodes the rows of {@code x}; while training, applies dropout at {@code rate} with {@code random}.
     * Returns the embeddings, {@code [rows, embeddingWidth]} in a reused array.
     */
    double[] encode(double[] p, SparseRows x, double rate, SeededRandom random) {
        rows = x.rows;
        double[] a = encoder.get(0).forward(p, x);
        for (int i = 1; i < encoder.size(); i++) {
            a = encoder.get(i).forward(p, a, rows);
        }
        embedding = random == null ? a : dropout.forward(a, rows * embeddingWidth, rate, random);
        hidden = null;
        return embedding;
    }

    /** The last decoder hidden layer for the encoded rows, {@code [rows, hiddenWidth]}. */
    double[] hidden(double[] p) {
        if (hidden == null) {
            double[] a = embedding;
            for (HeapDense layer : decoder) {
                a = layer.forward(p, a, rows);
            }
            hidden = a;
        }
        return hidden;
    }

    /** The output at {@code column} of encoded row {@code row}. */
    double cell(double[] p, int row, int column) {
        return output.cell(p, hidden(p), row * output.in, column);
    }

    /**
     * Reconstruction loss of the encoded rows against {@code targets}: adds {@code scale ·} its parameter
     * gradients through the decoder to {@code g}, keeps its embedding gradient for
     * {@link #backwardEncoder}, and returns the squared error sum.
     */
    double reconstructionLoss(double[] p, double[] g, SparseRows targets, double scale) {
        double squared = output.lossAndBackward(p, g, hidden(p), targets, scale);
        double[] gradient = output.hiddenGradient();
        for (int i = decoder.size() - 1; i >= 0; i--) {
            gradient = decoder.get(i).backward(p, g, gradient, true);
        }
        int n = rows * embeddingWidth;
        embeddingGradient = Cells.atLeast(embeddingGradient, n);
        System.arraycopy(gradient, 0, embeddingGradient, 0, n);
        return squared;
    }

    /** Backward through the encoder, with {@code extra} (d/d embedding from elsewhere) added; first layer's input gets none. */
    void backwardEncoder(double[] p, double[] g, double[] extra, int extraOffset, int extraStride) {
        for (int r = 0; r < rows; r++) {
            Cells.axpy(1, extra, r * extraStride + extraOffset, embeddingGradient, r * embeddingWidth, embeddingWidth);
        }
        double[] gradient = dropout.backward(embeddingGradient, rows * embeddingWidth);
        for (int i = encoder.size() - 1; i >= 0; i--) {
            gradient = encoder.get(i).backward(p, g, gradient, i > 0);
        }
    }
}
