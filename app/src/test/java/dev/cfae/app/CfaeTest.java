package dev.cfae.app;

import com.typesafe.config.ConfigFactory;
import dev.cfae.api.EpochMetrics;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.Ratings;
import dev.cfae.app.run.MemoryCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
