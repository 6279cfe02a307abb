package dev.cfae.engine.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Element-wise kernels written with the Vector API straight over ND4J's off-heap float32 buffers.
 * ReLU and its gradient run three times per step in the seed's user autoencoder; in the portable
 * native build cfae ships, ND4J's ops for them cost about a millisecond each on a 256 × 512 batch,
 * most of it per-call overhead, against tens of microseconds here. The bias add and bias-gradient
 * sums of the dense layers are the same story at small batches. Only for callers that checked
 * {@link dev.cfae.engine.VectorApi#available()} and {@link #fits}.
 */
final class OffHeapKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private OffHeapKernels() {
    }

    /** Whether the arrays are float32, of one length, each laid out contiguously in row-major order. */
    static boolean fits(INDArray... arrays) {
        for (INDArray array : arrays) {
            if (array.length() != arrays[0].length() || !contiguousFloats(array)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code row}, of the matrix's width, and the {@code [rows, width]} matrix suit the row kernels. */
    static boolean fitsRows(INDArray matrix, INDArray row) {
        return matrix.rank() == 2 && row.length() == matrix.columns() && contiguousFloats(matrix)
                && contiguousFloats(row);
    }

    /** ND4J calls a one-dimensional view 'f'-ordered; with unit stride its elements are contiguous all the same. */
    private static boolean contiguousFloats(INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            return false;
        }
        return array.rank() == 1 ? array.stride(0) == 1
                : array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array);
    }

    /** a = max(z, 0). */
    static void relu(INDArray z, INDArray a) {
        ByteBuffer in = bytes(z);
        ByteBuffer out = bytes(a);
        int inBase = base(z);
        int outBase = base(a);
        int n = Math.toIntExact(z.length());
        int bound = SPECIES.loopBound(n);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            FloatVector.fromByteBuffer(SPECIES, in, inBase + 4 * k, ORDER).max(0f)
                    .intoByteBuffer(out, outBase + 4 * k, ORDER);
        }
        for (; k < n; k++) {
            out.putFloat(outBase + 4 * k, Math.max(in.getFloat(inBase + 4 * k), 0f));
        }
    }

    /** result = gradient where a > 0, else 0. */
    static void reluGradient(INDArray a, INDArray gradient, INDArray result) {
        ByteBuffer activations = bytes(a);
        ByteBuffer in = bytes(gradient);
        ByteBuffer out = bytes(result);
        int aBase = base(a);
        int inBase = base(gradient);
        int outBase = base(result);
        int n = Math.toIntExact(a.length());
        int bound = SPECIES.loopBound(n);
        FloatVector zero = FloatVector.zero(SPECIES);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            // a > 0 is false for NaN too, as in the scalar tail and ND4J's op.
            VectorMask<Float> active = FloatVector.fromByteBuffer(SPECIES, activations, aBase + 4 * k, ORDER)
                    .compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromByteBuffer(SPECIES, in, inBase + 4 * k, ORDER), active)
                    .intoByteBuffer(out, outBase + 4 * k, ORDER);
        }
        for (; k < n; k++) {
            float value = activations.getFloat(aBase + 4 * k) > 0 ? in.getFloat(inBase + 4 * k) : 0f;
            out.putFloat(outBase + 4 * k, value);
        }
    }

    /** matrix[r, :] += row for every row of the {@code [rows, width]} matrix. */
    static void addRowVector(INDArray matrix, INDArray row) {
        ByteBuffer m = bytes(matrix);
        ByteBuffer b = bytes(row);
        int mBase = base(matrix);
        int bBase = base(row);
        int rows = Math.toIntExact(matrix.rows());
        int width = Math.toIntExact(matrix.columns());
        int bound = SPECIES.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int rowBase = mBase + 4 * r * width;
            int k = 0;
            for (; k < bound; k += SPECIES.length()) {
                FloatVector.fromByteBuffer(SPECIES, m, rowBase + 4 * k, ORDER)
                        .add(FloatVector.fromByteBuffer(SPECIES, b, bBase + 4 * k, ORDER))
                        .intoByteBuffer(m, rowBase + 4 * k, ORDER);
            }
            for (; k < width; k++) {
                m.putFloat(rowBase + 4 * k, m.getFloat(rowBase + 4 * k) + b.getFloat(bBase + 4 * k));
            }
        }
    }

    /** sums[c] = Σ_r matrix[r, c] over the {@code [rows, width]} matrix, rows added in order. */
    static void columnSums(INDArray matrix, INDArray sums) {
        ByteBuffer m = bytes(matrix);
        ByteBuffer out = bytes(sums);
        int mBase = base(matrix);
        int outBase = base(sums);
        int rows = Math.toIntExact(matrix.rows());
        int width = Math.toIntExact(matrix.columns());
        int bound = SPECIES.loopBound(width);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            FloatVector sum = FloatVector.zero(SPECIES);
            for (int r = 0; r < rows; r++) {
                sum = sum.add(FloatVector.fromByteBuffer(SPECIES, m, mBase + 4 * (r * width + k), ORDER));
            }
            sum.intoByteBuffer(out, outBase + 4 * k, ORDER);
        }
        for (; k < width; k++) {
            float sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += m.getFloat(mBase + 4 * (r * width + k));
            }
            out.putFloat(outBase + 4 * k, sum);
        }
    }

    private static ByteBuffer bytes(INDArray array) {
        return array.data().asNio().order(ORDER);
    }

    private static int base(INDArray array) {
        return Math.toIntExact(array.offset() * 4);
    }
}
