package dev.cfae.engine.nn;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VectorKernelsTest {
    @Test
    void scaleGivesTheBitsOfAnAxpyIntoZerosSignedZerosIncluded() {
        Random random = new Random(3);
        float[] x = new float[19]; // two vectors and a scalar tail
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 3 == 0 ? 0f : random.nextFloat() - 0.5f; // exact zeros: a negative a · +0 is −0
        }
        for (float a : new float[] {-1.5f, 0.25f, -0f}) {
            float[] scaled = new float[x.length + 2];
            float[] added = new float[x.length + 2];

            VectorKernels.scale(a, x, 0, scaled, 2, x.length);
            VectorKernels.axpy(a, x, 0, added, 2, x.length);

            for (int i = 0; i < added.length; i++) {
                assertThat(Float.floatToRawIntBits(scaled[i])).as("a %s, element %d", a, i)
                        .isEqualTo(Float.floatToRawIntBits(added[i]));
            }
        }
    }

    @Test
    void dotSumsEveryProductWhateverTheLengthAndOffsets() {
        Random random = new Random(5);
        float[] x = new float[600];
        float[] y = new float[600];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() - 0.5f;
            y[i] = random.nextFloat() - 0.5f;
        }
        // Empty, scalar tail only, one vector, several, and vectors with a scalar tail.
        for (int n : new int[] {0, 5, 8, 31, 32, 33, 47, 64, 512, 517}) {
            double expected = 0;
            for (int k = 0; k < n; k++) {
                expected += (double) x[3 + k] * y[50 + k];
            }

            float dot = VectorKernels.dot(x, 3, y, 50, n);

            assertThat((double) dot).as("n %d", n).isCloseTo(expected, within(1e-5 * Math.max(1, Math.sqrt(n))));
        }
    }

    /** The batched kernels are the one-row kernels in order: the same bits, tails and signed zeros included. */
    @Test
    void axpyRowsGivesTheBitsOfOneAxpyPerRowInOrder() {
        Random random = new Random(7);
        // Rows 0 and 7 are all zeros: the first four rows' products are all −0, so a sum that starts
        // from +0 and one that starts from −0 differ, and −0 factors and ±0 in y come up further on.
        int[] rowOf = {7, 0, 7, 0, 3, 0, 11, 7, 7, 2, 9, 1, 4, 10, 5};
        float[] a = new float[rowOf.length];
        for (int p = 0; p < a.length; p++) {
            a[p] = p < 4 ? -1f - p : p % 4 == 1 ? -0f : random.nextFloat() * 4 - 2;
        }
        // The scalar tail only, one vector exactly, vectors and a tail, many vectors.
        for (int n : new int[] {3, 8, 19, 500}) {
            float[] x = new float[12 * n];
            for (int i = 0; i < x.length; i++) {
                int row = i / n;
                x[i] = row == 0 || row == 7 || i % 5 == 0 ? 0f : random.nextFloat() - 0.5f;
            }
            for (boolean add : new boolean[] {true, false}) {
                for (int from = 0; from <= 2; from++) {
                    for (int to = from; to <= rowOf.length; to++) {
                        float[] batched = new float[n + 3];
                        for (int k = 0; k < batched.length; k++) {
                            batched[k] = k % 3 == 0 ? -0f : k % 3 == 1 ? 0f : random.nextFloat();
                        }
                        float[] oneByOne = batched.clone();

                        VectorKernels.axpyRows(a, rowOf, from, to, x, batched, 3, n, add);
                        for (int p = from; p < to; p++) {
                            if (p == from && !add) {
                                VectorKernels.scale(a[p], x, rowOf[p] * n, oneByOne, 3, n);
                            } else {
                                VectorKernels.axpy(a[p], x, rowOf[p] * n, oneByOne, 3, n);
                            }
                        }
                        if (from == to && !add) {
                            Arrays.fill(oneByOne, 3, 3 + n, 0f);
                        }

                        for (int k = 0; k < batched.length; k++) {
                            assertThat(Float.floatToRawIntBits(batched[k]))
                                    .as("n %d, add %s, rows [%d, %d), element %d", n, add, from, to, k)
                                    .isEqualTo(Float.floatToRawIntBits(oneByOne[k]));
                        }
                    }
                }
            }
        }
    }

    @Test
    void dotRowsGivesTheBitsOfOneDotPerRow() {
        Random random = new Random(11);
        for (int n : new int[] {5, 8, 37, 500}) {
            float[] x = new float[n + 2];
            float[] y = new float[9 * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat() - 0.5f;
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = random.nextFloat() - 0.5f;
            }
            int[] rowOf = {8, 0, 3, 3, 5, 1, 7};
            float[] out = new float[rowOf.length + 1];

            VectorKernels.dotRows(x, 2, y, rowOf, 1, rowOf.length, n, out);

            assertThat(out[0]).isZero();
            for (int p = 1; p < rowOf.length; p++) {
                assertThat(Float.floatToRawIntBits(out[p])).as("n %d, row %d", n, p)
                        .isEqualTo(Float.floatToRawIntBits(VectorKernels.dot(x, 2, y, rowOf[p] * n, n)));
            }
        }
    }
}
