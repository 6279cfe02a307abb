package dev.cfae.io;

import dev.cfae.api.EpochMetrics;
import dev.cfae.api.TrainingCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointFileTest {
    @TempDir
    Path dir;

    private static CheckpointFile.Contents sample(int epoch) {
        List<EpochMetrics> history = new ArrayList<>();
        for (int e = 1; e <= epoch; e++) {
            history.add(new EpochMetrics(e, 1.0 / e, Double.NaN, 0.5, 2.0));
        }
        TrainingCheckpoint checkpoint = new TrainingCheckpoint("autoencoder", epoch, 2, 17, -5L, 99L,
                new int[] {2, 0, 1}, new float[] {1f, -2f, Float.MIN_VALUE}, new float[6], new float[] {0f, 1f, 2f},
                0.9, epoch, 0, 3.5, 12, 0.25, 1.5, history, new byte[] {7});
        return new CheckpointFile.Contents("data-hash", "config-hash", checkpoint);
    }

    @Test
    void roundTripsEveryField() throws IOException {
        CheckpointFile.save(dir, sample(2));
        TrainingCheckpoint read = CheckpointFile.read(dir.resolve(CheckpointFile.LATEST)).checkpoint();
        TrainingCheckpoint written = sample(2).checkpoint();
        assertThat(read).usingRecursiveComparison().withEqualsForType(Double::equals, Double.class)
                .withEqualsForType(Float::equals, Float.class).isEqualTo(written);
        assertThat(CheckpointFile.read(dir.resolve(CheckpointFile.LATEST)).dataFingerprint()).isEqualTo("data-hash");
    }

    @Test
    void keepsThePreviousCheckpointAndFallsBackToItWhenTheLatestIsCorrupt() throws IOException {
        CheckpointFile.save(dir, sample(1));
        CheckpointFile.save(dir, sample(2));
        assertThat(CheckpointFile.read(dir.resolve(CheckpointFile.PREVIOUS)).checkpoint().epoch()).isEqualTo(1);
        Path latest = dir.resolve(CheckpointFile.LATEST);
        byte[] bytes = Files.readAllBytes(latest);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(latest, bytes);
        List<String> warnings = new ArrayList<>();
        assertThat(CheckpointFile.load(dir, warnings::add).checkpoint().epoch()).isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains("checksum mismatch").contains(CheckpointFile.PREVIOUS);
    }

    @Test
    void aMissingLatestFallsBackToo() throws IOException {
        CheckpointFile.save(dir, sample(1));
        Files.move(dir.resolve(CheckpointFile.LATEST), dir.resolve(CheckpointFile.PREVIOUS));
        List<String> warnings = new ArrayList<>();
        assertThat(CheckpointFile.load(dir, warnings::add).checkpoint().epoch()).isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains("missing");
    }

    @Test
    void noUsableCheckpointIsAClearError() throws IOException {
        Files.write(dir.resolve(CheckpointFile.LATEST), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> CheckpointFile.load(dir, w -> { }))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("wrong magic").hasMessageContaining("no " + CheckpointFile.PREVIOUS);
    }

    @Test
    void rejectsTruncatedFilesAtEveryLength() throws IOException {
        CheckpointFile.write(dir.resolve("full.cfae"), sample(1));
        byte[] bytes = Files.readAllBytes(dir.resolve("full.cfae"));
        for (int length = 0; length < bytes.length; length++) {
            Path cut = dir.resolve("cut.cfae");
            Files.write(cut, java.util.Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> CheckpointFile.read(cut)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("cut.cfae");
        }
    }

    @Test
    void aCraftedCountWithAValidChecksumCannotForceAHugeAllocation() throws IOException {
        CheckpointFile.write(dir.resolve("c.cfae"), sample(0));
        byte[] bytes = Files.readAllBytes(dir.resolve("c.cfae"));
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // The example count follows the header, three strings and 2 x u32 + 3 x u64.
        int offset = 20 + (4 + 9) + (4 + 11) + (4 + 11) + 8 + 24;
        assertThat(buffer.getInt(offset)).isEqualTo(3);
        buffer.putInt(offset, 0x7fff_0000);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        buffer.putInt(bytes.length - 4, (int) crc.getValue());
        Path crafted = dir.resolve("crafted.cfae");
        Files.write(crafted, bytes);
        assertThatThrownBy(() -> CheckpointFile.read(crafted)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("examples").hasMessageContaining("remain");
    }

    @Test
    void rejectsOtherVersionsByNumber() throws IOException {
        CheckpointFile.write(dir.resolve("c.cfae"), sample(0));
        byte[] bytes = Files.readAllBytes(dir.resolve("c.cfae"));
        bytes[8] = 9;
        Path other = dir.resolve("v9.cfae");
        Files.write(other, bytes);
        assertThatThrownBy(() -> CheckpointFile.read(other)).hasMessageContaining("version 9");
        bytes[8] = 1; // the older output-layer layout
        Files.write(other, bytes);
        assertThatThrownBy(() -> CheckpointFile.read(other))
                .hasMessageContaining("version 1; this build reads version 2");
    }
}
