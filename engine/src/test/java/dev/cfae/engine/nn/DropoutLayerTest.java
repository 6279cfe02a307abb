package dev.cfae.engine.nn;

import dev.cfae.api.SeededRandom;
import dev.cfae.engine.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

final class DropoutLayerTest {
    @Test
    void dropsAboutTheConfiguredShareAndScalesTheRest() {
        double p = 0.3;
        INDArray input = Nd4j.rand(DataType.FLOAT, 20, 1000).addi(0.5);

        INDArray output = new DropoutLayer(1000, p).forward(input, true, new SeededRandom(1));

        float[] in = input.data().asFloat();
        float[] out = output.dup().data().asFloat();
        int dropped = 0;
        for (int i = 0; i < in.length; i++) {
            if (out[i] == 0) {
                dropped++;
            } else {
                assertThat(out[i]).isCloseTo((float) (in[i] / (1 - p)), within(1e-5f));
            }
        }
        // 20,000 Bernoulli(0.3) draws: the standard deviation of the share is 0.0032.
        assertThat(dropped / (double) in.length).isCloseTo(p, within(0.015));
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        DropoutLayer layer = new DropoutLayer(50, 0.5);
        INDArray input = Nd4j.ones(DataType.FLOAT, 4, 50);

        INDArray first = layer.forward(input, true, new SeededRandom(7)).dup();
        INDArray again = layer.forward(input, true, new SeededRandom(7)).dup();
        INDArray other = layer.forward(input, true, new SeededRandom(8)).dup();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void isTheIdentityAtInferenceAndWithoutDropout() {
        INDArray input = Nd4j.rand(DataType.FLOAT, 3, 10);
        DropoutLayer layer = new DropoutLayer(10, 0.5);

        assertThat(layer.forward(input, false, null)).isSameAs(input);
        INDArray gradient = Nd4j.rand(DataType.FLOAT, 3, 10);
        assertThat(layer.backward(gradient)).isSameAs(gradient);
        assertThat(new DropoutLayer(10, 0).forward(input, true, new SeededRandom(1))).isSameAs(input);
    }

    @Test
    void backwardUsesTheForwardMask() {
        DropoutLayer layer = new DropoutLayer(30, 0.4);
        INDArray input = GradientCheck.uniform(new SeededRandom(3), 5, 30);

        GradientCheck.LayerResult result = GradientCheck.checkLayer(layer, null, null, input, true, 21)
                .assertPassed();

        assertThat(result.input().maxAbsAnalytic()).isGreaterThan(1);
    }

    @Test
    void rejectsProbabilitiesOutsideZeroToOne() {
        assertThatThrownBy(() -> new DropoutLayer(3, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DropoutLayer(3, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
