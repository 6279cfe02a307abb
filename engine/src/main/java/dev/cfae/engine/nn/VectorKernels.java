package dev.cfae.engine.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

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

    /**
     * y[yo..yo+n) = (add ? y : 0) + Σ a[p] · x[rowOf[p]·n ..+n) over p in [from, to), added in the
     * order of p element by element: the bits of one {@link #axpy} per p (a {@link #scale} for the first
     * when not adding), but with y read and written once per four rows instead of once per row, which
     * is what bounded those loops.
     */
    static void axpyRows(float[] a, int[] rowOf, int from, int to, float[] x, float[] y, int yo, int n,
            boolean add) {
        if (!add && from == to) {
            Arrays.fill(y, yo, yo + n, 0f);
            return;
        }
        int p = from;
        boolean started = add;
        for (; p + 4 <= to; p += 4) {
            axpy4(a[p], rowOf[p] * n, a[p + 1], rowOf[p + 1] * n, a[p + 2], rowOf[p + 2] * n, a[p + 3],
                    rowOf[p + 3] * n, x, y, yo, n, started);
            started = true;
        }
        for (; p < to; p++) {
            if (started) {
                axpy(a[p], x, rowOf[p] * n, y, yo, n);
            } else {
                scale(a[p], x, rowOf[p] * n, y, yo, n);
                started = true;
            }
        }
    }

    /** y = (add ? y : 0) + a0·x[o0..] + a1·x[o1..] + a2·x[o2..] + a3·x[o3..], in that order per element. */
    private static void axpy4(float a0, int o0, float a1, int o1, float a2, int o2, float a3, int o3, float[] x,
            float[] y, int yo, int n, boolean add) {
        FloatVector v0 = FloatVector.broadcast(SPECIES, a0);
        FloatVector v1 = FloatVector.broadcast(SPECIES, a1);
        FloatVector v2 = FloatVector.broadcast(SPECIES, a2);
        FloatVector v3 = FloatVector.broadcast(SPECIES, a3);
        FloatVector zero = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(n);
        int k = 0;
        for (; k < bound; k += LANES) {
            FloatVector sum = add ? FloatVector.fromArray(SPECIES, y, yo + k) : zero;
            sum = FloatVector.fromArray(SPECIES, x, o0 + k).fma(v0, sum);
            sum = FloatVector.fromArray(SPECIES, x, o1 + k).fma(v1, sum);
            sum = FloatVector.fromArray(SPECIES, x, o2 + k).fma(v2, sum);
            sum = FloatVector.fromArray(SPECIES, x, o3 + k).fma(v3, sum);
            sum.intoArray(y, yo + k);
        }
        for (; k < n; k++) {
            float sum = add ? y[yo + k] : 0f;
            sum += a0 * x[o0 + k];
            sum += a1 * x[o1 + k];
            sum += a2 * x[o2 + k];
            sum += a3 * x[o3 + k];
            y[yo + k] = sum;
        }
    }

    /**
     * out[p] = {@link #dot dot}(x, xo, y, rowOf[p]·n, n) for p in [from, to), with the bits of those
     * calls, four at a time: x is read once per four, and four independent sums keep the multiply-adds
     * from waiting on each other as one sum's chain does. (Each sum's lanes are added by the same
     * {@code reduceLanes} call as in {@link #dot}.)
     */
    static void dotRows(float[] x, int xo, float[] y, int[] rowOf, int from, int to, int n, float[] out) {
        int p = from;
        for (; p + 4 <= to; p += 4) {
            dot4(x, xo, y, rowOf[p] * n, rowOf[p + 1] * n, rowOf[p + 2] * n, rowOf[p + 3] * n, n, out, p);
        }
        for (; p < to; p++) {
            out[p] = dot(x, xo, y, rowOf[p] * n, n);
        }
    }

    private static void dot4(float[] x, int xo, float[] y, int o0, int o1, int o2, int o3, int n, float[] out,
            int at) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int bound = SPECIES.loopBound(n);
        int k = 0;
        for (; k < bound; k += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xo + k);
            s0 = v.fma(FloatVector.fromArray(SPECIES, y, o0 + k), s0);
            s1 = v.fma(FloatVector.fromArray(SPECIES, y, o1 + k), s1);
            s2 = v.fma(FloatVector.fromArray(SPECIES, y, o2 + k), s2);
            s3 = v.fma(FloatVector.fromArray(SPECIES, y, o3 + k), s3);
        }
        float r0 = s0.reduceLanes(VectorOperators.ADD);
        float r1 = s1.reduceLanes(VectorOperators.ADD);
        float r2 = s2.reduceLanes(VectorOperators.ADD);
        float r3 = s3.reduceLanes(VectorOperators.ADD);
        for (; k < n; k++) {
            float v = x[xo + k];
            r0 += v * y[o0 + k];
            r1 += v * y[o1 + k];
            r2 += v * y[o2 + k];
            r3 += v * y[o3 + k];
        }
        out[at] = r0;
        out[at + 1] = r1;
        out[at + 2] = r2;
        out[at + 3] = r3;
    }
}
