package dev.cfae.examples.denoising;

import dev.cfae.api.Orientation;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.engine.nn.Activation;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The {@code cfae.variants.denoising} block.
 *
 * @param orientation reconstruct user rows or item rows
 * @param layers      encoder widths from the input side; the last is the embedding width
 * @param hidden      activation after every layer but the output
 * @param output      activation after the output layer
 * @param corruption  probability of masking an input cell while training, in [0, 1)
 */
public record DenoisingSettings(Orientation orientation, List<Integer> layers, Activation hidden, Activation output,
        double corruption) {
    public DenoisingSettings {
        requireNonNull(orientation, "orientation is null");
        layers = List.copyOf(layers);
        requireNonNull(hidden, "hidden is null");
        requireNonNull(output, "output is null");
    }

    /**
     * Reads and checks every key; {@link ConfigBlock}'s getters already throw a
     * {@link SettingsException} naming the key for a missing key or a wrong type.
     */
    public static DenoisingSettings fromConfig(ConfigBlock block) {
        Orientation orientation = block.getEnum("orientation", Orientation.class);
        List<Integer> layers = block.getIntList("layers");
        if (layers.isEmpty() || layers.stream().anyMatch(width -> width < 1)) {
            throw new SettingsException(block.key("layers"), "must list at least one width, all positive, got " + layers);
        }
        ConfigBlock activation = block.block("activation");
        Activation hidden = activation.getEnum("hidden", Activation.class);
        Activation output = activation.getEnum("output", Activation.class);
        double corruption = block.requireRange("corruption", block.getDouble("corruption"), 0, 1, true, false);
        return new DenoisingSettings(orientation, layers, hidden, output, corruption);
    }

    /** The width of the embedding: the last encoder layer. */
    public int embeddingWidth() {
        return layers.get(layers.size() - 1);
    }
}
