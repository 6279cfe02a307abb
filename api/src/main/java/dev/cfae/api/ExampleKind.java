package dev.cfae.api;

/**
 * What one training example is, so the trainer knows what to shuffle and batch: whole rows of the
 * model's orientation (autoencoders), or single observed ratings (the combined user+item model).
 */
public enum ExampleKind {
    /** Example {@code e} is row {@code e} of {@link TrainingData#rows(Orientation)}. */
    ROWS,
    /** Example {@code e} is storage position {@code e} of {@link TrainingData#byUser()}. */
    RATINGS
}
