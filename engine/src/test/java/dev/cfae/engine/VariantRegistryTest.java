package dev.cfae.engine;

import dev.cfae.api.VariantFactory;
import dev.cfae.api.config.SettingsException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class VariantRegistryTest {
    @Test
    void loadsRegisteredFactoriesSortedByNameWithTheirSource() {
        VariantRegistry registry = VariantRegistry.load(Plugins.builtIn(new ServiceFileLoader("dev/cfae/engine/two-variants.services")));

        assertThat(registry.all()).extracting(VariantFactory::name).containsExactly("autoencoder", "k-sparse");
        assertThat(registry.names()).containsExactly("autoencoder", "k-sparse");
        assertThat(registry.get("k-sparse")).isInstanceOf(FixtureVariants.KSparse.class);
        assertThat(registry.source("autoencoder")).isEqualTo("built-in");
    }

    @Test
    void duplicateNamesAreRefusedNamingBothClassesAndWhereTheyCameFrom() {
        ServiceFileLoader loader = new ServiceFileLoader("dev/cfae/engine/duplicate-names.services");

        assertThatThrownBy(() -> VariantRegistry.load(Plugins.builtIn(loader)))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.plugins"))
                .hasMessageContaining("'autoencoder'")
                .hasMessageContaining(FixtureVariants.Autoencoder.class.getName() + " (built-in)")
                .hasMessageContaining(FixtureVariants.AnotherAutoencoder.class.getName() + " (built-in)");
    }

    @Test
    void namesMustBeKebabCase() {
        ServiceFileLoader loader = new ServiceFileLoader("dev/cfae/engine/bad-name.services");

        assertThatThrownBy(() -> VariantRegistry.load(Plugins.builtIn(loader)))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.plugins"))
                .hasMessageContaining("'K_Sparse'")
                .hasMessageContaining("kebab-case")
                .hasMessageContaining(FixtureVariants.BadName.class.getName());
    }

    @Test
    void aBrokenServiceEntryIsReportedAsAPluginProblem() {
        ServiceFileLoader loader = new ServiceFileLoader("dev/cfae/engine/missing-class.services");

        assertThatThrownBy(() -> VariantRegistry.load(Plugins.builtIn(loader)))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.plugins"))
                .hasMessageContaining("cannot load a variant plugin")
                .hasMessageContaining("dev.cfae.engine.NoSuchVariant");
    }

    @Test
    void anUnknownNameSuggestsTheClosestAndListsAll() {
        VariantRegistry registry = registry("autoencoder", "k-sparse", "vae");

        assertThatThrownBy(() -> registry.get("autoencodr"))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.variant"))
                .hasMessageContaining("unknown variant 'autoencodr'")
                .hasMessageContaining("did you mean 'autoencoder'?")
                .hasMessageContaining("Available variants: autoencoder, k-sparse, vae");
        assertThatThrownBy(() -> registry.source("ksparse"))
                .hasMessageContaining("did you mean 'k-sparse'?");
    }

    @Test
    void aFarOffNameGetsNoSuggestion() {
        VariantRegistry registry = registry("autoencoder", "vae");

        assertThatThrownBy(() -> registry.get("collaborative"))
                .isInstanceOf(SettingsException.class)
                .hasMessageNotContaining("did you mean")
                .hasMessageContaining("Available variants: autoencoder, vae");
    }

    @Test
    void anEmptyRegistrySaysNothingIsInstalled() {
        assertThatThrownBy(() -> registry().get("vae"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("no variants are installed");
    }

    private static VariantRegistry registry(String... names) {
        return new VariantRegistry(List.of(names).stream().<VariantFactory>map(FixtureVariants.Any::new).toList(),
                Plugins.builtIn(VariantRegistryTest.class.getClassLoader()));
    }
}
