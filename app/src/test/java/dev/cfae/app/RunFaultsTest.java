package dev.cfae.app;

import dev.cfae.io.CheckpointFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Faults other than a kill: divergence, changed inputs on resume, a corrupt checkpoint, too little memory. */
final class RunFaultsTest {
    @TempDir
    Path dir;

    private List<String> train(Path out, Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString(), "--set", "data.train=" + data,
                "--set", "trainer.epochs=3", "--set", "trainer.batch-size=8", "--set",
                "variants.autoencoder.layers=[8, 3]", "--set", "trainer.checkpoint.every-steps=2",
                // The data here is 24-32 % dense, above auto's threshold: the sparse kernels, as real data gets.
                "--set", "engine.sparse.mode=sparse"));
        for (String setting : more) {
            args.addAll(List.of("--set", setting));
        }
        return args;
    }

    private static int run(StringWriter log, List<String> args) throws IOException {
        return KillAndResumeTest.run(log, args.toArray(String[]::new));
    }

    @Test
    void divergenceExitsWithOneNamingTheLearningRateAndWhatItKept() throws IOException {
        Path data = TinyRatings.write(dir, 40, 30, 0.3, 1);
        Path out = dir.resolve("run");
        StringWriter log = new StringWriter();

        int code = run(log, train(out, data, "trainer.optimizer.type=sgd", "trainer.optimizer.learning-rate=1e12",
                "trainer.early-stopping.enabled=false"));

        assertThat(code).isEqualTo(1);
        assertThat(log.toString()).contains("diverged", "cfae.trainer.optimizer.learning-rate")
                .doesNotContain("\tat ");
        assertThat(out.resolve("config.conf")).exists();
        assertThat(out.resolve("train.log")).content().contains("diverged");
        assertThat(out.resolve("model.cfae")).doesNotExist();
        // A rate this high diverges in the first epoch, before any checkpoint: the message says what is there.
        assertThat(out.resolve(CheckpointFile.LATEST)).doesNotExist();
        assertThat(log.toString()).contains("Kept in " + out + ": config.conf, train.log; it diverged before its "
                + "first checkpoint");

        StringWriter withoutCheckpoints = new StringWriter();
        assertThat(run(withoutCheckpoints, train(dir.resolve("run-2"), data, "trainer.optimizer.type=sgd",
                "trainer.optimizer.learning-rate=1e12", "trainer.checkpoint.every-epochs=0",
                "trainer.checkpoint.every-steps=0"))).isEqualTo(1);
        assertThat(withoutCheckpoints.toString()).contains("; checkpoints are off (cfae.trainer.checkpoint)");
    }

    /** Trains a tiny run to its end in {@code dir/run} and returns that directory. */
    private Path finishedRun(String... more) throws IOException {
        Path data = TinyRatings.write(dir, 30, 20, 0.4, 3);
        Path out = dir.resolve("run");
        StringWriter log = new StringWriter();
        assertThat(run(log, train(out, data, more))).as(log.toString()).isZero();
        return out;
    }

    @Test
    void resumingAFinishedRunSaysSoAndWritesTheSameModel() throws IOException {
        Path out = finishedRun("trainer.early-stopping.enabled=false");
        byte[] model = Files.readAllBytes(out.resolve("model.cfae"));

        StringWriter resumed = new StringWriter();
        assertThat(KillAndResumeTest.run(resumed, "train", "--resume", out.toString())).as(resumed.toString()).isZero();

        assertThat(resumed.toString()).contains("the run had trained all its 3 epochs").doesNotContain("resuming in");
        assertThat(Files.readAllBytes(out.resolve("model.cfae"))).isEqualTo(model);
    }

    @Test
    void resumeRefusesChangedDataAndAnEditedConfigWithExitTwo() throws IOException {
        Path data = TinyRatings.write(dir, 30, 20, 0.4, 2);
        Path out = dir.resolve("run");
        StringWriter log = new StringWriter();
        assertThat(run(log, train(out, data))).as(log.toString()).isZero();

        Path config = out.resolve("config.conf");
        String original = Files.readString(config);
        Files.writeString(config, original + "\ncfae.trainer.epochs = 4\n");
        StringWriter edited = new StringWriter();
        assertThat(KillAndResumeTest.run(edited, "train", "--resume", out.toString())).isEqualTo(2);
        assertThat(edited.toString()).contains("config.conf", "differs");

        Files.writeString(config, original);
        Files.writeString(data, Files.readString(data) + "u1,m999,5,1\n");
        StringWriter changed = new StringWriter();
        assertThat(KillAndResumeTest.run(changed, "train", "--resume", out.toString())).isEqualTo(2);
        assertThat(changed.toString()).contains("ratings.csv", "changed since the run started");

        StringWriter mixed = new StringWriter();
        assertThat(KillAndResumeTest.run(mixed, "train", "--resume", out.toString(), "--set", "seed=1")).isEqualTo(2);
        assertThat(mixed.toString()).contains("--resume", "cannot be combined");

        StringWriter notARun = new StringWriter();
        assertThat(KillAndResumeTest.run(notARun, "train", "--resume", dir.resolve("nothing").toString()))
                .isEqualTo(2);
        assertThat(notARun.toString()).contains("not a run directory");
    }

    @Test
    void aCorruptLatestCheckpointResumesFromThePreviousWithAWarning() throws IOException {
        Path out = finishedRun();
        float[] finished = dev.cfae.io.ModelFile.read(out.resolve("model.cfae")).parameters();
        Path latest = out.resolve(CheckpointFile.LATEST);
        byte[] bytes = Files.readAllBytes(latest);
        bytes[bytes.length - 10] ^= 1;
        Files.write(latest, bytes);

        StringWriter resumed = new StringWriter();
        assertThat(KillAndResumeTest.run(resumed, "train", "--resume", out.toString())).as(resumed.toString()).isZero();

        assertThat(resumed.toString()).contains("warning", "checksum mismatch", CheckpointFile.PREVIOUS);
        // The previous checkpoint is an earlier point of the same run, so finishing from it ends identically.
        assertThat(Arrays.equals(dev.cfae.io.ModelFile.read(out.resolve("model.cfae")).parameters(), finished)).isTrue();
    }

    @Test
    void aRunOverTheMemoryLimitIsRefusedBeforeTrainingWithTheFigureAndTheKey() throws IOException {
        Path data = TinyRatings.write(dir, 30, 20, 0.4, 4);
        Path out = dir.resolve("run");
        StringWriter log = new StringWriter();

        int code = run(log, train(out, data, "engine.memory.limit=64K", "trainer.batch-size=100000"));

        assertThat(code).isEqualTo(2);
        assertThat(log.toString()).contains("estimated", "64.0 KiB", "cfae.trainer.batch-size", "batch buffers");
        assertThat(out).as("nothing written").doesNotExist();

        StringWriter badLimit = new StringWriter();
        assertThat(run(badLimit, train(dir.resolve("run2"), data, "engine.memory.limit=lots"))).isEqualTo(2);
        assertThat(badLimit.toString()).contains("cfae.engine.memory.limit");
    }
}
