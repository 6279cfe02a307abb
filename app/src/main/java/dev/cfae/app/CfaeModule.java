package dev.cfae.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import dev.cfae.engine.VariantRegistry;

import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Guice wiring of the application from a resolved configuration. The variant registry is filled
 * by {@link java.util.ServiceLoader} alone; Guice never lists variants a second time.
 */
public final class CfaeModule extends AbstractModule {
    private final Config resolved;
    private final ClassLoader classLoader;
    private final Consumer<String> progress;

    /**
     * @param resolved    configuration from {@link dev.cfae.app.config.ConfigLoader}, already checked
     * @param classLoader the loader that sees the variants (and plugins)
     * @param progress    where progress lines go
     */
    public CfaeModule(Config resolved, ClassLoader classLoader, Consumer<String> progress) {
        this.resolved = requireNonNull(resolved, "resolved is null");
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
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
        return VariantRegistry.load(classLoader);
    }

    @Provides
    @Singleton
    Cfae cfae(Config config, VariantRegistry registry) {
        return new Cfae(config, registry, progress);
    }
}
