package dev.cfae.variants.combined;

import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.engine.nn.Activation;

import java.util.List;

/**
 * A dense layer {@code a = f(x·W + b)} over heap arrays, with {@code W [in, out]} row-major at
 * {@code offset} of the flat parameters and {@code b [out]} after it. The input is either dense rows
 * (zeros skipped) or {@link SparseRows}; for sparse input only the weight rows of listed columns are
 * read, and only they get a gradient. Caches what its backward pass needs.
 */
final class HeapDense {
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
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < in; i++) {
                double xi = x[r * in + i];
                if (xi != 0) {
                    Cells.axpy(xi, p, offset + i * out, z, r * out, out);
                }
            }
        }
        return activate();
    }

    /** Forward over the rows of a sparse batch: reads only the weight rows of listed columns. */
    double[] forward(double[] p, SparseRows x) {
        this.rows = x.rows;
        this.denseInput = null;
        this.sparseInput = x;
        prepare(p, rows);
        for (int r = 0; r < rows; r++) {
            for (int k = x.start[r]; k < x.start[r + 1]; k++) {
                Cells.axpy(x.value[k], p, offset + x.column[k] * out, z, r * out, out);
            }
        }
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
            a[k] = Cells.apply(activation, z[k]);
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
            delta[k] = da[k] * Cells.derivative(activation, z[k], a[k]);
        }
        for (int r = 0; r < rows; r++) {
            if (sparseInput != null) {
                SparseRows x = sparseInput;
                for (int k = x.start[r]; k < x.start[r + 1]; k++) {
                    Cells.axpy(x.value[k], delta, r * out, g, offset + x.column[k] * out, out);
                }
            } else {
                for (int i = 0; i < in; i++) {
                    double xi = denseInput[r * in + i];
                    if (xi != 0) {
                        Cells.axpy(xi, delta, r * out, g, offset + i * out, out);
                    }
                }
            }
            Cells.axpy(1, delta, r * out, g, biasOffset(), out);
        }
        if (!wantInputGradient) {
            return null;
        }
        inputGradient = Cells.atLeast(inputGradient, rows * in);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < in; i++) {
                inputGradient[r * in + i] = Cells.dot(delta, r * out, p, offset + i * out, out);
            }
        }
        return inputGradient;
    }
}
