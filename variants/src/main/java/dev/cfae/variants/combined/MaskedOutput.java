package dev.cfae.variants.combined;

import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.engine.nn.Activation;
import dev.cfae.engine.nn.KernelThreads;

import java.util.Arrays;
import java.util.List;

/**
 * An autoencoder's output layer {@code f(h·W + b)}, computed only at the cells asked for. The weights
 * are stored transposed, {@code [columns, in]} row-major, so output cell c reads one contiguous row
 * {@code W[c]}; the flat layout is this class's own (the parameter count is the usual one).
 * Like {@link HeapDense} it splits its work over the kernel threads by whole rows of what it writes.
 */
final class MaskedOutput {
    final String name;
    final int in;
    final int columns;
    final Activation activation;
    final int offset;
    private double[] hiddenGradient = new double[0];
    /** Per target cell: d(loss)/dz, and the weighted squared error. */
    private double[] cellGradients = new double[0];
    private double[] cellErrors = new double[0];
    private final KernelThreads threads = KernelThreads.configured();

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
        return activation.value(p[biasOffset() + column] + Cells.dot(h, ho, p, offset + column * in, in));
    }

    /**
     * Squared error over the weighted cells of {@code targets} (row r of the targets against hidden row
     * r); adds {@code scale ·} d(error)/d(parameters) to {@code g} and returns the squared error sum.
     * {@link #hiddenGradient()} then holds {@code scale ·} d(error)/d(h).
     */
    double lossAndBackward(double[] p, double[] g, double[] h, SparseRows targets, double scale) {
        int rows = targets.rows;
        int cells = targets.start[rows];
        hiddenGradient = Cells.atLeast(hiddenGradient, rows * in);
        cellGradients = Cells.atLeast(cellGradients, cells);
        cellErrors = Cells.atLeast(cellErrors, cells);
        double[] hidden = hiddenGradient;
        int parts = threads.parts((long) cells * in, HeapDense.MIN_WORK_PER_THREAD);
        // By rows: each cell's output, error and d, and the rows of d/dh.
        threads.run(parts, part -> {
            for (int r = rows * part / parts; r < rows * (part + 1) / parts; r++) {
                int ho = r * in;
                Arrays.fill(hidden, ho, ho + in, 0);
                for (int k = targets.start[r]; k < targets.start[r + 1]; k++) {
                    double w = targets.weight[k];
                    if (w == 0) {
                        continue;
                    }
                    int c = targets.column[k];
                    int row = offset + c * in;
                    double z = p[biasOffset() + c] + Cells.dot(h, ho, p, row, in);
                    double a = activation.value(z);
                    double error = a - targets.value[k];
                    cellErrors[k] = w * error * error;
                    double d = 2 * w * error * scale * activation.slope(z, a);
                    cellGradients[k] = d;
                    Cells.axpy(d, p, row, hidden, ho, in);
                }
            }
        });
        // By ranges of columns: their rows of dW and entries of db, each in the batch's row order.
        threads.run(parts, part -> {
            int first = columns * part / parts;
            int end = columns * (part + 1) / parts;
            for (int r = 0; r < rows; r++) {
                for (int k = targets.start[r]; k < targets.start[r + 1]; k++) {
                    int c = targets.column[k];
                    if (c >= first && c < end && targets.weight[k] != 0) {
                        Cells.axpy(cellGradients[k], h, r * in, g, offset + c * in, in);
                        g[biasOffset() + c] += cellGradients[k];
                    }
                }
            }
        });
        double squared = 0;
        for (int k = 0; k < cells; k++) {
            if (targets.weight[k] != 0) {
                squared += cellErrors[k];
            }
        }
        return squared;
    }

    double[] hiddenGradient() {
        return hiddenGradient;
    }
}
