package dev.cfae.app.run;

import com.typesafe.config.ConfigException;
import dev.cfae.api.ExampleKind;
import dev.cfae.api.GenerativeModel;
import dev.cfae.api.Model;
import dev.cfae.api.Orientation;
import dev.cfae.api.ParameterBlock;
import dev.cfae.api.TrainingData;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.app.config.OutputSettings;
import dev.cfae.engine.nn.SparseCapable;
import dev.cfae.engine.optim.OptimizerSettings;
import dev.cfae.engine.train.AugmentedTraining;
import dev.cfae.engine.train.CheckpointSettings;
import dev.cfae.engine.train.TrainerSettings;
import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Foresees running out of memory: before training, adds up what a configuration will hold — the
 * training data, parameters, gradients and the best-epoch copy, optimizer state, checkpoint copies,
 * batch buffers (dense rows, or the sparse kernels' CSR batches and packed rows), activations, the
 * blocks of reconstructed rows and a VAE's augmentation round — and refuses a run whose total
 * exceeds {@code cfae.engine.memory.limit}, or whose share on the Java heap exceeds the JVM's maximum
 * heap, naming the figure and the setting to lower, instead of dying hours later. Also refuses a
 * filled matrix larger than the free disk space of the run directory. The estimate is deliberately
 * generous (an upper bound of the live buffers, not a measurement): ND4J's own workspaces and the
 * JVM's overhead come on top.
 */
public final class MemoryCheck {
    /** The configuration block of the check. */
    public static final String BLOCK = "cfae.engine.memory";

    private final boolean enabled;
    private final long limit;
    private final String limitSource;

    private MemoryCheck(boolean enabled, long limit, String limitSource) {
        this.enabled = enabled;
        this.limit = limit;
        this.limitSource = limitSource;
    }

    /**
     * Reads {@code cfae.engine.memory}. {@code limit = auto} is the JVM's maximum heap plus the
     * off-heap allowance JavaCPP gives ND4J ({@code -Dorg.bytedeco.javacpp.maxbytes}, by default as
     * large as the maximum heap).
     */
    public static MemoryCheck fromConfig(ConfigBlock engine) {
        ConfigBlock block = requireNonNull(engine, "engine is null").block("memory");
        boolean enabled = block.getBoolean("check");
        String value = block.getString("limit");
        if (value.equals("auto")) {
            long heap = Runtime.getRuntime().maxMemory();
            long offHeap = Pointer.maxBytes() > 0 ? Pointer.maxBytes() : heap;
            return new MemoryCheck(enabled, heap + offHeap, "auto: max heap " + bytes(heap) + " + off-heap "
                    + bytes(offHeap));
        }
        long limit;
        try {
            limit = block.config().getBytes("limit");
        } catch (ConfigException e) {
            throw new SettingsException(block.key("limit"), "must be auto or a size such as 4G or 512M, got " + value, e);
        }
        if (limit < 1) {
            throw new SettingsException(block.key("limit"), "must be a positive size, got " + value);
        }
        return new MemoryCheck(enabled, limit, value);
    }

    /**
     * The estimated bytes of a run, by what holds them, and how much of the total is on the Java heap
     * ({@code heap}: the data, the checkpoint copies, Adam's moments, the batches filled on the heap, the
     * heap copies of reconstructed rows and an augmentation round's data and parameter copies; the rest is
     * ND4J's, off-heap).
     */
    public record Estimate(long data, long parameters, long optimizer, long checkpoints, long batches,
            long activations, long outputs, long augmentation, long heap) {
        public long total() {
            return data + parameters + optimizer + checkpoints + batches + activations + outputs + augmentation;
        }

        public String describe() {
            return String.format(Locale.ROOT, "data %s, parameters and gradients %s, optimizer state %s, "
                    + "checkpoint copies %s, batch buffers %s, activations %s, output blocks %s, augmentation round %s; "
                    + "on the Java heap %s", bytes(data), bytes(parameters), bytes(optimizer), bytes(checkpoints),
                    bytes(batches), bytes(activations), bytes(outputs), bytes(augmentation), bytes(heap));
        }
    }

    /**
     * Adds up what training {@code model} on {@code data} will hold; where {@code reconstructsRows}, the
     * blocks of full rows a run reconstructs: for its validation (whose cells even the sparse kernels take
     * in chunks of up to 256 rows), the hold-out RMSE and the written outputs; and where {@code augments},
     * the augmentation round a generative model runs after training.
     */
    public static Estimate estimate(Model model, TrainingData data, TrainerSettings trainer,
            OptimizerSettings optimizer, CheckpointSettings checkpoints, boolean reconstructsRows, boolean augments) {
        long p = model.parameterCount();
        long nnz = data.byUser().nnz();
        long dataBytes = dataBytes(nnz, (long) data.users() + data.items());
        long copies = 2 + (trainer.earlyStopping().enabled() ? 1 : 0);
        long slots = switch (optimizer.type()) {
            case "adam", "rmsprop" -> 2;
            default -> 1;
        };
        long checkpointBytes = checkpoints.enabled() ? 2 * 4 * (p * (slots + copies - 1)) : 0;
        long width = model.exampleKind() == ExampleKind.RATINGS ? (long) data.users() + data.items()
                : model.orientation() == Orientation.USER ? data.items() : data.users();
        long units = 0;
        for (ParameterBlock block : model.parameterBlocks()) {
            if (block.bias()) {
                units += block.length();
            }
        }
        long batch = trainer.batchSize();
        OptionalLong sparse = model instanceof SparseCapable capable
                ? capable.sparseTrainingBytes(data, trainer.batchSize()) : OptionalLong.empty();
        long batchBytes;
        long activationBytes;
        if (sparse.isPresent()) {
            // CSR batches and the output at the loss cells only. The dense middle layers hold up to six
            // arrays per unit: pre-activation, activation and gradient, and a dropout's or top-k's own.
            batchBytes = sparse.getAsLong();
            activationBytes = 6 * 4 * batch * Math.max(units - width, 0);
        } else {
            // Input (also the target), mask and output gradient rows, and the input and mask filled on the
            // heap first; pre-activation, activation and gradient per unit.
            batchBytes = 5 * 4 * batch * width;
            activationBytes = 3 * 4 * batch * Math.max(units, width);
        }
        // Rows reconstructed a block at a time (the blocks RunDirectory streams out; the autoencoders'
        // inference chunks are as long): the input on the heap and in ND4J, the output layer's
        // pre-activation and activation, and the heap copy of the result.
        long rowBlock = 4L * RunDirectory.ROW_BLOCK * Math.max(units, Math.max(data.users(), data.items()));
        long outputBytes = reconstructsRows ? 5 * rowBlock : 0;
        // The fused float32 Adam keeps m and v in a Java array; RMSProp's and SGD's state is ND4J's.
        long optimizerBytes = 4 * p * slots;
        // A VAE's augmentation round trains again, on the data and generated rows (each as long as a training
        // row, so at most the longest), while the trained and the augmented parameters wait on the heap: a
        // second set of parameters, gradients and optimizer state (the first training's are garbage by then,
        // counted anyway: they cover the parameters the round restores twice), the grown data set, and the
        // generated rows decoded CHUNK_ROWS at a time.
        long augmentationBytes = 0;
        long augmentationHeap = 0;
        if (augments && model instanceof GenerativeModel generative && generative.augmentation().enabled()) {
            RatingMatrix rows = data.rows(model.orientation());
            int longest = 0;
            for (int r = 0; r < rows.rows(); r++) {
                longest = Math.max(longest, rows.rowLength(r));
            }
            long count = generative.augmentation().rows();
            long cells = nnz + count * longest;
            long augmentedData = dataBytes(cells, (long) data.users() + data.items() + count);
            augmentationHeap = augmentedData + 2 * 4 * p;
            augmentationBytes = augmentationHeap + 4 * p * copies + optimizerBytes
                    + 3 * 4L * Math.min(count, AugmentedTraining.CHUNK_ROWS) * width;
        }
        long heapBytes = dataBytes + checkpointBytes + (optimizer.type().equals("adam") ? optimizerBytes : 0)
                + (sparse.isPresent() ? batchBytes : 2 * 4 * batch * width) + (reconstructsRows ? 2 * rowBlock : 0)
                + augmentationHeap;
        return new Estimate(dataBytes, 4 * p * copies, optimizerBytes, checkpointBytes, batchBytes, activationBytes,
                outputBytes, augmentationBytes, heapBytes);
    }

    /**
     * Training data of {@code ratings} over {@code usersAndItems} rows and columns: CSR by user and by
     * item, and the split's rating lists.
     */
    private static long dataBytes(long ratings, long usersAndItems) {
        return 2 * (ratings * 8 + 4 * (usersAndItems + 2)) + ratings * 12;
    }

    /**
     * Refuses {@code estimate} if it exceeds the limit, naming the setting whose share is largest; and a
     * filled matrix that would not fit on the disk of {@code runDirectory}, which need not exist yet
     * (null to skip that check).
     */
    public void require(Estimate estimate, String variant, OutputSettings output, int users, int items,
            Path runDirectory) {
        if (!enabled) {
            return;
        }
        if (estimate.total() > limit) {
            String lower;
            long modelBytes = estimate.parameters() + estimate.optimizer();
            long batchBytes = estimate.batches() + estimate.activations();
            if (estimate.augmentation() > Math.max(modelBytes, batchBytes)) {
                lower = "cfae.variants." + variant + ".augmentation.rows";
            } else if (batchBytes >= modelBytes) {
                lower = TrainerSettings.BLOCK + ".batch-size";
            } else {
                lower = "cfae.variants." + variant + ".layers";
            }
            throw new SettingsException(lower, String.format(Locale.ROOT, "the run needs an estimated %s (%s), "
                    + "more than the memory limit of %s (%s.limit = %s). Lower %s, or give the JVM more memory "
                    + "(-Xmx, -Dorg.bytedeco.javacpp.maxbytes; with the launcher in CFAE_JAVA_OPTS) or raise %s.limit; "
                    + "%s.check = false skips this check",
                    bytes(estimate.total()), estimate.describe(), bytes(limit), BLOCK, limitSource, lower, BLOCK,
                    BLOCK));
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (estimate.heap() > maxHeap) {
            throw new SettingsException("cfae.variants." + variant + ".layers", String.format(Locale.ROOT,
                    "the run needs an estimated %s on the Java heap (the data, checkpoint copies, Adam's moments, "
                    + "batches, row copies and an augmentation round's data and parameter copies: "
                    + "%s), more than the JVM's maximum heap of %s. Lower it, give the JVM more heap (for example "
                    + "CFAE_JAVA_OPTS=-Xmx%dg), or write fewer checkpoints; %s.check = false skips this check",
                    bytes(estimate.heap()), estimate.describe(), bytes(maxHeap),
                    Math.max(1, (estimate.heap() >> 30) * 2), BLOCK));
        }
        if (output.filledMatrix() && runDirectory != null) {
            long matrix = 4L * users * items + 128;
            Path existing = runDirectory.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            try {
                long free = existing == null ? Long.MAX_VALUE : Files.getFileStore(existing).getUsableSpace();
                if (matrix > free) {
                    throw new SettingsException("cfae.output.filled-matrix", String.format(Locale.ROOT,
                            "the filled matrix (%d x %d) needs %s on disk, but %s has only %s free; turn it off or"
                                    + " choose another run directory", users, items, bytes(matrix), runDirectory,
                            bytes(free)));
                }
            } catch (IOException e) {
                // A file store that cannot report its space is no reason to refuse the run.
            }
        }
    }

    /** Bytes in binary units, e.g. {@code 1.5 GiB}. */
    static String bytes(long value) {
        if (value < 1024) {
            return value + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double scaled = value;
        int unit = -1;
        while (scaled >= 1024 && unit < units.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", scaled, units[unit]);
    }
}
