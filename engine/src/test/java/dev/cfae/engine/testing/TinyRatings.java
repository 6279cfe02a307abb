package dev.cfae.engine.testing;

import dev.cfae.api.SeededRandom;
import dev.cfae.api.TrainingData;
import dev.cfae.api.data.RatingMatrix;

import java.util.ArrayList;
import java.util.List;

/** Small random rating matrices generated in code, for model tests. */
public final class TinyRatings {
    private TinyRatings() {
    }

    /** A random users × items matrix, each cell observed with probability {@code density}, ratings 1..5 over 5. */
    public static TrainingData random(int users, int items, double density, long seed) {
        SeededRandom random = new SeededRandom(seed);
        List<int[]> cells = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                if (random.nextDouble() < density) {
                    cells.add(new int[] {u, i, 1 + random.nextInt(5)});
                }
            }
        }
        int[] rows = cells.stream().mapToInt(c -> c[0]).toArray();
        int[] columns = cells.stream().mapToInt(c -> c[1]).toArray();
        float[] values = new float[cells.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = cells.get(k)[2];
        }
        return TrainingData.of(RatingMatrix.fromTriples(users, items, rows, columns, values), 5f);
    }
}
