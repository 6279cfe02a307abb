package dev.cfae.variants.autoencoder;

import dev.cfae.api.SeededRandom;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.engine.nn.SparseBatch;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * The cells of a batch's rows that enter the loss when unobserved cells are sampled
 * ({@link AutoencoderSettings#unobservedSamples()}): each row's observed cells with their ratings,
 * plus that many of its unobserved cells with target 0, drawn uniformly without repeats (all of them
 * where the row has fewer). The dense and the sparse step both take their loss cells from here, so
 * the same random state gives both the same cells. Holds the last draw's cells, in CSR, until the
 * next draw, and reuses its arrays from one batch to the next: a step allocates nothing here once
 * they have grown to the largest batch.
 */
final class LossCells {
    private final int columns;
    /** Per column, whether the row being drawn for has it already (rated or drawn); all false between rows. */
    private final boolean[] taken;
    /** The drawn cells, or the unobserved cells they are drawn from (see {@link #draw}). */
    private final int[] drawn;
    // The last draw: row i's cells are positions [rowPointers[i], rowPointers[i + 1]) of cellColumns
    // and cellValues, columns ascending.
    private int rows;
    private int[] rowPointers = new int[1];
    private int[] cellColumns = new int[0];
    private float[] cellValues = new float[0];

    LossCells(int columns) {
        this.columns = columns;
        this.taken = new boolean[columns];
        this.drawn = new int[columns];
    }

    /**
     * Draws the loss cells of rows {@code rowOf(0..count)} of {@code matrix} from {@code random}; this
     * object's row i then holds row {@code rowOf(i)}'s cells. Returns their number.
     */
    int draw(RatingMatrix matrix, IntUnaryOperator rowOf, int count, int samples, SeededRandom random) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        if (matrix.columns() != columns) {
            throw new IllegalArgumentException("the matrix has " + matrix.columns() + " columns, not " + columns);
        }
        rows = 0; // until the draw is complete, so that a failed one leaves no half-drawn rows to read
        if (rowPointers.length < count + 1) {
            rowPointers = new int[count + 1];
        }
        long capacity = 0;
        for (int i = 0; i < count; i++) {
            int row = Objects.checkIndex(rowOf.applyAsInt(i), matrix.rows());
            int observed = matrix.rowLength(row);
            capacity += observed + Math.min(samples, columns - observed);
        }
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + count + " rows with " + samples
                    + " unobserved cells each has " + capacity + " loss cells, more than an array holds; "
                    + "lower unobserved-samples or the batch size");
        }
        if (cellColumns.length < capacity) {
            cellColumns = new int[(int) capacity];
            cellValues = new float[(int) capacity];
        }
        int at = 0;
        for (int i = 0; i < count; i++) {
            int row = rowOf.applyAsInt(i);
            int start = matrix.rowStart(row);
            int end = matrix.rowEnd(row);
            for (int p = start; p < end; p++) {
                taken[matrix.column(p)] = true;
            }
            int unobserved = columns - (end - start);
            int k = Math.min(samples, unobserved);
            if (unobserved <= 2L * k || 2L * unobserved <= columns) {
                // The row at least half full, or half its unobserved cells wanted: list them and draw
                // by a partial Fisher-Yates shuffle, where drawing columns and rejecting the taken
                // ones could take many draws per cell.
                int listed = 0;
                for (int c = 0; c < columns; c++) {
                    if (!taken[c]) {
                        drawn[listed++] = c;
                    }
                }
                for (int d = 0; d < k && k < unobserved; d++) {
                    int j = d + random.nextInt(unobserved - d);
                    int swap = drawn[d];
                    drawn[d] = drawn[j];
                    drawn[j] = swap;
                }
            } else {
                // Over half the columns unobserved and under half of them wanted: more than a
                // quarter of the draws hit a free cell, so under four draws per cell on average.
                for (int d = 0; d < k; ) {
                    int c = random.nextInt(columns);
                    if (!taken[c]) {
                        taken[c] = true;
                        drawn[d++] = c;
                    }
                }
            }
            Arrays.sort(drawn, 0, k);
            // Merge the observed cells (ascending) with the drawn ones (ascending, value 0).
            int p = start;
            int d = 0;
            while (p < end || d < k) {
                if (d == k || p < end && matrix.column(p) < drawn[d]) {
                    cellColumns[at] = matrix.column(p);
                    cellValues[at++] = matrix.value(p++);
                } else {
                    cellColumns[at] = drawn[d++];
                    cellValues[at++] = 0f;
                }
            }
            rowPointers[i + 1] = at;
            for (int q = start; q < end; q++) {
                taken[matrix.column(q)] = false;
            }
            for (int q = 0; q < k; q++) {
                taken[drawn[q]] = false;
            }
        }
        rows = count;
        return at;
    }

    /** The rows of the last draw. */
    int rows() {
        return rows;
    }

    /** The cells of the last draw. */
    int nnz() {
        return rowPointers[rows];
    }

    /** Row i's cells are positions {@code [rowStart(i), rowEnd(i))}. */
    int rowStart(int i) {
        return rowPointers[Objects.checkIndex(i, rows)];
    }

    int rowEnd(int i) {
        return rowPointers[Objects.checkIndex(i, rows) + 1];
    }

    int column(int p) {
        return cellColumns[Objects.checkIndex(p, nnz())];
    }

    float value(int p) {
        return cellValues[Objects.checkIndex(p, nnz())];
    }

    /** Fills {@code batch} with the last draw's rows. */
    void copyTo(SparseBatch batch) {
        batch.fill(rows, rowPointers, cellColumns, cellValues);
    }
}
