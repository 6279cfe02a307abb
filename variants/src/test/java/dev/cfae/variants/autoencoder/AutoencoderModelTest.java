package dev.cfae.variants.autoencoder;

import dev.cfae.api.Orientation;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.StepResult;
import dev.cfae.api.TrainingData;
import dev.cfae.engine.nn.Activation;
import dev.cfae.engine.optim.AdamOptimizer;
import dev.cfae.engine.optim.Optimizer;
import dev.cfae.engine.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

final class AutoencoderModelTest {
    private static final AutoencoderSettings.Activations SEED_ACTIVATIONS = new AutoencoderSettings.Activations(
            Activation.RELU, Activation.RELU, Activation.RELU, Activation.IDENTITY);

    private static AutoencoderModel model(TrainingData data, Orientation orientation, List<Integer> layers,
            double dropout, DataType type, long seed) {
        AutoencoderSettings settings = new AutoencoderSettings(orientation, layers, SEED_ACTIVATIONS, dropout);
        AutoencoderModel model = new AutoencoderModel(settings, data.rows(orientation).columns());
        model.bind(Nd4j.create(type, 1, model.parameterCount()), Nd4j.create(type, 1, model.parameterCount()));
        model.initialize(new SeededRandom(seed));
        return model;
    }

    private static StepContext step(long seed) {
        return new StepContext(new SeededRandom(seed), 0, 1, 0);
    }

    @ParameterizedTest
    @CsvSource({"USER, 0.0", "USER, 0.3", "ITEM, 0.0", "ITEM, 0.3"})
    void gradientsMatchFiniteDifferences(Orientation orientation, double dropout) {
        TrainingData data = TinyData.ratings(7, 6, 0.5, 1);
        AutoencoderSettings settings = new AutoencoderSettings(orientation, List.of(5, 3), SEED_ACTIVATIONS, dropout);
        AutoencoderModel model = new AutoencoderModel(settings, data.rows(orientation).columns());
        INDArray parameters = Nd4j.create(DataType.DOUBLE, 1, model.parameterCount());
        INDArray gradients = Nd4j.create(DataType.DOUBLE, 1, model.parameterCount());
        model.bind(parameters, gradients);
        model.initialize(new SeededRandom(2));
        // Non-zero biases keep relu units of empty rows off their kink at exactly 0.
        parameters.addi(GradientCheck.uniform(new SeededRandom(3), 1, model.parameterCount()).muli(0.05));
        int rows = model.exampleCount(data);
        int[] examples = IntStream.range(0, rows).map(i -> rows - 1 - i).toArray();
        // Every evaluation gets the same step random, so dropout masks agree between +h and −h.
        DoubleSupplier objective = () -> model.computeGradients(data, examples, 1, rows, step(9)).objective();

        objective.getAsDouble();
        GradientCheck.Result result = GradientCheck.check(parameters, gradients.dup(), objective).assertPassed();

        assertThat(result.checked()).isEqualTo(model.parameterCount());
        assertThat(result.maxAbsAnalytic()).isGreaterThan(1e-3);
    }

    @Test
    void stepReportsMaskedMeanSquaredErrorAndOverwritesAllGradients() {
        TrainingData data = TinyData.ratings(6, 5, 0.5, 4);
        AutoencoderModel model = new AutoencoderModel(
                new AutoencoderSettings(Orientation.USER, List.of(3), SEED_ACTIVATIONS, 0), 5);
        INDArray gradients = Nd4j.create(DataType.FLOAT, 1, model.parameterCount()).assign(Float.NaN);
        model.bind(Nd4j.create(DataType.FLOAT, 1, model.parameterCount()), gradients);
        model.initialize(new SeededRandom(1));
        int[] examples = {0, 1, 2, 3, 4, 5};

        StepResult result = model.computeGradients(data, examples, 0, 6, step(1));

        INDArray reconstruction = model.reconstruct(data, 0, 6);
        double sum = 0;
        for (int row = 0; row < 6; row++) {
            for (int p = data.byUser().rowStart(row); p < data.byUser().rowEnd(row); p++) {
                double error = reconstruction.getDouble(row, data.byUser().column(p)) - data.byUser().value(p);
                sum += error * error;
            }
        }
        assertThat(result.observed()).isEqualTo(data.byUser().nnz());
        assertThat(result.squaredError()).isCloseTo(sum, within(1e-5));
        assertThat(result.objective()).isCloseTo(sum / data.byUser().nnz(), within(1e-6));
        assertThat(gradients.isNaN().any()).isFalse();
    }

    @Test
    void batchWithoutObservedCellsGivesZeroObjectiveAndGradient() {
        TrainingData data = TinyData.ratings(4, 5, 0.0, 1);
        AutoencoderModel model = model(data, Orientation.USER, List.of(3), 0, DataType.FLOAT, 1);

        StepResult result = model.computeGradients(data, new int[] {0, 1}, 0, 2, step(1));

        assertThat(result).isEqualTo(new StepResult(0, 0, 0));
    }

