package dev.cfae.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Small rating files generated in code: users and items with a low-rank structure plus noise, so a
 * model has something to learn, in MovieLens latest's CSV layout.
 */
final class TinyRatings {
    private TinyRatings() {
    }

    /** Writes {@code users} x {@code items} ratings on a 1-5 scale, each cell observed with {@code density}. */
    static Path write(Path dir, int users, int items, double density, long seed) {
        Random random = new Random(seed);
        double[][] userFactors = new double[users][2];
        double[][] itemFactors = new double[items][2];
        for (double[] f : userFactors) {
            f[0] = random.nextGaussian();
            f[1] = random.nextGaussian();
        }
        for (double[] f : itemFactors) {
            f[0] = random.nextGaussian();
            f[1] = random.nextGaussian();
        }
        StringBuilder csv = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                if (random.nextDouble() >= density) {
                    continue;
                }
                double score = 3 + userFactors[u][0] * itemFactors[i][0] + userFactors[u][1] * itemFactors[i][1]
                        + 0.3 * random.nextGaussian();
                long rating = Math.max(1, Math.min(5, Math.round(score)));
                csv.append("u").append(u + 1).append(',').append("m").append(i + 1).append(',').append(rating)
                        .append(',').append(1000 + u).append('\n');
            }
        }
        Path file = dir.resolve("ratings.csv");
        try {
            Files.writeString(file, csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
