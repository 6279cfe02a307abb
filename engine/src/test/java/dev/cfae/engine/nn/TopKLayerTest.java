package dev.cfae.engine.nn;

import dev.cfae.api.SeededRandom;
import dev.cfae.engine.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TopKLayerTest {
    @Test
    void keepsTheKLargestEntriesOfEveryRow() {
        INDArray input = Nd4j.createFromArray(new float[][] {
                {0.1f, 0.9f, -2f, 0.5f, 0.3f},
                {-1f, -3f, -0.5f, -2f, -0.1f}});

        INDArray output = new TopKLayer(5, 2).forward(input, false, null);

        assertThat(output).isEqualTo(Nd4j.createFromArray(new float[][] {
                {0f, 0.9f, 0f, 0.5f, 0f},
                {0f, 0f, -0.5f, 0f, -0.1f}}));
    }

    @Test
    void tiesAreBrokenByTheLowerColumnIndex() {
        INDArray input = Nd4j.createFromArray(new float[][] {
                {0.2f, 0.7f, 0.7f, 0.7f, 0.1f},
                {0f, 0f, 0f, 0f, 0f}});

        INDArray output = new TopKLayer(5, 2).forward(input, true, new SeededRandom(1));

        // Exactly k survive: the first two of the three tied 0.7s.
        assertThat(output.getRow(0)).isEqualTo(Nd4j.createFromArray(0f, 0.7f, 0.7f, 0f, 0f));
        // An all-tied row keeps its first k entries, which are 0 here, so it stays 0.
        assertThat(output.getRow(1)).isEqualTo(Nd4j.zeros(DataType.FLOAT, 5));
    }

    @Test
    void gradientFlowsOnlyThroughKeptEntries() {
        TopKLayer layer = new TopKLayer(4, 1);
        layer.forward(Nd4j.createFromArray(new float[][] {{0.1f, 0.4f, 0.3f, 0.2f}}), true, null);

        INDArray inputGradient = layer.backward(Nd4j.createFromArray(new float[][] {{1f, 2f, 3f, 4f}}));

        assertThat(inputGradient).isEqualTo(Nd4j.createFromArray(new float[][] {{0f, 2f, 0f, 0f}}));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        TopKLayer layer = new TopKLayer(12, 5);
        INDArray input = GradientCheck.uniform(new SeededRandom(4), 6, 12);

        GradientCheck.LayerResult result = GradientCheck.checkLayer(layer, null, null, input, true, 3)
                .assertPassed();

        assertThat(result.input().checked()).isEqualTo(72);
        assertThat(result.input().maxAbsAnalytic()).isGreaterThan(0.1);
    }

    @Test
    void rejectsKOutsideOneToWidth() {
        assertThatThrownBy(() -> new TopKLayer(4, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k = 5");
        assertThatThrownBy(() -> new TopKLayer(4, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
