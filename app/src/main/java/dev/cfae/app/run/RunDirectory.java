package dev.cfae.app.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.cfae.api.EpochMetrics;
import dev.cfae.api.Orientation;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.Ratings;
import dev.cfae.app.CfaeModel;
import dev.cfae.app.config.ConfigLoader;
import dev.cfae.app.config.OutputSettings;
import dev.cfae.engine.train.TrainedModel;
import dev.cfae.io.AtomicFiles;
import dev.cfae.io.NpyWriter;
import dev.cfae.io.IdListFile;
import dev.cfae.io.PredictionsFile;
import dev.cfae.io.SubmissionFile;
import dev.cfae.io.SubmissionIds;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * One run's directory and the files in it. Every file is written atomically (a temp file renamed
 * into place), so a killed run leaves whole files from its last write, never half-written ones.
 * File names are fixed here; nothing taken from the data ever becomes part of a path.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.conf";
    public static final String METRICS = "metrics.csv";
    public static final String LOG = "train.log";
    public static final String MODEL = "model.cfae";
    public static final String PREDICTIONS = "predictions.csv";
    public static final String FILLED_MATRIX = "filled-matrix.npy";
    /** The user id of each row of {@link #FILLED_MATRIX}, one per line. */
    public static final String FILLED_MATRIX_USERS = "filled-matrix-users.txt";
    /** The item id of each column of {@link #FILLED_MATRIX}, one per line. */
    public static final String FILLED_MATRIX_ITEMS = "filled-matrix-items.txt";
    public static final String EMBEDDINGS = "embeddings.npy";
    public static final String EMBEDDING_IDS = "embedding-ids.txt";
    public static final String SUMMARY = "summary.json";

    /** Rows per block when streaming the filled matrix or embeddings, bounding memory ({@link MemoryCheck} counts them). */
    static final int ROW_BLOCK = 256;

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates the run directory: {@code out} if given (it must not exist or be empty), else a new
     * {@code <dir>/<yyyyMMdd-HHmmss>-<variant>} that does not exist yet.
     */
    public static RunDirectory create(Path out, OutputSettings output, String variant) {
        try {
            Path dir;
            if (out != null) {
                if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
                    throw new SettingsException("--out", out + " exists and is not an empty directory; "
                            + "choose a new run directory");
                }
                dir = out;
            } else {
                String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
                Path parent = Path.of(output.dir());
                dir = parent.resolve(stamp + "-" + variant);
                for (int n = 2; Files.exists(dir); n++) {
                    dir = parent.resolve(stamp + "-" + variant + "-" + n);
                }
            }
            Files.createDirectories(dir);
            return new RunDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory", e);
        }
    }

    /** An existing run directory, to continue with {@code --resume}; it must hold its {@value #CONFIG}. */
    public static RunDirectory open(Path existing) {
        if (!Files.isRegularFile(existing.resolve(CONFIG))) {
            throw new SettingsException("--resume", existing + " is not a run directory: it has no " + CONFIG);
        }
        return new RunDirectory(existing);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    public Path path() {
        return path;
    }

    public Path file(String name) {
        return path.resolve(name);
    }

    /** The resolved {@code cfae} configuration, every default included, as HOCON. */
    public void writeConfig(Config resolved) {
        String text = resolved.getConfig(ConfigLoader.ROOT).atPath(ConfigLoader.ROOT).root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
        writeText(file(CONFIG), text);
    }

    /** Per-epoch metrics so far, rewritten after each epoch. */
    public void writeMetrics(List<EpochMetrics> epochs) {
        StringBuilder csv = new StringBuilder("epoch,train_rmse,validation_rmse,objective,seconds\n");
        for (EpochMetrics m : epochs) {
            csv.append(m.epoch()).append(',').append(number(m.trainRmse())).append(',')
                    .append(number(m.validationRmse())).append(',').append(number(m.objective())).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", m.seconds())).append('\n');
        }
        writeText(file(METRICS), csv.toString());
    }

    /**
     * The outputs asked for in {@code cfae.output}, then {@code summary.json}.
     *
     * @param submissionIds the cells to predict for {@code submission.csv}, read before training so
     *                      a bad id file fails at once; null for no submission
     */
    public void writeOutputs(CfaeModel model, OutputSettings output, SubmissionIds submissionIds, RunLog log)
            throws IOException {
        if (output.model()) {
            model.save(file(MODEL));
            log.line("wrote " + MODEL);
        }
        if (output.predictions() && model.split() != null) {
            writePredictions(model, model.split().test());
            log.line("wrote " + PREDICTIONS + " (" + model.split().test().size() + " test pairs)");
        }
        if (submissionIds != null) {
            float[] predictions = model.predict(submissionIds);
            SubmissionFile.write(file(output.submissionFile()), submissionIds, predictions);
            log.line("wrote " + output.submissionFile() + " (" + submissionIds.size() + " ids)");
            int unknown = fallbackPairs(model, submissionIds);
            if (unknown > 0) {
                log.line(String.format(Locale.ROOT, "submission: %,d of its %,d pairs name a user or item without "
                        + "training ratings; they got the fallback rating", unknown, submissionIds.size()));
            }
        }
        if (output.filledMatrix()) {
            writeFilledMatrix(model.trained(), model.users().size(), model.items().size());
            IdListFile.write(file(FILLED_MATRIX_USERS), model.users().ids());
            IdListFile.write(file(FILLED_MATRIX_ITEMS), model.items().ids());
            log.line("wrote " + FILLED_MATRIX + " (" + model.users().size() + " x " + model.items().size() + "), "
                    + FILLED_MATRIX_USERS + " and " + FILLED_MATRIX_ITEMS);
        }
        if (output.embeddings()) {
            writeEmbeddings(model);
            log.line("wrote " + EMBEDDINGS + " and " + EMBEDDING_IDS);
        }
        writeText(file(SUMMARY), RunSummary.json(model));
    }

    /** How many pairs of {@code ids} the model answers with its fallback rating. */
    private static int fallbackPairs(CfaeModel model, SubmissionIds ids) {
        int[] users = new int[ids.size()];
        int[] items = new int[ids.size()];
        for (int k = 0; k < users.length; k++) {
            users[k] = model.users().indexOf(ids.user(k));
            items[k] = model.items().indexOf(ids.item(k));
        }
        return model.trained().fallbackPairs(users, items);
    }

    private void writePredictions(CfaeModel model, Ratings test) throws IOException {
        int n = test.size();
        int[] users = new int[n];
        int[] items = new int[n];
        for (int k = 0; k < n; k++) {
            users[k] = test.user(k);
            items[k] = test.item(k);
        }
        PredictionsFile.write(file(PREDICTIONS), test, model.trained().predict(users, items));
    }

    /** Users x items, streamed: C order from user rows, or Fortran order from item rows. */
    private void writeFilledMatrix(TrainedModel trained, int users, int items) throws IOException {
        boolean byItem = trained.orientation() == Orientation.ITEM;
        int rows = byItem ? items : users;
        try (NpyWriter npy = NpyWriter.open(file(FILLED_MATRIX), users, items, byItem)) {
            for (int from = 0; from < rows; from += ROW_BLOCK) {
                int to = Math.min(rows, from + ROW_BLOCK);
                npy.appendLines(trained.filledModelRows(from, to));
            }
        }
    }

    private void writeEmbeddings(CfaeModel model) throws IOException {
        TrainedModel trained = model.trained();
        IdIndex ids = model.embeddingIds();
        try (NpyWriter npy = NpyWriter.open(file(EMBEDDINGS), ids.size(), trained.embeddingWidth(), false)) {
            for (int from = 0; from < ids.size(); from += ROW_BLOCK) {
                INDArray block = trained.embeddings(from, Math.min(ids.size(), from + ROW_BLOCK));
                npy.appendLines(block);
            }
        }
        IdListFile.write(file(EMBEDDING_IDS), ids.ids());
    }

    private static void writeText(Path target, String text) {
        try {
            AtomicFiles.write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6f", value);
    }
}
