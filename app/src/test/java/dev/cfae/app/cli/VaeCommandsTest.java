package dev.cfae.app.cli;

import dev.cfae.io.NpyArray;
import dev.cfae.io.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** cfae sample, and training a VAE with augmentation, through the command line. */
final class VaeCommandsTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    /** Trains a tiny model of {@code variant} (20 users x 9 items) into a run directory and returns it. */
    private Path train(String variant, String... extra) throws IOException {
        StringBuilder csv = new StringBuilder("userId,movieId,rating\n");
        for (int u = 1; u <= 20; u++) {
            for (int i = 1; i <= 9; i++) {
                if ((u + i) % 4 != 0) {
                    csv.append(u).append(',').append(10 + i).append(',').append(1 + (u + 2 * i) % 5).append('\n');
                }
            }
        }
        Path data = Files.writeString(dir.resolve("ratings.csv"), csv);
        Path runDir = dir.resolve(variant + "-run");
        List<String> args = new ArrayList<>(List.of("train", "--out", runDir.toString(), "--set", "variant=" + variant,
                "--set", "data.train=" + data, "--set", "trainer.epochs=2", "--set",
                "variants." + variant + ".layers=[6, 3]"));
        for (String setting : extra) {
            args.addAll(List.of("--set", setting));
        }
        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();
        return runDir;
    }

    @Test
    void writesCountRowsOfTheTrainedWidthReproduciblyFromTheSeed() throws IOException {
        Path runDir = train("vae");
        Path first = dir.resolve("first.npy");
        Path second = dir.resolve("second.npy");
        Path other = dir.resolve("other.npy");

        assertThat(cli.run("sample", "--model", runDir.resolve("model.cfae").toString(), "--count", "1500",
                "--out", first.toString())).as(cli.err()).isZero();
        assertThat(cli.run("sample", "--model", runDir.toString(), "--count", "1500", "--out", second.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.run("sample", "--model", runDir.toString(), "--count", "1500", "--seed", "7",
                "--out", other.toString())).as(cli.err()).isZero();

        NpyArray samples = NpyReader.read(first);
        assertThat(samples.rows()).isEqualTo(1500);
        assertThat(samples.columns()).isEqualTo(9);
        assertThat(samples.fortranOrder()).isFalse();
        for (float value : samples.values()) {
            assertThat(value).isFinite();
        }
        // More rows than one chunk: the chunks continue the same stream of draws.
        assertThat(NpyReader.read(second).values()).containsExactly(samples.values());
        assertThat(NpyReader.read(other).values()).isNotEqualTo(samples.values());
        assertThat(cli.out()).contains("1,500 x 9 float32 user rows");
    }

    @Test
    void defaultsToTheSeedsThousandRows() throws IOException {
        Path runDir = train("vae");
        Path file = dir.resolve("samples.npy");

        assertThat(cli.run("sample", "--model", runDir.toString(), "--out", file.toString())).as(cli.err()).isZero();

        assertThat(NpyReader.read(file).rows()).isEqualTo(1000);
    }

    @Test
    void aModelThatCannotGenerateExitsWithTwoAndWritesNothing() throws IOException {
        Path runDir = train("autoencoder");
        Path file = dir.resolve("never.npy");

        assertThat(cli.run("sample", "--model", runDir.toString(), "--out", file.toString())).isEqualTo(2);

        assertThat(cli.err()).contains("'autoencoder' model, which cannot generate rows");
        assertThat(file).doesNotExist();
    }

    @Test
    void aMissingModelFileExitsWithTwoNamingIt() {
        Path missing = dir.resolve("missing.cfae");

        assertThat(cli.run("sample", "--model", missing.toString(), "--out", dir.resolve("x.npy").toString()))
                .isEqualTo(2);

        assertThat(cli.err()).contains("missing.cfae");
    }

    @Test
    void aNonPositiveCountExitsWithTwo() {
        assertThat(cli.run("sample", "--model", dir.toString(), "--count", "0")).isEqualTo(2);
        assertThat(cli.err()).contains("--count must be positive");
    }

    @Test
    void augmentationReportsValidationRmseBeforeAndAfterInTheLogAndSummary() throws IOException {
        Path runDir = train("vae", "variants.vae.augmentation.rows=15", "variants.vae.augmentation.epochs=2",
                "trainer.early-stopping.enabled=false");

        assertThat(cli.out()).contains("augmentation: 15 generated rows", "epoch   4", "augmentation: validation RMSE ");
        assertThat(runDir.resolve("summary.json")).content().contains("\"augmentation_rows\": 15",
                "\"augmentation_epochs_run\": 2", "\"augmentation_validation_rmse_before\"",
                "\"augmentation_validation_rmse_after\"", "\"augmentation_helped\"");
        assertThat(Files.readAllLines(runDir.resolve("metrics.csv"))).hasSize(5);
    }

    @Test
    void augmentationWithoutValidationRatingsExitsWithTwoNamingTheKey() throws IOException {
        Path runDir = dir.resolve("never");

        assertThat(cli.run("train", "--out", runDir.toString(), "--set", "variant=vae", "--set",
                "variants.vae.augmentation.rows=15", "--set", "data.split.validation-fraction=0", "--set",
                "trainer.early-stopping.enabled=false")).isEqualTo(2);

        assertThat(cli.err()).contains("cfae.variants.vae.augmentation.rows", "validation-fraction");
        assertThat(runDir).doesNotExist();
    }
}
