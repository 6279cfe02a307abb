package dev.cfae.variants.combined;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Cells}' axpy and dot with the Vector API, giving their plain loops' bits: a multiply then an
 * add, never a fused multiply-add, and for the dot the same four partial sums, one per lane. JDK 17's
 * C2 vectorises the plain axpy only partly (docs/PERFORMANCE.md has the measurement). Only loaded
 * where {@link dev.cfae.engine.VectorApi#available()}: the module present and 256-bit vectors.
 */
final class DoubleKernels {
    /** Four lanes: the dot's four partial sums. */
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_256;

    private DoubleKernels() {
    }

    static void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
        DoubleVector va = DoubleVector.broadcast(SPECIES, a);
        int bound = SPECIES.loopBound(n);
        int j = 0;
        for (; j < bound; j += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, x, xo + j).mul(va).add(DoubleVector.fromArray(SPECIES, y, yo + j))
                    .intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            y[yo + j] += a * x[xo + j];
        }
    }

    static double dot(double[] x, int xo, double[] y, int yo, int n) {
        DoubleVector sums = DoubleVector.zero(SPECIES);
        int bound = SPECIES.loopBound(n);
        int j = 0;
        for (; j < bound; j += SPECIES.length()) {
            sums = sums.add(DoubleVector.fromArray(SPECIES, x, xo + j).mul(DoubleVector.fromArray(SPECIES, y, yo + j)));
        }
        double s0 = sums.lane(0);
        for (; j < n; j++) {
            s0 += x[xo + j] * y[yo + j];
        }
        return (s0 + sums.lane(1)) + (sums.lane(2) + sums.lane(3));
    }
}
