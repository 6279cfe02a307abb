package dev.cfae.api;

import static java.util.Objects.requireNonNull;

/**
 * The rows of one parameter block that a training step's gradient can be non-zero in. A model whose
 * first or last layer only touches the items of its batch reports them, so that a lazy optimizer can
 * update, regularise and check only those rows, and the engine knows which blocks the model writes
 * row by row (and must clear in full if it wrote to them itself).
 *
 * <p>The block is {@code rowCount} rows of {@code rowLength} values from {@code offset} in the flat
 * buffer. Its gradient is zero outside rows {@code rows[0..count)}, which are distinct (ascending
 * order is best: a lazy optimizer walks them in the order given). The arrays are
 * the model's reusable scratch space: they are valid until the model's next step, and nobody else
 * writes to them.
 *
 * <p>A model that holds the touched rows' gradient in an array of its own may hand it over as
 * {@code gradient}: row {@code rows[k]}'s values at {@code [k · rowLength, (k + 1) · rowLength)}, the
 * same values as in the flat gradient (unless the engine told the model to leave them out of it, as
 * it does for an optimizer that reads the touched rows from here). The fused float32 Adam, lazy or
 * not, reads them here, which saves the model copying them into rows scattered across a large
 * buffer and clearing them there a step later. The block's other rows then hold zeros in the flat
 * gradient. Rows should ascend: that Adam sorts a copy of a block whose rows do not.
 *
 * @param offset    first element of the block in the flat buffer
 * @param rowCount  rows in the block
 * @param rowLength values per row
 * @param rows      indices in {@code [0, rowCount)} of the rows the step wrote, in {@code [0, count)}
 * @param count     how many entries of {@code rows} are used
 * @param gradient  the touched rows' gradient, packed in the order of {@code rows}, or null
 */
public record TouchedRows(long offset, int rowCount, int rowLength, int[] rows, int count, float[] gradient) {
    public TouchedRows {
        requireNonNull(rows, "rows is null");
        if (offset < 0 || rowCount < 0 || rowLength < 1 || count < 0 || count > rows.length || count > rowCount) {
            throw new IllegalArgumentException("bad touched rows: offset " + offset + ", " + rowCount + " rows of "
                    + rowLength + ", " + count + " of " + rows.length + " used");
        }
        if (gradient != null && gradient.length < (long) count * rowLength) {
            throw new IllegalArgumentException("the gradient of " + count + " touched rows of " + rowLength
                    + " needs " + (long) count * rowLength + " values, got " + gradient.length);
        }
    }

    /** Touched rows whose gradient is in the flat buffer only. */
    public TouchedRows(long offset, int rowCount, int rowLength, int[] rows, int count) {
        this(offset, rowCount, rowLength, rows, count, null);
    }

    /** Number of values in the whole block. */
    public long length() {
        return (long) rowCount * rowLength;
    }

    /** Flat-buffer offset of the {@code index}-th touched row. */
    public long rowOffset(int index) {
        return offset + (long) rows[index] * rowLength;
    }
}
