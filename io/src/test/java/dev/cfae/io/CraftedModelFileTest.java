package dev.cfae.io;

import dev.cfae.api.ModelSnapshot;
import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.api.data.RatingRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
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

/**
 * Hostile model and .npy files, crafted field by field: truncated, bit-flipped, wrong magic or
 * version, checksum mismatch, and declared sizes far beyond the file (with the checksum refitted,
 * as a forger would). Each must give a clear error naming the file, and reading must allocate
 * about the size of the file, never the size a header declares: the heap bytes the reading
 * thread allocates are measured.
 */
final class CraftedModelFileTest {
    /** Reading a file of n bytes may allocate a few times n plus fixed overhead, never more. */
    private static final long ALLOCATION_SLACK = 4L << 20;

    @TempDir
    Path directory;

    private byte[] model;
    private byte[] npy;

    @BeforeEach
    void writeGenuineFiles() throws IOException {
        IdIndex users = IdIndex.of(List.of("1", "2", "3"));
        IdIndex items = IdIndex.of(List.of("10", "20"));
        RatingMatrix training = RatingMatrix.fromTriples(3, 2, new int[] {0, 1, 2}, new int[] {0, 1, 0},
                new float[] {4, 3, 5});
        float[] parameters = new float[16];
        Arrays.fill(parameters, 0.25f);
        Path modelFile = directory.resolve("genuine.cfae");
        ModelFile.write(modelFile, new ModelSnapshot("autoencoder", "layers = [2]\n", "cfae {}", users, items, training,
                new RatingRange(1, 5), true, 4f, parameters));
        model = Files.readAllBytes(modelFile);
        Path npyFile = directory.resolve("genuine.npy");
        try (NpyWriter writer = NpyWriter.open(npyFile, 3, 2, false)) {
            writer.appendLines(new float[] {1, 2, 3, 4, 5, 6});
        }
        npy = Files.readAllBytes(npyFile);
    }

    private static byte[] refitted(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(12, bytes.length);
        CRC32C checksum = new CRC32C();
        checksum.update(bytes, 0, bytes.length - 4);
        buffer.putInt(bytes.length - 4, (int) checksum.getValue());
        return bytes;
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(directory.resolve(name), bytes);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static void assertModelRejected(Path file, String fragment) throws IOException {
        long size = Files.size(file);
        long before = allocatedBytes();
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOfSatisfying(ModelFormatException.class, e -> {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.getMessage()).startsWith(file + ": ").contains(fragment);
        });
        assertThat(allocatedBytes() - before).as("bytes allocated reading %s", file).isLessThan(4 * size + ALLOCATION_SLACK);
    }

