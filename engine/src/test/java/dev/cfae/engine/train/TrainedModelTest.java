package dev.cfae.engine.train;

import dev.cfae.api.Orientation;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.TrainingData;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.Ratings;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

final class TrainedModelTest {
    // 4 users x 3 items; user 3 and item 2 have no training ratings. Global mean (5 + 4 + 3 + 1) / 4 = 3.25.
    private static final Ratings TRAINING = Fixtures.ratings(4, 3,
            List.of(new int[] {0, 0}, new int[] {0, 1}, new int[] {1, 0}, new int[] {2, 1}), List.of(5f, 4f, 3f, 1f));
    private static final TrainingData DATA = Fixtures.trainingData(TRAINING);
    // Normalised: offset[u] + bias[i]; rating = 5 x that.
    private static final float[] PARAMETERS = {0.5f, 0.0f, -0.5f, 0.1f, 0.6f, 0.1f, 0.2f};
    private static final PredictionSettings CLIPPED_MEAN =
            new PredictionSettings(true, new PredictionSettings.GlobalMean());

    @Test
    void predictionsAreScaledAndClipped() {
        TrainedModel model = restore(Orientation.USER, CLIPPED_MEAN);

        // (0,0): 1.1 -> 5.5 -> 5; (2,1): -0.4 -> -2 -> 1; (1,0): 0.6 -> 3; (0,1): 0.6 -> 3.
        assertThat(model.predict(new int[] {0, 2, 1, 0}, new int[] {0, 1, 0, 1}))
                .containsExactly(new float[] {5f, 1f, 3f, 3f}, within(1e-5f));
    }

    @Test
    void withoutClippingPredictionsLeaveTheRange() {
        TrainedModel model = restore(Orientation.USER, new PredictionSettings(false, new PredictionSettings.GlobalMean()));

        assertThat(model.predict(new int[] {0, 2}, new int[] {0, 1}))
                .containsExactly(new float[] {5.5f, -2f}, within(1e-5f));
    }

    @Test
    void fallbackAppliesToColdAndUnknownUsersAndItems() {
        TrainedModel mean = restore(Orientation.USER, CLIPPED_MEAN);
        TrainedModel fixed = restore(Orientation.USER, new PredictionSettings(true, new PredictionSettings.Fixed(2.5f)));
        // cold user 3, cold item 2, index -1 for user and item, user index 4 beyond the training users.
        int[] users = {3, 0, -1, 0, 4, 1};
        int[] items = {0, 2, 0, -1, 0, 0};

        assertThat(mean.predict(users, items)).containsExactly(new float[] {3.25f, 3.25f, 3.25f, 3.25f, 3.25f, 3f},
                within(1e-5f));
        assertThat(fixed.predict(users, items)).containsExactly(new float[] {2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 3f},
                within(1e-5f));
        assertThat(mean.prediction().fallback()).isEqualTo(3.25f);
        assertThat(mean.fallbackPairs(users, items)).as("all but the last pair").isEqualTo(5);
    }

    @Test
    void aFixedFallbackOutsideTheRangeIsRejected() {
        PredictionSettings settings = new PredictionSettings(true, new PredictionSettings.Fixed(7f));

        assertThatThrownBy(() -> settings.resolve(Fixtures.STARS, DATA))
                .isInstanceOfSatisfying(SettingsException.class,
                        e -> assertThat(e.key()).isEqualTo("cfae.prediction.fallback"))
                .hasMessageContaining("7.0");
    }

    @Test
    void filledRowsAgreeWithPairPredictionsInBothOrientations() {
        TrainedModel byUser = restore(Orientation.USER, CLIPPED_MEAN);
        TrainedModel byItem = restore(Orientation.ITEM, CLIPPED_MEAN);
        int[] users = new int[12];
        int[] items = new int[12];
        for (int k = 0; k < 12; k++) {
            users[k] = k / 3;
            items[k] = k % 3;
        }
        float[] expected = byUser.predict(users, items);

        INDArray userRows = byUser.filledRows(0, 4);
        INDArray itemOriented = byItem.filledRows(1, 4);
        INDArray itemRows = byItem.filledModelRows(0, 3);

        assertThat(userRows.shape()).containsExactly(4, 3);
        assertThat(userRows.reshape(12).toFloatVector()).containsExactly(expected, within(1e-5f));
        assertThat(byItem.predict(users, items)).containsExactly(expected, within(1e-5f));
        assertThat(itemOriented.shape()).containsExactly(3, 3);
        assertThat(itemOriented.equalsWithEps(userRows.getRows(1, 2, 3), 1e-5)).isTrue();
        assertThat(itemRows.equalsWithEps(userRows.transpose(), 1e-5)).isTrue();
        // Row of cold user 3 and column of cold item 2 hold the fallback.
        assertThat(userRows.getRow(3).toFloatVector()).containsOnly(3.25f);
        assertThat(userRows.getColumn(2).toFloatVector()).containsOnly(3.25f);
    }

