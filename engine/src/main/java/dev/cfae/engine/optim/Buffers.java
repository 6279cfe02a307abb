package dev.cfae.engine.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/** Argument checks and the saving and restoring of flat state arrays, shared by the optimizers. */
final class Buffers {
    private Buffers() {
    }

    /** A parameter count whose state (up to two slots) still fits one INDArray row. */
    static long requireCount(long parameterCount) {
        if (parameterCount < 1 || parameterCount > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("parameter count must be in [1, " + Integer.MAX_VALUE / 2 + "]: "
                    + parameterCount);
        }
        return parameterCount;
    }

    /** Parameters and gradients must both be {@code [1, count]} rows of {@code type}. */
    static void requireBuffers(INDArray parameters, INDArray gradients, long count, DataType type) {
        requireNonNull(parameters, "parameters is null");
        requireNonNull(gradients, "gradients is null");
        for (INDArray array : new INDArray[] {parameters, gradients}) {
            if (array.rank() != 2 || array.rows() != 1 || array.columns() != count || array.dataType() != type) {
                throw new IllegalArgumentException("expected a [1, " + count + "] " + type + " buffer, got "
                        + Arrays.toString(array.shape()) + " " + array.dataType());
            }
        }
    }

    /** The values of a flat state array, or none for an empty one. */
    static float[] save(INDArray state) {
        return state.isEmpty() ? new float[0] : state.toFloatVector();
    }

    /** Writes {@code saved} into the flat state array {@code state}, which must be as long. */
    static void restore(INDArray state, float[] saved) {
        requireStateLength(saved, state.length());
        if (saved.length > 0) {
            state.assign(Nd4j.createFromArray(saved).reshape(state.shape()));
        }
    }

    static void requireStateLength(float[] saved, long length) {
        requireNonNull(saved, "state is null");
        if (saved.length != length) {
            throw new IllegalArgumentException("the saved state holds " + saved.length + " values, the optimizer keeps "
                    + length);
        }
    }
}
