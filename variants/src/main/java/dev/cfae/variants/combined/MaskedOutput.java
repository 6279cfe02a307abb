package dev.cfae.variants.combined;

import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.engine.nn.Activation;

import java.util.Arrays;
import java.util.List;

/**
 * An autoencoder's output layer {@code f(h·W + b)}, computed only at the cells asked for. The weights
 * are stored transposed, {@code [columns, in]} row-major, so output cell c reads one contiguous row
 * {@code W[c]}; the flat layout is this class's own (the parameter count is the usual one).
 */
final class MaskedOutput {
    final String name;
    final int in;
    final int columns;
    final Activation activation;
    final int offset;
    private double[] hiddenGradient = new double[0];

    MaskedOutput(String name, int in, int columns, Activation activation, int offset) {
        this.name = name;
        this.in = in;
        this.columns = columns;
        this.activation = activation;
        this.offset = offset;
    }

    int parameterCount() {
        return columns * in + columns;
    }

    private int biasOffset() {
        return offset + columns * in;
    }

    List<ParameterBlock> blocks() {
        return List.of(new ParameterBlock(name + ".weight", offset, (long) columns * in, false),
                new ParameterBlock(name + ".bias", biasOffset(), columns, true));
    }

    void initialize(double[] p, SeededRandom random) {
        double limit = Math.sqrt(6.0 / (in + columns));
        for (int i = 0; i < columns * in; i++) {
            p[offset + i] = (2.0 * random.nextDouble() - 1.0) * limit;
        }
        Arrays.fill(p, biasOffset(), biasOffset() + columns, 0);
    }

    /** The output at {@code column} for hidden row {@code h[ho..ho+in)}. */
    double cell(double[] p, double[] h, int ho, int column) {
        return Cells.apply(activation, p[biasOffset() + column] + Cells.dot(h, ho, p, offset + column * in, in));
    }

    /**
     * Squared error over the weighted cells of {@code targets} (row r of the targets against hidden row
     * r); adds {@code scale ·} d(error)/d(parameters) to {@code g} and returns the squared error sum.
     * {@link #hiddenGradient()} then holds {@code scale ·} d(error)/d(h).
     */
    double lossAndBackward(double[] p, double[] g, double[] h, SparseRows targets, double scale) {
        hiddenGradient = Cells.atLeast(hiddenGradient, targets.rows * in);
        Arrays.fill(hiddenGradient, 0, targets.rows * in, 0);
        double squared = 0;
        for (int r = 0; r < targets.rows; r++) {
            int ho = r * in;
            for (int k = targets.start[r]; k < targets.start[r + 1]; k++) {
                int c = targets.column[k];
                int row = offset + c * in;
                double z = p[biasOffset() + c] + Cells.dot(h, ho, p, row, in);
                double a = Cells.apply(activation, z);
                double w = targets.weight[k];
                if (w == 0) {
                    continue;
                }
                double error = a - targets.value[k];
                squared += w * error * error;
                double d = 2 * w * error * scale * Cells.derivative(activation, z, a);
                Cells.axpy(d, h, ho, g, row, in);
                g[biasOffset() + c] += d;
                Cells.axpy(d, p, row, hiddenGradient, ho, in);
            }
        }
        return squared;
    }

    double[] hiddenGradient() {
        return hiddenGradient;
    }
}
