package dev.cfae.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid but degenerate data, trained end to end through the library facade with tiny settings: a
 * single user, a single item (n x 1 and 1 x n matrices), all ratings equal, users and items that
 * appear only in the test file, and a random split that leaves a user with no training rating.
 * Each must train without a crash and give finite predictions inside the rating range, falling
 * back to the training mean where the model has nothing to go on.
 */
final class DegenerateDataTest {
    @TempDir
    Path dir;

    private Path csv(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), "userId,movieId,rating\n" + String.join("\n", lines) + "\n");
    }

    /** A tiny run: 2 epochs, a 2-wide embedding, no early stopping, no validation unless asked. */
    private CfaeModel train(Path train, Path test, String variant, String orientation, String... extra) {
        StringBuilder hocon = new StringBuilder()
                .append("cfae.variant = ").append(variant).append('\n')
                .append("cfae.data.train = \"").append(train.toString().replace("\\", "/")).append("\"\n")
                .append("cfae.data.split { test-fraction = 0.0, validation-fraction = 0.0 }\n")
                .append("cfae.trainer { epochs = 2, batch-size = 4, early-stopping.enabled = false }\n")
                .append("cfae.variants.").append(variant).append(" { orientation = ").append(orientation)
                .append(", layers = [3, 2] }\n");
        if (variant.equals("k-sparse")) {
            hocon.append("cfae.variants.k-sparse.k = 1\n");
        }
        if (test != null) {
            hocon.append("cfae.data.test = \"").append(test.toString().replace("\\", "/")).append("\"\n");
        }
        hocon.append(String.join("\n", extra));
        return Cfae.fromConfig(Cfae.parse(hocon.toString())).train();
    }

    /** Saved to {@code file} and loaded back, the model fills {@code user}'s row exactly as before. */
    private static void assertReloadsTheSame(CfaeModel model, Path file, String user) throws IOException {
        model.save(file);
        assertThat(Cfae.load(file).filledRow(user)).containsExactly(model.filledRow(user));
    }

    private static void assertSensible(CfaeModel model, float min, float max) {
        assertThat(model.history()).isNotEmpty().allSatisfy(epoch -> assertThat(epoch.trainRmse()).isFinite());
        for (int u = 0; u < model.users().size(); u++) {
            float[] row = model.filledRow(model.users().id(u));
            assertThat(row).hasSize(model.items().size());
            for (float value : row) {
                assertThat(value).isFinite().isBetween(min, max);
            }
        }
    }

    private static final String[] SHAPES = {"autoencoder:user", "autoencoder:item", "k-sparse:user", "k-sparse:item",
            "vae:user", "vae:item"};

    @ParameterizedTest
    @ValueSource(strings = {"autoencoder:user", "autoencoder:item", "k-sparse:user", "vae:item"})
    void singleUser(String variantAndOrientation) throws IOException {
        String[] v = variantAndOrientation.split(":");
        Path train = csv("one-user.csv", "u1,m1,4", "u1,m2,2", "u1,m3,5", "u1,m4,1");

        CfaeModel model = train(train, null, v[0], v[1]);

        assertThat(model.users().size()).isEqualTo(1);
        assertSensible(model, 1, 5);
        assertReloadsTheSame(model, dir.resolve("one-user.cfae"), "u1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"autoencoder:user", "autoencoder:item", "k-sparse:item", "vae:user"})
    void singleItem(String variantAndOrientation) throws IOException {
        String[] v = variantAndOrientation.split(":");
        Path train = csv("one-item.csv", "u1,m1,4", "u2,m1,2", "u3,m1,5", "u4,m1,1", "u5,m1,3");

        CfaeModel model = train(train, null, v[0], v[1]);

        assertThat(model.items().size()).isEqualTo(1);
        assertSensible(model, 1, 5);
        assertReloadsTheSame(model, dir.resolve("one-item.cfae"), "u3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"autoencoder:user", "autoencoder:item"})
    void singleRating(String variantAndOrientation) throws IOException {
        String[] v = variantAndOrientation.split(":");
        CfaeModel model = train(csv("one.csv", "u1,m1,3.5"), null, v[0], v[1]);

        assertThat(model.predict("u1", "m1")).isEqualTo(3.5f); // the range is [3.5, 3.5]: clipping decides
    }

    @Test
    void allRatingsEqual() throws IOException {
        Path train = csv("flat.csv", "u1,m1,4", "u1,m2,4", "u2,m1,4", "u3,m3,4", "u3,m2,4", "u4,m3,4");

        for (String shape : SHAPES) {
            String[] v = shape.split(":");
            CfaeModel model = train(train, null, v[0], v[1]);

            assertSensible(model, 4, 4);
            assertThat(model.predict("u2", "m3")).as(shape).isEqualTo(4f);
        }
    }

    @Test
    void usersAndItemsOnlyInTheTestFileGetTheFallback() throws IOException {
        Path train = csv("train.csv", "u1,m1,4", "u1,m2,2", "u2,m1,5", "u2,m3,1", "u3,m2,3");
        Path test = csv("test.csv", "u1,m3,2", "u9,m1,4", "u2,m9,3", "u9,m9,1");

        for (String orientation : new String[] {"user", "item"}) {
            CfaeModel model = train(train, test, "autoencoder", orientation);

            assertSensible(model, 1, 5);
            assertThat(model.testRmse()).isFinite();
            float fallback = model.protocol().fallback();
            assertThat(model.predict("u9", "m1")).as(orientation).isEqualTo(fallback);
            assertThat(model.predict("u2", "m9")).as(orientation).isEqualTo(fallback);
            assertThat(model.predict("u9", "m9")).as(orientation).isEqualTo(fallback);
            assertThat(model.predict("nobody", "m1")).as(orientation).isEqualTo(fallback);
        }
    }

    @Test
    void randomSplitLeavingAUserOnlyInTheTestSet() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int u = 1; u <= 12; u++) {
            for (int i = 1; i <= (u == 12 ? 1 : 6); i++) { // u12 has one rating: if it is held out, u12 has none left
                lines.append("u").append(u).append(",m").append(i).append(',').append(1 + (u + i) % 5).append('\n');
            }
        }
        Path train = Files.writeString(dir.resolve("split.csv"), "userId,movieId,rating\n" + lines);

        boolean heldOut = false;
        for (int seed = 1; seed <= 40 && !heldOut; seed++) {
            CfaeModel model = train(train, null, "autoencoder", "user", "cfae.seed = " + seed,
                    "cfae.data.split.test-fraction = 0.3");
            heldOut = model.split().train().users().indexOf("u12") >= 0
                    && countRatings(model, "u12") == 0;
            assertSensible(model, 1, 5);
            assertThat(model.testRmse()).isFinite();
        }
        assertThat(heldOut).as("some seed holds out u12's only rating").isTrue();
    }

    private static int countRatings(CfaeModel model, String user) {
        int index = model.split().train().users().indexOf(user);
        int count = 0;
        for (int k = 0; k < model.split().train().size(); k++) {
            if (model.split().train().user(k) == index) {
                count++;
            }
        }
        return count;
    }
}
