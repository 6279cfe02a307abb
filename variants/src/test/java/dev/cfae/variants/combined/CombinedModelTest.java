package dev.cfae.variants.combined;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.StepResult;
import dev.cfae.api.TrainingData;
import dev.cfae.api.VariantContext;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.api.data.RatingRange;
import dev.cfae.engine.nn.KernelThreads;
import dev.cfae.engine.testing.TinyRatings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CombinedModelTest {
    private static final String TINY = "item.layers = [6, 4], user.layers = [5, 4], mlp.layers = [3]";

    private static Config block(String overrides) {
        return ConfigFactory.parseString(overrides)
                .withFallback(ConfigFactory.defaultReference().getConfig("cfae.variants.combined")).resolve();
    }

    private static CombinedModel model(TrainingData data, String overrides) {
        return (CombinedModel) new CombinedFactory().create(
                new VariantContext(data.users(), data.items(), new RatingRange(1, 5)), block(overrides));
    }

    /** Binds float64 buffers, initialises from {@code seed} and returns the gradient buffer. */
    private static INDArray bind(CombinedModel model, long seed) {
        INDArray gradients = Nd4j.create(DataType.DOUBLE, 1, model.parameterCount());
        model.bind(Nd4j.create(DataType.DOUBLE, 1, model.parameterCount()), gradients);
        model.initialize(new SeededRandom(seed));
        return gradients;
    }

    private static StepResult step(CombinedModel model, TrainingData data, int[] examples) {
        return model.computeGradients(data, examples, 0, examples.length, new StepContext(new SeededRandom(4), 0, 1, 0));
    }

    @Test
    void theSeedShapeHasTheSeedsParameterCount() {
        CombinedModel model = new CombinedModel(CombinedSettings.fromConfig(
                new dev.cfae.api.config.ConfigBlock(block(""), "cfae.variants.combined")), 10000, 1000);

        assertThat(model.parameterCount()).isEqualTo(3_809_785L);
    }

    @Test
    void theSparsePathGivesTheDensePathsObjectiveAndGradients() {
        TrainingData data = TinyRatings.random(14, 10, 0.4, 17);
        CombinedModel sparse = model(data, TINY);
        CombinedModel dense = model(data, TINY + ", compute = dense");
        INDArray sparseGradients = bind(sparse, 3);
        INDArray denseGradients = bind(dense, 3);
        int[] examples = IntStream.range(0, sparse.exampleCount(data)).map(e -> (e * 7) % data.byUser().nnz())
                .limit(12).toArray();

        StepResult sparseStep = step(sparse, data, examples);
        StepResult denseStep = step(dense, data, examples);

        assertThat(sparseStep.objective()).isCloseTo(denseStep.objective(), within(1e-12));
        assertThat(sparseStep.squaredError()).isCloseTo(denseStep.squaredError(), within(1e-12));
        double[] expected = denseGradients.toDoubleVector();
        double[] actual = sparseGradients.toDoubleVector();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("gradient %d", i).isCloseTo(expected[i], within(1e-12));
        }
        assertThat(sparseGradients.amaxNumber().doubleValue()).isGreaterThan(1e-4);
    }

    /**
     * With enough work per step to split it, two kernel threads give bit for bit the objective and
     * gradients of one (each thread owns whole rows of what it writes), over steps on changing
     * parameters, on the sparse path and on the dense one (every cell listed, unobserved ones with
     * weight 0).
     */
    @ParameterizedTest
    @ValueSource(strings = {"", ", compute = dense"})
    void twoKernelThreadsGiveTheGradientsOfOne(String compute) {
        TrainingData data = TinyRatings.random(300, 200, 0.3, 23);
        String wide = "item.layers = [96, 48], user.layers = [96, 48], mlp.layers = [8]" + compute;
        // A batch of 100 ratings puts ~100 item rows of ~90 ratings through 96 units, and 100 rows through
        // the 96 x 48 layers: each pass has at least the 2 x 2^16 multiply-adds a split needs.
        assertThat(100L * data.byItem().nnz() / data.items() * 96).isGreaterThan(2 * HeapDense.MIN_WORK_PER_THREAD);
        assertThat(100L * 96 * 48).isGreaterThan(2 * HeapDense.MIN_WORK_PER_THREAD);
        CombinedModel one = modelOn(1, data, wide);
        CombinedModel two = modelOn(2, data, wide);
        INDArray oneParameters = Nd4j.create(DataType.DOUBLE, 1, one.parameterCount());
        INDArray twoParameters = Nd4j.create(DataType.DOUBLE, 1, two.parameterCount());
        INDArray oneGradients = Nd4j.create(DataType.DOUBLE, 1, one.parameterCount());
        INDArray twoGradients = Nd4j.create(DataType.DOUBLE, 1, two.parameterCount());
        one.bind(oneParameters, oneGradients);
        two.bind(twoParameters, twoGradients);
        one.initialize(new SeededRandom(6));
        two.initialize(new SeededRandom(6));
        int[] examples = IntStream.range(0, one.exampleCount(data)).map(e -> (e * 13) % data.byUser().nnz())
                .limit(300).toArray();
        for (int from = 0; from < 300; from += 100) {
            StepResult single = one.computeGradients(data, examples, from, from + 100,
                    new StepContext(new SeededRandom(from), 0, 1, from));
            StepResult split = two.computeGradients(data, examples, from, from + 100,
                    new StepContext(new SeededRandom(from), 0, 1, from));

            assertThat(split.objective()).isEqualTo(single.objective());
            assertThat(split.squaredError()).isEqualTo(single.squaredError());
            assertThat(twoGradients.toDoubleVector()).isEqualTo(oneGradients.toDoubleVector());
            assertThat(oneGradients.amaxNumber().doubleValue()).isGreaterThan(1e-4);
            oneParameters.subi(oneGradients.mul(0.5));
            twoParameters.subi(twoGradients.mul(0.5));
        }
    }

    private static CombinedModel modelOn(int threads, TrainingData data, String overrides) {
        KernelThreads before = KernelThreads.configured();
        try {
            KernelThreads.configure(threads); // read by the layers as the model builds them
            return model(data, overrides);
        } finally {
            KernelThreads.configure(before.threads());
        }
    }

    @Test
    void theRatingBeingLearntIsNeitherAnInputNorAReconstructionTarget() {
        // With the rating term off, a one-rating batch's objective and gradients must not depend on that rating.
        TrainingData low = withFirstRating(1f);
        TrainingData high = withFirstRating(5f);
        String noRatingTerm = TINY + ", rating-weight = 0, dropout = 0";
        CombinedModel first = model(low, noRatingTerm);
        CombinedModel second = model(high, noRatingTerm);
        INDArray firstGradients = bind(first, 5);
        INDArray secondGradients = bind(second, 5);

        double lowObjective = step(first, low, new int[] {0}).objective();
        double highObjective = step(second, high, new int[] {0}).objective();

        assertThat(lowObjective).isPositive().isEqualTo(highObjective);
        assertThat(firstGradients).isEqualTo(secondGradients);
    }

    /** The tiny data with the rating at storage position 0 (its first user's first item) set to {@code rating}. */
    private static TrainingData withFirstRating(float rating) {
        RatingMatrix base = TinyRatings.random(14, 10, 0.4, 17).byUser().scaled(5f);
        float[] values = base.values();
        values[0] = rating;
        return TrainingData.of(RatingMatrix.fromCsr(base.rows(), base.columns(), base.rowPointers(),
                base.columnIndices(), values), 5f);
    }

    @Test
    void embeddingWidthsMayDifferOnlyWithoutTheProductTerm() {
        TrainingData data = TinyRatings.random(14, 10, 0.4, 17);

        assertThatThrownBy(() -> model(data, TINY + ", user.layers = [5, 3]"))
                .isInstanceOfSatisfying(SettingsException.class,
                        e -> assertThat(e.key()).isEqualTo("cfae.variants.combined.product"))
                .hasMessageContaining("cfae.variants.combined.user.layers");
        CombinedModel model = model(data, TINY + ", user.layers = [5, 3], product = false");
        assertThat(model.parameterBlocks()).anyMatch(b -> b.name().equals("mlp.0.weight") && b.length() == (4 + 3) * 3);
    }

    @Test
    void theMeanModeAveragesTheOtherThree() {
        TrainingData data = TinyRatings.random(14, 10, 0.4, 17);
        CombinedModel model = model(data, TINY);
        bind(model, 8);
        int[] users = IntStream.range(0, 140).map(k -> k / 10).toArray();
        int[] items = IntStream.range(0, 140).map(k -> k % 10).toArray();

        float[][] byMode = new float[4][140];
        String[] modes = {"item", "user", "mlp", "mean"};
        for (int m = 0; m < 4; m++) {
            model.usePredictionMode(modes[m]);
            model.predict(data, users, items, 0, 140, byMode[m]);
        }

        assertThat(model.predictionModes()).containsExactly(modes);
        assertThat(byMode[0]).isNotEqualTo(byMode[1]);
        for (int k = 0; k < 140; k++) {
            assertThat(byMode[3][k]).isCloseTo((byMode[0][k] + byMode[1][k] + byMode[2][k]) / 3, within(1e-6f));
        }
        assertThatThrownBy(() -> model.usePredictionMode("best")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mlp");
    }
}
