package dev.cfae.variants.combined;

import dev.cfae.engine.VectorApi;

/**
 * Per-element kernels of the combined model, on JVM-heap {@code double[]}s: the sparse first layer
 * and the masked output touch a few rows of large weight matrices, which whole-array ND4J calls
 * cannot express without densifying. Loops are shaped as axpy and dot over contiguous rows.
 */
final class Cells {
    private Cells() {
    }

    /**
     * {@code y[yo..yo+n) += a · x[xo..xo+n)}: with the Vector API, {@link DoubleKernels#axpy}, which
     * gives the same bits faster; without it, this loop.
     */
    static void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
        if (VectorApi.available()) {
            DoubleKernels.axpy(a, x, xo, y, yo, n);
        } else {
            scalarAxpy(a, x, xo, y, yo, n);
        }
    }

    static void scalarAxpy(double a, double[] x, int xo, double[] y, int yo, int n) {
        for (int j = 0; j < n; j++) {
            y[yo + j] += a * x[xo + j];
        }
    }

    /**
     * Σ x[xo+j]·y[yo+j] over {@code j < n}, with four partial sums to break the add chain: with the
     * Vector API, {@link DoubleKernels#dot}, which gives the same bits faster; without it, this loop.
     */
    static double dot(double[] x, int xo, double[] y, int yo, int n) {
        return VectorApi.available() ? DoubleKernels.dot(x, xo, y, yo, n) : scalarDot(x, xo, y, yo, n);
    }

    static double scalarDot(double[] x, int xo, double[] y, int yo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += x[xo + j] * y[yo + j];
            s1 += x[xo + j + 1] * y[yo + j + 1];
            s2 += x[xo + j + 2] * y[yo + j + 2];
            s3 += x[xo + j + 3] * y[yo + j + 3];
        }
        for (; j < n; j++) {
            s0 += x[xo + j] * y[yo + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Grows {@code array} to at least {@code n} elements, keeping nothing. */
    static double[] atLeast(double[] array, int n) {
        return array.length >= n ? array : new double[n];
    }
}
