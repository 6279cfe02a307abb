package dev.cfae.variants.combined;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CellsTest {
    /** Empty, tail only, one vector, vectors with and without a tail, and the seed's layer widths. */
    private static final int[] LENGTHS = {0, 3, 4, 9, 16, 127, 128, 512};

    @Test
    void vectorKernelsGiveThePlainLoopsBits() {
        Random random = new Random(11);
        double[] x = random.doubles(600, -1, 1).toArray();
        for (int n : LENGTHS) {
            double[] vectorY = random.doubles(600, -1, 1).toArray();
            double[] plainY = vectorY.clone();

            DoubleKernels.axpy(0.37, x, 5, vectorY, 40, n);
            Cells.scalarAxpy(0.37, x, 5, plainY, 40, n);
            double vectorDot = DoubleKernels.dot(x, 5, plainY, 40, n);
            double plainDot = Cells.scalarDot(x, 5, plainY, 40, n);

            for (int i = 0; i < plainY.length; i++) {
                assertThat(Double.doubleToRawLongBits(vectorY[i])).as("n %d, axpy element %d", n, i)
                        .isEqualTo(Double.doubleToRawLongBits(plainY[i]));
            }
            assertThat(Double.doubleToRawLongBits(vectorDot)).as("n %d, dot %s vs %s", n, vectorDot, plainDot)
                    .isEqualTo(Double.doubleToRawLongBits(plainDot));
        }
    }
}
