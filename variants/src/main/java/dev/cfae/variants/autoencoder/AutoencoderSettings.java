package dev.cfae.variants.autoencoder;

import dev.cfae.api.Orientation;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.engine.nn.Activation;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the {@code cfae.variants.autoencoder} block.
 *
 * @param orientation which rows are reconstructed: users or items
 * @param layers      encoder widths from the input side; the last is the embedding width
 * @param activation  the activation functions of the four kinds of layer
 * @param dropout     drop probability after every hidden encoder and decoder layer, in [0, 1)
 * @param unobservedSamples unobserved cells of each training row drawn into the loss at every step,
 *                    with target 0 ({@link LossCells}); 0 for the observed cells only
 */
public record AutoencoderSettings(Orientation orientation, List<Integer> layers, Activations activation,
        double dropout, int unobservedSamples) {
    /** Settings whose loss covers the observed cells only. */
    public AutoencoderSettings(Orientation orientation, List<Integer> layers, Activations activation, double dropout) {
        this(orientation, layers, activation, dropout, 0);
    }

    public AutoencoderSettings {
        requireNonNull(orientation, "orientation is null");
        layers = List.copyOf(requireNonNull(layers, "layers is null"));
        requireNonNull(activation, "activation is null");
        if (layers.isEmpty() || layers.stream().anyMatch(width -> width < 1)) {
            throw new IllegalArgumentException("layers must be non-empty positive widths: " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
        if (unobservedSamples < 0) {
            throw new IllegalArgumentException("unobservedSamples must be >= 0: " + unobservedSamples);
        }
    }

    /** Reads the {@code cfae.variants.autoencoder} block. */
    public static AutoencoderSettings fromConfig(ConfigBlock block) {
        requireNonNull(block, "block is null");
        Orientation orientation = block.getEnum("orientation", Orientation.class);
        List<Integer> layers = block.getIntList("layers");
        if (layers.isEmpty() || layers.stream().anyMatch(width -> width < 1)) {
            throw new SettingsException(block.key("layers"), "must list at least one width, all positive, got "
                    + layers);
        }
        ConfigBlock activations = block.block("activation");
        Activations activation = new Activations(activations.getEnum("encoder", Activation.class),
                activations.getEnum("embedding", Activation.class), activations.getEnum("decoder", Activation.class),
                activations.getEnum("output", Activation.class));
        double dropout = block.requireRange("dropout", block.getDouble("dropout"), 0, 1, true, false);
        // Absent from the configurations stored in model files written before the key existed; it
        // only acts on training, so such a model loads as one trained on the observed cells.
        int unobservedSamples = block.hasValue("unobserved-samples") || block.isNull("unobserved-samples")
                ? block.getInt("unobserved-samples") : 0;
        if (unobservedSamples < 0) {
            throw new SettingsException(block.key("unobserved-samples"), "must be >= 0, got " + unobservedSamples);
        }
        return new AutoencoderSettings(orientation, layers, activation, dropout, unobservedSamples);
    }

    /** The embedding width: the last encoder width. */
    public int embeddingWidth() {
        return layers.get(layers.size() - 1);
    }

    /**
     * The {@code activation} block.
     *
     * @param encoder   after every encoder layer but the last
     * @param embedding after the last encoder layer
     * @param decoder   after every decoder layer but the last
     * @param output    after the output layer
     */
    public record Activations(Activation encoder, Activation embedding, Activation decoder, Activation output) {
        public Activations {
            requireNonNull(encoder, "encoder is null");
            requireNonNull(embedding, "embedding is null");
            requireNonNull(decoder, "decoder is null");
            requireNonNull(output, "output is null");
        }
    }
}
