package dev.cfae.examples.denoising;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import dev.cfae.api.Model;
import dev.cfae.api.Orientation;
import dev.cfae.api.VariantContext;
import dev.cfae.api.VariantFactory;
import dev.cfae.api.config.ConfigBlock;

import static java.util.Objects.requireNonNull;

/**
 * The plugin's entry point. {@code @AutoService} writes
 * {@code META-INF/services/dev.cfae.api.VariantFactory}, which is how cfae's {@code ServiceLoader}
 * finds this class in a jar dropped into a plugin folder. It needs a public no-argument constructor.
 */
@AutoService(VariantFactory.class)
public final class DenoisingFactory implements VariantFactory {
    /** The variant's name, which also names its configuration block {@code cfae.variants.denoising}. */
    public static final String NAME = "denoising";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Denoising autoencoder: masking noise on the input rows, the loss on every observed rating "
                + "(example plugin, after CDAE and Mult-DAE)";
    }

    @Override
    public Model create(VariantContext context, Config config) {
        requireNonNull(context, "context is null");
        requireNonNull(config, "config is null");
        // Reading every key here, before any data is loaded, is what makes a bad value fail at start-up.
        DenoisingSettings settings = DenoisingSettings.fromConfig(new ConfigBlock(config, "cfae.variants." + NAME));
        int columns = settings.orientation() == Orientation.USER ? context.items() : context.users();
        return new DenoisingModel(settings, columns);
    }
}
