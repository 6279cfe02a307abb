package dev.cfae.app;

import com.typesafe.config.ConfigFactory;
import dev.cfae.api.data.IdIndex;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A k-sparse or VAE model trained by {@link Cfae}, written as a model file and read back by
 * {@link Cfae#load}, predicts, fills rows and embeds exactly as before; for a sampling VAE that
 * includes the per-row noise.
 */
final class VariantModelFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "k-sparse, 'orientation = user, k = 3'",
        "k-sparse, 'orientation = item, k = 2'",
        "vae, 'orientation = user, inference = mean'",
        "vae, 'orientation = user, inference = sample'",
        "vae, 'orientation = item, inference = sample'",
    })
    void reloadedModelPredictsIdentically(String variant, String settings) {
        Path ratings = TinyRatings.write(dir, 40, 25, 0.3, 11);
        CfaeModel model = Cfae.fromConfig(ConfigFactory.parseString(
                "cfae.variant = " + variant + "\n"
                        + "cfae.data.train = \"" + ratings.toString().replace("\\", "/") + "\"\n"
                        + "cfae.trainer { epochs = 3, batch-size = 8, optimizer.learning-rate = 0.01 }\n"
                        // About 24 % dense, above auto's threshold: the sparse kernels, as real rating data gets.
                        + "cfae.engine.sparse.mode = sparse\n"
                        + "cfae.variants." + variant + " { layers = [12, 5], " + settings + " }\n")).train();
        Path file = dir.resolve("model.cfae");
        model.save(file);

        CfaeModel loaded = Cfae.load(file);

        assertThat(loaded.variant()).isEqualTo(variant);
        List<String> users = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (int u = 0; u < model.users().size(); u++) {
            for (int i = 0; i < model.items().size(); i++) {
                users.add(model.users().id(u));
                items.add(model.items().id(i));
            }
        }
        float[] predictions = model.predict(users, items);
        assertThat(loaded.predict(users, items)).containsExactly(predictions);
        assertThat(loaded.filledRow(model.users().id(3))).containsExactly(model.filledRow(model.users().id(3)));
        IdIndex ids = model.embeddingIds();
        INDArray embeddings = model.embeddings(0, ids.size());
        assertThat(loaded.embeddings(0, ids.size())).isEqualTo(embeddings);
        assertThat(loaded.testRmse()).isNaN();
        // Rows differ, so equal predictions are not one constant repeated.
        float low = Float.POSITIVE_INFINITY;
        float high = Float.NEGATIVE_INFINITY;
        for (float prediction : predictions) {
            low = Math.min(low, prediction);
            high = Math.max(high, prediction);
        }
        assertThat(high).isGreaterThan(low);
    }
}
