package dev.cfae.io;

import dev.cfae.api.ModelSnapshot;
import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.api.data.RatingRange;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static java.util.Objects.requireNonNull;

/**
 * The versioned binary model file: a {@link ModelSnapshot} (variant, configuration, id indices,
 * training matrix, rating range, clip flag, fallback and parameters) in one little-endian file with a
 * CRC32C checksum. No Java serialization. Written atomically; {@code docs/MODEL-FORMAT.md} has the
 * same description.
 *
 * <p>Layout of format version 2 ({@code u32}/{@code i32} are 4-byte integers, {@code u64} 8 bytes,
 * {@code f32} IEEE float32, all little-endian; {@code str} is a {@code u32} byte length and that many
 * bytes of UTF-8; {@code ids} is a {@code u32} count and that many {@code str}):
 * <pre>
 * magic        8 bytes  89 43 46 41 45 4D 0D 0A  ("\x89CFAEM\r\n")
 * version      u32      2
 * file length  u64      total bytes of the file, checksum included
 * variant      str
 * variant conf str      the cfae.variants.&lt;name&gt; block as HOCON
 * run conf     str      the whole cfae configuration as HOCON
 * users        ids      user ids in index order
 * items        ids      item ids in index order
 * rows         u32      = number of users
 * columns      u32      = number of items
 * nnz          u32      number of training ratings
 * row pointers i32 × (rows + 1)
 * columns      i32 × nnz
 * values       f32 × nnz
 * range min    f32
 * range max    f32
 * clip         u8       0 or 1
 * fallback     f32
 * parameters   u32 count, then f32 × count
 * checksum     u32      CRC32C of every byte before it
 * </pre>
 * The magic's high first byte and CR LF catch files mangled by 7-bit or newline-translating
 * transfers. Reading checks, in order: the magic, the version (other versions are rejected by
 * name), the file length (a clear "truncated" message), the checksum, and then every count against
 * the bytes that remain <em>before</em> allocating anything, so a crafted length cannot cause a
 * huge allocation. The training matrix is validated by {@link RatingMatrix#fromCsr}. Files are read
 * whole, so a model file is limited to just under 2 GiB.
 */
public final class ModelFile {
    /**
     * The format version this class writes and the only one it reads. Version 2 has version 1's
     * bytes; what changed is the parameter buffer: the autoencoders' output layer stores its weights
     * output-major, so a version 1 file would load with that layer transposed.
     */
    public static final int VERSION = 2;

    private static final byte[] MAGIC = {(byte) 0x89, 'C', 'F', 'A', 'E', 'M', '\r', '\n'};
    private static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES;
    private static final int CHECKSUM_BYTES = Integer.BYTES;
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private ModelFile() {
    }

    /**
     * Writes {@code snapshot} to {@code target} atomically.
     *
     * @throws IllegalArgumentException if a string holds text UTF-8 cannot encode (an unpaired surrogate)
     */
    public static void write(Path target, ModelSnapshot snapshot) throws IOException {
        requireNonNull(target, "target is null");
        requireNonNull(snapshot, "snapshot is null");
        byte[] variant = utf8(snapshot.variant(), "variant");
        byte[] variantConfig = utf8(snapshot.variantConfig(), "variantConfig");
        byte[] runConfig = utf8(snapshot.runConfig(), "runConfig");
        List<byte[]> users = utf8(snapshot.users(), "user");
        List<byte[]> items = utf8(snapshot.items(), "item");
        RatingMatrix training = snapshot.training();
        float[] parameters = snapshot.parameters();
        long length = HEADER_BYTES + stringBytes(variant) + stringBytes(variantConfig) + stringBytes(runConfig)
                + idBytes(users) + idBytes(items)
                + 3L * Integer.BYTES + (training.rows() + 1L) * Integer.BYTES + (long) training.nnz() * 8
                + 2L * Float.BYTES + 1 + Float.BYTES
                + Integer.BYTES + (long) parameters.length * Float.BYTES
                + CHECKSUM_BYTES;
        if (length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("the model needs " + length + " bytes; model files are limited to "
                    + MAX_FILE_BYTES);
        }
        AtomicFiles.write(target, out -> {
            CRC32C checksum = new CRC32C();
            LittleEndianWriter writer = new LittleEndianWriter(out, checksum);
            writer.writeBytes(MAGIC);
            writer.writeInt(VERSION);
            writer.writeLong(length);
            writeString(writer, variant);
            writeString(writer, variantConfig);
            writeString(writer, runConfig);
            writeIds(writer, users);
            writeIds(writer, items);
            writer.writeInt(training.rows());
            writer.writeInt(training.columns());
            writer.writeInt(training.nnz());
            writer.writeInts(training.rowPointers());
            writer.writeInts(training.columnIndices());
            float[] values = training.values();
            writer.writeFloats(values, 0, values.length);
            writer.writeFloat(snapshot.range().min());
            writer.writeFloat(snapshot.range().max());
            writer.writeByte(snapshot.clip() ? 1 : 0);
            writer.writeFloat(snapshot.fallback());
            writer.writeInt(parameters.length);
            writer.writeFloats(parameters, 0, parameters.length);
            writer.flush();
            if (writer.written() != length - CHECKSUM_BYTES) {
                throw new IllegalStateException("wrote " + writer.written() + " bytes, computed " + length);
            }
            LittleEndianWriter trailer = new LittleEndianWriter(out, null);
            trailer.writeInt((int) checksum.getValue());
            trailer.flush();
        });
    }

