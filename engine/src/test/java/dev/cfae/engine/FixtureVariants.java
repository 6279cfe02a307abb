package dev.cfae.engine;

import com.typesafe.config.Config;
import dev.cfae.api.Model;
import dev.cfae.api.VariantContext;
import dev.cfae.api.VariantFactory;

/** Variant factories for registry tests; they are only ever listed, never asked for a model. */
final class FixtureVariants {
    private FixtureVariants() {
    }

    /** Shared behaviour: a name and a description, no models. */
    abstract static class Named implements VariantFactory {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "registry test fixture " + name;
        }

        @Override
        public Model create(VariantContext context, Config config) {
            throw new UnsupportedOperationException("registry test fixture");
        }
    }

    public static final class Autoencoder extends Named {
        public Autoencoder() {
            super("autoencoder");
        }
    }

    public static final class KSparse extends Named {
        public KSparse() {
            super("k-sparse");
        }
    }

    /** Claims the name of {@link Autoencoder}. */
    public static final class AnotherAutoencoder extends Named {
        public AnotherAutoencoder() {
            super("autoencoder");
        }
    }

    public static final class BadName extends Named {
        public BadName() {
            super("K_Sparse");
        }
    }

    /** A factory with any name, for the list constructor. */
    static final class Any extends Named {
        Any(String name) {
            super(name);
        }
    }
}
