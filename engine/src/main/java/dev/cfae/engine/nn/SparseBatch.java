package dev.cfae.engine.nn;

import dev.cfae.api.data.RatingMatrix;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * A batch of sparse rows (CSR) plus the union of the columns they use: each entry knows the slot of
 * its column in that union, so a kernel gathers each weight row it needs once per batch and
 * scatters each gradient row once. Slots follow ascending column order, so rows gathered by slot are
 * in the order of the weight matrix, and runs of adjacent columns are runs of adjacent slots. Its
 * arrays grow to the largest batch and are then reused, so filling a batch allocates nothing in the
 * steady state.
 */
public final class SparseBatch {
    private final int width;
    private final int[] slotOfColumn;
    private int rows;
    private int nnz;
    private int[] rowStarts = new int[1];
    private int[] slots = new int[0];
    private float[] values = new float[0];
    private int[] used = new int[0];
    private int usedCount;
    /** One bit per column, for numbering the used columns in order; all clear between fills. */
    private final long[] columnBits;
    // The entries by slot (CSC), built on first use after a fill: slot s has positions
    // [slotStarts[s], slotStarts[s + 1]) of entryRows and entryIndices, in row order.
    private boolean bySlotBuilt;
    private int[] slotStarts = new int[1];
    private int[] entryRows = new int[0];
    private int[] entryIndices = new int[0];

