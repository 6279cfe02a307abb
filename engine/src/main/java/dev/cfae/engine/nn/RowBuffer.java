package dev.cfae.engine.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static java.util.Objects.requireNonNull;

/**
 * A reusable row-major {@code [rows, width]} array for per-batch data. It is allocated for the
 * largest batch seen so far and hands out a view of its leading rows, so steps allocate no
 * off-heap memory and a smaller tail batch does not cause a reallocation. The leading rows of a
 * row-major array are contiguous, so the views work with GEMM and bulk copies.
 */
public final class RowBuffer {
    private final int width;
    private INDArray storage;
    private INDArray view;

    /** A buffer whose rows hold {@code width} elements. */
    public RowBuffer(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive: " + width);
        }
        this.width = width;
    }

    public int width() {
        return width;
    }

    /**
     * A {@code [rows, width]} array of type {@code type}, valid until the next call. Its contents
     * are whatever the previous user left there.
     */
    public INDArray rows(int rows, DataType type) {
        requireNonNull(type, "type is null");
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be positive: " + rows);
        }
        if (storage == null || storage.dataType() != type || storage.rows() < rows) {
            storage = Nd4j.create(type, new long[] {rows, width}, 'c');
            view = storage;
        }
        if (view.rows() != rows) {
            view = rows == storage.rows() ? storage
                    : storage.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        }
        return view;
    }
}
