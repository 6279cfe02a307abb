package dev.cfae.variants.autoencoder;

import dev.cfae.api.SeededRandom;
import dev.cfae.api.TrainingData;
import dev.cfae.api.data.RatingMatrix;

import java.util.ArrayList;
import java.util.List;

/** Small random rating matrices for the model tests, ratings 1..5 normalised by 5. */
final class TinyData {
    private TinyData() {
    }

    static TrainingData ratings(int users, int items, double density, long seed) {
        return ratings(users, items, items, density, seed);
    }

    /** Like {@link #ratings(int, int, double, long)} with only items {@code [0, ratedItems)} ever rated. */
    static TrainingData ratings(int users, int items, int ratedItems, double density, long seed) {
        SeededRandom random = new SeededRandom(seed);
        List<int[]> cells = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < ratedItems; i++) {
                if (random.nextDouble() < density) {
                    cells.add(new int[] {u, i, 1 + random.nextInt(5)});
                }
            }
        }
        int[] rows = new int[cells.size()];
        int[] columns = new int[cells.size()];
        float[] values = new float[cells.size()];
        for (int k = 0; k < cells.size(); k++) {
            rows[k] = cells.get(k)[0];
            columns[k] = cells.get(k)[1];
            values[k] = cells.get(k)[2];
        }
        return TrainingData.of(RatingMatrix.fromTriples(users, items, rows, columns, values), 5f);
    }
}
