package dev.cfae.api;

import com.typesafe.config.Config;

/**
 * The plugin SPI: one implementation per model variant, found through {@link java.util.ServiceLoader}
 * (register it with {@code @AutoService(VariantFactory.class)}).
 *
 * <p>A variant's jar carries a {@code reference.conf} with a block {@code cfae.variants.<name>}
 * holding every key it reads, each with a comment. cfae validates user configuration against that
 * block (unknown keys are errors) and hands the merged block to {@link #create}.
 */
public interface VariantFactory {
    /** Stable kebab-case name: selects the variant ({@code cfae.variant}) and names its config block. */
    String name();

    /** One line for {@code cfae variants}. */
    String description();

    /**
     * Builds an untrained model. Reads every key of {@code config} (the {@code cfae.variants.<name>}
     * block) eagerly and throws {@link dev.cfae.api.config.SettingsException} naming the key on a
     * bad value, before any training starts.
     */
    Model create(VariantContext context, Config config);
}
