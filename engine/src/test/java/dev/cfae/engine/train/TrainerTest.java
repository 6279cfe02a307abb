package dev.cfae.engine.train;

import dev.cfae.api.EpochMetrics;
import dev.cfae.api.Orientation;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.TrainingCheckpoint;
import dev.cfae.engine.optim.AdamOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import dev.cfae.api.StepContext;
import dev.cfae.api.TrainingData;
import dev.cfae.api.TrainingListener;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.Ratings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

final class TrainerTest {
    private static final Ratings RATINGS = Fixtures.additiveRatings(10, 6, 0.5, 42);
    private static final TrainingData DATA = Fixtures.trainingData(RATINGS);
    private static final PredictionSettings PREDICTION =
            new PredictionSettings(true, new PredictionSettings.GlobalMean());
    private static final TrainerSettings.L2 NO_L2 = new TrainerSettings.L2(0, true);
    private static final TrainerSettings.EarlyStopping NO_EARLY_STOPPING =
            new TrainerSettings.EarlyStopping(false, 5, 0);

    @Test
    void sameSeedGivesIdenticalParametersAndDifferentSeedDoesNot() {
        TrainerSettings settings = new TrainerSettings(3, 3, true, NO_L2, NO_EARLY_STOPPING);
        AdditiveModel first = model();
        AdditiveModel again = model();
        AdditiveModel other = model();

        float[] a = train(settings, first, 7).model().parameters();
        float[] b = train(settings, again, 7).model().parameters();
        float[] c = train(settings, other, 8).model().parameters();

        assertThat(b).containsExactly(a);
        assertThat(again.stepDraws()).isEqualTo(first.stepDraws());
        // The model's initialisation is constant, so only the shuffle order and step randoms depend on the seed.
        assertThat(c).isNotEqualTo(a);
        assertThat(other.stepDraws()).doesNotContainAnyElementsOf(first.stepDraws());
    }

    @Test
    void theStepBudgetStopsTrainingMidEpochAndStillValidatesIt() {
        TrainerSettings settings = new TrainerSettings(5, 3, true, NO_L2, NO_EARLY_STOPPING, 2);
        AdditiveModel model = model();

        TrainingResult result = train(settings, model, 3);

        assertThat(model.batches()).hasSize(2);
        assertThat(result.epochs()).hasSize(1);
        assertThat(result.stopReason()).isEqualTo(StopReason.STEP_LIMIT);
    }

    @Test
    void withoutShuffleTheOrderIsFixedWhateverTheSeed() {
        TrainerSettings settings = new TrainerSettings(2, 4, false, NO_L2, NO_EARLY_STOPPING);
        AdditiveModel first = model();
        AdditiveModel other = model();

        float[] a = train(settings, first, 1).model().parameters();
        float[] b = train(settings, other, 2).model().parameters();

        assertThat(b).containsExactly(a);
        assertThat(first.batches().get(0)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void theLastPartialBatchIsTrained() {
        TrainerSettings settings = new TrainerSettings(2, 4, true, NO_L2, NO_EARLY_STOPPING);
        AdditiveModel model = model();

        train(settings, model, 3);

        assertThat(model.batches()).extracting(batch -> batch.length).containsExactly(4, 4, 2, 4, 4, 2);
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] seen = model.batches().subList(3 * epoch, 3 * epoch + 3).stream()
                    .flatMapToInt(Arrays::stream).sorted().toArray();
            assertThat(seen).containsExactly(IntStream.range(0, 10).toArray());
        }
        assertThat(model.contexts()).extracting(StepContext::step).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(model.contexts()).extracting(StepContext::epoch).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(model.contexts()).extracting(StepContext::totalEpochs).containsOnly(2);
    }

    @Test
    void trainingRmseFallsAndListenersHearEveryEpoch() {
        TrainerSettings settings = new TrainerSettings(15, 2, true, NO_L2, NO_EARLY_STOPPING);
        List<EpochMetrics> heard = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
                heard.add(metrics);
            }

