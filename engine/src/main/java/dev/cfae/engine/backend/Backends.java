package dev.cfae.engine.backend;

import dev.cfae.engine.nn.KernelThreads;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Loads the configured ND4J backend and applies the thread settings. ND4J picks its backend once per
 * JVM, when the {@code Nd4j} class initialises, so {@link #select} must run before anything else
 * touches ND4J; afterwards it checks what was really loaded and fails if that is not what was asked.
 */
public final class Backends {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    /** Environment variables the native library reads when it loads; reported, never set. */
    private static final List<String> THREAD_ENVIRONMENT = List.of("OMP_NUM_THREADS", "OMP_WAIT_POLICY");

    private Backends() {
    }

    /**
     * Loads the backend {@code settings} ask for, sets the BLAS and OpenMP threads and reports what
     * is in effect.
     *
     * @throws BackendUnavailableException if the asked backend is not on the class path, cannot run
     *                                     here, or ND4J had already loaded another one
     */
    public static BackendInfo select(EngineSettings settings) {
        requireNonNull(settings, "settings is null");
        String loaded = loadBackend(settings.backend());
        return applyThreads(settings, loaded, System.getenv());
    }

    private static String loadBackend(BackendChoice choice) {
        ClassLoader previous = ND4JClassLoading.getNd4jClassloader();
        if (choice != BackendChoice.AUTO) {
            List<String> listed = BackendServiceFilter.listedBackends(previous);
            if (!listed.contains(choice.backendClass())) {
                throw unavailable(choice, "the class path has no " + choice.backendClass()
                        + " (backends found: " + listed + ")", null);
            }
            ND4JClassLoading.setNd4jClassloader(new BackendServiceFilter(previous, choice.backendClass()));
        }
        String loaded;
        try {
            loaded = Nd4j.getBackend().getClass().getName();
        } catch (LinkageError | RuntimeException e) {
            // A failed static initialisation of Nd4j surfaces as ExceptionInInitializerError, later as NoClassDefFoundError.
            throw unavailable(choice, "ND4J could not start it (" + rootMessage(e)
                    + "; ND4J logs the underlying error, e.g. a missing GPU driver, before this)", e);
        } finally {
            // The filter is only needed while Nd4j picks its backend; leave ND4J's loader as it was.
            ND4JClassLoading.setNd4jClassloader(previous);
        }
        verify(choice, loaded);
        return loaded;
    }

    /** Fails unless {@code loadedBackend} is the backend that {@code choice} requires. */
    static void verify(BackendChoice choice, String loadedBackend) {
        requireNonNull(choice, "choice is null");
        requireNonNull(loadedBackend, "loadedBackend is null");
        if (choice != BackendChoice.AUTO && !choice.backendClass().equals(loadedBackend)) {
            throw unavailable(choice, "ND4J loaded " + loadedBackend + " instead; it picks its backend once per JVM,"
                    + " so something used ND4J before the backend was selected", null);
        }
    }

    static BackendInfo applyThreads(EngineSettings settings, String loadedBackend, Map<String, String> environment) {
        List<String> warnings = new ArrayList<>();
        Blas blas = Nd4j.factory().blas();
        if (settings.blasThreads() > 0) {
            blas.setMaxThreads(settings.blasThreads());
        }
        int blasThreads = blas.getMaxThreads();
        if (settings.blasThreads() > 0 && blasThreads != settings.blasThreads()) {
            warnings.add("cfae.engine.threads.blas = " + settings.blasThreads() + " did not take effect: "
                    + blasThreads + " BLAS threads in effect");
        }
        NativeOps nativeOps = NativeOpsHolder.getInstance().getDeviceNativeOps();
        if (settings.ompThreads() > 0) {
            nativeOps.setOmpNumThreads(settings.ompThreads());
        }
        int ompThreads = nativeOps.ompGetMaxThreads();
        if (settings.ompThreads() > 0 && ompThreads != settings.ompThreads()) {
            warnings.add("cfae.engine.threads.omp = " + settings.ompThreads() + " did not take effect: "
                    + ompThreads + " OpenMP threads in effect; set OMP_NUM_THREADS in the environment instead");
        }
        int kernelThreads = KernelThreads.configure(settings.kernelThreads()).threads();
        Map<String, String> threadEnvironment = new HashMap<>();
        for (String name : THREAD_ENVIRONMENT) {
            String value = environment.get(name);
            if (value != null) {
                threadEnvironment.put(name, value);
            }
        }
        for (String warning : warnings) {
            LOG.warn(warning);
        }
        return new BackendInfo(settings.backend(), loadedBackend, blasThreads, ompThreads,
                Nd4j.getEnvironment().maxThreads(), kernelThreads, threadEnvironment, warnings);
    }

    private static BackendUnavailableException unavailable(BackendChoice choice, String reason, Throwable cause) {
        String message = switch (choice) {
            case CUDA -> "The CUDA backend is unavailable (cfae.engine.backend = cuda): " + reason + ". Build cfae"
                    + " with the CUDA profile (./mvnw -Pcuda package) and run it on a machine with an NVIDIA GPU of"
                    + " compute capability 8.6 or lower and the CUDA 11.6 runtime, or set cfae.engine.backend to"
                    + " auto or cpu.";
            case CPU -> "The CPU backend is unavailable (cfae.engine.backend = cpu): " + reason + ". Build cfae with"
                    + " the default cpu profile, which puts org.nd4j:nd4j-native on the class path.";
            case AUTO -> "No ND4J backend could be loaded (cfae.engine.backend = auto): " + reason + ". Build cfae"
                    + " with the cpu profile (the default) or the cuda profile (-Pcuda).";
        };
        return new BackendUnavailableException(message, cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
