package dev.cfae.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import dev.cfae.engine.Plugins;
import dev.cfae.engine.VariantRegistry;

import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Guice wiring of the application from a resolved configuration. The variant registry is filled
 * by {@link java.util.ServiceLoader} alone, over the built-ins and the named plugin jars; Guice never lists variants a second time.
 */
public final class CfaeModule extends AbstractModule {
    private final Config resolved;
    private final Plugins plugins;
    private final Consumer<String> progress;

    /**
     * @param resolved    configuration from {@link dev.cfae.app.config.ConfigLoader}, already checked
     * @param plugins     the built-in variants and the plugin jars the user named
     * @param progress    where progress lines go
     */
    public CfaeModule(Config resolved, Plugins plugins, Consumer<String> progress) {
        this.resolved = requireNonNull(resolved, "resolved is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    @Provides
    @Singleton
    Config config() {
        return resolved;
    }

    @Provides
    @Singleton
    VariantRegistry variantRegistry() {
        return VariantRegistry.load(plugins);
    }

    @Provides
    @Singleton
    Cfae cfae(Config config, VariantRegistry registry) {
        return new Cfae(config, registry, progress);
    }
}
