package dev.cfae.app.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad configuration fails at start-up: exit code 2, a message naming the key, nothing written. The
 * ratings file is a trap: it is not a ratings file at all, so had cfae read it before checking the
 * configuration, the error would name {@code trap.csv:1} instead of the key.
 */
final class StartupConfigFailureTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private Path trap;
    private Path run;

    @BeforeEach
    void writeTrap() throws IOException {
        trap = Files.writeString(dir.resolve("trap.csv"), "this is not a ratings file\n\u0000\u0001\n");
        run = dir.resolve("run");
    }

    private int train(String... sets) {
        List<String> args = new ArrayList<>(List.of("train", "--out", run.toString(), "--set", "data.train=" + trap,
                "--set", "trainer.epochs=1", "--set", "variants.autoencoder.layers=[8, 3]"));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        return cli.run(args.toArray(String[]::new));
    }

    private void assertRefusedNaming(int exitCode, String... fragments) {
        assertThat(exitCode).as(cli.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains(fragments).doesNotContain("trap.csv:").doesNotContain("\tat ");
        assertThat(run).as("no run directory").doesNotExist();
        assertThat(cli.out()).doesNotContain("backend:", "data:");
    }

    @Test
    void theTrapWouldBeReported() {
        // The control: with a valid configuration cfae does read the trap, and says so.
        assertThat(train()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("trap.csv:1");
        assertThat(run).doesNotExist();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # key                                  | value                   | named in the message
            trainer.epoch                          | 3                       | cfae.trainer.epoch
            trainer.epochs                         | many                    | cfae.trainer.epochs
            trainer.epochs                         | 0                       | cfae.trainer.epochs
            trainer.batch-size                     | -4                      | cfae.trainer.batch-size
            trainer.optimizer.learning-rate        | -0.1                    | cfae.trainer.optimizer.learning-rate
            trainer.optimizer.type                 | adamw                   | cfae.trainer.optimizer.type
            trainer.l2.weight                      | NaN                     | cfae.trainer.l2.weight
            trainer                                | 5                       | cfae.trainer
            data.split.test-fraction               | 1.0                     | cfae.data.split.test-fraction
            data.split.validation-fraction         | -0.1                    | cfae.data.split.validation-fraction
            data.format                            | excel                   | cfae.data.format
            data.duplicates                        | first                   | cfae.data.duplicates
            data.rating-range.min                  | 5                       | cfae.data.rating-range
            data.train                             | DIR/missing.csv         | cfae.data.train
            data.test                              | DIR/missing-test.csv    | cfae.data.test
            output.submission.ids                  | DIR/missing-ids.csv     | cfae.output.submission.ids
            output.submission.file                 | ../escape.csv           | cfae.output.submission.file
            output.submission.file                 | model.cfae              | cfae.output.submission.file
            output.submission.file                 | checkpoint.cfae         | cfae.output.submission.file
            variant                                | autoencodr              | cfae.variant
            variants.autoencoder.layers            | []                      | cfae.variants.autoencoder.layers
            variants.autoencoder.layers            | [8, 0]                  | cfae.variants.autoencoder.layers
            variants.autoencoder.orientation       | diagonal                | cfae.variants.autoencoder.orientation
            variants.autoencoder.dropout           | 1.0                     | cfae.variants.autoencoder.dropout
            variants.autoencoder.activation.output | softmax                 | cfae.variants.autoencoder.activation.output
            variants.autoencoder.layer             | [8]                     | cfae.variants.autoencoder.layer
            seed                                   | 1.5                     | cfae.seed
            engine.backend                         | tpu                     | cfae.engine.backend
            trainer.early-stopping.enabled         | maybe                   | cfae.trainer.early-stopping.enabled
            """)
    void badValueExitsWithTwoNamingTheKeyBeforeReadingData(String key, String value, String named) {
        String resolved = value.replace("DIR", dir.toString());
        int exitCode = key.equals("data.rating-range.min")
                ? train(key + "=" + resolved, "data.rating-range.max=1")
                : train(key + "=" + resolved);

        assertRefusedNaming(exitCode, named);
    }

    @Test
    void kLargerThanTheEmbeddingWidth() {
        assertRefusedNaming(train("variant=k-sparse", "variants.k-sparse.layers=[8, 3]", "variants.k-sparse.k=4"),
                "cfae.variants.k-sparse.k");
    }

    @Test
    void earlyStoppingWithoutValidationRatings() {
        assertRefusedNaming(train("data.split.validation-fraction=0", "trainer.early-stopping.enabled=true"),
                "cfae.trainer.early-stopping.enabled");
    }

    @Test
    void testAndValidationFractionsThatLeaveNothingToTrainOn() {
        assertRefusedNaming(train("data.split.test-fraction=0.6", "data.split.validation-fraction=0.4"),
                "cfae.data.split");
    }

    @Test
    void hostileActivationNameIsLookedUpNotEvaluated() {
        Path marker = dir.resolve("evaluated");
        String hostile = "__import__('os').system('touch " + marker + "')";

        assertRefusedNaming(train("variants.autoencoder.activation.encoder=" + hostile),
                "cfae.variants.autoencoder.activation.encoder");
        assertThat(marker).doesNotExist();
    }

    @Test
    void substitutionsInSetValuesStayText() {
        // A --set value is data: ${...} is not resolved (it would read the environment), so the
        // variant name is the literal text and unknown.
        assertRefusedNaming(train("variant=${HOME}"), "cfae.variant", "${HOME}");
    }

    @Test
    void missingConfigFile() {
        assertRefusedNaming(cli.run("train", "--out", run.toString(), "--config", dir.resolve("absent.conf").toString()),
                "--config", "absent.conf");
    }

    @Test
    void configFileWithASyntaxErrorNamesFileAndLine() throws IOException {
        Path conf = Files.writeString(dir.resolve("broken.conf"), "cfae {\n  trainer.epochs = 3\n  data {\n");

        assertRefusedNaming(cli.run("train", "--out", run.toString(), "--config", conf.toString()), "broken.conf");
    }

    @Test
    void configFileWithAWrongTypeNamesTheKey() throws IOException {
        Path conf = Files.writeString(dir.resolve("typed.conf"),
                "cfae.data.train = \"" + trap + "\"\ncfae.trainer.batch-size = [32]\n");

        assertRefusedNaming(cli.run("train", "--out", run.toString(), "--config", conf.toString()),
                "cfae.trainer.batch-size");
    }
}
