package dev.cfae.engine.nn;

import dev.cfae.api.SeededRandom;
import dev.cfae.engine.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

final class ActivationLayerTest {
    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientsMatchFiniteDifferences(Activation activation) {
        ActivationLayer layer = new ActivationLayer(activation, 5);
        // Inputs at least 0.1 away from 0, so relu's and leaky relu's kink is never crossed by ±h.
        INDArray input = GradientCheck.awayFromZero(new SeededRandom(11), 4, 5, 0.1).muli(3);

        GradientCheck.LayerResult result = GradientCheck.checkLayer(layer, null, null, input, true, 1).assertPassed();

        assertThat(result.input().checked()).isEqualTo(20);
        assertThat(result.input().maxAbsAnalytic()).isGreaterThan(0.01);
        assertThat(result.parameters().checked()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void forwardMatchesTheDocumentedFormulas(Activation activation) {
        double[] z = {-2.5, -0.3, 0.4, 3.0};
        INDArray output = new ActivationLayer(activation, 4)
                .forward(Nd4j.createFromArray(new double[][] {z}), false, null);

        for (int i = 0; i < z.length; i++) {
            assertThat(output.getDouble(0, i)).as("%s(%s)", activation, z[i])
                    .isCloseTo(expected(activation, z[i]), within(1e-9));
        }
    }

    private static double expected(Activation activation, double z) {
        return switch (activation) {
            case IDENTITY -> z;
            case RELU -> Math.max(z, 0);
            case LEAKY_RELU -> z > 0 ? z : 0.2 * z;
            case ELU -> z > 0 ? z : Math.expm1(z);
            case SELU -> z > 0 ? 1.0507009873554805 * z : 1.0507009873554805 * 1.6732632423543772 * Math.expm1(z);
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case TANH -> Math.tanh(z);
            case SOFTPLUS -> Math.log1p(Math.exp(z));
        };
    }

    @Test
    void softplusStaysFiniteForLargeInputsInFloat() {
        INDArray output = new ActivationLayer(Activation.SOFTPLUS, 3)
                .forward(Nd4j.createFromArray(new float[][] {{-100, 25, 100}}), false, null);

        assertThat(output.getFloat(0, 0)).isBetween(0f, 1e-30f);
        assertThat(output.getFloat(0, 1)).isEqualTo(25f);
        assertThat(output.getFloat(0, 2)).isEqualTo(100f);
    }

    /**
     * The one-value forms the masked output pass and the combined model use give the float32 array
     * forms' values and slopes: on both sides of every kink, at the kink itself, where softplus turns
     * linear, where e^z overflows a float, and for NaN, which stays NaN.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void oneValueFormsMatchTheArrayForms(Activation activation) {
        float[] z = {-100f, -30f, -7.5f, -2f, -0.6f, -1e-3f, -0f, 0f, 1e-3f, 0.4f, 1.7f, 6f, 19.9f, 20.1f, 45f, 100f,
                Float.NaN};
        INDArray input = Nd4j.createFromArray(new float[][] {z});
        ActivationLayer layer = new ActivationLayer(activation, z.length);
        float[] values = layer.forward(input, true, null).toFloatVector();
        float[] slopes = layer.backward(Nd4j.ones(DataType.FLOAT, 1, z.length)).toFloatVector();

        for (int i = 0; i < z.length; i++) {
            double value = activation.value(z[i]);
            assertCloseInFloat(value, values[i], "%s(%s)", activation, z[i]);
            assertCloseInFloat(activation.slope(z[i], value), slopes[i], "%s'(%s)", activation, z[i]);
        }
    }

    /**
     * Equal up to float32 rounding; NaN only to NaN. The array forms compute in float and cancel
     * (e^z − 1, 1 − a²), so besides a relative error they carry an absolute one of about a float's
     * epsilon at 1.
     */
    private static void assertCloseInFloat(double actual, float expected, String description, Object... args) {
        if (Float.isNaN(expected)) {
            assertThat(actual).as(description, args).isNaN();
        } else {
            assertThat(actual).as(description, args).isCloseTo(expected, within(2e-6 * Math.abs(expected) + 2e-7));
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void leavesItsInputUntouched(Activation activation) {
        INDArray input = Nd4j.createFromArray(new float[][] {{-1, 0.5f, 2}});
        INDArray copy = input.dup();
        ActivationLayer layer = new ActivationLayer(activation, 3);

        layer.forward(input, true, null);
        layer.backward(Nd4j.ones(DataType.FLOAT, 1, 3));

        assertThat(input).isEqualTo(copy);
    }
}
