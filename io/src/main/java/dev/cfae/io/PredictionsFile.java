package dev.cfae.io;

import dev.cfae.api.data.Ratings;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * The predictions for held-out ratings as CSV: header {@code user,item,rating,prediction}, then one
 * line per rating with the external user and item ids (quoted per RFC 4180 only if they hold a
 * comma, quote or line break), the true rating and the prediction, both printed with
 * {@link Float#toString(float)} so they read back exactly. Lines end with LF. Written atomically.
 */
public final class PredictionsFile {
    private PredictionsFile() {
    }

    /**
     * Writes {@code predictions[k]} next to rating {@code k} of {@code pairs}.
     *
     * @throws IllegalArgumentException if the counts differ or a prediction is NaN or infinite
     */
    public static void write(Path target, Ratings pairs, float[] predictions) throws IOException {
        requireNonNull(pairs, "pairs is null");
        requireNonNull(predictions, "predictions is null");
        if (predictions.length != pairs.size()) {
            throw new IllegalArgumentException(predictions.length + " predictions for " + pairs.size() + " ratings");
        }
        for (int k = 0; k < predictions.length; k++) {
            TextOutput.requireFinite(predictions, k);
        }
        AtomicFiles.write(target, out -> {
            Writer writer = TextOutput.utf8(out);
            writer.write("user,item,rating,prediction\n");
            for (int k = 0; k < predictions.length; k++) {
                writer.write(TextOutput.csvField(pairs.users().id(pairs.user(k))));
                writer.write(',');
                writer.write(TextOutput.csvField(pairs.items().id(pairs.item(k))));
                writer.write(',');
                writer.write(Float.toString(pairs.rating(k)));
                writer.write(',');
                writer.write(Float.toString(predictions[k]));
                writer.write('\n');
            }
            writer.flush();
        });
    }
}
