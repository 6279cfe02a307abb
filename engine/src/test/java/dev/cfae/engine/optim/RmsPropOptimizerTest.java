package dev.cfae.engine.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

final class RmsPropOptimizerTest {
    private static final double[][] GRADS = {{0.1, -0.4, 2.0}, {-0.3, 0.2, 1.0}, {0.05, -0.1, -0.5}};
    private static final double LR = 0.01;
    private static final double RHO = 0.9;

    /** TensorFlow 1 ApplyRMSProp, as in the seed spec §3.4: ms starts at 1, ε inside the root. */
    @Test
    void tf1CompatReproducesTensorFlowOnesFormulas() {
        double epsilon = 1e-3;
        double momentum = 0.5;
        double[] w = {0.5, -1.0, 2.0};
        INDArray parameters = Nd4j.createFromArray(new double[][] {w.clone()});
        Optimizer rmsprop = new RmsPropOptimizer(3, DataType.DOUBLE, LR, RHO, epsilon, momentum, true);

        double[] ms = {1, 1, 1};
        double[] mom = new double[3];
        for (int step = 0; step < GRADS.length; step++) {
            rmsprop.step(parameters, Nd4j.createFromArray(new double[][] {GRADS[step].clone()}), step);
            for (int i = 0; i < 3; i++) {
                double g = GRADS[step][i];
                ms[i] = RHO * ms[i] + (1 - RHO) * g * g;
                mom[i] = momentum * mom[i] + LR * g / Math.sqrt(ms[i] + epsilon);
                w[i] -= mom[i];
            }
        }

        for (int i = 0; i < 3; i++) {
            assertThat(parameters.getDouble(0, i)).isCloseTo(w[i], within(1e-12));
            float[] state = rmsprop.saveState();
            assertThat((double) state[i]).as("ms[%d]", i).isCloseTo(ms[i], within(1e-6 * Math.abs(ms[i])));
            assertThat((double) state[3 + i]).as("mom[%d]", i).isCloseTo(mom[i], within(1e-6 * Math.abs(mom[i])));
        }
    }

    @Test
    void tf1CompatWithoutMomentumKeepsOnlyTheMeanSquare() {
        Optimizer rmsprop = new RmsPropOptimizer(3, DataType.FLOAT, LR, RHO, 1e-10, 0, true);

        assertThat(rmsprop.saveState()).hasSize(3);
        assertThat(rmsprop.saveState()).containsOnly(1f);
    }

    @Test
    void standardFormStartsAtZeroWithEpsilonOutsideTheRoot() {
        double epsilon = 1e-3;
        double[] w = {0.5, -1.0, 2.0};
        INDArray parameters = Nd4j.createFromArray(new double[][] {w.clone()});
        Optimizer rmsprop = new RmsPropOptimizer(3, DataType.DOUBLE, LR, RHO, epsilon, 0, false);

        double[] ms = new double[3];
        for (int step = 0; step < GRADS.length; step++) {
            rmsprop.step(parameters, Nd4j.createFromArray(new double[][] {GRADS[step].clone()}), step);
            for (int i = 0; i < 3; i++) {
                double g = GRADS[step][i];
                ms[i] = RHO * ms[i] + (1 - RHO) * g * g;
                w[i] -= LR * g / (Math.sqrt(ms[i]) + epsilon);
            }
        }

        for (int i = 0; i < 3; i++) {
            assertThat(parameters.getDouble(0, i)).isCloseTo(w[i], within(1e-12));
        }
        assertThat(rmsprop.saveState()).hasSize(3);
    }

    @Test
    void aSavedStateResumesTheRunExactlyInTheTf1FormWithMomentum() {
        // tf1-compat with momentum: both slots, the mean square starting at 1.
        INDArray parameters = Nd4j.createFromArray(new float[][] {{0.5f, -1, 2}});
        Optimizer first = new RmsPropOptimizer(3, DataType.FLOAT, LR, RHO, 1e-10, 0.9, true);
        for (int step = 0; step < 2; step++) {
            first.step(parameters, Nd4j.createFromArray(new double[][] {GRADS[step]}).castTo(DataType.FLOAT), step);
        }
        Optimizer resumed = new RmsPropOptimizer(3, DataType.FLOAT, LR, RHO, 1e-10, 0.9, true);
        resumed.restoreState(first.saveState());
        INDArray resumedParameters = parameters.dup();
        INDArray last = Nd4j.createFromArray(new double[][] {GRADS[2]}).castTo(DataType.FLOAT);

        first.step(parameters, last.dup(), 2);
        resumed.step(resumedParameters, last.dup(), 2);

        assertThat(first.saveState()).hasSize(6);
        assertThat(resumed.saveState()).isEqualTo(first.saveState());
        assertThat(resumedParameters.toFloatVector()).isEqualTo(parameters.toFloatVector());
    }
}
