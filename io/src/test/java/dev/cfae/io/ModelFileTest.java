package dev.cfae.io;

import dev.cfae.api.ModelSnapshot;
import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.api.data.RatingRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class ModelFileTest {
    private static final String VARIANT = "autorec";
    private static final String VARIANT_CONFIG = "hidden = 500\nactivation = sigmoid\n";
    private static final String RUN_CONFIG = "cfae { variant = autorec, note = \"Zoë’s run\" }";
    private static final float[] PARAMETERS = {0.5f, -0f, Float.MIN_VALUE, -3.25e-7f, 1e30f};

    @TempDir
    Path directory;

    private static ModelSnapshot snapshot() {
        IdIndex users = IdIndex.of(List.of("196", "186", "Zoë"));
        IdIndex items = IdIndex.of(List.of("242", "302"));
        RatingMatrix training = RatingMatrix.fromTriples(3, 2, new int[] {0, 1, 2, 0}, new int[] {0, 1, 1, 1},
                new float[] {3, 3, 1, 4.5f});
        return new ModelSnapshot(VARIANT, VARIANT_CONFIG, RUN_CONFIG, users, items, training,
                new RatingRange(0.5f, 5f), true, 3.5f, PARAMETERS.clone());
    }

    private Path written() throws IOException {
        Path file = directory.resolve("model.cfae");
        ModelFile.write(file, snapshot());
        return file;
    }

    /** Rewrites the trailing CRC32C so that only the crafted change is wrong. */
    private static byte[] withValidChecksum(byte[] bytes) {
        CRC32C checksum = new CRC32C();
        checksum.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) checksum.getValue());
        return bytes;
    }

    /** Byte offset of the user id count: after magic, version, length and the three strings. */
    private static int userCountOffset() {
        return 8 + 4 + 8 + 3 * 4 + VARIANT.getBytes(StandardCharsets.UTF_8).length
                + VARIANT_CONFIG.getBytes(StandardCharsets.UTF_8).length + RUN_CONFIG.getBytes(StandardCharsets.UTF_8).length;
    }

    private Path crafted(String name, byte[] bytes) throws IOException {
        return Files.write(directory.resolve(name), bytes);
    }

    private static void assertModelRejected(Path file, String fragment) {
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOfSatisfying(ModelFormatException.class, e -> {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.getMessage()).startsWith(file + ": ").contains(fragment);
        });
    }

    @Test
    void roundTripKeepsEveryField() throws IOException {
        ModelSnapshot original = snapshot();

        ModelSnapshot read = ModelFile.read(written());

        assertThat(read.variant()).isEqualTo(original.variant());
        assertThat(read.variantConfig()).isEqualTo(original.variantConfig());
        assertThat(read.runConfig()).isEqualTo(original.runConfig());
        assertThat(read.users()).isEqualTo(original.users());
        assertThat(read.items()).isEqualTo(original.items());
        assertThat(read.training()).isEqualTo(original.training());
        assertThat(read.range()).isEqualTo(original.range());
        assertThat(read.clip()).isTrue();
        assertThat(read.fallback()).isEqualTo(3.5f);
        assertThat(Arrays.equals(read.parameters(), PARAMETERS)).isTrue(); // bit-exact, -0 included
    }

    @Test
    void roundTripOfAnEmptyModelWithClippingOff() throws IOException {
        ModelSnapshot empty = new ModelSnapshot("x", "", "", IdIndex.of(List.of()), IdIndex.of(List.of()),
                RatingMatrix.fromTriples(0, 0, new int[0], new int[0], new float[0]), new RatingRange(1, 1), false,
                1f, new float[0]);
        Path file = directory.resolve("empty.cfae");

        ModelFile.write(file, empty);
        ModelSnapshot read = ModelFile.read(file);

        assertThat(read.clip()).isFalse();
        assertThat(read.users().size()).isZero();
        assertThat(read.training().nnz()).isZero();
        assertThat(read.parameters()).isEmpty();
    }

    @Test
    void fileStartsWithMagicAndVersion() throws IOException {
        byte[] bytes = Files.readAllBytes(written());

        assertThat(Arrays.copyOf(bytes, 12)).containsExactly(0x89, 'C', 'F', 'A', 'E', 'M', '\r', '\n', 2, 0, 0, 0);
        assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(12)).isEqualTo(bytes.length);
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        Path file = crafted("truncated.cfae", Arrays.copyOf(bytes, bytes.length - 10));
        Path stub = crafted("stub.cfae", Arrays.copyOf(bytes, 5));

        assertModelRejected(file, "truncated: the header declares " + bytes.length + " bytes, the file has "
                + (bytes.length - 10));
        assertModelRejected(stub, "truncated");
    }

    @Test
    void flippedByteFailsTheChecksum() throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        bytes[bytes.length / 2] ^= 0x10;

        assertModelRejected(crafted("flipped.cfae", bytes), "checksum mismatch");
    }

    @Test
    void wrongMagicIsRejected() throws IOException {
        Path text = crafted("text.cfae", "Id,Prediction\nr1_c1,3\n".getBytes(StandardCharsets.US_ASCII));

        assertModelRejected(text, "not a cfae model file: wrong magic bytes");
    }

    @ParameterizedTest
    @ValueSource(bytes = {7, 1}) // 1: a file from before the output layer's layout changed
    void otherVersionsAreRejectedByNumber(byte version) throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        bytes[8] = version;

        assertModelRejected(crafted("v" + version + ".cfae", withValidChecksum(bytes)),
                "unsupported model format version " + version + "; this build reads version 2");
    }

    @Test
    void hugeDeclaredCountsAreRejectedBeforeAllocating() throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        byte[] hugeIds = bytes.clone();
        ByteBuffer.wrap(hugeIds).order(ByteOrder.LITTLE_ENDIAN).putInt(userCountOffset(), -1); // 4,294,967,295
        byte[] hugeParameters = bytes.clone();
        int parameterCountOffset = bytes.length - 4 - PARAMETERS.length * 4 - 4;
        ByteBuffer.wrap(hugeParameters).order(ByteOrder.LITTLE_ENDIAN).putInt(parameterCountOffset, Integer.MAX_VALUE - 16);
        byte[] hugeString = bytes.clone();
        ByteBuffer.wrap(hugeString).order(ByteOrder.LITTLE_ENDIAN).putInt(20, Integer.MAX_VALUE);

        assertModelRejected(crafted("ids.cfae", withValidChecksum(hugeIds)), "user ids count 4294967295");
        assertModelRejected(crafted("params.cfae", withValidChecksum(hugeParameters)),
                "parameters count " + (Integer.MAX_VALUE - 16) + " needs at least");
        assertModelRejected(crafted("string.cfae", withValidChecksum(hugeString)), "variant name length count");
    }

    @Test
    void inconsistentTrainingMatrixIsRejected() throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        // Row 0 holds columns 0 and 1; the column indices follow the four row pointers.
        int columnsOffset = bytes.length - 4 - PARAMETERS.length * 4 - 4 - 4 - 1 - 8 - 4 * 4 - 4 * 4;
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(buffer.getInt(columnsOffset)).isZero();
        assertThat(buffer.getInt(columnsOffset + 4)).isEqualTo(1);
        buffer.putInt(columnsOffset, 1); // now row 0 is columns 1, 1: not increasing

        assertModelRejected(crafted("csr.cfae", withValidChecksum(bytes)), "inconsistent training matrix");
    }

    @Test
    void invalidClipFlagIsRejected() throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        int clipOffset = bytes.length - 4 - PARAMETERS.length * 4 - 4 - 4 - 1;
        assertThat(bytes[clipOffset]).isEqualTo((byte) 1);
        bytes[clipOffset] = 2;

        assertModelRejected(crafted("clip.cfae", withValidChecksum(bytes)), "clip flag must be 0 or 1");
    }

    @Test
    void missingFileIsAModelFormatException() {
        assertModelRejected(directory.resolve("absent.cfae"), "cannot read");
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = written();
        ModelFile.write(file, snapshot());

        try (var files = Files.list(directory)) {
            assertThat(files.toList()).containsExactly(file);
        }
    }
}
