package dev.cfae.engine.optim;

import dev.cfae.api.TouchedRows;
import dev.cfae.engine.VectorApi;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Adam (Kingma and Ba 2015) through ND4J's native fused {@code adam_updater}. With t = iteration + 1:
 * m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², w ← w − lr·√(1 − β2^t)/(1 − β1^t) · m/(√v + ε).
 * That is the paper's "efficient" form, in which ε plays the part of ε·√(1 − β2^t) in the
 * textbook m̂/(√v̂ + ε); TensorFlow's Adam uses the same form. State: m then v, 2n values.
 *
 * <p>Float32 buffers take {@link FusedAdam}, the same arithmetic in one vectorised pass, when the
 * Vector API kernels can run ({@link VectorApi}) and the model has at most
 * {@value FusedAdam#MAX_PARAMETERS} parameters; other types, a JVM without it, or larger models
 * ND4J's native updater. The fused path keeps m and v in a Java array, which the Vector API reads
 * and writes with less overhead than off-heap buffers (docs/PERFORMANCE.md has the step's cost).
 * The gradients are left as they were (float32) or turned into the update.
 *
 * <p>{@linkplain #lazy() Lazy}, it updates only the touched rows of the blocks a step reports (on the
 * fused path; elsewhere it stays dense): the cost of a step then follows the batch's ratings rather
 * than the number of items, but rows not in a batch keep their moments, and take no step, until
 * they are in one again.
 */
public final class AdamOptimizer implements Optimizer {
    private final long parameterCount;
    private final DataType type;
    /** The fused path's m then v; null on ND4J's path. */
    private final float[] moments;
    /** ND4J's path: its state (m then v, {@code [1, 2n]}) and updater; null on the fused path. */
    private final INDArray state;
    private final GradientUpdater<?> updater;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final boolean lazy;
    private L2Ranges l2;

    /** A dense Adam. */
    public AdamOptimizer(long parameterCount, DataType type, double learningRate, double beta1, double beta2,
            double epsilon) {
        this(parameterCount, type, learningRate, beta1, beta2, epsilon, false);
    }

    /** An Adam that is {@linkplain #lazy() lazy} if asked and the fused path is available. */
    public AdamOptimizer(long parameterCount, DataType type, double learningRate, double beta1, double beta2,
            double epsilon, boolean lazy) {
        this.parameterCount = Buffers.requireCount(parameterCount);
        this.type = requireNonNull(type, "type is null");
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        if (fused()) {
            this.moments = new float[Math.toIntExact(2 * parameterCount)];
            this.state = null;
            this.updater = null;
        } else {
            this.moments = null;
            this.state = Nd4j.zeros(type, 1, 2 * parameterCount);
            this.updater = new Adam(learningRate, beta1, beta2, epsilon).instantiate(state, true);
        }
        this.lazy = lazy && fused();
    }

    @Override
    public void step(INDArray parameters, INDArray gradients, long iteration) {
        step(parameters, gradients, iteration, List.of());
    }

    @Override
    public boolean step(INDArray parameters, INDArray gradients, long iteration, List<TouchedRows> touched) {
        Buffers.requireBuffers(parameters, gradients, parameterCount, type);
        if (moments != null) {
            return FusedAdam.step(parameters, gradients, moments, parameterCount, learningRate, beta1, beta2, epsilon,
                    iteration, touched, lazy, l2);
        }
        // applyUpdater turns the gradients into the update in place; the op uses t = iteration + 1.
        updater.applyUpdater(gradients, Math.toIntExact(iteration), 0);
        parameters.subi(gradients);
        return Double.isFinite(parameters.sumNumber().doubleValue());
    }

    /** The fused pass addresses the parameters and gradients with int byte offsets. */
    private boolean fused() {
        return type == DataType.FLOAT && VectorApi.available() && parameterCount <= FusedAdam.MAX_PARAMETERS;
    }

    @Override
    public boolean lazy() {
        return lazy;
    }

    /** On the fused path, lazy or not: touched rows are read from their packed gradient where a model gives it. */
    @Override
    public boolean readsGradientRows() {
        return fused();
    }

    @Override
    public boolean keepsGradients() {
        return fused();
    }

    @Override
    public boolean foldsL2() {
        return fused();
    }

    @Override
    public void foldL2(L2Ranges l2) {
        if (!foldsL2()) {
            Optimizer.super.foldL2(l2);
        }
        if (l2.ends().length > 0 && l2.ends()[l2.ends().length - 1] > parameterCount) {
            throw new IllegalArgumentException("L2 ranges end at " + l2.ends()[l2.ends().length - 1] + ", past the "
                    + parameterCount + " parameters");
        }
        this.l2 = l2;
    }

    @Override
    public float[] saveState() {
        return moments != null ? moments.clone() : Buffers.save(state);
    }

    @Override
    public void restoreState(float[] saved) {
        if (moments != null) {
            Buffers.requireStateLength(saved, moments.length);
            System.arraycopy(saved, 0, moments, 0, moments.length);
        } else {
            Buffers.restore(state, saved);
        }
    }
}
