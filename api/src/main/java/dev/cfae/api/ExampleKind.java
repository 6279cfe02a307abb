package dev.cfae.api;

/**
 * What one training example is: whole rows of the model's orientation (autoencoders), or single
 * observed ratings (the combined user+item model). The trainer shuffles and batches the ids
 * {@code 0..exampleCount-1} alike for both; the kind says what an id means, to the model and to the
 * memory estimate (a batch of rows holds whole rows).
 */
public enum ExampleKind {
    /** Example {@code e} is row {@code e} of {@link TrainingData#rows(Orientation)}. */
    ROWS,
    /** Example {@code e} is storage position {@code e} of {@link TrainingData#byUser()}. */
    RATINGS
}