    /** Reads and fully validates a model file; every problem is a {@link ModelFormatException}. */
    public static ModelSnapshot read(Path file) {
        requireNonNull(file, "file is null");
        byte[] bytes = ChecksummedFiles.readAll(file, MAX_FILE_BYTES, "model file limit", null);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        checkHeader(file, buffer);
        Input in = new Input(file, buffer.limit(bytes.length - CHECKSUM_BYTES).position(HEADER_BYTES));
        try {
            String variant = in.string("variant name");
            String variantConfig = in.string("variant config");
            String runConfig = in.string("run config");
            IdIndex users = in.ids("user");
            IdIndex items = in.ids("item");
            int rows = in.count("matrix rows", 0);
            int columns = in.count("matrix columns", 0);
            if (rows != users.size() || columns != items.size()) {
                throw in.problem("training matrix is " + rows + " x " + columns + " but there are " + users.size()
                        + " users and " + items.size() + " items");
            }
            int nnz = in.count("training ratings", 2 * Integer.BYTES);
            int[] rowPointers = in.ints(rows + 1L, "row pointers");
            int[] columnIndices = in.ints(nnz, "column indices");
            float[] values = in.floats(nnz, "rating values");
            RatingMatrix training;
            try {
                training = RatingMatrix.fromCsr(rows, columns, rowPointers, columnIndices, values);
            } catch (IllegalArgumentException e) {
                throw in.problem("inconsistent training matrix: " + e.getMessage());
            }
            RatingRange range;
            float min = in.buffer.getFloat();
            float max = in.buffer.getFloat();
            try {
                range = new RatingRange(min, max);
            } catch (IllegalArgumentException e) {
                throw in.problem("invalid rating range: " + e.getMessage());
            }
            int clip = in.buffer.get();
            if (clip != 0 && clip != 1) {
                throw in.problem("clip flag must be 0 or 1, found " + clip);
            }
            float fallback = in.buffer.getFloat();
            if (!Float.isFinite(fallback)) {
                throw in.problem("fallback rating is not finite: " + fallback);
            }
            int parameterCount = in.count("parameters", Float.BYTES);
            float[] parameters = in.floats(parameterCount, "parameters");
            if (in.buffer.hasRemaining()) {
                throw in.problem(in.buffer.remaining() + " unexpected bytes before the checksum");
            }
            return new ModelSnapshot(variant, variantConfig, runConfig, users, items, training, range, clip == 1,
                    fallback, parameters);
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException(file, "inconsistent lengths: the data ends inside a field after byte "
                    + in.buffer.position(), e);
        }
    }

