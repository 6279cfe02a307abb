package dev.cfae.app;

import com.typesafe.config.ConfigFactory;
import dev.cfae.api.ModelSnapshot;
import dev.cfae.io.ModelFile;
import dev.cfae.io.ModelFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Model files that pass the byte-level checks (right magic, version, length and checksum: a forger
 * can compute those) but whose contents are hostile or inconsistent. Loading must fail with a
 * {@link ModelFormatException} naming the file, before allocating parameters or touching anything
 * outside the file. The byte-level damage is covered in io's CraftedModelFileTest.
 */
final class CraftedModelLoadTest {
    @TempDir
    static Path dir;

    private static ModelSnapshot genuine;

    @BeforeAll
    static void trainATinyModel() {
        Path ratings = TinyRatings.write(dir, 12, 8, 0.5, 3);
        CfaeModel model = Cfae.fromConfig(ConfigFactory.parseString(
                "cfae.data.train = \"" + ratings.toString().replace("\\", "/") + "\"\n"
                        + "cfae.trainer { epochs = 1, early-stopping.enabled = false }\n"
                        + "cfae.data.split.validation-fraction = 0\n"
                        + "cfae.variants.autoencoder.layers = [4, 2]\n")).train();
        Path file = dir.resolve("genuine.cfae");
        model.save(file);
        genuine = ModelFile.read(file);
    }

    private static ModelSnapshot with(String variant, String variantConfig, String runConfig, float[] parameters) {
        return new ModelSnapshot(variant, variantConfig, runConfig, genuine.users(), genuine.items(), genuine.training(),
                genuine.range(), genuine.clip(), genuine.fallback(), parameters);
    }

    private static Path written(String name, ModelSnapshot snapshot) throws IOException {
        Path file = dir.resolve(name);
        ModelFile.write(file, snapshot);
        return file;
    }

    private static void assertRejected(Path file, String... fragments) {
        assertThatThrownBy(() -> Cfae.load(file)).isInstanceOfSatisfying(ModelFormatException.class, e -> {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.getMessage()).startsWith(file + ": ").contains(fragments);
        });
    }

    @Test
    void theGenuineFileLoads() throws IOException {
        Path file = written("again.cfae", genuine);

        assertThat(Cfae.load(file).users()).isEqualTo(genuine.users());
    }

    @Test
    void includesInTheStoredConfigurationAreRefused() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.conf"), "layers = [4, 2]\n");
        String[] includes = {"include \"" + secret + "\"", "include file(\"" + secret + "\")",
                "include url(\"" + secret.toUri() + "\")", "include classpath(\"reference.conf\")",
                "include required(file(\"" + secret + "\"))"};
        for (String include : includes) {
            Path file = written("include.cfae", with(genuine.variant(), include + "\n" + genuine.variantConfig(),
                    genuine.runConfig(), genuine.parameters()));

            assertRejected(file, "variant configuration", "not allowed in a model file");
        }
        Path inRunConfig = written("run-include.cfae", with(genuine.variant(), genuine.variantConfig(),
                "include file(\"" + secret + "\")\n", genuine.parameters()));
        assertRejected(inRunConfig, "run configuration", "not allowed");
    }

    @Test
    void substitutionsCannotReadTheEnvironment() throws IOException {
        Path file = written("env.cfae", with(genuine.variant(), genuine.variantConfig() + "\norientation = ${HOME}\n",
                genuine.runConfig(), genuine.parameters()));

        assertRejected(file, "variant configuration", "HOME");
    }

    @Test
    void unparsableStoredConfiguration() throws IOException {
        Path file = written("syntax.cfae", with(genuine.variant(), "layers = [4, 2\n", genuine.runConfig(),
                genuine.parameters()));

        assertRejected(file, "variant configuration");
    }

    @Test
    void unknownVariant() throws IOException {
        Path file = written("variant.cfae", with("rm -rf /", genuine.variantConfig(), genuine.runConfig(),
                genuine.parameters()));

        assertRejected(file, "stored variant 'rm -rf /'");
    }

    @Test
    void hostileActivationName() throws IOException {
        Path file = written("activation.cfae", with(genuine.variant(), genuine.variantConfig()
                + "\nactivation.encoder = \"__import__('os').system('id')\"\n", genuine.runConfig(), genuine.parameters()));

        assertRejected(file, "cfae.variants.autoencoder.activation.encoder");
    }

    @Test
    void parameterCountThatDoesNotMatchTheArchitecture() throws IOException {
        float[] fewer = Arrays.copyOf(genuine.parameters(), genuine.parameters().length - 1);
        assertRejected(written("fewer.cfae", with(genuine.variant(), genuine.variantConfig(), genuine.runConfig(), fewer)),
                "holds " + fewer.length + " parameters");
    }

    @Test
    void hugeDeclaredLayersAreRejectedWithoutAllocatingThem() throws IOException {
        // 2e9-wide layers would need terabytes; the count check comes before any allocation.
        Path file = written("huge.cfae", with(genuine.variant(), genuine.variantConfig()
                + "\nlayers = [2000000000, 2000000000]\n", genuine.runConfig(), genuine.parameters()));

        assertRejected(file, "holds " + genuine.parameters().length + " parameters");
    }
}
