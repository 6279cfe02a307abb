package dev.cfae.app;

import dev.cfae.app.cli.CliRun;
import dev.cfae.io.CheckpointFile;
import dev.cfae.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real fault: a {@code java} child process trains with mid-epoch checkpoints, is killed with
 * SIGKILL ({@link Process#destroyForcibly()}) once its first checkpoint is on disk, and
 * {@code cfae train --resume} finishes the run — from another working directory — with the same
 * parameters, bit for bit, as a run that was never interrupted. Both use the CPU backend with the
 * same thread settings (this JVM's environment, which the child inherits, and threads.blas = 1).
 */
final class KillAndResumeTest {
    @TempDir
    Path dir;

    /** Enough steps (about 45 an epoch, 4 epochs) that the kill lands long before the end. */
    private static List<String> settings() {
        return List.of("--set", "trainer.epochs=4", "--set", "trainer.batch-size=8",
                "--set", "variants.autoencoder.layers=[128, 16]", "--set", "variants.autoencoder.dropout=0.1",
                "--set", "trainer.optimizer.learning-rate=0.001",
                "--set", "trainer.checkpoint.every-epochs=0", "--set", "trainer.checkpoint.every-steps=7");
    }

    @Test
    void aRunKilledMidEpochResumesToTheUninterruptedParameters() throws Exception {
        Path childDir = Files.createDirectories(dir.resolve("child-cwd"));
        TinyRatings.write(childDir, 400, 1000, 0.05, 5);
        Path killed = dir.resolve("killed");
        Path whole = dir.resolve("whole");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "--add-modules", "jdk.incubator.vector", "-Dorg.nd4j.log.initialization=false", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "--out", killed.toString(), "--set", "data.train=ratings.csv"));
        command.addAll(settings());
        // The child runs in its own directory with a relative data path; the resume below does not.
        Process child = new ProcessBuilder(command).directory(childDir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path checkpoint = killed.resolve(CheckpointFile.LATEST);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(checkpoint)).as(Files.readString(dir.resolve("child.log"))).isTrue();
        assertThat(child.exitValue()).as("killed, not finished").isEqualTo(137);
        assertThat(killed.resolve("model.cfae")).doesNotExist();
        var stoppedAt = CheckpointFile.load(killed, w -> { }).checkpoint();
        assertThat(stoppedAt.position()).as("a mid-epoch checkpoint").isPositive();

        StringWriter log = new StringWriter();
        assertThat(run(log, "train", "--resume", killed.toString())).as(log.toString()).isZero();
        assertThat(log.toString()).contains("resuming in epoch " + (stoppedAt.epoch() + 1));

        List<String> uninterrupted = new ArrayList<>(List.of("train", "--out", whole.toString(),
                "--set", "data.train=" + childDir.resolve("ratings.csv")));
        uninterrupted.addAll(settings());
        assertThat(run(log, uninterrupted.toArray(String[]::new))).as(log.toString()).isZero();

        float[] resumed = ModelFile.read(killed.resolve("model.cfae")).parameters();
        float[] reference = ModelFile.read(whole.resolve("model.cfae")).parameters();
        // Arrays.equals compares float bit patterns; AssertJ's containsExactly is quadratic on 200 k values.
        assertThat(resumed).hasSameSizeAs(reference);
        assertThat(Arrays.equals(resumed, reference)).as("bit-identical parameters").isTrue();
        assertThat(Files.readAllLines(killed.resolve("metrics.csv")).stream().map(KillAndResumeTest::withoutSeconds))
                .containsExactlyElementsOf(Files.readAllLines(whole.resolve("metrics.csv")).stream()
                        .map(KillAndResumeTest::withoutSeconds).toList());
    }

    private static String withoutSeconds(String metricsLine) {
        return metricsLine.substring(0, metricsLine.lastIndexOf(','));
    }

    static int run(StringWriter log, String... args) throws IOException {
        return CliRun.run(log, log, args);
    }
}
