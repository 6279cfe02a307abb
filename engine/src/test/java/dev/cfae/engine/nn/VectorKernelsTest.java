package dev.cfae.engine.nn;

import org.junit.jupiter.api.Test;

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
}
