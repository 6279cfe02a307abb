package dev.cfae.variants.combined;

import dev.cfae.api.config.ConfigBlock;

/** What the combined model's predictions come from; configured by kebab-case name. */
public enum PredictionMode {
    /** The item autoencoder's reconstruction of the item's column, at the user (the seed's way 1). */
    ITEM,
    /** The user autoencoder's reconstruction of the user's row, at the item (the seed's way 2). */
    USER,
    /** The rating network on the two embeddings (the seed's way 3, its default). */
    MLP,
    /** The mean of the three above, before clipping (the seed's way 4). */
    MEAN;

    /** The configuration spelling, e.g. {@code mlp}. */
    public String configName() {
        return ConfigBlock.kebab(this);
    }
}