            @Override
            public void onFinish(int bestEpoch, String reason) {
                finished.add(bestEpoch + " " + reason);
            }
        };

        TrainingResult result = new Trainer(settings, n -> new Sgd(0.3), PREDICTION)
                .train(model(), DATA, Fixtures.STARS, RATINGS, new SeededRandom(5), List.of(listener));

        assertThat(heard).isEqualTo(result.epochs()).hasSize(15);
        assertThat(heard).extracting(EpochMetrics::epoch).containsExactlyElementsOf(IntStream.rangeClosed(1, 15).boxed().toList());
        double first = heard.get(0).trainRmse();
        double last = heard.get(14).trainRmse();
        assertThat(last).isLessThan(0.5 * first).isLessThan(0.8);
        // Validation on the training ratings themselves: the trainer's figure matches a fresh evaluation.
        assertThat(heard.get(14).validationRmse()).isCloseTo(result.model().rmse(RATINGS), within(1e-9));
        assertThat(heard).allSatisfy(m -> assertThat(m.seconds()).isNotNegative());
        assertThat(result.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(result.bestEpoch()).isEqualTo(15);
        assertThat(finished).containsExactly("15 " + StopReason.COMPLETED.description());
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsParameters() {
        // Training says 5 everywhere, validation says 1; the model starts at 1, so every epoch makes validation worse.
        Ratings training = uniformRatings(5f);
        Ratings validation = uniformRatings(1f);
        TrainingData data = Fixtures.trainingData(training);
        TrainerSettings.EarlyStopping earlyStopping = new TrainerSettings.EarlyStopping(true, 2, 0);
        TrainerSettings stopping = new TrainerSettings(10, 4, true, NO_L2, earlyStopping);
        TrainerSettings oneEpoch = new TrainerSettings(1, 4, true, NO_L2, NO_EARLY_STOPPING);

        TrainingResult result = new Trainer(stopping, n -> new Sgd(0.05), PREDICTION)
                .train(startingAtOne(), data, Fixtures.STARS, validation, new SeededRandom(11), List.of());
        TrainingResult reference = new Trainer(oneEpoch, n -> new Sgd(0.05), PREDICTION)
                .train(startingAtOne(), data, Fixtures.STARS, validation, new SeededRandom(11), List.of());

        assertThat(result.stopReason()).isEqualTo(StopReason.EARLY_STOPPED);
        assertThat(result.epochs()).hasSize(3);
        assertThat(result.epochs().get(2).validationRmse()).isGreaterThan(result.epochs().get(1).validationRmse())
                .isGreaterThan(result.epochs().get(0).validationRmse());
        assertThat(result.bestEpoch()).isEqualTo(1);
        assertThat(result.model().parameters()).containsExactly(reference.model().parameters());
        assertThat(result.model().rmse(validation)).isEqualTo(result.epochs().get(0).validationRmse());
    }

    @Test
    void earlyStoppingWithoutValidationIsASettingsError() {
        TrainerSettings settings = new TrainerSettings(3, 4, true, NO_L2, new TrainerSettings.EarlyStopping(true, 2, 0));

        assertThatThrownBy(() -> new Trainer(settings, n -> new Sgd(0.1), PREDICTION)
                .train(model(), DATA, Fixtures.STARS, null, new SeededRandom(1), List.of()))
                .isInstanceOfSatisfying(SettingsException.class,
                        e -> assertThat(e.key()).isEqualTo("cfae.trainer.early-stopping.enabled"))
                .hasMessageContaining("validation");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void l2AddsWeightTimesParametersToTheGradient(boolean includeBiases) {
        double weight = 0.25;
        TrainerSettings settings = new TrainerSettings(1, 4, false, new TrainerSettings.L2(weight, includeBiases),
                NO_EARLY_STOPPING);
        AdditiveModel model = model();
        Sgd sgd = new Sgd(0.1);
        float[] start = new float[16];
        for (int j = 0; j < start.length; j++) {
            start[j] = 0.1f * (j + 1) - 0.8f;
        }

        new Trainer(settings, n -> sgd, PREDICTION)
                .train(model, DATA, Fixtures.STARS, null, new SeededRandom(1), List.of(), start);

        assertThat(sgd.firstParameters()).containsExactly(start);
        for (int j = 0; j < start.length; j++) {
            boolean bias = j >= 10;
            double expected = model.firstGradient()[j] + (bias && !includeBiases ? 0 : weight * start[j]);
            assertThat((double) sgd.firstGradient()[j]).as("gradient %d", j).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void divergenceStopsWithAClearMessage() {
        TrainerSettings settings = new TrainerSettings(200, 3, true, NO_L2, NO_EARLY_STOPPING);

        assertThatThrownBy(() -> new Trainer(settings, n -> new Sgd(100), PREDICTION)
                .train(model(), DATA, Fixtures.STARS, null, new SeededRandom(1), List.of()))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("diverged")
                .hasMessageContaining("Lower the learning rate");
    }

    @Test
    void resumingFromAnyCheckpointEndsWithTheSameParametersBitForBit() {
        // Early stopping with validation, Adam's moments and shuffling: every piece of state a checkpoint holds.
        TrainerSettings settings = new TrainerSettings(6, 3, true, new TrainerSettings.L2(0.01, true),
                new TrainerSettings.EarlyStopping(true, 10, 0));
        Trainer trainer = new Trainer(settings, n -> new AdamOptimizer(n, DataType.FLOAT, 0.05, 0.9, 0.999, 1e-8),
                PREDICTION);
        List<TrainingCheckpoint> checkpoints = new ArrayList<>();
        TrainingResult whole = trainer.train(model(), DATA, Fixtures.STARS, RATINGS, new SeededRandom(9), List.of(),
                null, new CheckpointSettings(1, 1), checkpoints::add, null);

        // 4 steps per epoch and one checkpoint per step, plus one per epoch.
        assertThat(checkpoints).hasSize(6 * 4 + 6);
        for (TrainingCheckpoint checkpoint : checkpoints) {
            TrainingResult resumed = trainer.train(model(), DATA, Fixtures.STARS, RATINGS, new SeededRandom(9),
                    List.of(), null, CheckpointSettings.NONE, c -> { }, checkpoint);
            assertThat(resumed.model().parameters()).as("resumed at step %d", checkpoint.step())
                    .containsExactly(whole.model().parameters());
            assertThat(resumed.bestEpoch()).isEqualTo(whole.bestEpoch());
            assertThat(resumed.epochs()).extracting(EpochMetrics::validationRmse)
                    .containsExactlyElementsOf(whole.epochs().stream().map(EpochMetrics::validationRmse).toList());
        }
    }

    @Test
    void aDurationTriggerCheckpointsAfterTheFirstStepPastIt() {
        TrainerSettings settings = new TrainerSettings(2, 3, true, NO_L2, NO_EARLY_STOPPING);
        Trainer trainer = new Trainer(settings, n -> new Sgd(0.1), PREDICTION);
        List<TrainingCheckpoint> everyStep = new ArrayList<>();
        List<TrainingCheckpoint> never = new ArrayList<>();

        // Every step takes longer than a nanosecond, and none a day.
        trainer.train(model(), DATA, Fixtures.STARS, null, new SeededRandom(1), List.of(), null,
                new CheckpointSettings(0, 0, Duration.ofNanos(1)), everyStep::add, null);
        trainer.train(model(), DATA, Fixtures.STARS, null, new SeededRandom(1), List.of(), null,
                new CheckpointSettings(0, 0, Duration.ofDays(1)), never::add, null);

        // 10 examples in batches of 3: 4 steps per epoch, the second ending at position 6.
        assertThat(everyStep).extracting(TrainingCheckpoint::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(everyStep.get(1).position()).isEqualTo(6);
        assertThat(never).isEmpty();
    }

    @Test
    void aCheckpointOfAnotherModelIsRefused() {
        TrainerSettings settings = new TrainerSettings(1, 4, true, NO_L2, NO_EARLY_STOPPING);
        List<TrainingCheckpoint> checkpoints = new ArrayList<>();
        new Trainer(settings, n -> new Sgd(0.1), PREDICTION).train(model(), DATA, Fixtures.STARS, null,
                new SeededRandom(1), List.of(), null, new CheckpointSettings(1, 0), checkpoints::add, null);
        TrainingData fewer = Fixtures.trainingData(Fixtures.additiveRatings(8, 6, 0.5, 42));

        assertThatThrownBy(() -> new Trainer(settings, n -> new Sgd(0.1), PREDICTION).train(model(), fewer,
                Fixtures.STARS, null, new SeededRandom(1), List.of(), null, CheckpointSettings.NONE, c -> { },
                checkpoints.get(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("examples");
    }

    @Test
    void aCheckpointOfAnotherOptimizerIsRefusedNamingBothStates() {
        TrainerSettings settings = new TrainerSettings(1, 4, true, NO_L2, NO_EARLY_STOPPING);
        List<TrainingCheckpoint> checkpoints = new ArrayList<>();
        new Trainer(settings, n -> new AdamOptimizer(n, DataType.FLOAT, 0.05, 0.9, 0.999, 1e-8), PREDICTION)
                .train(model(), DATA, Fixtures.STARS, null, new SeededRandom(1), List.of(), null,
                        new CheckpointSettings(1, 0), checkpoints::add, null);

        // Plain SGD keeps no state; the checkpoint holds Adam's m and v for the 16 parameters.
        assertThatThrownBy(() -> new Trainer(settings, n -> new Sgd(0.1), PREDICTION).train(model(), DATA,
                Fixtures.STARS, null, new SeededRandom(1), List.of(), null, CheckpointSettings.NONE, c -> { },
                checkpoints.get(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizer state does not fit the configured optimizer")
                .hasMessageContaining("32 values");
    }

    @Test
    void divergenceLeavesOnlyFiniteCheckpointsBehind() {
        TrainerSettings settings = new TrainerSettings(200, 3, true, NO_L2, NO_EARLY_STOPPING);
        List<TrainingCheckpoint> checkpoints = new ArrayList<>();

        assertThatThrownBy(() -> new Trainer(settings, n -> new Sgd(100), PREDICTION).train(model(), DATA,
                Fixtures.STARS, null, new SeededRandom(1), List.of(), null, new CheckpointSettings(0, 1),
                checkpoints::add, null))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("cfae.trainer.optimizer.learning-rate");
        assertThat(checkpoints).isNotEmpty().allSatisfy(c -> {
            for (float value : c.parameters()) {
                assertThat(Float.isFinite(value)).isTrue();
            }
        });
    }

    @Test
    void aWarmStartSkipsInitialisation() {
        TrainerSettings settings = new TrainerSettings(2, 4, true, NO_L2, NO_EARLY_STOPPING);
        float[] start = new float[16];
        Arrays.fill(start, 0.42f);

        TrainingResult result = new Trainer(settings, n -> new Sgd(0), PREDICTION)
                .train(model(), DATA, Fixtures.STARS, null, new SeededRandom(1), List.of(), start);

        assertThat(result.model().parameters()).containsExactly(start);
        assertThat(result.epochs()).extracting(EpochMetrics::validationRmse).allMatch(v -> Double.isNaN(v));
    }

    private static TrainingResult train(TrainerSettings settings, AdditiveModel model, long seed) {
        return new Trainer(settings, n -> new Sgd(0.1), PREDICTION)
                .train(model, DATA, Fixtures.STARS, null, new SeededRandom(seed), List.of());
    }

    private static AdditiveModel model() {
        return new AdditiveModel(10, 6, Orientation.USER, 0f);
    }

    /** Predicts 0.1 + 0.1 = 0.2 everywhere, i.e. a rating of 1. */
    private static AdditiveModel startingAtOne() {
        return new AdditiveModel(8, 3, Orientation.USER, 0.1f);
    }

    private static Ratings uniformRatings(float rating) {
        List<int[]> pairs = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (int u = 0; u < 8; u++) {
            for (int i = 0; i < 3; i++) {
                pairs.add(new int[] {u, i});
                values.add(rating);
            }
        }
        return Fixtures.ratings(8, 3, pairs, values);
    }
}
