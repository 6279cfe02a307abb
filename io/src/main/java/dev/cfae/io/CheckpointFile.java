package dev.cfae.io;

import dev.cfae.api.EpochMetrics;
import dev.cfae.api.TrainingCheckpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import static java.util.Objects.requireNonNull;

/**
 * The binary checkpoint file of a run: a {@link TrainingCheckpoint} with the fingerprints of the data
 * and configuration it belongs to, little-endian, with a CRC32C checksum. No Java serialization.
 *
 * <p>Layout of format version 2 (types as in {@link ModelFile}; {@code f64} is an IEEE double,
 * {@code floats} a {@code u32} count and that many {@code f32}):
 * <pre>
 * magic          8 bytes  89 43 46 41 45 43 0D 0A  ("\x89CFAEC\r\n")
 * version        u32      2
 * file length    u64      total bytes, checksum included
 * data sha-256   str      fingerprint of the input files
 * config sha-256 str      fingerprint of the run's resolved configuration
 * variant        str
 * epoch, position          u32, u32
 * step, shuffle state, step seed   u64 x 3
 * example order  u32 count, then i32 x count
 * parameters     floats
 * optimizer      floats   a whole multiple (0 to 3) of the parameter count
 * best params    floats   0 or the parameter count
 * best RMSE      f64, best epoch u32, epochs without improvement u32
 * epoch sums     f64 squared error, u64 observed, f64 objective, f64 seconds
 * history        u32 count (= epoch), then per epoch u32 number and f64 x 4
 * model state    u32 count, then bytes
 * checksum       u32      CRC32C of every byte before it
 * </pre>
 * Reading checks the magic, version, length and checksum before parsing, and every count against
 * the bytes left before allocating, so a crafted file cannot ask for a huge allocation.
 *
 * <p>{@link #save} keeps the previous checkpoint as {@value #PREVIOUS} until the new
 * {@value #LATEST} is complete on disk; {@link #load} falls back to it, with a warning, when the
 * latest is missing or corrupt.
 */
public final class CheckpointFile {
    /**
     * The format version this class writes and the only one it reads; 2 for the same reason as
     * {@link ModelFile#VERSION}: version 1 holds parameters in the older output-layer layout.
     */
    public static final int VERSION = 2;
    /** The newest checkpoint in a run directory. */
    public static final String LATEST = "checkpoint.cfae";
    /** The checkpoint before it, kept until the newest is safely written. */
    public static final String PREVIOUS = "checkpoint.prev.cfae";

    private static final byte[] MAGIC = {(byte) 0x89, 'C', 'F', 'A', 'E', 'C', '\r', '\n'};
    private static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES;
    private static final int CHECKSUM_BYTES = Integer.BYTES;
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    private static final int MAX_OPTIMIZER_SLOTS = 3;
    private static final int HISTORY_ENTRY_BYTES = Integer.BYTES + 4 * Double.BYTES;

    private CheckpointFile() {
    }

    /**
     * A checkpoint and what it belongs to.
     *
     * @param dataFingerprint   SHA-256 of the input files the run read
     * @param configFingerprint SHA-256 of the run's resolved configuration
     */
    public record Contents(String dataFingerprint, String configFingerprint, TrainingCheckpoint checkpoint) {
        public Contents {
            requireNonNull(dataFingerprint, "dataFingerprint is null");
            requireNonNull(configFingerprint, "configFingerprint is null");
            requireNonNull(checkpoint, "checkpoint is null");
        }
    }

