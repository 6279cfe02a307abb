package dev.cfae.engine.nn;

import dev.cfae.api.SeededRandom;
import dev.cfae.engine.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

final class MaskedSquaredErrorTest {
    private final MaskedSquaredError loss = new MaskedSquaredError();
    private final INDArray target = Nd4j.createFromArray(new double[][] {{0.2, 0, 0.8}, {0, 1.0, 0}});
    private final INDArray mask = Nd4j.createFromArray(new double[][] {{1, 0, 1}, {0, 1, 0}});

    @Test
    void sumsSquaredErrorsOfObservedCellsOnly() {
        INDArray prediction = Nd4j.createFromArray(new double[][] {{0.5, 3.0, 0.6}, {-2.0, 0.5, 7.0}});
        INDArray gradient = prediction.ulike();

        double sum = loss.sumAndGradient(prediction, target, mask, gradient);

        assertThat(sum).isCloseTo(0.09 + 0.04 + 0.25, within(1e-12));
        assertThat(gradient.equalsWithEps(Nd4j.createFromArray(new double[][] {{0.6, 0, -0.4}, {0, -1.0, 0}}), 1e-12))
                .isTrue();
    }

    @Test
    void predictionsAtUnobservedCellsChangeNeitherValueNorGradient() {
        INDArray prediction = Nd4j.createFromArray(new double[][] {{0.5, 3.0, 0.6}, {-2.0, 0.5, 7.0}});
        INDArray gradient = prediction.ulike();
        double before = loss.sumAndGradient(prediction, target, mask, gradient);
        INDArray gradientBefore = gradient.dup();

        prediction.putScalar(0, 1, -40.0);
        prediction.putScalar(1, 2, 1e6);
        double after = loss.sumAndGradient(prediction, target, mask, gradient);

        assertThat(after).isEqualTo(before);
        assertThat(gradient).isEqualTo(gradientBefore);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray prediction = GradientCheck.uniform(new SeededRandom(3), 2, 3);
        INDArray gradient = prediction.ulike();
        loss.sumAndGradient(prediction, target, mask, gradient);

        GradientCheck.Result result = GradientCheck.check(prediction, gradient.dup(),
                () -> loss.sumAndGradient(prediction, target, mask, prediction.ulike())).assertPassed();

        assertThat(result.maxAbsAnalytic()).isGreaterThan(0.1);
    }

    @Test
    void worksInFloat() {
        INDArray prediction = Nd4j.createFromArray(new float[][] {{1, 2}});
        INDArray gradient = prediction.ulike();

        double sum = loss.sumAndGradient(prediction, Nd4j.createFromArray(new float[][] {{0, 0}}),
                Nd4j.createFromArray(new float[][] {{1, 1}}), gradient);

        assertThat(sum).isCloseTo(5, within(1e-6));
        assertThat(gradient).isEqualTo(Nd4j.createFromArray(new float[][] {{2, 4}}));
    }
}
