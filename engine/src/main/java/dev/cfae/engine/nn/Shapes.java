package dev.cfae.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/** Argument checks shared by the layers, with messages that say what was expected. */
final class Shapes {
    private Shapes() {
    }

    /** A {@code [rows, width]} matrix with at least one row. */
    static void requireRows(INDArray array, int width, String name) {
        requireNonNull(array, name + " is null");
        if (array.rank() != 2 || array.columns() != width || array.rows() < 1) {
            throw new IllegalArgumentException(name + " must be [batch, " + width + "], got "
                    + Arrays.toString(array.shape()));
        }
    }

    static void requireSameShape(INDArray array, INDArray expected, String name) {
        requireNonNull(array, name + " is null");
        if (!Arrays.equals(array.shape(), expected.shape())) {
            throw new IllegalArgumentException(name + " must be " + Arrays.toString(expected.shape()) + ", got "
                    + Arrays.toString(array.shape()));
        }
        if (array.dataType() != expected.dataType()) {
            throw new IllegalArgumentException(name + " must be " + expected.dataType() + ", got " + array.dataType());
        }
    }
}
