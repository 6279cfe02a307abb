package dev.cfae.io;

import dev.cfae.api.SeededRandom;
import dev.cfae.api.data.Ratings;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Training, validation and test ratings over the same user and item indices. Validation and test
 * may be empty. Within each part the ratings keep the order they had in the input.
 *
 * @param train      ratings to fit
 * @param validation ratings to choose the epoch by (early stopping); may be empty
 * @param test       ratings to report the final score on; may be empty
 */
public record Split(Ratings train, Ratings validation, Ratings test) {
    public Split {
        requireNonNull(train, "train is null");
        requireNonNull(validation, "validation is null");
        requireNonNull(test, "test is null");
        requireSameIndices(train, validation, "validation");
        requireSameIndices(train, test, "test");
    }

    /**
     * A seeded random hold-out of individual ratings: the positions of {@code all} are shuffled, the
     * first {@code round(n * testFraction)} become the test set, and of the remaining {@code m} the
     * next {@code round(m * validationFraction)} become the validation set. The same seed gives the
     * same split; the three parts are disjoint and together hold every rating.
     *
     * @param testFraction       share of all ratings for testing, in [0, 1)
     * @param validationFraction share of the ratings left after the test set for validation, in [0, 1)
     */
    public static Split random(Ratings all, double testFraction, double validationFraction, SeededRandom random) {
        requireNonNull(all, "all is null");
        requireNonNull(random, "random is null");
        requireFraction("testFraction", testFraction);
        requireFraction("validationFraction", validationFraction);
        int n = all.size();
        int[] positions = shuffledPositions(n, random);
        int testSize = (int) Math.round(n * testFraction);
        int validationSize = (int) Math.round((n - testSize) * validationFraction);
        return new Split(
                all.subset(sortedRange(positions, testSize + validationSize, n)),
                all.subset(sortedRange(positions, testSize, testSize + validationSize)),
                all.subset(sortedRange(positions, 0, testSize)));
    }

    /**
     * A given test set, with {@code round(n * validationFraction)} of the {@code n} training ratings
     * held out for validation at random.
     */
    public static Split given(Ratings train, Ratings test, double validationFraction, SeededRandom random) {
        requireNonNull(train, "train is null");
        requireNonNull(test, "test is null");
        requireNonNull(random, "random is null");
        requireFraction("validationFraction", validationFraction);
        requireSameIndices(train, test, "test");
        int n = train.size();
        int[] positions = shuffledPositions(n, random);
        int validationSize = (int) Math.round(n * validationFraction);
        return new Split(
                train.subset(sortedRange(positions, validationSize, n)),
                train.subset(sortedRange(positions, 0, validationSize)),
                test);
    }

    private static int[] shuffledPositions(int n, SeededRandom random) {
        int[] positions = new int[n];
        for (int k = 0; k < n; k++) {
            positions[k] = k;
        }
        random.shuffle(positions, n);
        return positions;
    }

    private static int[] sortedRange(int[] positions, int from, int to) {
        int[] range = Arrays.copyOfRange(positions, from, to);
        Arrays.sort(range);
        return range;
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }

    private static void requireSameIndices(Ratings train, Ratings other, String name) {
        // Identity first: parts of one split share index objects, and IdIndex.equals compares every id.
        boolean sameUsers = train.users() == other.users() || train.users().equals(other.users());
        boolean sameItems = train.items() == other.items() || train.items().equals(other.items());
        if (!sameUsers || !sameItems) {
            throw new IllegalArgumentException(name + " ratings are not over the training ratings' user and item indices");
        }
    }
}
