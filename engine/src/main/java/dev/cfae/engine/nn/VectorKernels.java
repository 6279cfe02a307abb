package dev.cfae.engine.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loops of the sparse kernels on heap {@code float[]}s, with the Vector API: JDK 17's C2
 * does not vectorise these loops itself (measured 5-7x slower as plain Java). 256-bit vectors,
 * because the preferred 512-bit species was slower on the AVX-512 machine we measured.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
    private static final int LANES = SPECIES.length();

    private VectorKernels() {
    }

    /** y[yo..yo+n) += a · x[xo..xo+n). */
    static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(SPECIES, a);
        int bound = SPECIES.loopBound(n);
        int k = 0;
        for (; k < bound; k += LANES) {
            FloatVector.fromArray(SPECIES, x, xo + k).fma(va, FloatVector.fromArray(SPECIES, y, yo + k))
                    .intoArray(y, yo + k);
        }
        for (; k < n; k++) {
            y[yo + k] += a * x[xo + k];
        }
    }

    /**
     * y[yo..yo+n) = a · x[xo..xo+n) + 0: exactly what {@link #axpy} gives into zeros, down to the
     * sign of an exact zero (a · x alone would give −0 where the sum gives +0).
     */
    static void scale(float a, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(SPECIES, a);
        FloatVector zero = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(n);
        int k = 0;
        for (; k < bound; k += LANES) {
            FloatVector.fromArray(SPECIES, x, xo + k).fma(va, zero).intoArray(y, yo + k);
        }
        for (; k < n; k++) {
            y[yo + k] = 0f + a * x[xo + k];
        }
    }

    /** Σ x[xo+k] · y[yo+k] over k in [0, n). */
    static float dot(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector sum = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(n);
        int k = 0;
        for (; k < bound; k += LANES) {
            sum = FloatVector.fromArray(SPECIES, x, xo + k).fma(FloatVector.fromArray(SPECIES, y, yo + k), sum);
        }
        float result = sum.reduceLanes(VectorOperators.ADD);
        for (; k < n; k++) {
            result += x[xo + k] * y[yo + k];
        }
        return result;
    }
}
