package dev.cfae.variants.vae;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.cfae.api.EpochMetrics;
import dev.cfae.api.Orientation;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.TrainingData;
import dev.cfae.api.TrainingListener;
import dev.cfae.api.VariantContext;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.api.data.RatingRange;
import dev.cfae.api.data.Ratings;
import dev.cfae.engine.optim.OptimizerSettings;
import dev.cfae.engine.train.AugmentedTraining;
import dev.cfae.engine.train.PredictionSettings;
import dev.cfae.engine.train.Trainer;
import dev.cfae.engine.train.TrainerSettings;
import dev.cfae.engine.train.TrainingResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Augmentation with generated rows (engine's {@link AugmentedTraining}) driven by the real VAE on tiny data. */
final class VaeAugmentationTest {
    private static final RatingRange STARS = new RatingRange(1, 5);
    private static final int USERS = 30;
    private static final int ITEMS = 12;

    private final Config reference = ConfigFactory.defaultReference();
    private final List<int[]> trainCells = new ArrayList<>();
    private final List<int[]> validationCells = new ArrayList<>();

    /** A rank-one pattern with noise; every fifth observed cell is held out for validation. */
    VaeAugmentationTest() {
        SeededRandom random = new SeededRandom(3);
        int observed = 0;
        for (int u = 0; u < USERS; u++) {
            for (int i = 0; i < ITEMS; i++) {
                if (random.nextDouble() < 0.6) {
                    int rating = (int) Math.max(1, Math.min(5, Math.round(1 + (u % 5) * (i % 4) / 3.0
                            + random.nextGaussian() * 0.3)));
                    (observed++ % 5 == 0 ? validationCells : trainCells).add(new int[] {u, i, rating});
                }
            }
        }
    }

    private static Ratings ratings(List<int[]> cells) {
        int[] u = new int[cells.size()];
        int[] i = new int[cells.size()];
        float[] r = new float[cells.size()];
        for (int k = 0; k < cells.size(); k++) {
            u[k] = cells.get(k)[0];
            i[k] = cells.get(k)[1];
            r[k] = cells.get(k)[2];
        }
        return Ratings.of(IdIndex.sequential(USERS), IdIndex.sequential(ITEMS), u, i, r);
    }

    private VaeModel vae(String overrides) {
        Config block = ConfigFactory.parseString(overrides).withFallback(reference.getConfig("cfae.variants.vae"));
        return (VaeModel) new VaeFactory().create(new VariantContext(USERS, ITEMS, STARS), block);
    }

    private TrainerSettings trainer(int epochs) {
        return TrainerSettings.fromConfig(new ConfigBlock(ConfigFactory.parseString(
                "epochs = " + epochs + ", batch-size = 8, early-stopping.enabled = false")
                .withFallback(reference.getConfig("cfae.trainer")), "cfae.trainer"));
    }

    private OptimizerSettings optimizer() {
        return OptimizerSettings.fromConfig(new ConfigBlock(ConfigFactory.parseString("learning-rate = 0.01")
                .withFallback(reference.getConfig("cfae.trainer.optimizer")), "cfae.trainer.optimizer"));
    }

    private PredictionSettings prediction() {
        return PredictionSettings.fromConfig(new ConfigBlock(reference.getConfig("cfae.prediction"), "cfae.prediction"));
    }

    @Test
    void generatedRowsCopyTheObservedCellsOfRealRowsWithClippedValues() {
        for (Orientation orientation : Orientation.values()) {
            TrainingData data = TrainingData.of(RatingMatrix.byUser(ratings(trainCells)), STARS.scale());
            VaeModel model = vae("layers = [6, 3], orientation = " + orientation.name().toLowerCase());
            new Trainer(trainer(1), optimizer()::create, prediction()).train(model, data, STARS, null,
                    new SeededRandom(1), List.of());

            TrainingData augmented = AugmentedTraining.withGeneratedRows(model, data, STARS, 7, new SeededRandom(2));

            RatingMatrix real = data.rows(orientation);
            RatingMatrix rows = augmented.rows(orientation);
            assertThat(rows.rows()).isEqualTo(real.rows() + 7);
            assertThat(rows.columns()).isEqualTo(real.columns());
            assertThat(augmented.byItem()).isEqualTo(augmented.byUser().transpose());
            Set<List<Integer>> patterns = new HashSet<>();
            for (int r = 0; r < real.rows(); r++) {
                patterns.add(columns(real, r));
                assertThat(columns(rows, r)).isEqualTo(columns(real, r));
                for (int p = real.rowStart(r), q = rows.rowStart(r); p < real.rowEnd(r); p++, q++) {
                    assertThat(rows.value(q)).isEqualTo(real.value(p));
                }
            }
            for (int g = real.rows(); g < rows.rows(); g++) {
                assertThat(patterns).contains(columns(rows, g));
                for (int p = rows.rowStart(g); p < rows.rowEnd(g); p++) {
                    assertThat(rows.value(p)).isBetween(0.2f, 1f);
                }
            }
        }
    }

    private static List<Integer> columns(RatingMatrix matrix, int row) {
        List<Integer> columns = new ArrayList<>();
        for (int p = matrix.rowStart(row); p < matrix.rowEnd(row); p++) {
            columns.add(matrix.column(p));
        }
        return columns;
    }

    @Test
    void keepsTheModelWithTheLowerValidationRmseAndNumbersTheRoundsEpochsOn() {
        TrainingData data = TrainingData.of(RatingMatrix.byUser(ratings(trainCells)), STARS.scale());
        Ratings validation = ratings(validationCells);
        VaeModel model = vae("layers = [6, 3], augmentation { rows = 20, epochs = 2 }");
        List<Integer> epochs = new ArrayList<>();
        TrainingListener listener = (EpochMetrics metrics) -> epochs.add(metrics.epoch());
        TrainingResult trained = new Trainer(trainer(3), optimizer()::create, prediction()).train(model, data, STARS,
                validation, new SeededRandom(1), List.of(listener));
        double trainedRmse = trained.model().rmse(validation);

        AugmentedTraining.Outcome outcome = new AugmentedTraining(trainer(3), optimizer()::create, prediction())
                .run(model, trained, data, STARS, validation, new SeededRandom(4), List.of(listener));

        assertThat(epochs).containsExactly(1, 2, 3, 4, 5);
        assertThat(outcome.rows()).isEqualTo(20);
        assertThat(outcome.epochsRun()).isEqualTo(2);
        assertThat(outcome.validationBefore()).isCloseTo(trainedRmse, within(1e-9));
        assertThat(outcome.validationAfter()).isNotCloseTo(outcome.validationBefore(), within(1e-9));
        assertThat(outcome.kept()).isEqualTo(outcome.validationAfter() < outcome.validationBefore());
        assertThat(outcome.model().data()).isSameAs(data);
        assertThat(outcome.model().rmse(validation))
                .isCloseTo(Math.min(outcome.validationBefore(), outcome.validationAfter()), within(1e-9));
    }
}
