package dev.cfae.engine.nn;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

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
}
