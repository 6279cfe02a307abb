package dev.cfae.engine.backend;

import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the {@code cfae.engine} block: the ND4J backend and its thread counts.
 *
 * @param backend     which backend to load
 * @param blasThreads BLAS threads to set at runtime; 0 leaves the library default
 * @param ompThreads  OpenMP threads to set at runtime; 0 leaves what the environment says
 * @param kernelThreads threads of cfae's own Java kernels (sparse layers, fused Adam); 0 is one per
 *                    available processor
 */
public record EngineSettings(BackendChoice backend, int blasThreads, int ompThreads, int kernelThreads) {
    /** The configuration block these settings come from. */
    public static final String BLOCK = "cfae.engine";
    /** More threads than this is surely a typo. */
    static final int MAX_THREADS = 4096;

    public EngineSettings {
        requireNonNull(backend, "backend is null");
        checkThreads("threads.blas", blasThreads);
        checkThreads("threads.omp", ompThreads);
        checkThreads("threads.kernels", kernelThreads);
    }

    /** Reads the {@code cfae.engine} block. */
    public static EngineSettings fromConfig(ConfigBlock block) {
        requireNonNull(block, "block is null");
        return new EngineSettings(
                block.getEnum("backend", BackendChoice.class),
                block.getInt("threads.blas"),
                block.getInt("threads.omp"),
                block.getInt("threads.kernels"));
    }

    private static void checkThreads(String path, int value) {
        if (value < 0 || value > MAX_THREADS) {
            throw new SettingsException(BLOCK + "." + path, "must be in [0, " + MAX_THREADS + "], got " + value);
        }
    }
}
