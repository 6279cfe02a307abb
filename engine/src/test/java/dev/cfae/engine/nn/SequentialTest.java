package dev.cfae.engine.nn;

import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.engine.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class SequentialTest {
    private static Sequential network() {
        return Sequential.builder()
                .add("encoder.0", new DenseLayer(6, 4))
                .add("encoder.0.activation", new ActivationLayer(Activation.TANH, 4))
                .add("encoder.0.dropout", new DropoutLayer(4, 0.25))
                .add("decoder.0", new DenseLayer(4, 6))
                .add("decoder.0.activation", new ActivationLayer(Activation.SIGMOID, 6))
                .build();
    }

    @Test
    void parameterBlocksAreNamedAndLaidOutBackToBack() {
        assertThat(network().parameterBlocks()).containsExactly(
                new ParameterBlock("encoder.0.weight", 0, 24, false),
                new ParameterBlock("encoder.0.bias", 24, 4, true),
                new ParameterBlock("decoder.0.weight", 28, 24, false),
                new ParameterBlock("decoder.0.bias", 52, 6, true));
        assertThat(network().parameterCount()).isEqualTo(58);
    }

    @Test
    void gradientsThroughTheChainMatchFiniteDifferences() {
        Sequential network = network();
        INDArray parameters = Nd4j.create(DataType.DOUBLE, 1, network.parameterCount());
        INDArray gradients = Nd4j.create(DataType.DOUBLE, 1, network.parameterCount());
        network.bind(parameters, gradients);
        network.initialize(new SeededRandom(4));
        parameters.addi(GradientCheck.uniform(new SeededRandom(5), 1, network.parameterCount()).muli(0.1));
        INDArray input = GradientCheck.uniform(new SeededRandom(6), 3, 6);

        GradientCheck.LayerResult result = GradientCheck.checkLayer(network, parameters, gradients, input, true, 8)
                .assertPassed();

        assertThat(result.parameters().checked()).isEqualTo(58);
        assertThat(result.parameters().maxAbsAnalytic()).isGreaterThan(0.01);
    }

    @Test
    void rangesComposeToTheWholePass() {
        Sequential network = network();
        network.bind(Nd4j.create(DataType.FLOAT, 1, 58), Nd4j.create(DataType.FLOAT, 1, 58));
        network.initialize(new SeededRandom(2));
        INDArray input = Nd4j.rand(DataType.FLOAT, 5, 6);

        INDArray whole = network.forward(input, false, null).dup();
        INDArray hidden = network.forward(input, false, null, 0, 3).dup();
        INDArray rest = network.forward(hidden, false, null, 3, 5);

        assertThat(hidden.shape()).containsExactly(5, 4);
        assertThat(rest).isEqualTo(whole);
    }

    @Test
    void backwardThroughLaterLayersLeavesTheFirstToTheCaller() {
        Sequential network = network();
        INDArray gradients = Nd4j.create(DataType.FLOAT, 1, 58);
        network.bind(Nd4j.create(DataType.FLOAT, 1, 58), gradients);
        network.initialize(new SeededRandom(2));
        INDArray input = Nd4j.rand(DataType.FLOAT, 5, 6);
        INDArray delta = Nd4j.rand(DataType.FLOAT, 5, 6);

        network.forward(input, true, new SeededRandom(1));
        network.backward(delta);
        INDArray full = gradients.dup();
        gradients.assign(0);
        network.forward(input, true, new SeededRandom(1));
        INDArray intoFirst = network.backwardThrough(1, delta);
        ((DenseLayer) network.layer(0)).backwardParameters(intoFirst);

        assertThat(gradients).isEqualTo(full);
    }

    @Test
    void rejectsDuplicateNamesAndMismatchedWidths() {
        assertThatThrownBy(() -> Sequential.builder().add("a", new DenseLayer(2, 3)).add("a", new DenseLayer(3, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique");
        assertThatThrownBy(() -> Sequential.builder().add("a", new DenseLayer(2, 3)).add("b", new DenseLayer(4, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes width 4");
        assertThatThrownBy(() -> Sequential.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
