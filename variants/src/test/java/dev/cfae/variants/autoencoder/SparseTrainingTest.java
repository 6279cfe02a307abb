package dev.cfae.variants.autoencoder;

import dev.cfae.api.EpochMetrics;
import dev.cfae.api.Orientation;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.TrainingData;
import dev.cfae.api.data.RatingRange;
import dev.cfae.engine.nn.Activation;
import dev.cfae.engine.nn.SparseSettings;
import dev.cfae.engine.optim.AdamOptimizer;
import dev.cfae.engine.optim.Optimizer;
import dev.cfae.engine.optim.RmsPropOptimizer;
import dev.cfae.engine.optim.SgdOptimizer;
import dev.cfae.engine.train.PredictionSettings;
import dev.cfae.engine.train.Trainer;
import dev.cfae.engine.train.TrainerSettings;
import dev.cfae.engine.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole training runs through the {@link Trainer} on the sparse kernels, whose steps write only the
 * touched rows of the first and last layers: with a dense optimizer and L2 they follow the dense
 * run, because the trainer clears what L2 and the optimizer wrote into the other rows; lazy Adam
 * leaves the rows of items no batch rates alone.
 */
final class SparseTrainingTest {
    private static final RatingRange STARS = new RatingRange(1, 5);
    private static final int ITEMS = 45;
    /** Items 40..44 are never rated. */
    private static final int RATED_ITEMS = 40;
    private static final int HIDDEN = 12;
    private static final AutoencoderSettings SETTINGS = new AutoencoderSettings(Orientation.USER, List.of(HIDDEN, 6),
            new AutoencoderSettings.Activations(Activation.RELU, Activation.RELU, Activation.RELU, Activation.IDENTITY),
            0.0);

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd", "rmsprop"})
    void exactOptimizersWithL2FollowTheDenseRun(String optimizer) {
        TrainingData data = data();
        LongFunction<Optimizer> factory = switch (optimizer) {
            case "adam" -> n -> new AdamOptimizer(n, DataType.FLOAT, 0.01, 0.9, 0.999, 1e-8);
            case "sgd" -> n -> new SgdOptimizer(n, DataType.FLOAT, 0.05, 0.9, false);
            default -> n -> new RmsPropOptimizer(n, DataType.FLOAT, 0.01, 0.9, 1e-6, 0, false);
        };

        float[] dense = train(data, SparseSettings.DENSE, factory).model().parameters();
        float[] sparse = train(data, new SparseSettings(SparseSettings.Mode.SPARSE, 0), factory).model().parameters();

        float worst = 0;
        for (int i = 0; i < dense.length; i++) {
            worst = Math.max(worst, Math.abs(dense[i] - sparse[i]));
        }
        assertThat(worst).as("largest parameter difference after 12 steps").isLessThan(1e-4f);
        // L2 reached the rows of the unrated items on both paths.
        float[] initial = initialParameters();
        assertThat(sparse[RATED_ITEMS * HIDDEN]).isNotEqualTo(initial[RATED_ITEMS * HIDDEN]);
    }

    @Test
    void lazyAdamUpdatesOnlyTheRowsOfRatedItems() {
        TrainingData data = data();
        SparseSettings sparse = new SparseSettings(SparseSettings.Mode.SPARSE, 0);
        TrainingResult lazy = train(data, sparse, n -> new AdamOptimizer(n, DataType.FLOAT, 0.01, 0.9, 0.999, 1e-8,
                true));
        float[] exact = train(data, sparse, n -> new AdamOptimizer(n, DataType.FLOAT, 0.01, 0.9, 0.999, 1e-8))
                .model().parameters();
        float[] initial = initialParameters();
        float[] trained = lazy.model().parameters();

        // First layer, stored [items, hidden]: the unrated items' rows are as initialised, under L2 too.
        for (int i = RATED_ITEMS * HIDDEN; i < ITEMS * HIDDEN; i++) {
            assertThat(trained[i]).as("weight %d of an unrated item", i).isEqualTo(initial[i]);
            assertThat(exact[i]).as("exact Adam with L2 moves it").isNotEqualTo(initial[i]);
        }
        for (int i = 0; i < RATED_ITEMS * HIDDEN; i++) {
            assertThat(trained[i]).as("weight %d of a rated item", i).isNotEqualTo(initial[i]);
        }
        List<EpochMetrics> epochs = lazy.epochs();
        assertThat(epochs.get(epochs.size() - 1).trainRmse()).isLessThan(epochs.get(0).trainRmse());
    }

    private static TrainingResult train(TrainingData data, SparseSettings kernels, LongFunction<Optimizer> optimizer) {
        AutoencoderModel model = new AutoencoderModel("autoencoder", SETTINGS, Bottleneck.PLAIN, ITEMS);
        model.sparseSettings(kernels);
        Trainer trainer = new Trainer(new TrainerSettings(3, 16, true, new TrainerSettings.L2(0.01, false),
                new TrainerSettings.EarlyStopping(false, 1, 0)), optimizer,
                new PredictionSettings(true, new PredictionSettings.GlobalMean()));
        return trainer.train(model, data, STARS, null, new SeededRandom(3), List.of());
    }

    /** The parameters the trainer starts from: the model initialised from the run random's first split. */
    private static float[] initialParameters() {
        AutoencoderModel model = new AutoencoderModel("autoencoder", SETTINGS, Bottleneck.PLAIN, ITEMS);
        INDArray parameters = Nd4j.create(DataType.FLOAT, 1, model.parameterCount());
        model.bind(parameters, Nd4j.create(DataType.FLOAT, 1, model.parameterCount()));
        model.initialize(new SeededRandom(3).split());
        return parameters.toFloatVector();
    }

    private static TrainingData data() {
        return TinyData.ratings(60, ITEMS, RATED_ITEMS, 0.15, 7);
    }
}
