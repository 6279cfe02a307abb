package dev.cfae.variants.combined;

import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.engine.nn.Activation;
import dev.cfae.engine.nn.KernelThreads;

import java.util.List;

/**
 * A dense layer {@code a = f(x·W + b)} over heap arrays, with {@code W [in, out]} row-major at
 * {@code offset} of the flat parameters and {@code b [out]} after it. The input is either dense rows
 * (zeros skipped) or {@link SparseRows}; for sparse input only the weight rows of listed columns are
 * read, and only they get a gradient. Caches what its backward pass needs.
 *
 * <p>The passes split over the {@linkplain KernelThreads#configured() kernel threads} by whole rows of
 * what they write (activation rows, gradient rows), so every sum keeps the order it has on one thread
 * and the results do not depend on the number of threads.
 */
final class HeapDense {
    /**
     * The fewest multiply-adds a thread of a pass takes (below twice this the pass stays on one
     * thread): a worker's wake-up would cost more.
     */
    static final long MIN_WORK_PER_THREAD = 1 << 16;

    final String name;
    final int in;
    final int out;
    final Activation activation;
    final int offset;
    private int rows;
    private double[] denseInput;
    private SparseRows sparseInput;
    double[] z = new double[0];
    double[] a = new double[0];
    private double[] delta = new double[0];
    private double[] inputGradient = new double[0];
    private final KernelThreads threads = KernelThreads.configured();

    HeapDense(String name, int in, int out, Activation activation, int offset) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.activation = activation;
        this.offset = offset;
    }

    int parameterCount() {
        return in * out + out;
    }

    private int biasOffset() {
        return offset + in * out;
    }

    List<ParameterBlock> blocks() {
        return List.of(new ParameterBlock(name + ".weight", offset, (long) in * out, false),
                new ParameterBlock(name + ".bias", biasOffset(), out, true));
    }

    /** Glorot-uniform weights, zero bias (TensorFlow 1's dense default, as the seed used). */
    void initialize(double[] p, SeededRandom random) {
        double limit = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < in * out; i++) {
            p[offset + i] = (2.0 * random.nextDouble() - 1.0) * limit;
        }
        java.util.Arrays.fill(p, biasOffset(), biasOffset() + out, 0);
    }

    /** Forward over {@code rows} dense input rows; returns the activations (a reused array). */
    double[] forward(double[] p, double[] x, int rows) {
        this.rows = rows;
        this.denseInput = x;
        this.sparseInput = null;
        prepare(p, rows);
        int parts = threads.parts((long) rows * in * out, MIN_WORK_PER_THREAD);
        threads.run(parts, part -> {
            for (int r = rows * part / parts; r < rows * (part + 1) / parts; r++) {
                for (int i = 0; i < in; i++) {
                    double xi = x[r * in + i];
                    if (xi != 0) {
                        Cells.axpy(xi, p, offset + i * out, z, r * out, out);
                    }
                }
            }
        });
        return activate();
    }

    /** Forward over the rows of a sparse batch: reads only the weight rows of listed columns. */
    double[] forward(double[] p, SparseRows x) {
        this.rows = x.rows;
        this.denseInput = null;
        this.sparseInput = x;
        prepare(p, rows);
        int parts = threads.parts((long) x.start[rows] * out, MIN_WORK_PER_THREAD);
        threads.run(parts, part -> {
            for (int r = rows * part / parts; r < rows * (part + 1) / parts; r++) {
                for (int k = x.start[r]; k < x.start[r + 1]; k++) {
                    Cells.axpy(x.value[k], p, offset + x.column[k] * out, z, r * out, out);
                }
            }
        });
        return activate();
    }

    private void prepare(double[] p, int rows) {
        z = Cells.atLeast(z, rows * out);
        a = Cells.atLeast(a, rows * out);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(p, biasOffset(), z, r * out, out);
        }
    }

    private double[] activate() {
        for (int k = 0; k < rows * out; k++) {
            a[k] = activation.value(z[k]);
        }
        return a;
    }

    /**
     * Adds this layer's parameter gradients to {@code g} for output gradient {@code da} (d/d a) and
     * returns d/d input (a reused array) if {@code wantInputGradient}, else null.
     */
    double[] backward(double[] p, double[] g, double[] da, boolean wantInputGradient) {
        delta = Cells.atLeast(delta, rows * out);
        for (int k = 0; k < rows * out; k++) {
            delta[k] = da[k] * activation.slope(z[k], a[k]);
        }
        // dW by ranges of its rows (the input columns), each in row order of the batch; db after.
        long inputs = sparseInput != null ? sparseInput.start[rows] : (long) rows * in;
        int parts = threads.parts(inputs * out, MIN_WORK_PER_THREAD);
        threads.run(parts, part -> {
            int first = in * part / parts;
            int end = in * (part + 1) / parts;
            for (int r = 0; r < rows; r++) {
                if (sparseInput != null) {
                    SparseRows x = sparseInput;
                    for (int k = x.start[r]; k < x.start[r + 1]; k++) {
                        int i = x.column[k];
                        if (i >= first && i < end) {
                            Cells.axpy(x.value[k], delta, r * out, g, offset + i * out, out);
                        }
                    }
                } else {
                    for (int i = first; i < end; i++) {
                        double xi = denseInput[r * in + i];
                        if (xi != 0) {
                            Cells.axpy(xi, delta, r * out, g, offset + i * out, out);
                        }
                    }
                }
            }
        });
        for (int r = 0; r < rows; r++) {
            Cells.axpy(1, delta, r * out, g, biasOffset(), out);
        }
        if (!wantInputGradient) {
            return null;
        }
        inputGradient = Cells.atLeast(inputGradient, rows * in);
        double[] result = inputGradient;
        int inputParts = threads.parts((long) rows * in * out, MIN_WORK_PER_THREAD);
        threads.run(inputParts, part -> {
            for (int r = rows * part / inputParts; r < rows * (part + 1) / inputParts; r++) {
                for (int i = 0; i < in; i++) {
                    result[r * in + i] = Cells.dot(delta, r * out, p, offset + i * out, out);
                }
            }
        });
        return inputGradient;
    }
}
