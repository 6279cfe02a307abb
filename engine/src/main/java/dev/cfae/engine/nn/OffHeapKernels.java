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
 * most of it per-call overhead, against tens of microseconds here. Only for callers that checked
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
            if (array.dataType() != DataType.FLOAT || array.length() != arrays[0].length()
                    || array.ordering() != 'c' || !Shape.hasDefaultStridesForShape(array)) {
                return false;
            }
        }
        return true;
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
            VectorMask<Float> inactive = FloatVector.fromByteBuffer(SPECIES, activations, aBase + 4 * k, ORDER)
                    .compare(VectorOperators.LE, 0f);
            FloatVector.fromByteBuffer(SPECIES, in, inBase + 4 * k, ORDER).blend(zero, inactive)
                    .intoByteBuffer(out, outBase + 4 * k, ORDER);
        }
        for (; k < n; k++) {
            float value = activations.getFloat(aBase + 4 * k) > 0 ? in.getFloat(inBase + 4 * k) : 0f;
            out.putFloat(outBase + 4 * k, value);
        }
    }

    private static ByteBuffer bytes(INDArray array) {
        return array.data().asNio().order(ORDER);
    }

    private static int base(INDArray array) {
        return Math.toIntExact(array.offset() * 4);
    }
}
