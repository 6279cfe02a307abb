package dev.cfae.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

final class BenchCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void benchPrintsEveryFigureAndOneJsonLine() {
        Path data = dir.resolve("generated.csv");
        assertThat(cli.run("generate-ratings", "--users", "40", "--items", "30", "--ratings", "400", "--out",
                data.toString())).isZero();
        assertThat(cli.out()).contains("wrote 400 ratings");

        int blasThreads = Nd4j.factory().blas().getMaxThreads();
        assertThat(cli.run("bench", "--epochs", "1", "--warmup", "0", "--set", "data.train=" + data,
                "--set", "trainer.batch-size=16", "--set", "variants.autoencoder.layers=[8, 4]",
                "--set", "engine.sparse.mode=sparse")).as(cli.err()).isZero();
        assertThat(Nd4j.factory().blas().getMaxThreads()).as("the dense limit restores the BLAS threads")
                .isEqualTo(blasThreads);
        String text = cli.out();
        assertThat(text).contains("sparse input, masked output");
        assertThat(text).contains("median epoch:", "rows/s", "ratings/s", "peak memory:", "heap", "resident",
                "memory estimate:", "foreseen before training",
                "blas threads=", "omp threads=", "kernels:", "dense limit:", "BLAS thread", "epoch / dense limit:", "optimizer step:");
        List<String> lines = text.lines().toList();
        String json = lines.get(lines.size() - 1);
        assertThat(json).startsWith("{").endsWith("}").contains("\"median_epoch_seconds\":",
                "\"rows_per_second\":", "\"ratings_per_second\":", "\"heap_peak_bytes\":", "\"rss_peak_bytes\":",
                "\"memory_estimate_bytes\":",
                "\"backend\":", "\"kernels\":", "\"dense_limit_seconds\":", "\"dense_blas_threads\":", "\"epoch_over_dense_limit\":",
                "\"optimizer_step_seconds\":");
        // 40 users: each full batch of 16 and the tail are counted, 2 GEMMs for the input layer and 3 after.
        double flops = 2.0 * 40 * (2 * 30 * 8 + 3 * 8 * 4 + 3 * 4 * 8 + 3 * 8 * 30);
        assertThat(json).contains("\"rows\":40", String.format(java.util.Locale.ROOT, "\"dense_flops_per_epoch\":%.6g",
                flops));
    }

    @Test
    void generatedRatingsAreDistinctPairsOfTheAskedCount() throws IOException {
        Path data = dir.resolve("r.csv");
        assertThat(cli.run("generate-ratings", "--users", "50", "--items", "200", "--ratings", "1000", "--out",
                data.toString())).isZero();
        List<String> lines = Files.readAllLines(data);
        assertThat(lines.get(0)).isEqualTo("userId,movieId,rating");
        List<String> pairs = lines.subList(1, lines.size()).stream()
                .map(line -> line.substring(0, line.lastIndexOf(','))).toList();
        assertThat(pairs).hasSize(1000).doesNotHaveDuplicates();
    }

    @Test
    void generatedRatingsMayFillTheWholeMatrixButNoMore() throws IOException {
        Path data = dir.resolve("full.csv");
        assertThat(cli.run("generate-ratings", "--users", "6", "--items", "9", "--ratings", "54", "--out",
                data.toString())).isZero();
        List<String> pairs = Files.readAllLines(data).stream().skip(1)
                .map(line -> line.substring(0, line.lastIndexOf(','))).toList();
        List<String> everyPair = new ArrayList<>();
        for (int user = 1; user <= 6; user++) {
            for (int item = 1; item <= 9; item++) {
                everyPair.add(user + "," + item);
            }
        }
        assertThat(pairs).containsExactlyInAnyOrderElementsOf(everyPair);
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("full.csv");
        }

        Path over = dir.resolve("over.csv");
        assertThat(cli.run("generate-ratings", "--users", "6", "--items", "9", "--ratings", "55", "--out",
                over.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("--ratings", "[6, 54]");
        assertThat(over).doesNotExist();
        assertThat(cli.run("generate-ratings", "--users", "6", "--items", "9", "--ratings", "6", "--out",
                dir.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("--out", "is a directory");
    }

    @Test
    void aBenchOverTheMemoryLimitIsRefusedBeforeTraining() {
        Path data = dir.resolve("generated.csv");
        assertThat(cli.run("generate-ratings", "--users", "40", "--items", "30", "--ratings", "400", "--out",
                data.toString())).isZero();

        assertThat(cli.run("bench", "--epochs", "1", "--warmup", "0", "--set", "data.train=" + data,
                "--set", "engine.memory.limit=64K", "--set", "trainer.batch-size=100000"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("estimated", "64.0 KiB", "cfae.trainer.batch-size");
        assertThat(cli.out()).doesNotContain("epoch 1");
    }

    /**
     * The sparse kernels hold a batch's ratings and the rows of the items it rates, not its dense
     * rows: over some 17,000 rated items a batch of 256 dense rows and their activations come to more
     * than 100 MB, the sparse kernels' bound to a few MB, so a limit of 100 MB refuses the dense path
     * only. Without a validation set the bench reconstructs no full rows.
     */
    @Test
    void aSparseBenchIsEstimatedByItsRatingsNotItsDenseRows() {
        Path data = dir.resolve("wide.csv");
        assertThat(cli.run("generate-ratings", "--users", "200", "--items", "100000", "--ratings", "20000", "--out",
                data.toString())).isZero();
        List<String> args = List.of("bench", "--epochs", "1", "--warmup", "0", "--set", "data.train=" + data,
                "--set", "variants.autoencoder.layers=[8, 4]", "--set", "trainer.batch-size=256",
                "--set", "data.split.validation-fraction=0.0",
                "--set", "engine.memory.limit=100M");

        assertThat(cli.run(with(args, "engine.sparse.mode=dense"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("estimated", "batch buffers", "100.0 MiB");
        Matcher dense = Pattern.compile("needs an estimated ([\\d.]+) MiB").matcher(cli.err());
        assertThat(dense.find()).as(cli.err()).isTrue();
        assertThat(cli.run(with(args, "engine.sparse.mode=sparse"))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("sparse input, masked output", "median epoch:");
        Matcher sparse = Pattern.compile("\"memory_estimate_bytes\":(\\d+),").matcher(cli.out());
        assertThat(sparse.find()).isTrue();
        assertThat(Long.parseLong(sparse.group(1))).as("the sparse estimate against a fifth of the dense one")
                .isPositive().isLessThan((long) (Double.parseDouble(dense.group(1)) * (1 << 20) / 5));
    }

    private static String[] with(List<String> args, String setting) {
        List<String> all = new ArrayList<>(args);
        all.add("--set");
        all.add(setting);
        return all.toArray(String[]::new);
    }

    @Test
    void badEpochCountIsBadInput() {
        assertThat(cli.run("bench", "--epochs", "0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("--epochs");
    }
}
