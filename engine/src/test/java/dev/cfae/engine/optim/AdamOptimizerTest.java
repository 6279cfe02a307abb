package dev.cfae.engine.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

final class AdamOptimizerTest {
    private static final double LR = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-3; // large, so the ε convention is visible in the result

    @Test
    void matchesTheTextbookUpdateWithBiasCorrection() {
        double[] w = {0.5, -1.0, 2.0};
        double[][] grads = {{0.1, -0.4, 2.0}, {-0.3, 0.2, 1.0}, {0.05, -0.1, -0.5}};
        INDArray parameters = Nd4j.createFromArray(new double[][] {w.clone()});
        Optimizer adam = new AdamOptimizer(3, DataType.DOUBLE, LR, BETA1, BETA2, EPSILON);

        double[] m = new double[3];
        double[] v = new double[3];
        for (int step = 0; step < grads.length; step++) {
            adam.step(parameters, Nd4j.createFromArray(new double[][] {grads[step].clone()}), step);
            int t = step + 1;
            for (int i = 0; i < 3; i++) {
                double g = grads[step][i];
                m[i] = BETA1 * m[i] + (1 - BETA1) * g;
                v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
                double mHat = m[i] / (1 - Math.pow(BETA1, t));
                double vHat = v[i] / (1 - Math.pow(BETA2, t));
                // Textbook m̂/(√v̂ + ε̂) with ε̂ = ε·√(1 − β2^t): the form ND4J and TensorFlow compute.
                w[i] -= LR * mHat / (Math.sqrt(vHat) + EPSILON / Math.sqrt(1 - Math.pow(BETA2, t)));
            }
        }

        for (int i = 0; i < 3; i++) {
            assertThat(parameters.getDouble(0, i)).isCloseTo(w[i], within(1e-12));
            assertThat(adam.state().getDouble(0, i)).as("m[%d]", i).isCloseTo(m[i], within(1e-12));
            assertThat(adam.state().getDouble(0, 3 + i)).as("v[%d]", i).isCloseTo(v[i], within(1e-12));
        }
    }

    @Test
    void float32FusedPassMatchesTheNativeUpdater() {
        int n = 1003; // not a multiple of the vector width, so the scalar tail runs too
        INDArray start = Nd4j.rand(DataType.DOUBLE, 1, n).subi(0.5);
        INDArray fused = start.castTo(DataType.FLOAT);
        INDArray reference = start.dup();
        Optimizer float32 = new AdamOptimizer(n, DataType.FLOAT, LR, BETA1, BETA2, 1e-8);
        Optimizer native64 = new AdamOptimizer(n, DataType.DOUBLE, LR, BETA1, BETA2, 1e-8);

        for (int step = 0; step < 5; step++) {
            INDArray gradient = Nd4j.rand(DataType.DOUBLE, 1, n).subi(0.5).muli(step + 1);
            float32.step(fused, gradient.castTo(DataType.FLOAT), step);
            native64.step(reference, gradient.dup(), step);
        }

        double[] got = fused.castTo(DataType.DOUBLE).toDoubleVector();
        double[] want = reference.toDoubleVector();
        double[] gotState = float32.state().castTo(DataType.DOUBLE).toDoubleVector();
        double[] wantState = native64.state().toDoubleVector();
        for (int i = 0; i < n; i++) {
            assertThat(got[i]).as("w[%d]", i).isCloseTo(want[i], within(1e-6));
        }
        for (int i = 0; i < 2 * n; i++) {
            assertThat(gotState[i]).as("state[%d]", i).isCloseTo(wantState[i], within(1e-5 * Math.max(1, Math.abs(wantState[i]))));
        }
    }

    @Test
    void decreasesAQuadratic() {
        // f(w) = Σ (w − c)², gradient 2(w − c).
        INDArray target = Nd4j.createFromArray(new float[][] {{1, -2, 3, 0.5f}});
        INDArray parameters = Nd4j.zeros(DataType.FLOAT, 1, 4);
        Optimizer adam = new AdamOptimizer(4, DataType.FLOAT, 0.1, 0.9, 0.999, 1e-8);
        double start = parameters.squaredDistance(target);

        for (int step = 0; step < 300; step++) {
            adam.step(parameters, parameters.sub(target).muli(2), step);
        }

        assertThat(parameters.squaredDistance(target)).isLessThan(start * 1e-3);
    }

    @Test
    void rejectsBuffersOfAnotherSizeOrType() {
        Optimizer adam = new AdamOptimizer(4, DataType.FLOAT, 0.1, 0.9, 0.999, 1e-8);

        assertThatThrownBy(() -> adam.step(Nd4j.zeros(DataType.FLOAT, 1, 5), Nd4j.zeros(DataType.FLOAT, 1, 5), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 4]");
        assertThatThrownBy(() -> adam.step(Nd4j.zeros(DataType.DOUBLE, 1, 4), Nd4j.zeros(DataType.DOUBLE, 1, 4), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT");
    }
}
