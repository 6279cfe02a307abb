package dev.cfae.variants.autoencoder;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import dev.cfae.api.Model;
import dev.cfae.api.Orientation;
import dev.cfae.api.VariantContext;
import dev.cfae.api.VariantFactory;
import dev.cfae.api.config.ConfigBlock;

import static java.util.Objects.requireNonNull;

/** Builds the plain {@link AutoencoderModel}; configured by {@code cfae.variants.autoencoder}. */
@AutoService(VariantFactory.class)
public final class AutoencoderFactory implements VariantFactory {
    /** The variant's name, which is also its configuration block {@code cfae.variants.autoencoder}. */
    public static final String NAME = "autoencoder";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Dense autoencoder over user or item rating rows, trained on the observed cells (the seed model)";
    }

    @Override
    public Model create(VariantContext context, Config config) {
        requireNonNull(context, "context is null");
        requireNonNull(config, "config is null");
        AutoencoderSettings settings = AutoencoderSettings.fromConfig(new ConfigBlock(config, "cfae.variants." + NAME));
        int columns = settings.orientation() == Orientation.USER ? context.items() : context.users();
        return new AutoencoderModel(settings, columns);
    }
}
