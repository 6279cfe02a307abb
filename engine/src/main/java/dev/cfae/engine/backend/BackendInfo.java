package dev.cfae.engine.backend;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Collections.unmodifiableMap;
import static java.util.Objects.requireNonNull;

/**
 * The backend and threads really in effect after {@link Backends#select}, measured after applying
 * the settings: what a run logs and records.
 *
 * @param requested    the configured choice
 * @param backendClass the {@code Nd4jBackend} class ND4J loaded
 * @param blasThreads  BLAS threads in effect
 * @param ompThreads   OpenMP threads in effect, as the native library reports them
 * @param nd4jThreads  ND4J's own thread count ({@code Environment.maxThreads()}), fixed when it loaded
 * @param kernelThreads threads of cfae's Java kernels
 * @param environment  the thread-related environment variables that are set (read by the native
 *                     library when it loads), by name
 * @param warnings     settings that did not take effect as asked; empty when all did
 */
public record BackendInfo(BackendChoice requested, String backendClass, int blasThreads, int ompThreads,
        int nd4jThreads, int kernelThreads, Map<String, String> environment, List<String> warnings) {
    public BackendInfo {
        requireNonNull(requested, "requested is null");
        requireNonNull(backendClass, "backendClass is null");
        environment = unmodifiableMap(new TreeMap<>(requireNonNull(environment, "environment is null")));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    /** One line for the log, e.g. {@code backend=CpuBackend (asked auto), blas threads=1, omp threads=1, ...}. */
    public String summary() {
        String simpleName = backendClass.substring(backendClass.lastIndexOf('.') + 1);
        return "backend=" + simpleName + " (asked " + requested.name().toLowerCase(Locale.ROOT) + ")"
                + ", blas threads=" + blasThreads + ", omp threads=" + ompThreads + ", nd4j threads=" + nd4jThreads + ", kernel threads=" + kernelThreads
                + ", environment=" + environment;
    }
}
