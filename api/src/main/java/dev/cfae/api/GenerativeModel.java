package dev.cfae.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Model} that can also generate rows: it decodes draws from a prior over its embeddings
 * (a VAE does). cfae uses it for {@code cfae sample} and, if the configuration asks, to augment the
 * training data with generated rows for a further round of training.
 */
public interface GenerativeModel extends Model {
    /**
     * Decodes {@code count} draws from the prior: a new {@code [count, columns]} array of rows in
     * {@link #orientation()} (for a user orientation a row holds one rating per item), on the
     * normalised scale, unclipped. All randomness comes from {@code random}.
     */
    INDArray generate(int count, SeededRandom random);

    /** The augmentation this model's configuration asks for; {@link Augmentation#rows()} 0 means none. */
    Augmentation augmentation();

    /**
     * After training, add {@code rows} generated rows to the training data and train {@code epochs}
     * more epochs from the trained parameters; keep the result only if the validation RMSE improved.
     *
     * @param rows   generated rows to add, 0 for no augmentation
     * @param epochs epochs of the further round (at least 1 when {@code rows > 0})
     */
    record Augmentation(int rows, int epochs) {
        public Augmentation {
            if (rows < 0 || epochs < 0 || (rows > 0 && epochs < 1)) {
                throw new IllegalArgumentException("need rows >= 0, and epochs >= 1 when rows > 0: " + rows + ", "
                        + epochs);
            }
        }

        public boolean enabled() {
            return rows > 0;
        }
    }
}
