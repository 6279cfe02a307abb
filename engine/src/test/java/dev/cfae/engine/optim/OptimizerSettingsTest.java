package dev.cfae.engine.optim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class OptimizerSettingsTest {
    private static final String BLOCK = "cfae.trainer.optimizer";

    private static Config reference() {
        return ConfigFactory.parseResources("reference.conf").resolve();
    }

    private static OptimizerSettings settings(Config config) {
        return OptimizerSettings.fromConfig(ConfigBlock.of(config, BLOCK));
    }

    private static OptimizerSettings with(String key, Object value) {
        return settings(reference().withValue(BLOCK + "." + key, ConfigValueFactory.fromAnyRef(value)));
    }

    @Test
    void defaultsComeFromReferenceConf() {
        assertThat(settings(reference())).isEqualTo(new OptimizerSettings("adam", 0.0003,
                new OptimizerSettings.AdamSettings(0.9, 0.999, 1e-8, false),
                new OptimizerSettings.RmsPropSettings(0.9, 1e-10, 0, false),
                new OptimizerSettings.SgdSettings(0.9, false)));
    }

    @Test
    void everyKeyOfTheReferenceBlockIsRead() {
        Map<String, Object> overrides = Map.ofEntries(
                Map.entry("type", "rmsprop"),
                Map.entry("learning-rate", 0.05),
                Map.entry("adam.beta1", 0.5),
                Map.entry("adam.beta2", 0.9),
                Map.entry("adam.epsilon", 1e-6),
                Map.entry("adam.lazy", true),
                Map.entry("rmsprop.rho", 0.95),
                Map.entry("rmsprop.epsilon", 1e-6),
                Map.entry("rmsprop.momentum", 0.5),
                Map.entry("rmsprop.tf1-compat", true),
                Map.entry("sgd.momentum", 0.5),
                Map.entry("sgd.nesterov", true));
        Set<String> keys = reference().getConfig(BLOCK).entrySet().stream().map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        OptimizerSettings defaults = settings(reference());

        // A key missing here fails the first assertion; a key that is not read fails the second.
        assertThat(keys).isEqualTo(overrides.keySet());
        overrides.forEach((key, value) -> assertThat(with(key, value)).as(key).isNotEqualTo(defaults));
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> with("type", "adagrad")).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.trainer.optimizer.type").hasMessageContaining("rmsprop");
        assertThatThrownBy(() -> with("learning-rate", 0)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.trainer.optimizer.learning-rate");
        assertThatThrownBy(() -> with("adam.beta2", 1.0)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.trainer.optimizer.adam.beta2");
        assertThatThrownBy(() -> with("rmsprop.epsilon", -1)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.trainer.optimizer.rmsprop.epsilon");
        assertThatThrownBy(() -> with("rmsprop.tf1-compat", "maybe")).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.trainer.optimizer.rmsprop.tf1-compat");
        Config noMomentum = reference()
                .withValue(BLOCK + ".sgd.momentum", ConfigValueFactory.fromAnyRef(0))
                .withValue(BLOCK + ".sgd.nesterov", ConfigValueFactory.fromAnyRef(true));
        assertThatThrownBy(() -> settings(noMomentum)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.trainer.optimizer.sgd.nesterov");
    }

    @Test
    void createsTheConfiguredOptimizer() {
        assertThat(settings(reference()).create(10)).isInstanceOf(AdamOptimizer.class);
        assertThat(with("type", "rmsprop").create(10)).isInstanceOf(RmsPropOptimizer.class);
        assertThat(with("type", "sgd").create(10)).isInstanceOf(SgdOptimizer.class);
        assertThat(settings(reference()).create(10).saveState()).hasSize(20);
    }

    @Test
    void referenceBlockCommentsEveryKey() {
        for (Map.Entry<String, ConfigValue> entry : reference().getConfig(BLOCK).entrySet()) {
            assertThat(entry.getValue().origin().comments()).as(entry.getKey()).isNotEmpty();
        }
    }
}
