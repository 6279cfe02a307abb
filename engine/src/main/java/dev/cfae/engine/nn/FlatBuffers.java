package dev.cfae.engine.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import static java.util.Objects.requireNonNull;

/**
 * Helpers for flat parameter buffers and for bulk copies between JVM-heap {@code float[]}s and
 * contiguous INDArrays. The copies go through a live NIO view of the off-heap memory, so they
 * allocate nothing per call (unlike {@code INDArray.data().asFloat()}).
 */
public final class FlatBuffers {
    private FlatBuffers() {
    }

    /**
     * A one-dimensional view of elements {@code [offset, offset + length)} of a contiguous buffer
     * (any shape, typically {@code [1, n]}); writes through the view change the buffer.
     */
    public static INDArray slice(INDArray buffer, long offset, long length) {
        requireContiguous(buffer, "buffer");
        if (offset < 0 || length < 0 || offset + length > buffer.length()) {
            throw new IllegalArgumentException("slice [" + offset + ", " + (offset + length) + ") outside a buffer of "
                    + buffer.length() + " elements");
        }
        INDArray flat = buffer.rank() == 1 ? buffer : buffer.reshape(buffer.length());
        return flat.get(NDArrayIndex.interval(offset, offset + length));
    }

    /** Copies {@code source[0..target.length())} into the contiguous {@code target}, converting to its type. */
    public static void copyFrom(float[] source, INDArray target) {
        requireNonNull(source, "source is null");
        requireContiguous(target, "target");
        int n = Math.toIntExact(target.length());
        if (source.length < n) {
            throw new IllegalArgumentException("source holds " + source.length + " values, target needs " + n);
        }
        if (n == 0) {
            return;
        }
        int offset = Math.toIntExact(target.offset());
        DataType type = target.dataType();
        if (type == DataType.FLOAT) {
            target.data().asNioFloat().put(offset, source, 0, n);
        } else if (type == DataType.DOUBLE) {
            DoubleBuffer view = target.data().asNioDouble();
            for (int i = 0; i < n; i++) {
                view.put(offset + i, source[i]);
            }
        } else {
            throw new IllegalArgumentException("unsupported data type " + type);
        }
    }

    /** Copies the contiguous {@code source} into {@code target[0..source.length())}, as floats. */
    public static void copyTo(INDArray source, float[] target) {
        requireNonNull(target, "target is null");
        requireContiguous(source, "source");
        int n = Math.toIntExact(source.length());
        if (target.length < n) {
            throw new IllegalArgumentException("target holds " + target.length + " values, source has " + n);
        }
        if (n == 0) {
            return;
        }
        int offset = Math.toIntExact(source.offset());
        DataType type = source.dataType();
        if (type == DataType.FLOAT) {
            FloatBuffer view = source.data().asNioFloat();
            view.get(offset, target, 0, n);
        } else if (type == DataType.DOUBLE) {
            DoubleBuffer view = source.data().asNioDouble();
            for (int i = 0; i < n; i++) {
                target[i] = (float) view.get(offset + i);
            }
        } else {
            throw new IllegalArgumentException("unsupported data type " + type);
        }
    }

    private static void requireContiguous(INDArray array, String name) {
        requireNonNull(array, name + " is null");
        if (!isContiguousRowMajor(array)) {
            throw new IllegalArgumentException(name + " must be a contiguous row-major array");
        }
    }

    /**
     * Whether the elements are one run of memory in row-major order, starting at offset(). Judged
     * from the strides alone, skipping dimensions of size 1: ND4J may give views such as the rows
     * of an {@code [n, 1]} array 'f' ordering or odd strides on their unit dimensions, although
     * their memory is one run.
     */
    static boolean isContiguousRowMajor(INDArray array) {
        if (array.length() == 0) {
            return true;
        }
        long expected = 1;
        for (int d = array.rank() - 1; d >= 0; d--) {
            long size = array.size(d);
            if (size != 1 && array.stride(d) != expected) {
                return false;
            }
            expected *= size;
        }
        return true;
    }
}
