package dev.cfae.engine.train;

import com.typesafe.config.ConfigFactory;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointSettingsTest {
    private static CheckpointSettings read(String overrides) {
        return CheckpointSettings.fromConfig(ConfigBlock.of(ConfigFactory.parseString(overrides)
                .withFallback(ConfigFactory.defaultReference()).resolve(), CheckpointSettings.BLOCK));
    }

    @Test
    void theDefaultIsOneCheckpointPerEpochAndNoneByTime() {
        assertThat(read("")).isEqualTo(new CheckpointSettings(1, 0, Duration.ZERO));
    }

    @Test
    void aDurationReadsInHoconUnits() {
        CheckpointSettings settings = read("cfae.trainer.checkpoint { every-epochs = 0, every-duration = 30 minutes }");

        assertThat(settings.everyDuration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.enabled()).isTrue();
        assertThat(read("cfae.trainer.checkpoint.every-epochs = 0").enabled()).isFalse();
    }

    @Test
    void aNegativeOrUnreadableDurationIsRefusedByKey() {
        assertThatThrownBy(() -> read("cfae.trainer.checkpoint.every-duration = -1s"))
                .isInstanceOfSatisfying(SettingsException.class,
                        e -> assertThat(e.key()).isEqualTo("cfae.trainer.checkpoint.every-duration"));
        assertThatThrownBy(() -> read("cfae.trainer.checkpoint.every-duration = often"))
                .isInstanceOfSatisfying(SettingsException.class,
                        e -> assertThat(e.key()).isEqualTo("cfae.trainer.checkpoint.every-duration"));
    }
}
