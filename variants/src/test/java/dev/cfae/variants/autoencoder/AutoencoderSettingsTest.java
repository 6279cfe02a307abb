package dev.cfae.variants.autoencoder;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.cfae.api.Orientation;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.engine.nn.Activation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class AutoencoderSettingsTest {
    private static final String BLOCK = "cfae.variants.autoencoder";

    private static Config reference() {
        return ConfigFactory.parseResources("reference.conf").resolve();
    }

    private static AutoencoderSettings settings(Config config) {
        return AutoencoderSettings.fromConfig(ConfigBlock.of(config, BLOCK));
    }

    private static AutoencoderSettings with(String key, Object value) {
        return settings(reference().withValue(BLOCK + "." + key, ConfigValueFactory.fromAnyRef(value)));
    }

    @Test
    void defaultsAreTheSeedModel() {
        assertThat(settings(reference())).isEqualTo(new AutoencoderSettings(Orientation.USER, List.of(512, 128),
                new AutoencoderSettings.Activations(Activation.RELU, Activation.RELU, Activation.RELU,
                        Activation.IDENTITY),
                0.0));
    }

    @Test
    void everyKeyOfTheReferenceBlockIsRead() {
        Map<String, Object> overrides = Map.of(
                "orientation", "item",
                "layers", List.of(64, 16, 4),
                "activation.encoder", "tanh",
                "activation.embedding", "sigmoid",
                "activation.decoder", "leaky-relu",
                "activation.output", "softplus",
                "dropout", 0.5,
                "unobserved-samples", 10);
        Set<String> keys = reference().getConfig(BLOCK).entrySet().stream().map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        AutoencoderSettings defaults = settings(reference());

        // A key missing here fails the first assertion; a key that is not read fails the second.
        assertThat(keys).isEqualTo(overrides.keySet());
        overrides.forEach((key, value) -> assertThat(with(key, value)).as(key).isNotEqualTo(defaults));
    }

    @Test
    void aConfigurationStoredBeforeUnobservedSamplesExistedReadsAsZero() {
        Config stored = reference().withoutPath(BLOCK + ".unobserved-samples");

        assertThat(settings(stored)).isEqualTo(settings(reference()));
        assertThat(settings(stored).unobservedSamples()).isZero();
    }

    @Test
    void referenceBlockCommentsEveryKey() {
        for (Map.Entry<String, ConfigValue> entry : reference().getConfig(BLOCK).entrySet()) {
            assertThat(entry.getValue().origin().comments()).as(entry.getKey()).isNotEmpty();
        }
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> with("dropout", 1.0)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variants.autoencoder.dropout");
        assertThatThrownBy(() -> with("unobserved-samples", -1)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variants.autoencoder.unobserved-samples");
        assertThatThrownBy(() -> with("unobserved-samples", null)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variants.autoencoder.unobserved-samples");
        assertThatThrownBy(() -> with("layers", List.of())).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variants.autoencoder.layers");
        assertThatThrownBy(() -> with("layers", List.of(64, 0))).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variants.autoencoder.layers");
        assertThatThrownBy(() -> with("orientation", "movie")).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variants.autoencoder.orientation").hasMessageContaining("item");
        assertThatThrownBy(() -> with("activation.output", "swish")).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variants.autoencoder.activation.output")
                .hasMessageContaining("leaky-relu").hasMessageContaining("softplus");
    }
}
