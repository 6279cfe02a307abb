package dev.cfae.api.data;

import java.util.Arrays;

/**
 * A sparse matrix of ratings in compressed sparse row (CSR) form: row {@code r} holds the entries
 * at positions {@code rowStart(r) .. rowEnd(r)-1}, with strictly increasing columns. Immutable.
 *
 * <p>For the user orientation the rows are users and the columns items; {@link #transpose()} gives
 * the item orientation. A dense rows × columns matrix is never built from it: dense rows exist only
 * per batch, filled by the engine.
 */
public final class RatingMatrix {
    private final int rows;
    private final int columns;
    private final int[] rowPointers;
    private final int[] columnIndices;
    private final float[] values;

    private RatingMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values) {
        this.rows = rows;
        this.columns = columns;
        this.rowPointers = rowPointers;
        this.columnIndices = columnIndices;
        this.values = values;
    }

    /** The user × item matrix of a rating list. Fails if a (user, item) pair occurs twice. */
    public static RatingMatrix byUser(Ratings ratings) {
        int n = ratings.size();
        int[] rowIdx = new int[n];
        int[] colIdx = new int[n];
        float[] vals = new float[n];
        for (int k = 0; k < n; k++) {
            rowIdx[k] = ratings.user(k);
            colIdx[k] = ratings.item(k);
            vals[k] = ratings.rating(k);
        }
        return fromTriples(ratings.users().size(), ratings.items().size(), rowIdx, colIdx, vals);
    }

    /**
     * A matrix from coordinate triples (not modified). Entries are sorted by row, then column.
     * Fails if a (row, column) pair occurs twice or an index is out of range.
     */
    public static RatingMatrix fromTriples(int rows, int columns, int[] rowIdx, int[] colIdx, float[] vals) {
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("negative shape " + rows + " x " + columns);
        }
        int n = vals.length;
        if (rowIdx.length != n || colIdx.length != n) {
            throw new IllegalArgumentException("triple arrays differ in length");
        }
        int[] pointers = new int[rows + 1];
        for (int k = 0; k < n; k++) {
            int r = rowIdx[k];
            if (r < 0 || r >= rows || colIdx[k] < 0 || colIdx[k] >= columns) {
                throw new IllegalArgumentException("entry (" + r + ", " + colIdx[k] + ") outside " + rows + " x " + columns);
            }
            pointers[r + 1]++;
        }
        for (int r = 0; r < rows; r++) {
            pointers[r + 1] += pointers[r];
        }
        int[] next = Arrays.copyOf(pointers, rows);
        int[] cols = new int[n];
        float[] out = new float[n];
        for (int k = 0; k < n; k++) {
            int p = next[rowIdx[k]]++;
            cols[p] = colIdx[k];
            out[p] = vals[k];
        }
        for (int r = 0; r < rows; r++) {
            sortRow(cols, out, pointers[r], pointers[r + 1]);
            for (int p = pointers[r] + 1; p < pointers[r + 1]; p++) {
                if (cols[p] == cols[p - 1]) {
                    throw new IllegalArgumentException("duplicate entry at (" + r + ", " + cols[p] + ")");
                }
            }
        }
        return new RatingMatrix(rows, columns, pointers, cols, out);
    }

    private static void sortRow(int[] cols, float[] vals, int from, int to) {
        // Insertion sort is fine for short rows; long rows fall back to an index sort.
        if (to - from <= 32) {
            for (int i = from + 1; i < to; i++) {
                int c = cols[i];
                float v = vals[i];
                int j = i - 1;
                while (j >= from && cols[j] > c) {
                    cols[j + 1] = cols[j];
                    vals[j + 1] = vals[j];
                    j--;
                }
                cols[j + 1] = c;
                vals[j + 1] = v;
            }
            return;
        }
        long[] packed = new long[to - from];
        for (int i = from; i < to; i++) {
            packed[i - from] = ((long) cols[i] << 32) | (Float.floatToRawIntBits(vals[i]) & 0xffffffffL);
        }
        Arrays.sort(packed);
        for (int i = from; i < to; i++) {
            cols[i] = (int) (packed[i - from] >>> 32);
            vals[i] = Float.intBitsToFloat((int) packed[i - from]);
        }
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Number of stored (observed) entries. */
    public int nnz() {
        return values.length;
    }

    public int rowStart(int row) {
        return rowPointers[row];
    }

    public int rowEnd(int row) {
        return rowPointers[row + 1];
    }

    public int rowLength(int row) {
        return rowPointers[row + 1] - rowPointers[row];
    }

    /** Column of the entry at storage position {@code p}. */
    public int column(int p) {
        return columnIndices[p];
    }

    /** Value of the entry at storage position {@code p}. */
    public float value(int p) {
        return values[p];
    }

    /** The stored value at (row, column), or {@code missing} if that cell is not observed. */
    public float get(int row, int column, float missing) {
        int p = Arrays.binarySearch(columnIndices, rowPointers[row], rowPointers[row + 1], column);
        return p >= 0 ? values[p] : missing;
    }

    /** The columns × rows matrix with the same entries. */
    public RatingMatrix transpose() {
        int n = values.length;
        int[] pointers = new int[columns + 1];
        for (int p = 0; p < n; p++) {
            pointers[columnIndices[p] + 1]++;
        }
        for (int c = 0; c < columns; c++) {
            pointers[c + 1] += pointers[c];
        }
        int[] next = Arrays.copyOf(pointers, columns);
        int[] cols = new int[n];
        float[] out = new float[n];
        for (int r = 0; r < rows; r++) {
            for (int p = rowPointers[r]; p < rowPointers[r + 1]; p++) {
                int q = next[columnIndices[p]]++;
                cols[q] = r; // rows are visited in order, so each transposed row comes out sorted
                out[q] = values[p];
            }
        }
        return new RatingMatrix(columns, rows, pointers, cols, out);
    }

    /** The same pattern with every value multiplied by {@code factor}. */
    public RatingMatrix scaled(float factor) {
        float[] out = values.clone();
        for (int p = 0; p < out.length; p++) {
            out[p] *= factor;
        }
        return new RatingMatrix(rows, columns, rowPointers, columnIndices, out);
    }

    /** Copies of the three CSR arrays: row pointers (rows + 1), column indices and values (nnz each). */
    public int[] rowPointers() {
        return rowPointers.clone();
    }

    public int[] columnIndices() {
        return columnIndices.clone();
    }

    public float[] values() {
        return values.clone();
    }

    /** A matrix from CSR arrays (copied and validated): sorted, distinct, in-range columns per row. */
    public static RatingMatrix fromCsr(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values) {
        if (rows < 0 || columns < 0 || rowPointers.length != rows + 1 || rowPointers[0] != 0
                || columnIndices.length != values.length || rowPointers[rows] != values.length) {
            throw new IllegalArgumentException("inconsistent CSR arrays for a " + rows + " x " + columns + " matrix");
        }
        for (int r = 0; r < rows; r++) {
            if (rowPointers[r + 1] < rowPointers[r]) {
                throw new IllegalArgumentException("row pointers decrease at row " + r);
            }
            for (int p = rowPointers[r]; p < rowPointers[r + 1]; p++) {
                int c = columnIndices[p];
                if (c < 0 || c >= columns || (p > rowPointers[r] && c <= columnIndices[p - 1])) {
                    throw new IllegalArgumentException("column indices of row " + r + " are out of range or not increasing");
                }
            }
        }
        return new RatingMatrix(rows, columns, rowPointers.clone(), columnIndices.clone(), values.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RatingMatrix m && rows == m.rows && columns == m.columns
                && Arrays.equals(rowPointers, m.rowPointers) && Arrays.equals(columnIndices, m.columnIndices)
                && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return (rows * 31 + columns) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "RatingMatrix[" + rows + " x " + columns + ", nnz=" + values.length + "]";
    }
}
