package dev.cfae.engine.nn;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Vector API ReLU gives ND4J's results, on whole buffers and on row ranges of larger ones. */
final class OffHeapKernelsTest {
    @Test
    void reluAndItsGradientMatchNd4jOnContiguousRowRanges() {
        // Rows 2..8 of a 9 x 13 buffer: an offset view, and 91 values, not a multiple of the vector width.
        INDArray z = Nd4j.randn(DataType.FLOAT, 9, 13).get(NDArrayIndex.interval(2, 9), NDArrayIndex.all());
        z.putScalar(0, 0, 0f); // the kink itself: f' = 0 there, as ND4J has it
        INDArray gradient = Nd4j.randn(DataType.FLOAT, 7, 13);
        assertThat(OffHeapKernels.fits(z, gradient)).isTrue();

        INDArray a = Nd4j.create(DataType.FLOAT, 7, 13);
        Activation.RELU.apply(z, a);
        INDArray result = Nd4j.create(DataType.FLOAT, 7, 13);
        Activation.RELU.backprop(z, a, gradient, result);

        INDArray wantA = Nd4j.create(DataType.FLOAT, 7, 13);
        Nd4j.exec(new RectifiedLinear(z.dup(), wantA, 0.0));
        INDArray wantResult = Nd4j.create(DataType.FLOAT, 7, 13);
        Nd4j.exec(new ThresholdReluBp(wantA, gradient, wantResult, 0.0));
        assertThat(a.toFloatMatrix()).isEqualTo(wantA.toFloatMatrix());
        assertThat(result.toFloatMatrix()).isEqualTo(wantResult.toFloatMatrix());
        assertThat(result.getFloat(0, 0)).isZero();
    }

    @Test
    void biasAddAndColumnSumsMatchNd4j() {
        // 5 x 13: rows that are not a multiple of the vector width; the bias a slice of a flat buffer.
        INDArray matrix = Nd4j.randn(DataType.FLOAT, 5, 13);
        INDArray flat = Nd4j.randn(DataType.FLOAT, 1, 40);
        INDArray bias = FlatBuffers.slice(flat, 20, 13);
        assertThat(OffHeapKernels.fitsRows(matrix, bias)).isTrue();

        INDArray added = matrix.dup();
        OffHeapKernels.addRowVector(added, bias);
        INDArray sums = FlatBuffers.slice(Nd4j.zeros(DataType.FLOAT, 1, 40), 3, 13);
        OffHeapKernels.columnSums(matrix, sums);

        assertThat(added.toFloatMatrix()).isEqualTo(matrix.addRowVector(bias).toFloatMatrix());
        float[] want = matrix.sum(0).toFloatVector();
        float[] got = sums.toFloatVector();
        for (int c = 0; c < 13; c++) {
            assertThat(got[c]).as("column %d", c).isCloseTo(want[c], within(1e-5f));
        }
        assertThat(OffHeapKernels.fitsRows(matrix, Nd4j.zeros(DataType.FLOAT, 12))).isFalse();
    }

    @Test
    void otherLayoutsAndTypesAreLeftToNd4j() {
        INDArray transposed = Nd4j.randn(DataType.FLOAT, 4, 6).transpose();
        INDArray columns = Nd4j.randn(DataType.FLOAT, 6, 8).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4));

        assertThat(OffHeapKernels.fits(transposed)).isFalse();
        assertThat(OffHeapKernels.fits(columns)).isFalse();
        assertThat(OffHeapKernels.fits(Nd4j.randn(DataType.DOUBLE, 2, 3))).isFalse();
        assertThat(OffHeapKernels.fits(Nd4j.randn(DataType.FLOAT, 2, 3), Nd4j.randn(DataType.FLOAT, 2, 4))).isFalse();

        INDArray a = Nd4j.create(DataType.FLOAT, 6, 4);
        Activation.RELU.apply(transposed, a);
        float[][] z = transposed.toFloatMatrix();
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(a.getFloat(r, c)).isEqualTo(Math.max(z[r][c], 0f));
            }
        }
    }
}
