package dev.cfae.variants.ksparse;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import dev.cfae.api.Model;
import dev.cfae.api.Orientation;
import dev.cfae.api.VariantContext;
import dev.cfae.api.VariantFactory;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.variants.autoencoder.AutoencoderModel;
import dev.cfae.variants.autoencoder.Bottleneck;

import static java.util.Objects.requireNonNull;

/** Builds the k-sparse autoencoder; configured by {@code cfae.variants.k-sparse}. */
@AutoService(VariantFactory.class)
public final class KSparseFactory implements VariantFactory {
    /** The variant's name and configuration block {@code cfae.variants.k-sparse}. */
    public static final String NAME = "k-sparse";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Autoencoder whose embedding keeps only its k largest units per row, at training and inference "
                + "(the seed's --k_sparse)";
    }

    @Override
    public Model create(VariantContext context, Config config) {
        requireNonNull(context, "context is null");
        requireNonNull(config, "config is null");
        KSparseSettings settings = KSparseSettings.fromConfig(new ConfigBlock(config, "cfae.variants." + NAME));
        int columns = settings.autoencoder().orientation() == Orientation.USER ? context.items() : context.users();
        return new AutoencoderModel(NAME, settings.autoencoder(), new Bottleneck.TopK(settings.k()), columns);
    }
}
