package dev.cfae.engine.train;

import dev.cfae.engine.optim.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test-only plain SGD that remembers what it saw in its first step. */
final class Sgd implements Optimizer {
    private final double learningRate;
    private float[] firstGradient;
    private float[] firstParameters;

    Sgd(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public void step(INDArray parameters, INDArray gradients, long iteration) {
        if (firstGradient == null) {
            firstGradient = gradients.toFloatVector();
            firstParameters = parameters.toFloatVector();
        }
        Nd4j.getBlasWrapper().level1().axpy(parameters.length(), -learningRate, gradients, parameters);
    }

    @Override
    public float[] saveState() {
        return new float[0];
    }

    @Override
    public void restoreState(float[] state) {
        if (state.length != 0) {
            throw new IllegalArgumentException("plain SGD keeps no state, got " + state.length + " values");
        }
    }

    /** The gradient handed to the first step, L2 included. */
    float[] firstGradient() {
        return firstGradient;
    }

    /** The parameters before the first step. */
    float[] firstParameters() {
        return firstParameters;
    }
}
