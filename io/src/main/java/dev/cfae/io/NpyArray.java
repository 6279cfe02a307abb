package dev.cfae.io;

import static java.util.Objects.requireNonNull;

/**
 * A two-dimensional float32 array as stored in a {@code .npy} file.
 *
 * @param rows         the first dimension of the shape
 * @param columns      the second dimension of the shape
 * @param fortranOrder true if {@code values} are stored column by column, false if row by row
 * @param values       the elements in storage order (not copied)
 */
public record NpyArray(int rows, int columns, boolean fortranOrder, float[] values) {
    public NpyArray {
        requireNonNull(values, "values is null");
        if (rows < 0 || columns < 0 || (long) rows * columns != values.length) {
            throw new IllegalArgumentException("shape (" + rows + ", " + columns + ") does not match "
                    + values.length + " values");
        }
    }

    /** The element at (row, column), whatever the storage order. */
    public float get(int row, int column) {
        if (row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("(" + row + ", " + column + ") outside (" + rows + ", " + columns + ")");
        }
        return fortranOrder ? values[column * rows + row] : values[row * columns + column];
    }
}