    private static void assertNpyRejected(Path file, String fragment) throws IOException {
        long size = Files.size(file);
        long before = allocatedBytes();
        assertThatThrownBy(() -> NpyReader.read(file)).isInstanceOfSatisfying(DataFormatException.class, e -> {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.getMessage()).startsWith(file + ": ").contains(fragment);
        });
        assertThat(allocatedBytes() - before).as("bytes allocated reading %s", file).isLessThan(4 * size + ALLOCATION_SLACK);
    }

    // ---- model files ----

    @Test
    void everyTruncationIsRejected() throws IOException {
        for (int length = 0; length < model.length; length++) {
            assertThatThrownBy(readModel(file("cut.cfae", Arrays.copyOf(model, length))))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining("cut.cfae");
        }
        assertModelRejected(file("half.cfae", Arrays.copyOf(model, model.length / 2)), "truncated");
    }

    private static org.assertj.core.api.ThrowableAssert.ThrowingCallable readModel(Path file) {
        return () -> ModelFile.read(file);
    }

    @Test
    void everySingleBitFlipIsRejected() throws IOException {
        for (int bit = 0; bit < model.length * 8; bit++) {
            byte[] flipped = model.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(readModel(file("flip.cfae", flipped))).as("bit %d", bit)
                    .isInstanceOf(ModelFormatException.class);
        }
        byte[] flipped = model.clone();
        flipped[model.length / 2] ^= 0x10;
        assertModelRejected(file("flipped.cfae", flipped), "checksum mismatch");
    }

    @Test
    void wrongMagicAndUnknownVersion() throws IOException {
        byte[] text = "userId,movieId,rating\n1,2,3\n".getBytes(StandardCharsets.UTF_8);
        assertModelRejected(file("text.cfae", text), "not a cfae model file");
        byte[] npyAsModel = npy.clone();
        assertModelRejected(file("npy.cfae", npyAsModel), "not a cfae model file");
        byte[] future = model.clone();
        future[8] = 3;
        assertModelRejected(file("v3.cfae", refitted(future)), "unsupported model format version 3");
    }

    @Test
    void declaredLengthBeyondTheFile() throws IOException {
        byte[] bytes = model.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(12, Long.MAX_VALUE);

        assertModelRejected(file("length.cfae", bytes), "truncated");
    }

    @Test
    void hugeDeclaredCountsWithAValidChecksum() throws IOException {
        // Each u32 field in turn set to 2^32 - 1 and 2^31 - 1: every one is a count or a length,
        // or part of one; none may lead to a large allocation.
        for (int at = 20; at + 4 <= model.length - 4; at += 4) {
            for (int value : new int[] {-1, Integer.MAX_VALUE, 1 << 28}) {
                byte[] bytes = model.clone();
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
                Path file = file("count.cfae", refitted(bytes));
                long before = allocatedBytes();
                try {
                    ModelFile.read(file);
                } catch (ModelFormatException expected) {
                    assertThat(expected.getMessage()).startsWith(file + ": ");
                }
                assertThat(allocatedBytes() - before).as("u32 at %d := %d", at, value)
                        .isLessThan(4L * bytes.length + ALLOCATION_SLACK);
            }
        }
    }

    @Test
    void checksumMismatchNamesBothValues() throws IOException {
        byte[] bytes = model.clone();
        bytes[bytes.length - 1] ^= 1;

        assertModelRejected(file("crc.cfae", bytes), "checksum mismatch (stored");
    }

    // ---- .npy files ----

    @Test
    void npyTruncationsAreRejected() throws IOException {
        for (int length = 0; length < npy.length; length++) {
            Path file = file("cut.npy", Arrays.copyOf(npy, length));
            assertThatThrownBy(() -> NpyReader.read(file)).isInstanceOf(DataFormatException.class)
                    .hasMessageStartingWith(file + ": ");
        }
    }

    @Test
    void npyWrongMagicVersionAndType() throws IOException {
        assertNpyRejected(file("model.npy", model), "not a .npy file");
        byte[] version = npy.clone();
        version[6] = 9;
        assertNpyRejected(file("v9.npy", version), "unsupported .npy format version 9.0");
        assertNpyRejected(file("f8.npy", header(npy, "'<f4'", "'<f8'")), "expected descr '<f4'");
        assertNpyRejected(file("object.npy", header(npy, "'<f4'", "'|O' ")), "expected descr '<f4'");
    }

    @Test
    void npyHugeDeclaredShapesAllocateNothing() throws IOException {
        assertNpyRejected(file("huge.npy", header(npy, "(3, 2)", "(2147483647, 2147483647)")), "data bytes");
        assertNpyRejected(file("big.npy", header(npy, "(3, 2)", "(65536, 65536)")), "data bytes");
        assertNpyRejected(file("over.npy", header(npy, "(3, 2)", "(99999999999, 1)")), "dimension too large");
        byte[] longHeader = npy.clone();
        ByteBuffer.wrap(longHeader).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) 0xffff);
        assertNpyRejected(file("header.npy", longHeader), "truncated");
        byte[] v2 = npy.clone();
        v2[6] = 2; // a 4-byte header length: the 2 length bytes and 2 header bytes read as 0x????ffff
        ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Integer.MAX_VALUE);
        assertNpyRejected(file("v2.npy", v2), "exceeds");
    }

    @Test
    void npyCraftedHeaderSyntax() throws IOException {
        assertNpyRejected(file("eval.npy", header(npy, "'<f4'", "__import__('os')")), "malformed header");
        assertNpyRejected(file("extra.npy", header(npy, "'shape'", "'shapes'")), "exactly the keys");
        assertNpyRejected(file("rank3.npy", header(npy, "(3, 2)", "(3, 2, 1)")), "shape");
    }

    /** The .npy bytes with {@code from} replaced by {@code to} in the header, padding adjusted to keep its length. */
    private static byte[] header(byte[] bytes, String from, String to) {
        int length = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        String header = new String(bytes, 10, length, StandardCharsets.ISO_8859_1);
        assertThat(header).contains(from);
        String changed = header.replace(from, to);
        int difference = changed.length() - header.length();
        changed = difference > 0 ? changed.replace("}" + " ".repeat(difference), "}")
                : changed.replace("}", "}" + " ".repeat(-difference));
        assertThat(changed).hasSize(length);
        byte[] out = bytes.clone();
        System.arraycopy(changed.getBytes(StandardCharsets.ISO_8859_1), 0, out, 10, length);
        return out;
    }
}
