package dev.cfae.app;

/**
 * How a result was obtained, recorded with every run so numbers can be compared honestly.
 *
 * @param dataFingerprint  SHA-256 of the training file (and the test file, if given)
 * @param split            {@code random} or {@code given}
 * @param seed             the run seed
 * @param trainRatings     ratings trained on
 * @param validationRatings ratings used for model selection (early stopping)
 * @param testRatings      ratings held out and read once, at the end
 * @param clip             whether predictions are clipped to the rating range
 * @param fallback         the rating predicted for users or items without training ratings
 */
public record RunProtocol(String dataFingerprint, String split, long seed, int trainRatings, int validationRatings,
        int testRatings, boolean clip, float fallback) {
}
