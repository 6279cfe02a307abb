package dev.cfae.engine.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class SettingsTest {
    @Test
    void trainerDefaultsComeFromReferenceConf() {
        TrainerSettings settings = TrainerSettings.fromConfig(ConfigBlock.of(reference(""), TrainerSettings.BLOCK));

        assertThat(settings).isEqualTo(new TrainerSettings(20, 32, true, new TrainerSettings.L2(0.0, true),
                new TrainerSettings.EarlyStopping(true, 3, 0.0)));
    }

    @Test
    void predictionDefaultsComeFromReferenceConf() {
        PredictionSettings settings = PredictionSettings.fromConfig(ConfigBlock.of(reference(""), PredictionSettings.BLOCK));

        assertThat(settings).isEqualTo(new PredictionSettings(true, new PredictionSettings.GlobalMean()));
    }

    @Test
    void everyTrainerKeyIsRead() {
        Config config = reference("""
                cfae.trainer { epochs = 3, batch-size = 7, shuffle = false, l2 { weight = 0.5, include-biases = false }
                  early-stopping { enabled = true, patience = 2, min-delta = 0.01 } }
                """);

        assertThat(TrainerSettings.fromConfig(ConfigBlock.of(config, TrainerSettings.BLOCK)))
                .isEqualTo(new TrainerSettings(3, 7, false, new TrainerSettings.L2(0.5, false),
                        new TrainerSettings.EarlyStopping(true, 2, 0.01)));
    }

    @Test
    void aNumericFallbackIsAFixedRating() {
        Config config = reference("cfae.prediction { clip = false, fallback = 3.5 }");

        assertThat(PredictionSettings.fromConfig(ConfigBlock.of(config, PredictionSettings.BLOCK)))
                .isEqualTo(new PredictionSettings(false, new PredictionSettings.Fixed(3.5f)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cfae.trainer.batch-size = 0               | cfae.trainer.batch-size",
            "cfae.trainer.epochs = 0                   | cfae.trainer.epochs",
            "cfae.trainer.epochs = ten                 | cfae.trainer.epochs",
            "cfae.trainer.shuffle = maybe              | cfae.trainer.shuffle",
            "cfae.trainer.l2.weight = -0.1             | cfae.trainer.l2.weight",
            "cfae.trainer.early-stopping.patience = 0  | cfae.trainer.early-stopping.patience",
            "cfae.trainer.early-stopping.min-delta = -1 | cfae.trainer.early-stopping.min-delta"})
    void badTrainerValuesNameTheirKey(String setting, String key) {
        Config config = reference(setting);

        assertThatThrownBy(() -> TrainerSettings.fromConfig(ConfigBlock.of(config, TrainerSettings.BLOCK)))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageStartingWith(key + ":");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cfae.prediction.fallback = median | cfae.prediction.fallback",
            "cfae.prediction.clip = sometimes  | cfae.prediction.clip"})
    void badPredictionValuesNameTheirKey(String setting, String key) {
        Config config = reference(setting);

        assertThatThrownBy(() -> PredictionSettings.fromConfig(ConfigBlock.of(config, PredictionSettings.BLOCK)))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo(key));
    }

    private static Config reference(String overrides) {
        return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
    }
}
