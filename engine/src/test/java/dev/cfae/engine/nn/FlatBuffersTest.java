package dev.cfae.engine.nn;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class FlatBuffersTest {
    @Test
    void sliceWritesThroughToTheBuffer() {
        INDArray buffer = Nd4j.create(DataType.FLOAT, 1, 10);

        FlatBuffers.slice(buffer, 3, 4).assign(2);

        assertThat(buffer.data().asFloat()).containsExactly(0, 0, 0, 2, 2, 2, 2, 0, 0, 0);
    }

    @Test
    void copiesLandAtTheViewsOffset() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray matrix = Nd4j.create(type, 4, 3);
            INDArray rows = matrix.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());

            FlatBuffers.copyFrom(new float[] {1, 2, 3, 4, 5, 6, 99}, rows);
            float[] back = new float[6];
            FlatBuffers.copyTo(rows, back);

            assertThat(matrix.castTo(DataType.FLOAT).data().asFloat())
                    .containsExactly(0, 0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0);
            assertThat(back).containsExactly(1, 2, 3, 4, 5, 6);
        }
    }

    @Test
    void rejectsNonContiguousArrays() {
        INDArray column = Nd4j.create(DataType.FLOAT, 4, 3).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2));

        assertThatThrownBy(() -> FlatBuffers.copyFrom(new float[8], column))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contiguous");
    }

    @Test
    void rowBufferReusesItsStorageForSmallerBatches() {
        RowBuffer buffer = new RowBuffer(3);

        INDArray large = buffer.rows(5, DataType.FLOAT);
        large.assign(1);
        INDArray small = buffer.rows(2, DataType.FLOAT);
        small.assign(2);

        assertThat(small.shape()).containsExactly(2, 3);
        assertThat(large.getFloat(0, 0)).isEqualTo(2f);
        assertThat(large.getFloat(4, 0)).isEqualTo(1f);
        assertThat(buffer.rows(2, DataType.FLOAT)).isSameAs(small);
        assertThat(buffer.rows(6, DataType.FLOAT).shape()).containsExactly(6, 3);
    }

    @Test
    void rowsOfAOneColumnBufferAreContiguous() {
        // A single item (or single user, item-oriented) gives [n, 1] batches; ND4J's views of those
        // once failed the contiguity check.
        RowBuffer buffer = new RowBuffer(1);
        buffer.rows(5, DataType.FLOAT);
        for (int rows = 1; rows <= 5; rows++) {
            INDArray view = buffer.rows(rows, DataType.FLOAT);
            float[] values = new float[rows];
            for (int k = 0; k < rows; k++) {
                values[k] = k + 1;
            }

            FlatBuffers.copyFrom(values, view);
            float[] back = new float[rows];
            FlatBuffers.copyTo(view, back);

            assertThat(back).containsExactly(values);
            assertThat(view.getFloat(rows - 1, 0)).isEqualTo(rows);
        }
        INDArray matrix = Nd4j.create(DataType.FLOAT, 6, 1);
        assertThat(FlatBuffers.isContiguousRowMajor(matrix.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all()))).isTrue();
        assertThat(FlatBuffers.isContiguousRowMajor(Nd4j.create(DataType.FLOAT, 3, 4).transpose())).isFalse();
    }
}
