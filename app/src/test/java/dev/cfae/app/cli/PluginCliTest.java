package dev.cfae.app.cli;

import dev.cfae.app.Cfae;
import dev.cfae.app.CfaeModel;
import dev.cfae.engine.testing.PluginJar;
import dev.cfae.io.ModelFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.cfae.app.cli.CliRun.tinyRatings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plugin SPI from the outside: the example plugin in {@code examples/variant-plugin} is compiled
 * here (javax.tools, no Maven) into a jar cfae was not built with, and the CLI finds it only in the
 * folders it is told about.
 */
final class PluginCliTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("user.dir")).resolveSibling("examples")
            .resolve("variant-plugin");

    @TempDir
    static Path shared;
    private static Path pluginFolder;
    private static Path pluginJar;

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @BeforeAll
    static void buildTheExamplePlugin() throws IOException {
        assertThat(EXAMPLE.resolve("pom.xml")).as("the example plugin project").isRegularFile();
        pluginFolder = shared.resolve("plugins");
        // Maven's @AutoService processor writes the service file; without Maven the test writes it.
        pluginJar = new PluginJar()
                .sourceTree(EXAMPLE.resolve("src/main/java"))
                .resourceTree(EXAMPLE.resolve("src/main/resources"))
                .resource("META-INF/services/dev.cfae.api.VariantFactory", "dev.cfae.examples.denoising.DenoisingFactory\n")
                .writeTo(pluginFolder.resolve("cfae-denoising-plugin.jar"))
                .toAbsolutePath().normalize();
    }

    private String[] trainDenoising(Path run, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(List.of("train", "--out", run.toString(), "--set", "variant=denoising",
                "--set", "data.train=" + tinyRatings(dir), "--set", "trainer.epochs=2", "--set", "trainer.batch-size=8"));
        return args.toArray(String[]::new);
    }

    @Test
    void variantsListsThePluginVariantWithItsJarAndSettings() {
        assertThat(cli.run("variants", "--plugins", pluginFolder.toString())).as(cli.err()).isZero();

        assertThat(cli.out())
                .contains("denoising - Denoising autoencoder")
                .contains("from: " + pluginJar)
                .contains("corruption = 0.2")
                .contains("autoencoder - ")
                .contains("from: built-in");
    }

    @Test
    void thePluginFolderCanComeFromTheConfigFile() throws IOException {
        Path config = Files.writeString(dir.resolve("plugins.conf"),
                "cfae.plugins = [\"" + pluginFolder.toString().replace("\\", "\\\\") + "\"]\n");

        assertThat(cli.run("variants", "--config", config.toString())).as(cli.err()).isZero();

        assertThat(cli.out()).contains("from: " + pluginJar);
    }

    @Test
    void trainsThePluginVariantAndItsModelLoadsBackWithThePlugins() throws IOException {
        Path run = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of(trainDenoising(run)));
        args.addAll(List.of("--plugins", pluginFolder.toString(), "--set", "variants.denoising.layers=[8, 3]"));

        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();

        assertThat(cli.out()).contains("model: denoising", "epoch   2", "test RMSE");
        assertThat(run.resolve("config.conf")).content().contains("denoising", pluginFolder.toString());
        CfaeModel model = Cfae.load(run.resolve("model.cfae"), List.of(pluginFolder));
        assertThat(model.variant()).isEqualTo("denoising");
        assertThat(model.predict("1", "101")).isBetween(1f, 5f);
        assertThatThrownBy(() -> Cfae.load(run.resolve("model.cfae")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("stored variant 'denoising' is not installed")
                .hasMessageContaining("--plugins");
    }

    @Test
    void sampleReadsAPluginModelOnlyWithItsPluginFolder() throws IOException {
        Path run = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of(trainDenoising(run)));
        args.addAll(List.of("--plugins", pluginFolder.toString(), "--set", "variants.denoising.layers=[4]"));
        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();
        Path npy = dir.resolve("sample.npy");

        int withPlugins = cli.run("sample", "--model", run.toString(), "--out", npy.toString(),
                "--plugins", pluginFolder.toString());
        String loadedMessage = cli.err();
        cli.clearErr();
        int withoutPlugins = cli.run("sample", "--model", run.toString(), "--out", npy.toString());

        // The model loads, and is refused only because a denoising autoencoder has no prior to sample.
        assertThat(withPlugins).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(loadedMessage).contains("'denoising' model, which cannot generate rows");
        assertThat(withoutPlugins).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("not installed", "--plugins");
        assertThat(npy).doesNotExist();
    }

    @Test
    void withoutPluginsTheVariantIsUnknownAndListedAlternativesAreGiven() throws IOException {
        Path run = dir.resolve("never");

        assertThat(cli.run(trainDenoising(run))).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(cli.err()).contains("unknown variant 'denoising'", "Available variants: autoencoder", "--plugins DIR");
        assertThat(run).doesNotExist();
    }

    @Test
    void aJarOutsideTheNamedFoldersIsNeverLoaded() throws IOException {
        Path named = Files.createDirectories(dir.resolve("named"));
        Files.copy(pluginJar, Files.createDirectories(named.resolve("nested")).resolve("in-a-sub-folder.jar"));
        Files.copy(pluginJar, Files.createDirectories(dir.resolve("sibling")).resolve("next-door.jar"));
        Files.copy(pluginJar, dir.resolve("beside-the-data.jar"));

        assertThat(cli.run("variants", "--plugins", named.toString())).as(cli.err()).isZero();

        assertThat(cli.out()).contains("autoencoder - ").doesNotContain("denoising");
    }

    @Test
    void aMissingPluginFolderExitsWithTwoNamingTheKey() {
        Path missing = dir.resolve("no-such-folder");

        assertThat(cli.run("variants", "--plugins", missing.toString())).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(cli.err()).contains("cfae.plugins", missing.toString());
    }

    @Test
    void aBrokenJarInANamedFolderExitsWithTwoNamingIt() throws IOException {
        Path named = Files.createDirectories(dir.resolve("named"));
        Files.writeString(named.resolve("truncated.jar"), "not a zip");

        assertThat(cli.run("variants", "--plugins", named.toString())).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(cli.err()).contains("cfae.plugins", "truncated.jar").doesNotContain("\tat ");
    }
}