    @Test
    void evaluationReportsItsProtocol() {
        TrainedModel model = restore(Orientation.USER, CLIPPED_MEAN);
        // Predictions 5 (clipped), 3, and the fallback 3.25 for cold user 3.
        Ratings ratings = Fixtures.ratings(4, 3, List.of(new int[] {0, 0}, new int[] {1, 0}, new int[] {3, 1}),
                List.of(4f, 3f, 2.25f));

        RmseEvaluation evaluation = model.evaluate(ratings);

        assertThat(evaluation.rmse()).isCloseTo(Math.sqrt((1 + 0 + 1) / 3.0), within(1e-6));
        assertThat(evaluation.count()).isEqualTo(3);
        assertThat(evaluation.fallbackPredictions()).isEqualTo(1);
        assertThat(evaluation.clipped()).isTrue();
        assertThat(evaluation.fallbackRating()).isEqualTo(3.25f);
        assertThat(model.rmse(ratings)).isEqualTo(evaluation.rmse());
    }

    @Test
    void manyPairsArePredictedInBoundedChunks() {
        AdditiveModel additive = new AdditiveModel(4, 3, Orientation.USER, 0f);
        TrainedModel model = TrainedModel.restore(additive, DATA, CLIPPED_MEAN.resolve(Fixtures.STARS, DATA), PARAMETERS);
        int n = 150_000;
        int[] users = new int[n];
        int[] items = new int[n];
        float[] expected = new float[n];
        SeededRandom random = new SeededRandom(3);
        for (int k = 0; k < n; k++) {
            users[k] = random.nextInt(5) - 1;
            items[k] = random.nextInt(3);
            boolean cold = users[k] < 0 || users[k] == 3 || items[k] == 2;
            expected[k] = cold ? 3.25f : Fixtures.STARS.clip(5 * (PARAMETERS[users[k]] + PARAMETERS[4 + items[k]]));
        }

        float[] predicted = model.predict(users, items);

        // One comparison, not 150k AssertJ element checks, to keep the test fast.
        double largestError = 0;
        for (int k = 0; k < n; k++) {
            largestError = Math.max(largestError, Math.abs(predicted[k] - expected[k]));
        }
        assertThat(predicted).hasSize(n);
        assertThat(largestError).isLessThan(1e-5);
        assertThat(additive.largestPredictChunk()).isPositive().isLessThanOrEqualTo(1 << 16);
    }

    @Test
    void restoringTrainedParametersGivesIdenticalPredictions() {
        Ratings ratings = Fixtures.additiveRatings(12, 5, 0.5, 9);
        TrainingData data = Fixtures.trainingData(ratings);
        TrainerSettings settings = new TrainerSettings(4, 5, true, new TrainerSettings.L2(0.01, false),
                new TrainerSettings.EarlyStopping(false, 1, 0));
        TrainedModel trained = new Trainer(settings, n -> new Sgd(0.2), CLIPPED_MEAN)
                .train(new AdditiveModel(12, 5, Orientation.USER, 0f), data, Fixtures.STARS, null, new SeededRandom(4),
                        List.of())
                .model();

        TrainedModel restored = TrainedModel.restore(new AdditiveModel(12, 5, Orientation.USER, 0f), data,
                trained.prediction(), trained.parameters());

        int[] users = {0, 3, 11, -1, 7};
        int[] items = {4, 0, 2, 1, 3};
        assertThat(restored.parameters()).containsExactly(trained.parameters());
        assertThat(restored.predict(users, items)).containsExactly(trained.predict(users, items));
        assertThat(restored.filledRows(0, 12)).isEqualTo(trained.filledRows(0, 12));
        assertThat(restored.embeddings(2, 6)).isEqualTo(trained.embeddings(2, 6));
        assertThat(restored.rmse(ratings)).isEqualTo(trained.rmse(ratings));
    }

    @Test
    void restoreRefusesParametersOfTheWrongLength() {
        assertThatThrownBy(() -> TrainedModel.restore(new AdditiveModel(4, 3, Orientation.USER, 0f), DATA,
                CLIPPED_MEAN.resolve(Fixtures.STARS, DATA), new float[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 values");
    }

    private static TrainedModel restore(Orientation orientation, PredictionSettings settings) {
        return TrainedModel.restore(new AdditiveModel(4, 3, orientation, 0f), DATA,
                settings.resolve(Fixtures.STARS, DATA), PARAMETERS);
    }
}
