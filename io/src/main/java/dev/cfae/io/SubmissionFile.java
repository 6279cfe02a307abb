package dev.cfae.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Submission files in the CIL/Kaggle layout: a header line {@code Id,Prediction}, then one line per
 * cell, {@code r37_c1,3.5}.
 *
 * <p>Predictions are written with {@link Float#toString(float)}: the shortest decimal that reads
 * back as exactly the same float, so nothing is lost (ratings print as e.g. {@code 3.4817286}). Lines
 * end with LF. The file is written atomically.
 */
public final class SubmissionFile {
    private SubmissionFile() {
    }

    /**
     * Reads the ids of a submission template such as {@code sampleSubmission.csv}: the first line is
     * a header, the first field of every other line an id {@code r<user>_c<item>} (or
     * {@code r_<user>_c_<item>}); the rest of each line is ignored. Errors name file, line and column.
     */
    public static SubmissionIds readIds(Path file) {
        requireNonNull(file, "file is null");
        Map<Integer, String> names = new HashMap<>(); // one String per distinct number, shared by all cells
        String[] rawIds = new String[1 << 12];
        String[] users = new String[1 << 12];
        String[] items = new String[1 << 12];
        int size = 0;
        FieldSplitter splitter = new FieldSplitter(",");
        try (LineReader reader = new LineReader(file)) {
            String header = reader.next();
            if (header == null) {
                throw new DataFormatException(file, 0, 0, "no ids: the file is empty");
            }
            splitter.split(header);
            if (CilId.matches(header, splitter.start(0), splitter.end(0))) {
                throw new DataFormatException(file, 1, 0,
                        "expected a header line such as Id,Prediction, found data '" + header + "'");
            }
            for (String line = reader.next(); line != null; line = reader.next()) {
                splitter.split(line);
                long packed;
                try {
                    packed = CilId.parse(line, splitter.start(0), splitter.end(0));
                } catch (IllegalArgumentException e) {
                    throw new DataFormatException(file, reader.lineNumber(), 1, e.getMessage(), e);
                }
                if (size == rawIds.length) {
                    rawIds = Arrays.copyOf(rawIds, size * 2);
                    users = Arrays.copyOf(users, size * 2);
                    items = Arrays.copyOf(items, size * 2);
                }
                rawIds[size] = splitter.field(line, 0);
                users[size] = names.computeIfAbsent(CilId.user(packed), n -> Integer.toString(n));
                items[size] = names.computeIfAbsent(CilId.item(packed), n -> Integer.toString(n));
                size++;
            }
        }
        if (size == 0) {
            throw new DataFormatException(file, 0, 0, "no ids after the header line");
        }
        return new SubmissionIds(Arrays.copyOf(rawIds, size), Arrays.copyOf(users, size), Arrays.copyOf(items, size));
    }

    /**
     * Writes {@code Id,Prediction} with the raw ids in their original order and
     * {@code predictions[k]} for id {@code k}.
     *
     * @throws IllegalArgumentException if the counts differ or a prediction is NaN or infinite
     */
    public static void write(Path target, SubmissionIds ids, float[] predictions) throws IOException {
        requireNonNull(ids, "ids is null");
        requireNonNull(predictions, "predictions is null");
        if (predictions.length != ids.size()) {
            throw new IllegalArgumentException(predictions.length + " predictions for " + ids.size() + " ids");
        }
        for (int k = 0; k < predictions.length; k++) {
            TextOutput.requireFinite(predictions, k);
        }
        AtomicFiles.write(target, out -> {
            Writer writer = TextOutput.utf8(out);
            writer.write("Id,Prediction\n");
            for (int k = 0; k < predictions.length; k++) {
                writer.write(ids.rawId(k));
                writer.write(',');
                writer.write(Float.toString(predictions[k]));
                writer.write('\n');
            }
            writer.flush();
        });
    }
}
