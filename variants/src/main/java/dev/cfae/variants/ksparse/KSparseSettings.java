package dev.cfae.variants.ksparse;

import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.variants.autoencoder.AutoencoderSettings;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the {@code cfae.variants.k-sparse} block: the plain autoencoder's keys and {@code k}.
 *
 * @param autoencoder the autoencoder around the bottleneck
 * @param k           units kept per embedding row, in [1, embedding width]
 */
public record KSparseSettings(AutoencoderSettings autoencoder, int k) {
    public KSparseSettings {
        requireNonNull(autoencoder, "autoencoder is null");
        if (k < 1 || k > autoencoder.embeddingWidth()) {
            throw new IllegalArgumentException("k must be in [1, " + autoencoder.embeddingWidth() + "]: " + k);
        }
    }

    /** Reads the {@code cfae.variants.k-sparse} block. */
    public static KSparseSettings fromConfig(ConfigBlock block) {
        requireNonNull(block, "block is null");
        AutoencoderSettings autoencoder = AutoencoderSettings.fromConfig(block);
        int k = block.getInt("k");
        if (k < 1 || k > autoencoder.embeddingWidth()) {
            throw new SettingsException(block.key("k"), "must be in [1, " + autoencoder.embeddingWidth()
                    + "] (the embedding width, the last of " + block.key("layers") + "), got " + k);
        }
        return new KSparseSettings(autoencoder, k);
    }
}
