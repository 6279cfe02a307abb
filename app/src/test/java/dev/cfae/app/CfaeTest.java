package dev.cfae.app;

import com.typesafe.config.ConfigFactory;
import dev.cfae.api.EpochMetrics;
import dev.cfae.api.TrainingListener;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.Ratings;
import dev.cfae.app.run.MemoryCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

final class CfaeTest {
    @TempDir
    Path dir;

    private Cfae tiny(String... extra) {
        Path ratings = TinyRatings.write(dir, 60, 40, 0.3, 7);
        String hocon = "cfae.data.train = \"" + ratings.toString().replace("\\", "/") + "\"\n"
                + "cfae.trainer { epochs = 30, batch-size = 8, optimizer.learning-rate = 0.01, early-stopping.enabled = false }\n"
                + "cfae.variants.autoencoder.layers = [16, 4]\n"
                + "cfae.data.split.validation-fraction = 0.1\n"
                // About 24 % dense, above auto's threshold: the sparse kernels, as real rating data gets.
                + "cfae.engine.sparse.mode = sparse\n"
                + String.join("\n", extra);
        return Cfae.fromConfig(ConfigFactory.parseString(hocon));
    }

    @Test
    void trainsAndPredictsByExternalIds() {
        CfaeModel model = tiny().train();

        assertThat(model.history()).hasSize(30);
        assertThat(model.history().get(29).trainRmse()).isLessThan(model.history().get(0).trainRmse());
        assertThat(model.testRmse()).isLessThan(globalMeanRmse(model));
        float rating = model.predict("u1", "m1");
        assertThat(rating).isBetween(1f, 5f);
        assertThat(model.filledRow("u1")).hasSize(model.items().size()).contains(rating);
        assertThat(model.predict(List.of("u1", "nobody"), List.of("m1", "m1")))
                .containsExactly(rating, model.protocol().fallback());
        assertThat(model.predict(null, "m1")).as("a null id is an unknown one").isEqualTo(model.protocol().fallback());
        assertThatThrownBy(() -> model.filledRow(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown user id");
        assertThatThrownBy(() -> model.usePredictionMode("item")).isInstanceOf(UnsupportedOperationException.class);

        int row = model.embeddingIds().indexOf("u7");
        assertThat(model.embedding("u7")).containsExactly(model.embeddings(row, row + 1).toFloatVector());
        assertThatThrownBy(() -> model.embedding("nobody")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown user id: nobody");
    }

    /** The model computes in buffers it reuses: calls from several threads must take turns, not mix. */
    @Test
    void aModelIsSafeToShareBetweenThreads() throws Exception {
        CfaeModel model = tiny().train();
        List<String> users = model.users().ids();
        List<String> items = model.items().ids();
        List<String> pairUsers = new ArrayList<>();
        List<String> pairItems = new ArrayList<>();
        for (int k = 0; k < 500; k++) {
            pairUsers.add(users.get(k % users.size()));
            pairItems.add(items.get(k * 7 % items.size()));
        }
        float[] predictions = model.predict(pairUsers, pairItems);
        float[][] rows = users.stream().map(model::filledRow).toArray(float[][]::new);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean fillsRows = t % 2 == 1;
                mismatches.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int round = 0; round < 20; round++) {
                        if (!fillsRows) {
                            wrong += Arrays.equals(model.predict(pairUsers, pairItems), predictions) ? 0 : 1;
                            continue;
                        }
                        for (int u = 0; u < users.size(); u++) {
                            wrong += Arrays.equals(model.filledRow(users.get(u)), rows[u]) ? 0 : 1;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> thread : mismatches) {
                assertThat(thread.get()).as("calls that differ from the same calls made alone").isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPreparedRunTrainsItsModelOnce() {
        Cfae.PreparedRun run = tiny("cfae.trainer.epochs = 2").prepare();
        CfaeModel first = run.train();
        float before = first.predict("u1", "m1");

        assertThatThrownBy(() -> run.train()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cfae.prepare()");
        assertThatThrownBy(() -> run.trainWithoutTest()).isInstanceOf(IllegalStateException.class);
        assertThat(first.predict("u1", "m1")).isEqualTo(before);
    }

    @Test
    void aNullListenerIsRefusedBeforeAnyDataIsRead() throws IOException {
        Path malformed = Files.writeString(dir.resolve("malformed.csv"), "user,item,rating\nu1,m1,not-a-rating\n");
        Cfae cfae = tiny("cfae.data.train = \"" + malformed.toString().replace("\\", "/") + "\"");

        assertThatThrownBy(() -> cfae.train((TrainingListener) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("training listener is null");
        assertThatThrownBy(() -> cfae.train()).as("the file is read only after the check").hasMessageContaining("malformed.csv");
    }

    /** A mode chosen after training is the one a saved model records, and so predicts by when loaded. */
    @Test
    void theSavedModelKeepsThePredictionModeInUse() {
        CfaeModel model = tiny("cfae.variant = combined", "cfae.trainer.epochs = 1",
                "cfae.variants.combined { item.layers = [6, 4], user.layers = [5, 4], mlp.layers = [3] }").train();
        assertThat(model.predictionMode()).contains("mlp");
        model.usePredictionMode("item");
        float byItem = model.predict("u1", "m1");
        Path file = dir.resolve("combined.cfae");

        model.save(file);
        CfaeModel loaded = Cfae.load(file);

        assertThat(loaded.predictionMode()).contains("item");
        assertThat(loaded.runConfig().getString("cfae.variants.combined.prediction-mode")).isEqualTo("item");
        assertThat(loaded.predict("u1", "m1")).isEqualTo(byItem);
        assertThatThrownBy(() -> model.usePredictionMode("best")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("best");
    }

    /** RMSE on the test ratings of always predicting the training mean: the baseline to beat. */
    private static double globalMeanRmse(CfaeModel model) {
        double mean = model.split().train().mean();
        Ratings test = model.split().test();
        double sum = 0;
        for (int k = 0; k < test.size(); k++) {
            sum += (test.rating(k) - mean) * (test.rating(k) - mean);
        }
        return Math.sqrt(sum / test.size());
    }

    @Test
    void savedModelPredictsIdentically() {
        CfaeModel model = tiny().train();
        Path file = dir.resolve("model.cfae");
        model.save(file);

        CfaeModel loaded = Cfae.load(file);

        assertThat(loaded.users()).isEqualTo(model.users());
        assertThat(loaded.items()).isEqualTo(model.items());
        for (String user : List.of("u1", "u7", "u30")) {
            assertThat(loaded.filledRow(user)).containsExactly(model.filledRow(user));
        }
    }

    @Test
    void sameSeedSameModel() {
        CfaeModel first = tiny().train();
        CfaeModel second = tiny().train();

        assertThat(second.testRmse()).isCloseTo(first.testRmse(), within(0.0));
        assertThat(second.filledRow("u3")).containsExactly(first.filledRow("u3"));
    }

    @Test
    void theLibraryRefusesARunOverTheMemoryLimitBeforeTraining() {
        List<EpochMetrics> epochs = new ArrayList<>();

        assertThatThrownBy(() -> tiny("cfae.engine.memory.limit = 64K").train(epochs::add))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("estimated")
                .hasMessageContaining("64.0 KiB");
        assertThat(epochs).as("no epoch trained").isEmpty();
    }

    /**
     * The VAE's augmentation round trains a second time: a full run's estimate counts its parameters,
     * gradients, optimizer state and parameter copies; a run that only trains (a bench) runs no round.
     */
    @Test
    void theMemoryEstimateCountsAnAugmentationRound() {
        String vae = "cfae.variant = vae\ncfae.variants.vae.layers = [16, 4]";
        Cfae.PreparedRun plain = tiny(vae).prepare();
        Cfae.PreparedRun augmented = tiny(vae, "cfae.variants.vae.augmentation.rows = 1").prepare();
        long parameters = augmented.model().parameterCount();

        assertThat(plain.checkMemory(null).augmentation()).isZero();
        assertThat(augmented.trainingOnlyMemory().augmentation()).isZero();
        MemoryCheck.Estimate estimate = augmented.checkMemory(null);
        // Parameters and gradients (early stopping is off), Adam's two moments, and the two heap copies.
        assertThat(estimate.augmentation()).isGreaterThan(6 * 4 * parameters);
        assertThat(estimate.total() - plain.checkMemory(null).total()).isEqualTo(estimate.augmentation());
        assertThat(estimate.describe()).contains("augmentation round");
    }

    @Test
    void badConfigurationFailsBeforeAnyDataIsRead() {
        assertThatThrownBy(() -> tiny("cfae.variant = autoencodr"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variant")
                .hasMessageContaining("autoencoder");
        assertThatThrownBy(() -> tiny("cfae.data.train = \"" + dir.resolve("missing.csv") + "\""))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.data.train")
                .hasMessageContaining("missing.csv");
        assertThatThrownBy(() -> tiny("cfae.variants.autoencoder.dropout = 1.5"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variants.autoencoder.dropout");
        assertThatThrownBy(() -> tiny("cfae.trainer.epochs = many"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.trainer.epochs");
    }
}