    /**
     * Writes {@code contents} as {@value #LATEST} in {@code directory}: the new file is written and
     * forced to disk under a temporary name, the old latest becomes {@value #PREVIOUS}, then the new
     * file is renamed into place. A crash at any point leaves at least one complete checkpoint.
     */
    public static void save(Path directory, Contents contents) throws IOException {
        Path latest = directory.resolve(LATEST);
        try (AtomicFiles.Pending pending = AtomicFiles.begin(latest)) {
            encode(contents, pending.out());
            if (Files.exists(latest)) {
                Files.move(latest, directory.resolve(PREVIOUS), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            pending.commit();
        }
    }

    /** Writes one checkpoint file atomically, without keeping the file it replaces. */
    public static void write(Path file, Contents contents) throws IOException {
        AtomicFiles.write(file, out -> encode(contents, out));
    }

    /**
     * The newest usable checkpoint in {@code directory}: {@value #LATEST}, or {@value #PREVIOUS} when
     * the latest is missing or fails validation (said to {@code warnings}).
     *
     * @throws ModelFormatException if neither is usable, naming both problems
     */
    public static Contents load(Path directory, Consumer<String> warnings) {
        Path latest = directory.resolve(LATEST);
        Path previous = directory.resolve(PREVIOUS);
        String latestProblem;
        try {
            return read(latest);
        } catch (ModelFormatException e) {
            latestProblem = e.getMessage();
        }
        if (!Files.exists(previous)) {
            throw new ModelFormatException(latest, "no usable checkpoint: " + latestProblem + "; and there is no "
                    + PREVIOUS);
        }
        try {
            Contents contents = read(previous);
            warnings.accept("warning: " + latestProblem + "; resuming from the previous checkpoint " + previous);
            return contents;
        } catch (ModelFormatException e) {
            throw new ModelFormatException(latest, "no usable checkpoint: " + latestProblem + "; and "
                    + e.getMessage());
        }
    }

    /** Reads and fully validates one checkpoint file; every problem is a {@link ModelFormatException}. */
    public static Contents read(Path file) {
        requireNonNull(file, "file is null");
        byte[] bytes = ChecksummedFiles.readAll(file, MAX_FILE_BYTES, "checkpoint limit", "missing");
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        checkHeader(file, buffer);
        buffer.limit(bytes.length - CHECKSUM_BYTES).position(HEADER_BYTES);
        try {
            return decode(file, buffer);
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException(file, "inconsistent lengths: the data ends inside a field after byte "
                    + buffer.position(), e);
        }
    }

    private static Contents decode(Path file, ByteBuffer in) {
        String data = string(file, in, "data fingerprint");
        String config = string(file, in, "config fingerprint");
        String variant = string(file, in, "variant");
        int epoch = count(file, in, "epoch", 0);
        int position = count(file, in, "position", 0);
        long step = in.getLong();
        long shuffleState = in.getLong();
        long stepSeed = in.getLong();
        int examples = count(file, in, "examples", Integer.BYTES);
        int[] order = new int[examples];
        in.asIntBuffer().get(order);
        in.position(in.position() + examples * Integer.BYTES);
        float[] parameters = floats(file, in, "parameters");
        float[] optimizer = floats(file, in, "optimizer state");
        if (parameters.length == 0 ? optimizer.length != 0
                : optimizer.length % parameters.length != 0 || optimizer.length / parameters.length > MAX_OPTIMIZER_SLOTS) {
            throw problem(file, in, "optimizer state of " + optimizer.length + " values does not fit "
                    + parameters.length + " parameters");
        }
        float[] best = floats(file, in, "best parameters");
        double bestRmse = in.getDouble();
        int bestEpoch = count(file, in, "best epoch", 0);
        int sinceBest = count(file, in, "epochs without improvement", 0);
        double squaredError = in.getDouble();
        long observed = in.getLong();
        double objective = in.getDouble();
        double seconds = in.getDouble();
        int epochs = count(file, in, "history", HISTORY_ENTRY_BYTES);
        List<EpochMetrics> history = new ArrayList<>(epochs);
        for (int k = 0; k < epochs; k++) {
            history.add(new EpochMetrics(in.getInt(), in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble()));
        }
        int stateBytes = count(file, in, "model state", 1);
        byte[] modelState = new byte[stateBytes];
        in.get(modelState);
        if (in.hasRemaining()) {
            throw problem(file, in, in.remaining() + " unexpected bytes before the checksum");
        }
        if (bestEpoch > epochs) {
            throw problem(file, in, "best epoch " + bestEpoch + " is after the " + epochs + " epochs run");
        }
        try {
            return new Contents(data, config, new TrainingCheckpoint(variant, epoch, position, step, shuffleState,
                    stepSeed, order, parameters, optimizer, best, bestRmse, bestEpoch, sinceBest, squaredError,
                    observed, objective, seconds, history, modelState));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "inconsistent checkpoint: " + e.getMessage(), e);
        }
    }

    /** Streams {@code contents} to {@code out}, so a checkpoint is never held twice in memory. */
    private static void encode(Contents contents, OutputStream out) throws IOException {
        requireNonNull(contents, "contents is null");
        TrainingCheckpoint c = contents.checkpoint();
        byte[] data = contents.dataFingerprint().getBytes(StandardCharsets.UTF_8);
        byte[] config = contents.configFingerprint().getBytes(StandardCharsets.UTF_8);
        byte[] variant = c.variant().getBytes(StandardCharsets.UTF_8);
        long length = HEADER_BYTES + 3L * Integer.BYTES + data.length + config.length + variant.length
                + 2L * Integer.BYTES + 3L * Long.BYTES
                + Integer.BYTES + 4L * c.exampleOrder().length
                + 3L * Integer.BYTES + 4L * (c.parameters().length + c.optimizerState().length + c.bestParameters().length)
                + Double.BYTES + 2L * Integer.BYTES + 3L * Double.BYTES + Long.BYTES
                + Integer.BYTES + (long) HISTORY_ENTRY_BYTES * c.history().size()
                + Integer.BYTES + c.modelState().length
                + CHECKSUM_BYTES;
        if (length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("the checkpoint needs " + length + " bytes; checkpoints are limited to "
                    + MAX_FILE_BYTES);
        }
        CRC32C checksum = new CRC32C();
        LittleEndianWriter w = new LittleEndianWriter(out, checksum);
        w.writeBytes(MAGIC);
        w.writeInt(VERSION);
        w.writeLong(length);
        for (byte[] text : List.of(data, config, variant)) {
            w.writeInt(text.length);
            w.writeBytes(text);
        }
        w.writeInt(c.epoch());
        w.writeInt(c.position());
        w.writeLong(c.step());
        w.writeLong(c.shuffleState());
        w.writeLong(c.stepSeed());
        w.writeInt(c.exampleOrder().length);
        w.writeInts(c.exampleOrder());
        for (float[] values : List.of(c.parameters(), c.optimizerState(), c.bestParameters())) {
            w.writeInt(values.length);
            w.writeFloats(values, 0, values.length);
        }
        writeDouble(w, c.bestRmse());
        w.writeInt(c.bestEpoch());
        w.writeInt(c.epochsWithoutImprovement());
        writeDouble(w, c.epochSquaredError());
        w.writeLong(c.epochObserved());
        writeDouble(w, c.epochObjective());
        writeDouble(w, c.epochSeconds());
        w.writeInt(c.history().size());
        for (EpochMetrics m : c.history()) {
            w.writeInt(m.epoch());
            writeDouble(w, m.trainRmse());
            writeDouble(w, m.validationRmse());
            writeDouble(w, m.objective());
            writeDouble(w, m.seconds());
        }
        w.writeInt(c.modelState().length);
        w.writeBytes(c.modelState());
        w.flush();
        if (w.written() != length - CHECKSUM_BYTES) {
            throw new IllegalStateException("computed " + length + " bytes, wrote " + (w.written() + CHECKSUM_BYTES));
        }
        LittleEndianWriter trailer = new LittleEndianWriter(out, null);
        trailer.writeInt((int) checksum.getValue());
        trailer.flush();
    }

    private static void writeDouble(LittleEndianWriter w, double value) throws IOException {
        w.writeLong(Double.doubleToRawLongBits(value));
    }

    private static void checkHeader(Path file, ByteBuffer buffer) {
        int size = buffer.limit();
        ChecksummedFiles.checkMagic(file, buffer, MAGIC, "not a cfae checkpoint");
        if (size < HEADER_BYTES + CHECKSUM_BYTES) {
            throw new ModelFormatException(file, "truncated: only " + size + " bytes");
        }
        int version = buffer.getInt(MAGIC.length);
        if (version != VERSION) {
            throw new ModelFormatException(file, "unsupported checkpoint format version "
                    + Integer.toUnsignedString(version) + "; this build reads version " + VERSION);
        }
        long declared = buffer.getLong(MAGIC.length + Integer.BYTES);
        if (declared != size) {
            throw new ModelFormatException(file, (declared > size ? "truncated" : "trailing bytes") + ": the header "
                    + "declares " + Long.toUnsignedString(declared) + " bytes, the file has " + size);
        }
        ChecksummedFiles.checkChecksum(file, buffer, size);
    }

    /** A u32 count whose elements each take {@code elementBytes} of the bytes that follow. */
    private static int count(Path file, ByteBuffer in, String what, int elementBytes) {
        int offset = in.position();
        long count = in.getInt() & 0xffffffffL;
        if (count > Integer.MAX_VALUE - 8 || count * elementBytes > in.remaining()) {
            throw new ModelFormatException(file, "at byte " + offset + ": " + what + " " + count + " needs "
                    + count * elementBytes + " bytes, only " + in.remaining() + " remain");
        }
        return (int) count;
    }

    private static float[] floats(Path file, ByteBuffer in, String what) {
        int count = count(file, in, what, Float.BYTES);
        float[] values = new float[count];
        in.asFloatBuffer().get(values);
        in.position(in.position() + count * Float.BYTES);
        return values;
    }

    private static String string(Path file, ByteBuffer in, String what) {
        int length = count(file, in, what + " length", 1);
        int offset = in.position();
        ByteBuffer bytes = in.slice(offset, length);
        in.position(offset + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(file, "at byte " + offset + ": " + what + " is not valid UTF-8", e);
        }
    }

    private static ModelFormatException problem(Path file, ByteBuffer in, String problem) {
        return new ModelFormatException(file, "at byte " + in.position() + ": " + problem);
    }
}