    @Test
    void adamStepsReduceTheLoss() {
        TrainingData data = TinyData.ratings(30, 20, 0.3, 5);
        AutoencoderModel model = new AutoencoderModel(
                new AutoencoderSettings(Orientation.USER, List.of(16, 8), SEED_ACTIVATIONS, 0), 20);
        INDArray parameters = Nd4j.create(DataType.FLOAT, 1, model.parameterCount());
        INDArray gradients = Nd4j.create(DataType.FLOAT, 1, model.parameterCount());
        model.bind(parameters, gradients);
        model.initialize(new SeededRandom(6));
        Optimizer adam = new AdamOptimizer(model.parameterCount(), DataType.FLOAT, 0.01, 0.9, 0.999, 1e-8);
        int[] examples = IntStream.range(0, 30).toArray();

        double initial = model.computeGradients(data, examples, 0, 30, step(0)).objective();
        for (int step = 0; step < 50; step++) {
            int from = step % 3 * 10;
            model.computeGradients(data, examples, from, from + 10, step(step));
            adam.step(parameters, gradients, step);
        }
        double trained = model.computeGradients(data, examples, 0, 30, step(0)).objective();

        assertThat(trained).isLessThan(initial / 4);
    }

    @Test
    void sameSeedGivesIdenticalPredictions() {
        TrainingData data = TinyData.ratings(12, 9, 0.4, 7);
        int[] users = {0, 3, 3, 11, 5};
        int[] items = {8, 0, 2, 4, 4};

        assertThat(trainAndPredict(data, users, items)).containsExactly(trainAndPredict(data, users, items));
    }

    private static float[] trainAndPredict(TrainingData data, int[] users, int[] items) {
        AutoencoderModel model = new AutoencoderModel(
                new AutoencoderSettings(Orientation.USER, List.of(6, 3), SEED_ACTIVATIONS, 0.2), 9);
        INDArray parameters = Nd4j.create(DataType.FLOAT, 1, model.parameterCount());
        INDArray gradients = Nd4j.create(DataType.FLOAT, 1, model.parameterCount());
        model.bind(parameters, gradients);
        model.initialize(new SeededRandom(11));
        Optimizer adam = new AdamOptimizer(model.parameterCount(), DataType.FLOAT, 0.01, 0.9, 0.999, 1e-8);
        SeededRandom run = new SeededRandom(12);
        int[] examples = IntStream.range(0, 12).toArray();
        for (int step = 0; step < 5; step++) {
            run.shuffle(examples, examples.length);
            model.computeGradients(data, examples, 0, 4, new StepContext(run.split(), 0, 1, step));
            adam.step(parameters, gradients, step);
        }
        float[] out = new float[users.length];
        model.predict(data, users, items, 0, users.length, out);
        return out;
    }

    @ParameterizedTest
    @CsvSource({"USER", "ITEM"})
    void predictReadsTheReconstructedCell(Orientation orientation) {
        // More rows than one inference chunk (256), so predict and reconstruct both chunk.
        TrainingData data = TinyData.ratings(300, 270, 0.05, 8);
        AutoencoderModel model = model(data, orientation, List.of(8, 4), 0.5, DataType.FLOAT, 3);
        SeededRandom random = new SeededRandom(4);
        int pairs = 2000;
        int[] users = new int[pairs + 2];
        int[] items = new int[pairs + 2];
        for (int k = 1; k <= pairs; k++) {
            users[k] = random.nextInt(data.users());
            items[k] = random.nextInt(data.items());
        }
        float[] out = new float[pairs + 2];

        model.predict(data, users, items, 1, pairs + 1, out);

        INDArray reconstruction = model.reconstruct(data, 0, model.exampleCount(data));
        for (int k = 1; k <= pairs; k++) {
            float expected = orientation == Orientation.USER ? reconstruction.getFloat(users[k], items[k])
                    : reconstruction.getFloat(items[k], users[k]);
            assertThat(out[k]).as("pair %d", k).isCloseTo(expected, within(1e-5f));
        }
        assertThat(out[0]).isZero();
        assertThat(out[pairs + 1]).isZero();
    }

    @Test
    void reconstructAndEmbedAreDeterministicAndShaped() {
        TrainingData data = TinyData.ratings(10, 8, 0.5, 9);
        AutoencoderModel model = model(data, Orientation.ITEM, List.of(6, 4), 0.5, DataType.FLOAT, 5);

        INDArray embedding = model.embed(data, 2, 7);
        INDArray reconstruction = model.reconstruct(data, 2, 7);

        assertThat(embedding.shape()).containsExactly(5, 4);
        assertThat(reconstruction.shape()).containsExactly(5, 10);
        assertThat(embedding.minNumber().doubleValue()).isGreaterThanOrEqualTo(0); // relu embedding
        assertThat(model.embed(data, 2, 7)).isEqualTo(embedding);
        assertThat(model.reconstruct(data, 2, 7)).isEqualTo(reconstruction);
        assertThat(model.reconstruct(data, 0, 8).getRow(3)).isEqualTo(reconstruction.getRow(1));
    }
}
