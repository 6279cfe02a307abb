package dev.cfae.variants.combined;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import dev.cfae.api.Model;
import dev.cfae.api.VariantContext;
import dev.cfae.api.VariantFactory;
import dev.cfae.api.config.ConfigBlock;

import static java.util.Objects.requireNonNull;

/** Builds the combined user+item model; configured by {@code cfae.variants.combined}. */
@AutoService(VariantFactory.class)
public final class CombinedFactory implements VariantFactory {
    /** The variant's name and configuration block {@code cfae.variants.combined}. */
    public static final String NAME = "combined";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "User and item autoencoders trained together on single ratings, with a rating network on both "
                + "embeddings; predicts by item, user, mlp or their mean (the seed's comb_ae)";
    }

    @Override
    public Model create(VariantContext context, Config config) {
        requireNonNull(context, "context is null");
        requireNonNull(config, "config is null");
        CombinedSettings settings = CombinedSettings.fromConfig(new ConfigBlock(config, "cfae.variants." + NAME));
        return new CombinedModel(settings, context.users(), context.items());
    }
}
