package dev.cfae.engine.nn;

import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.engine.VectorApi;

import static java.util.Objects.requireNonNull;

/**
 * The {@code cfae.engine.sparse} block: whether models that can (the autoencoder family) train with
 * sparse input and masked output kernels or with dense rows and GEMMs.
 *
 * @param mode           sparse, dense, or auto (sparse when the training matrix is at most
 *                       {@code autoMaxDensity} full)
 * @param autoMaxDensity the density (observed / all cells) up to which auto chooses sparse
 */
public record SparseSettings(Mode mode, double autoMaxDensity) {
    /** Dense rows and GEMMs, the path every model supports. */
    public static final SparseSettings DENSE = new SparseSettings(Mode.DENSE, 0);

    public enum Mode { AUTO, SPARSE, DENSE }

    public SparseSettings {
        requireNonNull(mode, "mode is null");
        if (!(autoMaxDensity >= 0 && autoMaxDensity <= 1)) {
            throw new SettingsException("cfae.engine.sparse.auto-max-density", "must be in [0, 1], got " + autoMaxDensity);
        }
    }

    /** Reads {@code sparse.*} of the {@code cfae.engine} block. */
    public static SparseSettings fromConfig(ConfigBlock engine) {
        requireNonNull(engine, "engine is null");
        return new SparseSettings(engine.getEnum("sparse.mode", Mode.class), engine.getDouble("sparse.auto-max-density"));
    }

    /**
     * Whether a training matrix of this density runs the sparse kernels. They need the Vector API
     * ({@link VectorApi}): without it auto chooses dense, and sparse is a configuration error naming
     * what is missing.
     */
    public boolean useSparse(double density) {
        return useSparse(density, VectorApi.missing());
    }

    /** {@link #useSparse(double)} given what the Vector API kernels lack, null if nothing. */
    boolean useSparse(double density, String vectorApiMissing) {
        if (mode == Mode.SPARSE && vectorApiMissing != null) {
            throw new SettingsException("cfae.engine.sparse.mode", "sparse kernels need " + vectorApiMissing
                    + "; use auto or dense");
        }
        return vectorApiMissing == null && (mode == Mode.SPARSE || mode == Mode.AUTO && density <= autoMaxDensity);
    }
}
