package dev.cfae.engine.backend;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class EngineSettingsTest {
    @Test
    void defaultsComeFromReferenceConf() {
        assertThat(read(""))
                .isEqualTo(new EngineSettings(BackendChoice.AUTO, 1, 0, 0));
    }

    @Test
    void everyKeyIsRead() {
        assertThat(read("cfae.engine { backend = cuda, threads { blas = 4, omp = 2, kernels = 3 } }"))
                .isEqualTo(new EngineSettings(BackendChoice.CUDA, 4, 2, 3));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cfae.engine.backend = gpu        | cfae.engine.backend",
            "cfae.engine.threads.blas = -1    | cfae.engine.threads.blas",
            "cfae.engine.threads.omp = 100000 | cfae.engine.threads.omp",
            "cfae.engine.threads.omp = many   | cfae.engine.threads.omp",
            "cfae.engine.threads.kernels = -2 | cfae.engine.threads.kernels"})
    void badValuesNameTheirKey(String setting, String key) {
        assertThatThrownBy(() -> read(setting))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo(key));
    }

    private static EngineSettings read(String overrides) {
        Config config = ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
        return EngineSettings.fromConfig(ConfigBlock.of(config, EngineSettings.BLOCK));
    }
}