    private static void checkHeader(Path file, ByteBuffer buffer) {
        int size = buffer.limit();
        ChecksummedFiles.checkMagic(file, buffer, MAGIC, "not a cfae model file");
        if (size < HEADER_BYTES) {
            throw new ModelFormatException(file, "truncated: only " + size + " bytes");
        }
        int version = buffer.getInt(MAGIC.length);
        if (version != VERSION) {
            throw new ModelFormatException(file, "unsupported model format version " + Integer.toUnsignedString(version)
                    + "; this build reads version " + VERSION);
        }
        long declared = buffer.getLong(MAGIC.length + Integer.BYTES);
        if (declared != size) {
            throw new ModelFormatException(file, (declared > size ? "truncated" : "trailing bytes") + ": the header "
                    + "declares " + Long.toUnsignedString(declared) + " bytes, the file has " + size);
        }
        if (size < HEADER_BYTES + CHECKSUM_BYTES) {
            throw new ModelFormatException(file, "truncated: only " + size + " bytes");
        }
        ChecksummedFiles.checkChecksum(file, buffer, size);
    }

    /** Bounds-checked reading of the body; every count is checked against the bytes left. */
    private static final class Input {
        private final Path file;
        private final ByteBuffer buffer;

        Input(Path file, ByteBuffer buffer) {
            this.file = file;
            this.buffer = buffer;
        }

        /**
         * A u32 count of elements that each take at least {@code elementBytes} of the bytes that
         * follow; 0 for counts that are not followed by their elements.
         */
        int count(String what, int elementBytes) {
            int offset = buffer.position();
            long count = buffer.getInt() & 0xffffffffL;
            if (count > Integer.MAX_VALUE - 8 || count * elementBytes > buffer.remaining()) {
                throw new ModelFormatException(file, "at byte " + offset + ": " + what + " count " + count
                        + " needs at least " + count * elementBytes + " bytes, only " + buffer.remaining() + " remain");
            }
            return (int) count;
        }

        int[] ints(long count, String what) {
            require(count * Integer.BYTES, what);
            int[] values = new int[(int) count];
            buffer.asIntBuffer().get(values);
            buffer.position(buffer.position() + values.length * Integer.BYTES);
            return values;
        }

        float[] floats(long count, String what) {
            require(count * Float.BYTES, what);
            float[] values = new float[(int) count];
            buffer.asFloatBuffer().get(values);
            buffer.position(buffer.position() + values.length * Float.BYTES);
            return values;
        }

        String string(String what) {
            int length = count(what + " length", 1);
            int offset = buffer.position();
            ByteBuffer bytes = buffer.slice(offset, length);
            buffer.position(offset + length);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(bytes).toString();
            } catch (CharacterCodingException e) {
                throw new ModelFormatException(file, "at byte " + offset + ": " + what + " is not valid UTF-8", e);
            }
        }

        IdIndex ids(String what) {
            int count = count(what + " ids", Integer.BYTES);
            List<String> ids = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                ids.add(string(what + " id " + k));
            }
            try {
                return IdIndex.of(ids);
            } catch (IllegalArgumentException e) {
                throw problem(what + " ids: " + e.getMessage());
            }
        }

        private void require(long bytes, String what) {
            if (bytes > buffer.remaining()) {
                throw problem(what + " need " + bytes + " bytes, only " + buffer.remaining() + " remain");
            }
        }

        ModelFormatException problem(String problem) {
            return new ModelFormatException(file, "at byte " + buffer.position() + ": " + problem);
        }
    }

    private static byte[] utf8(String text, String what) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid Unicode text", e);
        }
    }

    private static List<byte[]> utf8(IdIndex index, String what) {
        List<byte[]> encoded = new ArrayList<>(index.size());
        for (int k = 0; k < index.size(); k++) {
            encoded.add(utf8(index.id(k), what + " id " + k));
        }
        return encoded;
    }

    private static long stringBytes(byte[] utf8) {
        return Integer.BYTES + (long) utf8.length;
    }

    private static long idBytes(List<byte[]> ids) {
        long total = Integer.BYTES;
        for (byte[] id : ids) {
            total += stringBytes(id);
        }
        return total;
    }

    private static void writeString(LittleEndianWriter writer, byte[] utf8) throws IOException {
        writer.writeInt(utf8.length);
        writer.writeBytes(utf8);
    }

    private static void writeIds(LittleEndianWriter writer, List<byte[]> ids) throws IOException {
        writer.writeInt(ids.size());
        for (byte[] id : ids) {
            writeString(writer, id);
        }
    }
}
