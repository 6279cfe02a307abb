package dev.cfae.engine.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

final class SgdOptimizerTest {
    private static final double[][] GRADS = {{0.1, -0.4, 2.0}, {-0.3, 0.2, 1.0}, {0.05, -0.1, -0.5}};
    private static final double LR = 0.1;
    private static final double MU = 0.9;

    @Test
    void momentumAccumulatesVelocity() {
        assertMatchesHandComputation(false);
    }

    @Test
    void nesterovLooksAheadAlongTheVelocity() {
        assertMatchesHandComputation(true);
    }

    private static void assertMatchesHandComputation(boolean nesterov) {
        double[] w = {0.5, -1.0, 2.0};
        INDArray parameters = Nd4j.createFromArray(new double[][] {w.clone()});
        Optimizer sgd = new SgdOptimizer(3, DataType.DOUBLE, LR, MU, nesterov);

        double[] v = new double[3];
        for (int step = 0; step < GRADS.length; step++) {
            sgd.step(parameters, Nd4j.createFromArray(new double[][] {GRADS[step].clone()}), step);
            for (int i = 0; i < 3; i++) {
                double g = GRADS[step][i];
                v[i] = MU * v[i] + g;
                w[i] -= LR * (nesterov ? g + MU * v[i] : v[i]);
            }
        }

        for (int i = 0; i < 3; i++) {
            assertThat(parameters.getDouble(0, i)).isCloseTo(w[i], within(1e-12));
            assertThat((double) sgd.saveState()[i]).as("v[%d]", i).isCloseTo(v[i], within(1e-6 * Math.abs(v[i])));
        }
    }

    @Test
    void withoutMomentumItIsPlainGradientDescent() {
        INDArray parameters = Nd4j.createFromArray(new float[][] {{1, 2}});
        Optimizer sgd = new SgdOptimizer(2, DataType.FLOAT, 0.5, 0, false);

        sgd.step(parameters, Nd4j.createFromArray(new float[][] {{0.2f, -4}}), 0);

        assertThat(parameters).isEqualTo(Nd4j.createFromArray(new float[][] {{0.9f, 4}}));
        assertThat(sgd.saveState()).isEmpty();
    }

    @Test
    void aSavedVelocityResumesTheRunExactly() {
        INDArray parameters = Nd4j.createFromArray(new float[][] {{0.5f, -1, 2}});
        Optimizer first = new SgdOptimizer(3, DataType.FLOAT, LR, MU, true);
        for (int step = 0; step < 2; step++) {
            first.step(parameters, Nd4j.createFromArray(new double[][] {GRADS[step]}).castTo(DataType.FLOAT), step);
        }
        Optimizer resumed = new SgdOptimizer(3, DataType.FLOAT, LR, MU, true);
        resumed.restoreState(first.saveState());
        INDArray resumedParameters = parameters.dup();

        first.step(parameters, Nd4j.createFromArray(new double[][] {GRADS[2]}).castTo(DataType.FLOAT), 2);
        resumed.step(resumedParameters, Nd4j.createFromArray(new double[][] {GRADS[2]}).castTo(DataType.FLOAT), 2);

        assertThat(resumedParameters.toFloatVector()).isEqualTo(parameters.toFloatVector());
        assertThat(resumed.saveState()).isEqualTo(first.saveState());
        assertThatThrownBy(() -> resumed.restoreState(new float[2])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keeps 3");
    }
}
