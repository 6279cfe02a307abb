package dev.cfae.app.cli;

import dev.cfae.io.NpyArray;
import dev.cfae.io.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.cfae.app.cli.CliRun.tinyRatings;
import static dev.cfae.app.cli.CliRun.tinyTraining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

final class CliTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void helpListsTheCommands() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("train", "variants", "Exit codes");
    }

    @Test
    void variantsListsTheAutoencoderWithItsDefaults() {
        assertThat(cli.run("variants")).isZero();
        assertThat(cli.out())
                .contains("autoencoder - ")
                .contains("from: ")
                .contains("layers = [512,128]")
                .contains("orientation = user");
    }

    @Test
    void trainWritesARunDirectory() throws IOException {
        Path run = dir.resolve("run");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", run.toString()));
        args.addAll(tinyTraining(tinyRatings(dir)));
        args.addAll(List.of("--set", "output.filled-matrix=true", "--set", "output.embeddings=true"));

        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();

        assertThat(cli.out()).contains("epoch   1", "epoch   2", "test RMSE", "outputs: ")
                .containsPattern("training ended after 2 epochs \\(all epochs completed\\); keeping the parameters "
                        + "of epoch [12]\\R");
        assertThat(run.resolve("config.conf")).content().contains("autoencoder");
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(3)
                .first().isEqualTo("epoch,train_rmse,validation_rmse,objective,seconds");
        assertThat(run.resolve("train.log")).content().contains("epoch   2");
        assertThat(run.resolve("model.cfae")).isNotEmptyFile();
        assertThat(Files.readAllLines(run.resolve("predictions.csv")).get(0)).isEqualTo("user,item,rating,prediction");
        assertThat(run.resolve("summary.json")).content().contains("\"test_rmse\"", "\"data_sha256\"");

        NpyArray filled = NpyReader.read(run.resolve("filled-matrix.npy"));
        assertThat(filled.rows()).isEqualTo(30);
        assertThat(filled.columns()).isEqualTo(12);
        for (int r = 0; r < filled.rows(); r++) {
            for (int c = 0; c < filled.columns(); c++) {
                assertThat(filled.get(r, c)).isBetween(1f, 5f);
            }
        }
        // The id files name the matrix's rows and columns: each test pair's prediction is at its cell.
        List<String> rowUsers = Files.readAllLines(run.resolve("filled-matrix-users.txt"));
        List<String> columnItems = Files.readAllLines(run.resolve("filled-matrix-items.txt"));
        assertThat(rowUsers).hasSize(30).doesNotHaveDuplicates();
        assertThat(columnItems).hasSize(12).doesNotHaveDuplicates();
        List<String> predictions = Files.readAllLines(run.resolve("predictions.csv"));
        assertThat(predictions).hasSizeGreaterThan(1);
        for (String line : predictions.subList(1, predictions.size())) {
            String[] fields = line.split(",");
            assertThat(filled.get(rowUsers.indexOf(fields[0]), columnItems.indexOf(fields[1])))
                    .as(line).isCloseTo(Float.parseFloat(fields[3]), within(1e-4f));
        }
        NpyArray embeddings = NpyReader.read(run.resolve("embeddings.npy"));
        assertThat(embeddings.rows()).isEqualTo(30);
        assertThat(embeddings.columns()).isEqualTo(3);
        assertThat(Files.readAllLines(run.resolve("embedding-ids.txt"))).hasSize(30).startsWith("1", "2");
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(".tmp"));
        }
    }

    @Test
    void itemModelWritesTheFilledMatrixAsUsersByItems() throws IOException {
        Path run = dir.resolve("item-run");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", run.toString()));
        args.addAll(tinyTraining(tinyRatings(dir)));
        args.addAll(List.of("--set", "variants.autoencoder.orientation=item", "--set", "output.filled-matrix=true"));

        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();

        NpyArray filled = NpyReader.read(run.resolve("filled-matrix.npy"));
        assertThat(filled.rows()).isEqualTo(30);
        assertThat(filled.columns()).isEqualTo(12);
        assertThat(filled.fortranOrder()).isTrue();
    }

    @Test
    void unknownKeyExitsWithTwoAndWritesNothing() throws IOException {
        Path run = dir.resolve("never");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", run.toString()));
        args.addAll(tinyTraining(tinyRatings(dir)));
        args.addAll(List.of("--set", "trainer.epoch=3"));

        assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(2);

        assertThat(cli.err()).contains("cfae.trainer.epoch", "did you mean 'cfae.trainer.epochs'");
        assertThat(run).doesNotExist();
    }

    @Test
    void malformedDataExitsWithTwoNamingFileAndLineAndWritesNothing() throws IOException {
        Path data = Files.writeString(dir.resolve("bad.csv"), "userId,movieId,rating\n1,2,4\n1,3,four\n");
        Path run = dir.resolve("never");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", run.toString()));
        args.addAll(tinyTraining(data));

        assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(2);

        assertThat(cli.err()).contains("bad.csv:3");
        assertThat(run).doesNotExist();
    }

    @Test
    void unknownOptionExitsWithTwo() {
        assertThat(cli.run("train", "--epochs", "3")).isEqualTo(2);
        assertThat(cli.err()).contains("--epochs");
    }

    @Test
    void existingNonEmptyOutDirectoryIsRefused() throws IOException {
        Path run = Files.createDirectories(dir.resolve("used"));
        Files.writeString(run.resolve("keep.txt"), "previous results");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", run.toString()));
        args.addAll(tinyTraining(tinyRatings(dir)));

        assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(2);

        assertThat(cli.err()).contains("--out");
        assertThat(run.resolve("keep.txt")).hasContent("previous results");
    }

    @Test
    void theCombinedModelReportsEveryPredictionModeAndUsesTheOneAskedFor() throws IOException {
        Path run = dir.resolve("combined-run");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", run.toString(),
                "--prediction-mode", "user", "--set", "variant=combined"));
        args.addAll(tinyTraining(tinyRatings(dir)));
        args.addAll(List.of("--set", "variants.combined.item.layers=[6, 4]", "--set", "variants.combined.user.layers=[5, 4]",
                "--set", "variants.combined.mlp.layers=[3]"));

        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();

        assertThat(cli.out()).containsPattern("validation RMSE by prediction mode:  item \\d\\.\\d{4}  user \\d\\.\\d{4}"
                + "  mlp \\d\\.\\d{4}  mean \\d\\.\\d{4}  \\(predicting by user\\)");
        assertThat(run.resolve("summary.json")).content().contains("\"prediction_mode\": \"user\"")
                .containsPattern("\"validation_rmse_by_mode\": \\{\"item\": \\d\\.\\d+, \"user\": \\d\\.\\d+, "
                        + "\"mlp\": \\d\\.\\d+, \"mean\": \\d\\.\\d+\\}");
        assertThat(run.resolve("config.conf")).content().contains("prediction-mode=user");
    }

    @Test
    void aSubmissionSaysHowManyOfItsPairsGotTheFallback() throws IOException {
        Path ids = Files.writeString(dir.resolve("ids.csv"), "Id,Prediction\nr1_c101,3\nr999_c101,3\nr2_c999,3\n");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", dir.resolve("run").toString(),
                "--set", "output.submission.ids=" + ids));
        args.addAll(tinyTraining(tinyRatings(dir)));

        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();

        assertThat(cli.out()).contains("wrote submission.csv (3 ids)", "submission: 2 of its 3 pairs name a user or "
                + "item without training ratings; they got the fallback rating");
    }

    @Test
    void aPredictionModeForAVariantWithOneExitsWithTwoSayingSo() throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", dir.resolve("never").toString(),
                "--prediction-mode", "mean"));
        args.addAll(tinyTraining(tinyRatings(dir)));

        assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(cli.err()).contains("--prediction-mode", "'autoencoder' predicts one way only")
                .doesNotContain("unknown key");
        assertThat(dir.resolve("never")).doesNotExist();

        cli.clearErr();
        args.addAll(List.of("--set", "variant=combind"));
        assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(cli.err()).as("a misspelt variant is reported as such").contains("unknown variant 'combind'")
                .doesNotContain("predicts one way only");
        for (String notAName : List.of("null", "[a]")) {
            cli.clearErr();
            args.addAll(List.of("--set", "variant=" + notAName));
            assertThat(cli.run(args.toArray(String[]::new))).as(notAName).isEqualTo(2);
            assertThat(cli.err()).as(notAName).contains("cfae.variant");
        }
        for (String name : List.of("${HOME}", "combined.user", "")) {
            cli.clearErr();
            args.addAll(List.of("--set", "variant=" + name));
            assertThat(cli.run(args.toArray(String[]::new))).as(name).isEqualTo(2);
            assertThat(cli.err()).as(name).contains("unknown variant '" + name + "'");
        }
    }

    @Test
    void anUnknownPredictionModeExitsWithTwoNamingTheKey() throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", dir.resolve("never").toString(),
                "--prediction-mode", "best", "--set", "variant=combined"));
        args.addAll(tinyTraining(tinyRatings(dir)));

        assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(cli.err()).contains("cfae.variants.combined.prediction-mode");
    }
}