    /** A batch of rows with {@code width} columns. */
    public SparseBatch(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive: " + width);
        }
        this.width = width;
        this.slotOfColumn = new int[width];
        this.columnBits = new long[(width + 63) >>> 6];
    }

    /** Takes rows {@code rowOf(0..count)} of {@code matrix}; returns the number of entries. */
    public int fill(RatingMatrix matrix, IntUnaryOperator rowOf, int count) {
        if (matrix.columns() != width) {
            throw new IllegalArgumentException("matrix has " + matrix.columns() + " columns, the batch " + width);
        }
        begin(count);
        // One walk over the rows counts their entries and marks their columns.
        int total = 0;
        try {
            for (int i = 0; i < count; i++) {
                int row = rowOf.applyAsInt(i);
                total += matrix.rowLength(row);
                for (int q = matrix.rowStart(row); q < matrix.rowEnd(row); q++) {
                    mark(matrix.column(q));
                }
            }
        } catch (RuntimeException e) {
            Arrays.fill(columnBits, 0); // so that the next fill starts clean
            throw e;
        }
        numberUsedColumns(total);
        int p = 0;
        for (int i = 0; i < count; i++) {
            int row = rowOf.applyAsInt(i);
            rowStarts[i] = p;
            for (int q = matrix.rowStart(row); q < matrix.rowEnd(row); q++) {
                slots[p] = slotOfColumn[matrix.column(q)];
                values[p] = matrix.value(q);
                p++;
            }
        }
        return end(count, p);
    }

    /**
     * Takes {@code count} rows given in CSR arrays: row i's entries are positions
     * {@code [rowPointers[i], rowPointers[i + 1])} of {@code columns} and {@code values}, with columns
     * strictly ascending within a row, as in a {@link RatingMatrix}. Returns the number of entries. For
     * rows built anew each step, which this copies without a {@link RatingMatrix} around them.
     *
     * @throws IllegalArgumentException if the arrays do not hold such rows; the batch is then empty
     */
    public int fill(int count, int[] rowPointers, int[] columns, float[] values) {
        if (count < 0 || rowPointers.length <= count) {
            throw new IllegalArgumentException(count + " rows need " + (count + 1) + " row pointers, got "
                    + rowPointers.length);
        }
        for (int i = 0; i < count; i++) {
            if (rowPointers[i + 1] < rowPointers[i]) {
                throw new IllegalArgumentException("row pointers decrease at row " + i);
            }
        }
        if (rowPointers[0] < 0 || rowPointers[count] > Math.min(columns.length, values.length)) {
            throw new IllegalArgumentException("row pointers [" + rowPointers[0] + ", " + rowPointers[count]
                    + ") outside the " + columns.length + " columns and " + values.length + " values given");
        }
        begin(count);
        try {
            for (int i = 0; i < count; i++) {
                int previous = -1;
                for (int q = rowPointers[i]; q < rowPointers[i + 1]; q++) {
                    int column = columns[q];
                    if (column < 0 || column >= width) {
                        throw new IllegalArgumentException("column " + column + " of row " + i + " outside [0, "
                                + width + ")");
                    }
                    if (column <= previous) {
                        throw new IllegalArgumentException("column " + column + " of row " + i + " after column "
                                + previous + ": a row's columns must ascend");
                    }
                    mark(column);
                    previous = column;
                }
            }
        } catch (RuntimeException e) {
            Arrays.fill(columnBits, 0); // so that the next fill starts clean
            throw e;
        }
        numberUsedColumns(rowPointers[count] - rowPointers[0]);
        int p = 0;
        for (int i = 0; i < count; i++) {
            rowStarts[i] = p;
            for (int q = rowPointers[i]; q < rowPointers[i + 1]; q++) {
                slots[p] = slotOfColumn[columns[q]];
                this.values[p] = values[q];
                p++;
            }
        }
        return end(count, p);
    }

    /** Starts a fill: until it ends, the batch is empty, so that a failed fill leaves nothing to misread. */
    private void begin(int count) {
        rows = 0;
        nnz = 0;
        usedCount = 0;
        bySlotBuilt = false;
        if (rowStarts.length < count + 1) {
            rowStarts = new int[count + 1];
        }
    }

    private void mark(int column) {
        columnBits[column >>> 6] |= 1L << column;
    }

    /**
     * Makes room for {@code total} entries and numbers the marked columns in ascending order, clearing
     * the marks.
     */
    private void numberUsedColumns(int total) {
        if (slots.length < total) {
            slots = new int[total];
            values = new float[total];
        }
        if (used.length < Math.min(total, width)) {
            used = new int[Math.min(Math.max(total, 16), width)];
        }
        for (int word = 0; word < columnBits.length; word++) {
            long bits = columnBits[word];
            while (bits != 0) {
                int column = (word << 6) + Long.numberOfTrailingZeros(bits);
                slotOfColumn[column] = usedCount;
                used[usedCount++] = column;
                bits &= bits - 1;
            }
            columnBits[word] = 0;
        }
    }

    private int end(int count, int entries) {
        rowStarts[count] = entries;
        rows = count;
        nnz = entries;
        return nnz;
    }

    public int width() {
        return width;
    }

    public int rows() {
        return rows;
    }

    public int nnz() {
        return nnz;
    }

    /** Entries of row {@code r} are at positions {@code [rowStart(r), rowStart(r + 1))}. */
    int rowStart(int r) {
        return rowStarts[r];
    }

    /**
     * The first row of part {@code part} of {@code parts} when the rows are split into runs of about
     * equal numbers of entries; {@code rowBoundary(parts, parts)} is {@link #rows()}.
     */
    int rowBoundary(int part, int parts) {
        return boundary(rowStarts, rows, part, parts);
    }

    /**
     * The first of {@code count} runs whose start (ascending {@code starts}, in entries) reaches part
     * {@code part} of {@code parts} of the entries: the first i with starts[i] >= nnz·part/parts, or
     * {@code count} where there is none or {@code part >= parts}.
     */
    private int boundary(int[] starts, int count, int part, int parts) {
        if (part >= parts) {
            return count;
        }
        long target = (long) nnz * part / parts;
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (starts[middle] < target) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Lists the entries by slot, once per fill: afterwards {@link #slotStart}, {@link #entryRows()} and
     * {@link #entryIndices()} give each slot's entries in row order. Not safe to call concurrently.
     */
    void indexBySlot() {
        if (bySlotBuilt) {
            return;
        }
        if (slotStarts.length < usedCount + 1) {
            slotStarts = new int[usedCount + 1];
        }
        if (entryRows.length < nnz) {
            entryRows = new int[nnz];
            entryIndices = new int[nnz];
        }
        Arrays.fill(slotStarts, 0, usedCount + 1, 0);
        for (int p = 0; p < nnz; p++) {
            slotStarts[slots[p] + 1]++;
        }
        for (int s = 0; s < usedCount; s++) {
            slotStarts[s + 1] += slotStarts[s];
        }
        // slotStarts[s] serves as slot s's fill position, ending at its end (the next slot's start)...
        for (int r = 0; r < rows; r++) {
            for (int p = rowStarts[r]; p < rowStarts[r + 1]; p++) {
                int q = slotStarts[slots[p]]++;
                entryRows[q] = r;
                entryIndices[q] = p;
            }
        }
        // ...so shifting by one slot restores the starts.
        System.arraycopy(slotStarts, 0, slotStarts, 1, usedCount);
        slotStarts[0] = 0;
        bySlotBuilt = true;
    }

    /** Slot {@code s}'s entries are at positions {@code [slotStart(s), slotStart(s + 1))} of the by-slot lists. */
    int slotStart(int s) {
        return slotStarts[s];
    }

    /**
     * After {@link #indexBySlot}: the first slot of part {@code part} of {@code parts} when the slots
     * are split into runs of about equal numbers of entries; {@code slotBoundary(parts, parts)} is
     * {@link #usedCount()}.
     */
    int slotBoundary(int part, int parts) {
        return boundary(slotStarts, usedCount, part, parts);
    }

    /** By slot (after {@link #indexBySlot}): the row of each entry. */
    int[] entryRows() {
        return entryRows;
    }

    /** By slot (after {@link #indexBySlot}): each entry's position in row order. */
    int[] entryIndices() {
        return entryIndices;
    }

    /** Every entry's slot, by position; valid until the next fill. */
    int[] slots() {
        return slots;
    }

    /** Every entry's value, by position; valid until the next fill. */
    float[] values() {
        return values;
    }

    /** Slot (position in {@link #usedColumn}) of the column of entry {@code p}. */
    int slot(int p) {
        return slots[p];
    }

    float value(int p) {
        return values[p];
    }

    /** Number of distinct columns in the batch. */
    int usedCount() {
        return usedCount;
    }

    /** The column in slot {@code s}; ascending in {@code s}. */
    int usedColumn(int s) {
        return used[s];
    }
}
