package dev.cfae.app.cli;

import dev.cfae.io.NpyArray;
import dev.cfae.io.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

final class CliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new CfaeCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
        commandLine.setParameterExceptionHandler(ExitCodes::handleParameterException);
        return commandLine.execute(args);
    }

    /** 30 users x 12 items with every rating observed except where (u + i) % 3 == 0, ratings 1-5. */
    private Path ratings() throws IOException {
        StringBuilder csv = new StringBuilder("userId,movieId,rating\n");
        for (int u = 1; u <= 30; u++) {
            for (int i = 1; i <= 12; i++) {
                if ((u + i) % 3 != 0) {
                    csv.append(u).append(',').append(100 + i).append(',').append(1 + (u * i) % 5).append('\n');
                }
            }
        }
        return Files.writeString(dir.resolve("ratings.csv"), csv);
    }

    private List<String> tinyTraining(Path data) {
        return List.of("--set", "data.train=" + data, "--set", "trainer.epochs=2", "--set", "trainer.batch-size=8",
                "--set", "variants.autoencoder.layers=[8, 3]");
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("train", "variants", "Exit codes");
    }

    @Test
    void variantsListsTheAutoencoderWithItsDefaults() {
        assertThat(run("variants")).isZero();
        assertThat(out.toString())
                .contains("autoencoder - ")
                .contains("from: ")
                .contains("layers = [512,128]")
                .contains("orientation = user");
    }

    @Test
    void trainWritesARunDirectory() throws IOException {
        Path run = dir.resolve("run");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", run.toString()));
        args.addAll(tinyTraining(ratings()));
        args.addAll(List.of("--set", "output.filled-matrix=true", "--set", "output.embeddings=true"));

        assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();

        assertThat(out.toString()).contains("epoch   1", "epoch   2", "test RMSE", "outputs: ");
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
        args.addAll(tinyTraining(ratings()));
        args.addAll(List.of("--set", "variants.autoencoder.orientation=item", "--set", "output.filled-matrix=true"));

        assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();

        NpyArray filled = NpyReader.read(run.resolve("filled-matrix.npy"));
        assertThat(filled.rows()).isEqualTo(30);
        assertThat(filled.columns()).isEqualTo(12);
        assertThat(filled.fortranOrder()).isTrue();
    }

    @Test
    void unknownKeyExitsWithTwoAndWritesNothing() throws IOException {
        Path run = dir.resolve("never");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", run.toString()));
        args.addAll(tinyTraining(ratings()));
        args.addAll(List.of("--set", "trainer.epoch=3"));

        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);

        assertThat(err.toString()).contains("cfae.trainer.epoch", "did you mean 'cfae.trainer.epochs'");
        assertThat(run).doesNotExist();
    }

    @Test
    void malformedDataExitsWithTwoNamingFileAndLineAndWritesNothing() throws IOException {
        Path data = Files.writeString(dir.resolve("bad.csv"), "userId,movieId,rating\n1,2,4\n1,3,four\n");
        Path run = dir.resolve("never");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", run.toString()));
        args.addAll(tinyTraining(data));

        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);

        assertThat(err.toString()).contains("bad.csv:3");
        assertThat(run).doesNotExist();
    }

    @Test
    void unknownOptionExitsWithTwo() {
        assertThat(run("train", "--epochs", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("--epochs");
    }

    @Test
    void existingNonEmptyOutDirectoryIsRefused() throws IOException {
        Path run = Files.createDirectories(dir.resolve("used"));
        Files.writeString(run.resolve("keep.txt"), "previous results");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", run.toString()));
        args.addAll(tinyTraining(ratings()));

        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);

        assertThat(err.toString()).contains("--out");
        assertThat(run.resolve("keep.txt")).hasContent("previous results");
    }

    @Test
    void theCombinedModelReportsEveryPredictionModeAndUsesTheOneAskedFor() throws IOException {
        Path run = dir.resolve("combined-run");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", run.toString(),
                "--prediction-mode", "user", "--set", "variant=combined"));
        args.addAll(tinyTraining(ratings()));
        args.addAll(List.of("--set", "variants.combined.item.layers=[6, 4]", "--set", "variants.combined.user.layers=[5, 4]",
                "--set", "variants.combined.mlp.layers=[3]"));

        assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();

        assertThat(out.toString()).containsPattern("validation RMSE by prediction mode:  item \\d\\.\\d{4}  user \\d\\.\\d{4}"
                + "  mlp \\d\\.\\d{4}  mean \\d\\.\\d{4}  \\(predicting by user\\)");
        assertThat(run.resolve("summary.json")).content().contains("\"prediction_mode\": \"user\"")
                .containsPattern("\"validation_rmse_by_mode\": \\{\"item\": \\d\\.\\d+, \"user\": \\d\\.\\d+, "
                        + "\"mlp\": \\d\\.\\d+, \"mean\": \\d\\.\\d+\\}");
        assertThat(run.resolve("config.conf")).content().contains("prediction-mode=user");
    }

    @Test
    void anUnknownPredictionModeExitsWithTwoNamingTheKey() throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", dir.resolve("never").toString(),
                "--prediction-mode", "best", "--set", "variant=combined"));
        args.addAll(tinyTraining(ratings()));

        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString()).contains("cfae.variants.combined.prediction-mode");
    }
}
