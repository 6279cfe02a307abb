package dev.cfae.variants.vae;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import dev.cfae.api.Model;
import dev.cfae.api.Orientation;
import dev.cfae.api.VariantContext;
import dev.cfae.api.VariantFactory;
import dev.cfae.api.config.ConfigBlock;

import static java.util.Objects.requireNonNull;

/** Builds the {@link VaeModel}; configured by {@code cfae.variants.vae}. */
@AutoService(VariantFactory.class)
public final class VaeFactory implements VariantFactory {
    /** The variant's name and configuration block {@code cfae.variants.vae}. */
    public static final String NAME = "vae";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Variational autoencoder: mean and log-variance heads, reparameterised sampling, a scheduled KL "
                + "term; generates rows (cfae sample) and can augment its training data (the seed's --VAE)";
    }

    @Override
    public Model create(VariantContext context, Config config) {
        requireNonNull(context, "context is null");
        requireNonNull(config, "config is null");
        VaeSettings settings = VaeSettings.fromConfig(new ConfigBlock(config, "cfae.variants." + NAME));
        int columns = settings.autoencoder().orientation() == Orientation.USER ? context.items() : context.users();
        return new VaeModel(settings, columns);
    }
}
