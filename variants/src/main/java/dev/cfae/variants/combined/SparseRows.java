package dev.cfae.variants.combined;

import dev.cfae.api.data.RatingMatrix;

import java.util.Arrays;

/**
 * A batch of matrix rows as lists of (column, value, weight): the input of an autoencoder's first
 * layer and the cells its loss compares. On the sparse path a row lists its observed cells (weight
 * 1); on the dense path it lists every column, unobserved ones with value 0 and weight 0. Either way
 * one excluded column per row (the rating being predicted) is left out of both input and loss.
 */
final class SparseRows {
    private final boolean dense;
    int rows;
    int[] start = new int[1];
    int[] column = new int[0];
    double[] value = new double[0];
    double[] weight = new double[0];
    /** Σ weight: the cells the loss averages over. */
    long cells;

    SparseRows(boolean dense) {
        this.dense = dense;
    }

    void clear() {
        rows = 0;
        cells = 0;
    }

    /** Appends row {@code row} of {@code matrix} without column {@code excluded} (−1 for none). */
    void add(RatingMatrix matrix, int row, int excluded) {
        int size = start[rows];
        int needed = size + (dense ? matrix.columns() : matrix.rowLength(row));
        if (column.length < needed) {
            int capacity = Math.max(needed, column.length * 2);
            column = Arrays.copyOf(column, capacity);
            value = Arrays.copyOf(value, capacity);
            weight = Arrays.copyOf(weight, capacity);
        }
        if (start.length < rows + 2) {
            start = Arrays.copyOf(start, Math.max(rows + 2, start.length * 2));
        }
        int p = matrix.rowStart(row);
        int end = matrix.rowEnd(row);
        if (dense) {
            for (int c = 0; c < matrix.columns(); c++) {
                boolean observed = p < end && matrix.column(p) == c;
                boolean kept = observed && c != excluded;
                column[size] = c;
                value[size] = kept ? matrix.value(p) : 0;
                weight[size] = kept ? 1 : 0;
                cells += kept ? 1 : 0;
                size++;
                p += observed ? 1 : 0;
            }
        } else {
            for (; p < end; p++) {
                if (matrix.column(p) != excluded) {
                    column[size] = matrix.column(p);
                    value[size] = matrix.value(p);
                    weight[size] = 1;
                    size++;
                    cells++;
                }
            }
        }
        start[++rows] = size;
    }
}
