package dev.cfae.engine.train;

import dev.cfae.api.SeededRandom;
import dev.cfae.api.TrainingData;
import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.api.data.RatingRange;
import dev.cfae.api.data.Ratings;

import java.util.ArrayList;
import java.util.List;

/** Small rating data sets generated in code. */
final class Fixtures {
    static final RatingRange STARS = new RatingRange(1, 5);

    private Fixtures() {
    }

    /** Ratings of an additive truth (user effect + item effect + noise), rounded to 1..5, every user with some. */
    static Ratings additiveRatings(int users, int items, double density, long seed) {
        SeededRandom random = new SeededRandom(seed);
        double[] userEffect = new double[users];
        double[] itemEffect = new double[items];
        for (int u = 0; u < users; u++) {
            userEffect[u] = random.nextGaussian();
        }
        for (int i = 0; i < items; i++) {
            itemEffect[i] = random.nextGaussian() * 0.8;
        }
        List<int[]> pairs = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                // Item (u mod items) is always rated, so no user is without ratings.
                if (i == u % items || random.nextDouble() < density) {
                    double raw = 3 + userEffect[u] + itemEffect[i] + 0.3 * random.nextGaussian();
                    pairs.add(new int[] {u, i});
                    values.add((float) Math.max(1, Math.min(5, Math.round(raw))));
                }
            }
        }
        return ratings(users, items, pairs, values);
    }

    static Ratings ratings(int users, int items, List<int[]> pairs, List<Float> values) {
        int[] u = new int[pairs.size()];
        int[] i = new int[pairs.size()];
        float[] r = new float[pairs.size()];
        for (int k = 0; k < pairs.size(); k++) {
            u[k] = pairs.get(k)[0];
            i[k] = pairs.get(k)[1];
            r[k] = values.get(k);
        }
        return Ratings.of(IdIndex.sequential(users), IdIndex.sequential(items), u, i, r);
    }

    static TrainingData trainingData(Ratings ratings) {
        return TrainingData.of(RatingMatrix.byUser(ratings), STARS.scale());
    }
}
