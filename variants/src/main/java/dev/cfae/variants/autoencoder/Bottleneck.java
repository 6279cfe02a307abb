package dev.cfae.variants.autoencoder;

import static java.util.Objects.requireNonNull;

/**
 * What sits at the embedding of an {@link AutoencoderModel}: the k-sparse autoencoder and the VAE are
 * the plain autoencoder with a different bottleneck.
 */
public sealed interface Bottleneck permits Bottleneck.Plain, Bottleneck.TopK, Bottleneck.Gaussian {
    /** The plain autoencoder's: the last encoder layer and its activation, nothing more. */
    Bottleneck PLAIN = new Plain();

    /** No bottleneck layer. */
    record Plain() implements Bottleneck {
    }

    /**
     * After the embedding's activation, keep the {@code k} largest entries of every row and zero the
     * rest ({@link dev.cfae.engine.nn.TopKLayer}); the saved embeddings are these sparse codes.
     */
    record TopK(int k) implements Bottleneck {
        public TopK {
            if (k < 1) {
                throw new IllegalArgumentException("k must be positive: " + k);
            }
        }
    }

    /**
     * The last encoder layer becomes a mean head (through the embedding activation) and a
     * log-variance head ({@link dev.cfae.engine.nn.GaussianLayer}), sampled while training.
     *
     * @param initialLogVarianceBias the log-variance head's initial bias
     * @param klSchedule             the weight of the KL term over training
     * @param sampleAtInference      false: predictions and embeddings use the mean; true: a sample,
     *                               the same for a row every time
     */
    record Gaussian(double initialLogVarianceBias, KlSchedule klSchedule, boolean sampleAtInference)
            implements Bottleneck {
        public Gaussian {
            requireNonNull(klSchedule, "klSchedule is null");
        }
    }
}
