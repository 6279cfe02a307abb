package dev.cfae.engine.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static java.util.Objects.requireNonNull;

/**
 * RMSProp over the flat buffer: ms ← ρ·ms + (1 − ρ)·g², u = lr·g / d, and with momentum μ > 0
 * mom ← μ·mom + u, w ← w − mom (without momentum w ← w − u).
 *
 * <ul>
 *   <li>Standard form: ms starts at 0 and d = √ms + ε (as Keras and PyTorch).</li>
 *   <li>TensorFlow 1 compatible form ({@code tf1-compat}), exactly {@code tf.train.RMSPropOptimizer}
 *       as the seed used it: ms starts at 1.0 and d = √(ms + ε).</li>
 * </ul>
 * State: ms, then mom when μ > 0, as one {@code [1, n]} or {@code [1, 2n]} array.
 */
public final class RmsPropOptimizer implements Optimizer {
    private final long parameterCount;
    private final DataType type;
    private final double learningRate;
    private final double rho;
    private final double epsilon;
    private final double momentum;
    private final boolean tf1Compat;
    private final INDArray state;
    private final INDArray meanSquare;
    private final INDArray velocity;
    private final INDArray scratch;

    public RmsPropOptimizer(long parameterCount, DataType type, double learningRate, double rho, double epsilon,
            double momentum, boolean tf1Compat) {
        this.parameterCount = Buffers.requireCount(parameterCount);
        this.type = requireNonNull(type, "type is null");
        this.learningRate = learningRate;
        this.rho = rho;
        this.epsilon = epsilon;
        this.momentum = momentum;
        this.tf1Compat = tf1Compat;
        int slots = momentum > 0 ? 2 : 1;
        this.state = Nd4j.zeros(type, 1, slots * parameterCount);
        this.meanSquare = state.get(NDArrayIndex.all(), NDArrayIndex.interval(0, parameterCount));
        this.velocity = momentum > 0
                ? state.get(NDArrayIndex.all(), NDArrayIndex.interval(parameterCount, 2 * parameterCount))
                : null;
        if (tf1Compat) {
            meanSquare.assign(1.0);
        }
        this.scratch = Nd4j.create(type, 1, parameterCount);
    }

    @Override
    public void step(INDArray parameters, INDArray gradients, long iteration) {
        Buffers.requireBuffers(parameters, gradients, parameterCount, type);
        Nd4j.exec(new MulOp(gradients, gradients, scratch));
        meanSquare.muli(rho);
        Nd4j.getBlasWrapper().level1().axpy(parameterCount, 1 - rho, scratch, meanSquare);
        if (tf1Compat) {
            scratch.assign(meanSquare).addi(epsilon);
            Nd4j.exec(new Sqrt(scratch, scratch));
        } else {
            Nd4j.exec(new Sqrt(meanSquare, scratch));
            scratch.addi(epsilon);
        }
        gradients.divi(scratch);
        if (velocity != null) {
            velocity.muli(momentum);
            Nd4j.getBlasWrapper().level1().axpy(parameterCount, learningRate, gradients, velocity);
            parameters.subi(velocity);
        } else {
            Nd4j.getBlasWrapper().level1().axpy(parameterCount, -learningRate, gradients, parameters);
        }
    }

    @Override
    public float[] saveState() {
        return Buffers.save(state);
    }

    @Override
    public void restoreState(float[] saved) {
        Buffers.restore(state, saved);
    }
}
