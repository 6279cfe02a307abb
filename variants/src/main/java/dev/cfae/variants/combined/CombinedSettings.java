package dev.cfae.variants.combined;

import dev.cfae.api.MultiModeModel;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.engine.nn.Activation;
import dev.cfae.variants.autoencoder.AutoencoderSettings.Activations;

import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the {@code cfae.variants.combined} block.
 *
 * @param item           the item autoencoder (rows of the items × users matrix)
 * @param user           the user autoencoder (rows of the users × items matrix)
 * @param mlp            the rating network on the two embeddings
 * @param product        whether the rating network also sees the element-wise product of the embeddings
 * @param dropout        drop probability on both embeddings and after every hidden layer of the rating
 *                       network, in [0, 1)
 * @param ratingWeight   weight of the rating MSE in the objective, >= 0
 * @param predictionMode what predictions come from
 * @param dense          true to compute whole rows (the reference path for tests), false for the sparse path
 */
public record CombinedSettings(Side item, Side user, Mlp mlp, boolean product, double dropout, double ratingWeight,
        PredictionMode predictionMode, boolean dense) {
    public CombinedSettings {
        requireNonNull(item, "item is null");
        requireNonNull(user, "user is null");
        requireNonNull(mlp, "mlp is null");
        requireNonNull(predictionMode, "predictionMode is null");
        if (product && item.embeddingWidth() != user.embeddingWidth()) {
            throw new IllegalArgumentException("the product term needs equal embedding widths, got item "
                    + item.embeddingWidth() + " and user " + user.embeddingWidth());
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
        if (!(ratingWeight >= 0) || !Double.isFinite(ratingWeight)) {
            throw new IllegalArgumentException("ratingWeight must be finite and >= 0: " + ratingWeight);
        }
    }

    /** Reads the {@code cfae.variants.combined} block. */
    public static CombinedSettings fromConfig(ConfigBlock block) {
        requireNonNull(block, "block is null");
        Side item = Side.fromConfig(block.block("item"));
        Side user = Side.fromConfig(block.block("user"));
        Mlp mlp = Mlp.fromConfig(block.block("mlp"));
        boolean product = block.getBoolean("product");
        double dropout = block.requireRange("dropout", block.getDouble("dropout"), 0, 1, true, false);
        double ratingWeight = block.getDouble("rating-weight");
        if (!(ratingWeight >= 0) || !Double.isFinite(ratingWeight)) {
            throw new SettingsException(block.key("rating-weight"), "must be a finite number >= 0, got "
                    + ratingWeight);
        }
        PredictionMode mode = block.getEnum(MultiModeModel.MODE_KEY, PredictionMode.class);
        String path = block.getChoice("compute", Set.of("sparse", "dense"));
        if (product && item.embeddingWidth() != user.embeddingWidth()) {
            throw new SettingsException(block.key("product"), "the element-wise product needs equal embedding widths,"
                    + " but the last of " + block.key("item.layers") + " is " + item.embeddingWidth()
                    + " and the last of " + block.key("user.layers") + " is " + user.embeddingWidth()
                    + "; make them equal or set product = false");
        }
        return new CombinedSettings(item, user, mlp, product, dropout, ratingWeight, mode, path.equals("dense"));
    }

    /**
     * One autoencoder of the pair.
     *
     * @param layers     encoder widths from the input side; the last is the embedding width; the
     *                   decoder mirrors the hidden ones
     * @param activation activations of the four kinds of layer
     */
    public record Side(List<Integer> layers, Activations activation) {
        public Side {
            layers = List.copyOf(requireNonNull(layers, "layers is null"));
            requireNonNull(activation, "activation is null");
            if (layers.isEmpty() || layers.stream().anyMatch(width -> width < 1)) {
                throw new IllegalArgumentException("layers must be non-empty positive widths: " + layers);
            }
        }

        static Side fromConfig(ConfigBlock block) {
            List<Integer> layers = block.getIntList("layers");
            if (layers.isEmpty() || layers.stream().anyMatch(width -> width < 1)) {
                throw new SettingsException(block.key("layers"), "must list at least one width, all positive, got "
                        + layers);
            }
            ConfigBlock activations = block.block("activation");
            return new Side(layers, new Activations(activations.getEnum("encoder", Activation.class),
                    activations.getEnum("embedding", Activation.class), activations.getEnum("decoder", Activation.class),
                    activations.getEnum("output", Activation.class)));
        }

        public int embeddingWidth() {
            return layers.get(layers.size() - 1);
        }
    }

    /**
     * The rating network.
     *
     * @param layers     hidden widths (may be empty); a single sigmoid-or-other output unit follows
     * @param hidden     activation after every hidden layer
     * @param output     activation of the output unit
     */
    public record Mlp(List<Integer> layers, Activation hidden, Activation output) {
        public Mlp {
            layers = List.copyOf(requireNonNull(layers, "layers is null"));
            requireNonNull(hidden, "hidden is null");
            requireNonNull(output, "output is null");
            if (layers.stream().anyMatch(width -> width < 1)) {
                throw new IllegalArgumentException("layers must be positive widths: " + layers);
            }
        }

        static Mlp fromConfig(ConfigBlock block) {
            List<Integer> layers = block.getIntList("layers");
            if (layers.stream().anyMatch(width -> width < 1)) {
                throw new SettingsException(block.key("layers"), "widths must be positive, got " + layers);
            }
            return new Mlp(layers, block.getEnum("activation.hidden", Activation.class),
                    block.getEnum("activation.output", Activation.class));
        }
    }
}
