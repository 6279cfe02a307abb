package dev.cfae.engine;

import dev.cfae.api.config.SettingsException;
import dev.cfae.engine.testing.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class PluginsTest {
    private static final ClassLoader APP = PluginsTest.class.getClassLoader();

    @TempDir
    Path temp;

    /** A jar registering one factory, {@code plugin.<Name>Factory}, named {@code name}. */
    private Path pluginJar(Path jar, String name) throws IOException {
        String simple = "F" + Integer.toHexString(name.hashCode());
        return new PluginJar()
                .source("plugin." + simple, """
                        package plugin;
                        public final class %s implements dev.cfae.api.VariantFactory {
                            public String name() { return "%s"; }
                            public String description() { return "test plugin"; }
                            public dev.cfae.api.Model create(dev.cfae.api.VariantContext c, com.typesafe.config.Config k) {
                                throw new UnsupportedOperationException();
                            }
                        }
                        """.formatted(simple, name))
                .resource("META-INF/services/dev.cfae.api.VariantFactory", "plugin." + simple + "\n")
                .writeTo(jar);
    }

    @Test
    void aJarInANamedFolderIsLoadedAndItsVariantsNameTheJarAsTheirSource() throws IOException {
        Path jar = pluginJar(temp.resolve("named/denoise.jar"), "from-plugin");

        Plugins plugins = Plugins.fromFolders(List.of(temp.resolve("named")), APP);
        VariantRegistry registry = VariantRegistry.load(plugins);

        assertThat(plugins.jars()).containsExactly(jar.toAbsolutePath().normalize());
        assertThat(registry.names()).contains("from-plugin");
        assertThat(registry.source("from-plugin")).isEqualTo(jar.toAbsolutePath().normalize().toString());
        assertThat(plugins.source(PluginsTest.class)).isEqualTo(Plugins.BUILT_IN);
    }

    @Test
    void onlyJarsDirectlyInsideNamedFoldersAreLoaded() throws IOException {
        pluginJar(temp.resolve("named/deeper/nested.jar"), "nested");
        pluginJar(temp.resolve("elsewhere/other.jar"), "other");
        Files.writeString(temp.resolve("named/notes.txt"), "not a jar");

        Plugins plugins = Plugins.fromFolders(List.of(temp.resolve("named")), APP);

        assertThat(plugins.jars()).isEmpty();
        assertThat(VariantRegistry.load(plugins).names()).doesNotContain("nested", "other");
        assertThat(VariantRegistry.load(Plugins.builtIn(APP)).names()).doesNotContain("nested", "other");
    }

    @Test
    void aMissingFolderIsAConfigurationErrorNamingIt() {
        Path missing = temp.resolve("no-such-folder");

        assertThatThrownBy(() -> Plugins.fromFolders(List.of(missing), APP))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.plugins"))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aPluginClashingWithABuiltInVariantNamesBothSources() throws IOException {
        Path jar = pluginJar(temp.resolve("named/clash.jar"), "k-sparse");
        ClassLoader builtIns = new ServiceFileLoader("dev/cfae/engine/two-variants.services");

        Plugins plugins = Plugins.fromFolders(List.of(temp.resolve("named")), builtIns);

        assertThatThrownBy(() -> VariantRegistry.load(plugins))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.plugins"))
                .hasMessageContaining("two variant factories are named 'k-sparse'")
                .hasMessageContaining(FixtureVariants.KSparse.class.getName() + " (built-in)")
                .hasMessageContaining("(" + jar.toAbsolutePath().normalize() + ")");
    }

    @Test
    void aCorruptJarIsAConfigurationErrorNamingThePluginKey() throws IOException {
        Files.write(Files.createDirectories(temp.resolve("named")).resolve("corrupt.jar"), new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> Plugins.fromFolders(List.of(temp.resolve("named")), APP))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.plugins"))
                .hasMessageContaining("corrupt.jar");
    }

    @Test
    void aServiceEntryNamingAMissingClassNamesTheJar() throws IOException {
        Path jar = new PluginJar()
                .resource("META-INF/services/dev.cfae.api.VariantFactory", "plugin.NotInThisJar\n")
                .writeTo(temp.resolve("named/empty.jar"));

        Plugins plugins = Plugins.fromFolders(List.of(temp.resolve("named")), APP);

        assertThatThrownBy(() -> VariantRegistry.load(plugins))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.plugins"))
                .hasMessageContaining("plugin.NotInThisJar")
                .hasMessageContaining(jar.toAbsolutePath().normalize().toString());
    }

    @Test
    void twoVersionsOfOnePluginAreRefusedNamingBothJars() throws IOException {
        Path first = pluginJar(temp.resolve("named/plugin-1.0.jar"), "twice");
        Path second = pluginJar(temp.resolve("more/plugin-1.1.jar"), "twice");

        assertThatThrownBy(() -> Plugins.fromFolders(List.of(temp.resolve("named"), temp.resolve("more")), APP))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.plugins"))
                .hasMessageContaining(first.toAbsolutePath().normalize().toString())
                .hasMessageContaining(second.toAbsolutePath().normalize().toString());
    }

    @Test
    void aFolderNamedTwiceLoadsItsJarsOnce() throws IOException {
        pluginJar(temp.resolve("named/once.jar"), "once");

        Plugins plugins = Plugins.fromFolders(List.of(temp.resolve("named"), temp.resolve("named/.")), APP);

        assertThat(plugins.jars()).hasSize(1);
        assertThat(VariantRegistry.load(plugins).names()).containsOnlyOnce("once");
    }
}
