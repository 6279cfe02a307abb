package dev.cfae.engine.nn;

import dev.cfae.api.SeededRandom;
import dev.cfae.engine.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

final class GaussianLayerTest {
    private static GaussianLayer bound(GaussianLayer layer, INDArray parameters, INDArray gradients, long seed) {
        layer.bind(parameters, gradients);
        layer.initialize(new SeededRandom(seed));
        return layer;
    }

    @ParameterizedTest
    @CsvSource({"IDENTITY, 0.0", "IDENTITY, 0.7", "TANH, 0.7"})
    void gradientsOfSampleAndKlTermMatchFiniteDifferences(Activation meanActivation, double klWeight) {
        GaussianLayer layer = new GaussianLayer(5, 3, meanActivation, -0.5);
        INDArray parameters = Nd4j.create(DataType.DOUBLE, 1, layer.parameterCount());
        INDArray gradients = Nd4j.create(DataType.DOUBLE, 1, layer.parameterCount());
        bound(layer, parameters, gradients, 1);
        parameters.addi(GradientCheck.uniform(new SeededRandom(2), 1, layer.parameterCount()).muli(0.1));
        INDArray input = GradientCheck.uniform(new SeededRandom(3), 4, 5);
        INDArray weights = GradientCheck.uniform(new SeededRandom(5), 4, 3);
        layer.klWeight(klWeight);
        // The same step random every time: a fixed noise draw ε.
        DoubleSupplier objective = () -> layer.forward(input, true, new SeededRandom(9)).mul(weights)
                .sumNumber().doubleValue() + klWeight * layer.klDivergence();

        objective.getAsDouble();
        INDArray inputGradient = layer.backward(weights).dup();
        GradientCheck.Result parameterResult = GradientCheck.check(parameters, gradients.dup(), objective)
                .assertPassed();
        GradientCheck.check(input, inputGradient, objective).assertPassed();

        assertThat(parameterResult.checked()).isEqualTo(layer.parameterCount());
        assertThat(parameterResult.maxAbsAnalytic()).isGreaterThan(0.1);
    }

    @Test
    void klDivergenceIsTheClosedForm() {
        GaussianLayer layer = new GaussianLayer(2, 2, Activation.IDENTITY, 0);
        INDArray parameters = Nd4j.create(DataType.DOUBLE, 1, layer.parameterCount());
        layer.bind(parameters, Nd4j.create(DataType.DOUBLE, 1, layer.parameterCount()));
        // Mean weights = I, mean bias 0; log-variance weights 0, bias [ln 2, 0].
        parameters.putScalar(0, 1).putScalar(3, 1);
        parameters.putScalar(10, Math.log(2));
        INDArray input = Nd4j.createFromArray(new double[][] {{1, -2}});

        INDArray mean = layer.forward(input, false, null);

        // KL = −½ Σ (1 + ℓ − μ² − e^ℓ) with μ = (1, −2), ℓ = (ln 2, 0): −½ (1 + ln 2 − 1 − 2 + 1 + 0 − 4 − 1).
        assertThat(layer.klDivergence()).isCloseTo(-0.5 * (Math.log(2) - 6), within(1e-12));
        assertThat(mean).isEqualTo(Nd4j.createFromArray(new double[][] {{1, -2}}));
    }

    @Test
    void trainingSamplesAroundTheMeanWithTheHeadsVariance() {
        GaussianLayer layer = new GaussianLayer(3, 4, Activation.IDENTITY, Math.log(0.25));
        INDArray parameters = Nd4j.create(DataType.FLOAT, 1, layer.parameterCount());
        bound(layer, parameters, Nd4j.create(DataType.FLOAT, 1, layer.parameterCount()), 1);
        INDArray input = Nd4j.zeros(DataType.FLOAT, 5000, 3); // μ = 0, ℓ = ln 0.25 → σ = 0.5

        INDArray sample = layer.forward(input, true, new SeededRandom(4)).dup();
        INDArray again = layer.forward(input, true, new SeededRandom(4)).dup();
        INDArray mean = layer.forward(input, false, null);

        assertThat(sample.stdNumber().doubleValue()).isCloseTo(0.5, within(0.01));
        assertThat(sample.meanNumber().doubleValue()).isCloseTo(0, within(0.01));
        assertThat(again).isEqualTo(sample);
        assertThat(mean.maxNumber().doubleValue()).isZero();
        assertThat(mean.minNumber().doubleValue()).isZero();
    }

    @Test
    void inferenceUsesGivenNoiseWhenAsked() {
        GaussianLayer layer = new GaussianLayer(2, 2, Activation.IDENTITY, 0);
        INDArray parameters = Nd4j.create(DataType.FLOAT, 1, layer.parameterCount());
        bound(layer, parameters, Nd4j.create(DataType.FLOAT, 1, layer.parameterCount()), 1);
        INDArray input = Nd4j.zeros(DataType.FLOAT, 1, 2); // μ = 0, ℓ = 0 → z = ε

        layer.useInferenceNoise(Nd4j.createFromArray(new float[][] {{0.3f, -1.2f}}));
        INDArray sampled = layer.forward(input, false, null).dup();
        layer.useInferenceNoise(null);

        assertThat(sampled).isEqualTo(Nd4j.createFromArray(new float[][] {{0.3f, -1.2f}}));
        assertThat(layer.forward(input, false, null).sumNumber().doubleValue()).isZero();
    }

    @Test
    void logVarianceBiasStartsAtTheConfiguredValue() {
        GaussianLayer layer = new GaussianLayer(3, 2, Activation.RELU, -6);
        INDArray parameters = Nd4j.create(DataType.FLOAT, 1, layer.parameterCount());
        bound(layer, parameters, Nd4j.create(DataType.FLOAT, 1, layer.parameterCount()), 1);

        assertThat(layer.parameterBlocks()).extracting(b -> b.name()).containsExactly("mean.weight", "mean.bias",
                "log-variance.weight", "log-variance.bias");
        assertThat(parameters.getDouble(0, 14)).isEqualTo(-6);
        assertThat(parameters.getDouble(0, 15)).isEqualTo(-6);
        assertThat(parameters.getDouble(0, 6)).isZero(); // mean bias
    }
}
