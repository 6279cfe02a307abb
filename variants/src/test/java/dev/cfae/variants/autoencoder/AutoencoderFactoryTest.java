package dev.cfae.variants.autoencoder;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.cfae.api.Model;
import dev.cfae.api.Orientation;
import dev.cfae.api.VariantContext;
import dev.cfae.api.VariantFactory;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.RatingRange;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class AutoencoderFactoryTest {
    private static final VariantContext CONTEXT = new VariantContext(10000, 1000, new RatingRange(1, 5));

    private static com.typesafe.config.Config block() {
        return ConfigFactory.parseResources("reference.conf").resolve().getConfig("cfae.variants.autoencoder");
    }

    @Test
    void isFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(VariantFactory.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(factory -> {
                    assertThat(factory).isInstanceOf(AutoencoderFactory.class);
                    assertThat(factory.name()).isEqualTo("autoencoder");
                });
    }

    @Test
    void seedsUserAutoencoderHasItsParameterCount() {
        Model model = new AutoencoderFactory().create(CONTEXT, block());

        // 1000-512-128-512-1000: (1000·512 + 512) + (512·128 + 128) + (128·512 + 512) + (512·1000 + 1000).
        assertThat(model.parameterCount()).isEqualTo(1_157_224);
        assertThat(model.orientation()).isEqualTo(Orientation.USER);
        assertThat(model.embeddingWidth()).isEqualTo(128);
        assertThat(model.parameterBlocks()).extracting(block -> block.name()).containsExactly(
                "encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "encoder.1.bias",
                "decoder.0.weight", "decoder.0.bias", "decoder.1.weight", "decoder.1.bias");
    }

    @Test
    void itemOrientationReadsRowsAsWideAsTheUsers() {
        Model model = new AutoencoderFactory().create(CONTEXT,
                block().withValue("orientation", ConfigValueFactory.fromAnyRef("item")));

        // The seed's movie AE: 10000-512-128-512-10000.
        assertThat(model.parameterCount()).isEqualTo(10_382_224);
        assertThat(model.orientation()).isEqualTo(Orientation.ITEM);
    }

    @Test
    void badConfigurationFailsBeforeTraining() {
        assertThatThrownBy(() -> new AutoencoderFactory().create(CONTEXT,
                block().withValue("dropout", ConfigValueFactory.fromAnyRef(-0.5))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("cfae.variants.autoencoder.dropout");
    }
}
