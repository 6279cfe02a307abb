package dev.cfae.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.cfae.api.config.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(ConfigLoaderTest.class.getClassLoader());

    @Test
    void defaultsComeFromEveryModulesReference() {
        Config config = loader.load(ConfigFactory.empty(), List.of());

        assertThat(config.getString("cfae.variant")).isEqualTo("autoencoder");
        assertThat(config.getInt("cfae.trainer.epochs")).isPositive();
        assertThat(config.getString("cfae.data.format")).isEqualTo("auto");
        assertThat(config.getIntList("cfae.variants.autoencoder.layers")).containsExactly(512, 128);
    }

    @Test
    void setOverridesTheFileWhichOverridesTheReference(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("user.conf");
        Files.writeString(file, "cfae.trainer { epochs = 7, batch-size = 64 }\n");

        Config config = loader.load(file, List.of("trainer.epochs=3", "cfae.seed=9"));

        assertThat(config.getInt("cfae.trainer.epochs")).isEqualTo(3);
        assertThat(config.getInt("cfae.trainer.batch-size")).isEqualTo(64);
        assertThat(config.getLong("cfae.seed")).isEqualTo(9);
    }

    @Test
    void unknownKeyFailsWithItsNameAndASuggestion() {
        assertThatThrownBy(() -> loader.load(ConfigFactory.parseString("cfae.trainer.epoch = 3"), List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.trainer.epoch")
                .hasMessageContaining("did you mean 'cfae.trainer.epochs'");
        assertThatThrownBy(() -> loader.load(ConfigFactory.empty(), List.of("trainer.batchsize=3")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.trainer.batchsize")
                .hasMessageContaining("cfae.trainer.batch-size");
    }

    @Test
    void anUnknownKeyInAFileNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("typo.conf"), "cfae {\n  trainer {\n    epoch = 3\n  }\n}\n");

        assertThatThrownBy(() -> loader.load(file, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.trainer.epoch: unknown key; did you mean 'cfae.trainer.epochs'?")
                .hasMessageContaining("typo.conf: 3");
    }

    /** Keys are paths as Typesafe Config reads them: quotes and backslashes in a key are not a way round the check. */
    @Test
    void quotedKeysAreCheckedAsWritten(@TempDir Path dir) throws IOException {
        for (String key : List.of("\"a\\\"b\"", "\"\\\\u0065pochs\"", "\"a.b\"")) {
            Path file = Files.writeString(dir.resolve("quoted.conf"), "cfae.trainer { " + key + " = 1 }\n");
            assertThatThrownBy(() -> loader.load(file, List.of())).as(key).isInstanceOf(SettingsException.class)
                    .hasMessageContaining("unknown key");
        }
        assertThatThrownBy(() -> loader.load(ConfigFactory.empty(), List.of("variants.autoencoder.layers=[8, ${cfae.seed}]")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("a list cannot use ${...}");
    }

    @Test
    void keysOutsideTheCfaeRootAreRejected() {
        assertThatThrownBy(() -> loader.load(ConfigFactory.parseString("trainer.epochs = 3"), List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("trainer.epochs")
                .hasMessageContaining("cfae { }");
    }

    @Test
    void keysWhoseDefaultIsNullAreKnown() {
        Config config = loader.load(ConfigFactory.empty(), List.of("data.test=some/file.csv"));

        assertThat(config.getString("cfae.data.test")).isEqualTo("some/file.csv");
    }

    @Test
    void setValuesAreDataNotExpressions() {
        Config config = loader.load(ConfigFactory.empty(),
                List.of("data.train=${HOME}/x.csv", "variants.autoencoder.layers=[64, 8]", "data.test=null"));

        assertThat(config.getString("cfae.data.train")).isEqualTo("${HOME}/x.csv");
        assertThat(config.getIntList("cfae.variants.autoencoder.layers")).containsExactly(64, 8);
        assertThat(config.getIsNull("cfae.data.test")).isTrue();
    }

    /**
     * A file's substitutions resolve within the configuration, never from the environment: one that
     * cannot be resolved is a settings error naming the file and line, not a crash.
     */
    @Test
    void substitutionsInAFileResolveWithoutTheEnvironment(@TempDir Path dir) throws IOException {
        Config defaults = loader.load(ConfigFactory.empty(), List.of());
        Path selfReference = Files.writeString(dir.resolve("self.conf"),
                "cfae.trainer.epochs = 4\ncfae.output.dir = \"runs/e\"${cfae.trainer.epochs}\n");
        assertThat(loader.load(selfReference, List.of()).getString("cfae.output.dir")).isEqualTo("runs/e4");
        // A whole block may be a substitution too (here a reference block with one key added), and its
        // keys are checked as they resolve.
        Path block = Files.writeString(dir.resolve("block.conf"),
                "cfae.variants.k-sparse = ${cfae.variants.autoencoder} { k = 3 }\n"
                        + "cfae.variants.vae.layers = ${cfae.variants.autoencoder.layers}\n");
        Config blockConfig = loader.load(block, List.of());
        assertThat(blockConfig.getInt("cfae.variants.k-sparse.k")).isEqualTo(3);
        assertThat(blockConfig.getIntList("cfae.variants.vae.layers"))
                .isEqualTo(defaults.getIntList("cfae.variants.autoencoder.layers"));
        Path unknownInBlock = Files.writeString(dir.resolve("unknown.conf"),
                "cfae.variants.k-sparse = ${cfae.variants.autoencoder} { kk = 3 }\n");
        assertThatThrownBy(() -> loader.load(unknownInBlock, List.of())).isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variants.k-sparse.kk: unknown key");
        // cfae.plugins is read first, before the plugins' defaults exist: over cfae's own.
        Path plugins = Files.writeString(dir.resolve("plugins.conf"), "cfae.plugins += \"p\"\n");
        assertThat(ConfigLoader.pluginFolders(ConfigLoader.readUserFile(plugins), List.of())).containsExactly(Path.of("p"));
        Path whole = Files.writeString(dir.resolve("whole.conf"), "cfae = ${cfae} { trainer.epochs = 2 }\n");
        assertThat(ConfigLoader.pluginFolders(ConfigLoader.readUserFile(whole), List.of("seed=1"))).isEmpty();
        assertThat(loader.load(whole, List.of("seed=1")).getInt("cfae.trainer.epochs")).isEqualTo(2);
        // A setting may refer to its own default, as HOCON defines: a value, a list or a block.
        Path own = Files.writeString(dir.resolve("own.conf"), "cfae.trainer = ${cfae.trainer} { epochs = 3 }\n"
                + "cfae.variants.autoencoder.layers = ${cfae.variants.autoencoder.layers} [8]\n"
                + "cfae.output.dir = ${cfae.output.dir}\"/x\"\n");
        Config ownConfig = loader.load(own, List.of("trainer.batch-size=16"));
        assertThat(ownConfig.getInt("cfae.trainer.epochs")).isEqualTo(3);
        assertThat(ownConfig.getInt("cfae.trainer.batch-size")).isEqualTo(16);
        List<Integer> layers = new java.util.ArrayList<>(defaults.getIntList("cfae.variants.autoencoder.layers"));
        layers.add(8);
        assertThat(ownConfig.getIntList("cfae.variants.autoencoder.layers")).isEqualTo(layers);
        assertThat(ownConfig.getString("cfae.output.dir")).isEqualTo(defaults.getString("cfae.output.dir") + "/x");
        // An unknown key a substitution brings has no line of its own to name; one written in the file has.
        Path brought = Files.writeString(dir.resolve("brought.conf"), "cfae.trainer.epoks = ${cfae.seed}\n");
        assertThatThrownBy(() -> loader.load(brought, List.of())).hasMessageContaining("cfae.trainer.epoks: unknown key")
                .hasMessageNotContaining("reference.conf");

        // An optional one that finds nothing sets nothing, as HOCON defines it.
        Path optional = Files.writeString(dir.resolve("optional.conf"), "cfae.data.train = ${?HOME}\n");
        assertThat(loader.load(optional, List.of()).getString("cfae.data.train"))
                .isEqualTo(loader.load(ConfigFactory.empty(), List.of()).getString("cfae.data.train"));

        for (String line : List.of("cfae.data.train = ${HOME}/x.csv", "cfae.trainer.epochs = ${NOPE}")) {
            Path file = Files.writeString(dir.resolve("env.conf"), "\n" + line + "\n");
            assertThatThrownBy(() -> loader.load(file, List.of())).as(line)
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining("env.conf: 2");
        }
    }

    @Test
    void malformedSetIsRejected() {
        assertThatThrownBy(() -> loader.load(ConfigFactory.empty(), List.of("trainer.epochs")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("--set")
                .hasMessageContaining("key=value");
    }

    @Test
    void replacingABlockWithAValueIsRejected() {
        assertThatThrownBy(() -> loader.load(ConfigFactory.empty(), List.of("trainer=fast")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.trainer");
    }

    @Test
    void missingConfigFileNamesIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.conf");

        assertThatThrownBy(() -> loader.load(missing, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("nope.conf");
    }

    @Test
    void syntaxErrorInConfigFileNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.conf");
        Files.writeString(file, "cfae {\n  trainer { epochs = \n}\n");

        assertThatThrownBy(() -> loader.load(file, List.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("broken.conf");
    }
}
