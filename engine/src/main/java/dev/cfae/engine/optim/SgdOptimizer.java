package dev.cfae.engine.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static java.util.Objects.requireNonNull;

/**
 * Stochastic gradient descent with optional momentum μ, in the form PyTorch uses:
 * v ← μ·v + g, then w ← w − lr·v, or with Nesterov momentum w ← w − lr·(g + μ·v).
 * With μ = 0 it is plain w ← w − lr·g and keeps no state. State: v, {@code [1, n]}.
 */
public final class SgdOptimizer implements Optimizer {
    private final long parameterCount;
    private final DataType type;
    private final double learningRate;
    private final double momentum;
    private final boolean nesterov;
    private final INDArray velocity;

    public SgdOptimizer(long parameterCount, DataType type, double learningRate, double momentum, boolean nesterov) {
        this.parameterCount = Buffers.requireCount(parameterCount);
        this.type = requireNonNull(type, "type is null");
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.velocity = momentum > 0 ? Nd4j.zeros(type, 1, parameterCount) : Nd4j.empty(type);
    }

    @Override
    public void step(INDArray parameters, INDArray gradients, long iteration) {
        Buffers.requireBuffers(parameters, gradients, parameterCount, type);
        INDArray direction = gradients;
        if (momentum > 0) {
            velocity.muli(momentum).addi(gradients);
            if (nesterov) {
                Nd4j.getBlasWrapper().level1().axpy(parameterCount, momentum, velocity, gradients);
            } else {
                direction = velocity;
            }
        }
        Nd4j.getBlasWrapper().level1().axpy(parameterCount, -learningRate, direction, parameters);
    }

    @Override
    public float[] saveState() {
        return Buffers.save(velocity);
    }

    @Override
    public void restoreState(float[] saved) {
        Buffers.restore(velocity, saved);
    }
}
