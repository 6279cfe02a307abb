package dev.cfae.engine.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The direct sgemm gives ND4J's bits, on offset views as the layers hold them, and falls back where it must. */
final class GemmTest {
    @ParameterizedTest(name = "{0} x {1} x {2}, transpose a {3}, b {4}")
    @CsvSource({
            "8, 128, 512, false, false", "8, 512, 128, false, true", "512, 128, 8, true, false",
            "256, 128, 512, false, false", "3, 5, 7, true, true", "1, 1000, 33, false, true"})
    void givesNd4jsBitsOnOffsetViews(int m, int n, int k, boolean transposeA, boolean transposeB) {
        Nd4j.getRandom().setSeed(7);
        INDArray a = offsetView(transposeA ? k : m, transposeA ? m : k, 5);
        INDArray b = offsetView(transposeB ? n : k, transposeB ? k : n, 11);
        INDArray c = offsetView(m, n, 3);
        INDArray want = Nd4j.create(DataType.FLOAT, m, n);
        assertThat(Gemm.callsOpenBlas(a, b, c, transposeA, transposeB)).as("the direct path").isTrue();

        Gemm.multiply(a, b, c, transposeA, transposeB);
        Nd4j.gemm(a, b, want, transposeA, transposeB, 1.0, 0.0);

        assertThat(c.toFloatMatrix()).isEqualTo(want.toFloatMatrix());
        assertThat(c.getDouble(m - 1, n - 1)).isCloseTo(dot(a, b, m - 1, n - 1, transposeA, transposeB), within(1e-3));
    }

    @Test
    void aRowOfALargerMatrixTakesTheDirectPath() {
        // As RowBuffer hands out one row: a [1, 6] view with the [3, 6] matrix's row stride.
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, 6).get(NDArrayIndex.interval(1, 2), NDArrayIndex.all());
        INDArray b = Nd4j.rand(DataType.FLOAT, 6, 4);
        INDArray c = Nd4j.rand(DataType.FLOAT, 3, 4).get(NDArrayIndex.interval(2, 3), NDArrayIndex.all());
        INDArray want = Nd4j.create(DataType.FLOAT, 1, 4);
        assertThat(Gemm.callsOpenBlas(a, b, c, false, false)).isTrue();

        Gemm.multiply(a, b, c, false, false);
        Nd4j.gemm(a.dup(), b, want, false, false, 1.0, 0.0);

        assertThat(c.toFloatMatrix()).isEqualTo(want.toFloatMatrix());
    }

    @Test
    void otherTypesAndLayoutsGoThroughNd4j() {
        Nd4j.getRandom().setSeed(3);
        INDArray a = Nd4j.rand(DataType.DOUBLE, 4, 6);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 6, 5);
        INDArray c = Nd4j.create(DataType.DOUBLE, 4, 5);
        assertThat(Gemm.callsOpenBlas(a, b, c, false, false)).isFalse();
        Gemm.multiply(a, b, c, false, false);
        assertThat(c.getDouble(3, 4)).isCloseTo(dot(a, b, 3, 4, false, false), within(1e-12));

        INDArray columnMajor = Nd4j.rand(DataType.FLOAT, 'f', 4, 6);
        INDArray bf = Nd4j.rand(DataType.FLOAT, 6, 5);
        INDArray cf = Nd4j.create(DataType.FLOAT, 4, 5);
        assertThat(Gemm.callsOpenBlas(columnMajor, bf, cf, false, false)).isFalse();
        Gemm.multiply(columnMajor, bf, cf, false, false);
        assertThat(cf.getDouble(2, 1)).isCloseTo(dot(columnMajor, bf, 2, 1, false, false), within(1e-5));
    }

    /** op(a) is 4 x 6 and op(b) 6 x 3 in every case; one of a, b, c is off by one. */
    @ParameterizedTest(name = "transpose a {0}, b {1}, wrong {2}")
    @CsvSource({
            "false, false, b", "false, false, c-rows", "false, false, c-columns",
            "true, false, b", "true, false, c-rows", "true, false, c-columns",
            "false, true, b", "false, true, c-rows", "false, true, c-columns",
            "true, true, b", "true, true, c-rows", "true, true, c-columns"})
    void mismatchedShapesNeverReachOpenBlas(boolean transposeA, boolean transposeB, String wrong) {
        INDArray a = transposeA ? Nd4j.rand(DataType.FLOAT, 6, 4) : Nd4j.rand(DataType.FLOAT, 4, 6);
        int inner = wrong.equals("b") ? 5 : 6;
        INDArray b = transposeB ? Nd4j.rand(DataType.FLOAT, 3, inner) : Nd4j.rand(DataType.FLOAT, inner, 3);
        INDArray c = Nd4j.create(DataType.FLOAT, wrong.equals("c-rows") ? 5 : 4, wrong.equals("c-columns") ? 2 : 3);

        assertThat(Gemm.callsOpenBlas(a, b, c, transposeA, transposeB)).isFalse();
        assertThatThrownBy(() -> Gemm.multiply(a, b, c, transposeA, transposeB)).isInstanceOf(RuntimeException.class);
    }

    /** A [rows, columns] row-major view starting {@code offset} floats into a larger buffer. */
    private static INDArray offsetView(int rows, int columns, int offset) {
        INDArray flat = Nd4j.rand(DataType.FLOAT, 1, offset + rows * columns + 4);
        INDArray view = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + rows * columns))
                .reshape('c', rows, columns);
        assertThat(view.offset()).isEqualTo(offset);
        return view;
    }

    private static double dot(INDArray a, INDArray b, int row, int column, boolean transposeA, boolean transposeB) {
        long k = transposeA ? a.rows() : a.columns();
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += (transposeA ? a.getDouble(i, row) : a.getDouble(row, i))
                    * (transposeB ? b.getDouble(column, i) : b.getDouble(i, column));
        }
        return sum;
    }
}
