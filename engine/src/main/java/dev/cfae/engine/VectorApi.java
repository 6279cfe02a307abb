package dev.cfae.engine;

import jdk.incubator.vector.FloatVector;

/**
 * Whether cfae's Vector API kernels can run here. They need the incubating module
 * ({@code jdk.incubator.vector}) in the boot layer, which it is only when Java runs with
 * {@code --add-modules jdk.incubator.vector} (the {@code cfae} launcher and the build's tests do),
 * and a CPU whose vectors are at least 256 bits wide (AVX2 on x86): the kernels use 256-bit
 * vectors, which the JVM runs through a slow Java fallback where the hardware's are narrower. Where
 * either is missing, cfae's Vector API kernels (sparse layers, fused Adam, activations and bias
 * passes, the combined model's axpy and dot) give way to the ND4J paths or plain Java loops, rather
 * than a {@code NoClassDefFoundError} mid-run or a many times slower step.
 */
public final class VectorApi {
    /** Java's flag that makes the module available. */
    public static final String FLAG = "--add-modules jdk.incubator.vector";
    /** The vector width the kernels are written for. */
    static final int KERNEL_BITS = 256;

    private static final String MISSING = missing(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            ? Hardware.preferredBits() : 0);

    private VectorApi() {
    }

    public static boolean available() {
        return MISSING == null;
    }

    /**
     * What the kernels lack here, phrased to follow "the sparse kernels need", or null if
     * {@linkplain #available() available}.
     */
    public static String missing() {
        return MISSING;
    }

    /**
     * What is missing given the CPU's preferred vector width in bits, 0 meaning the module is absent
     * (then the width cannot be asked).
     */
    static String missing(int preferredBits) {
        if (preferredBits == 0) {
            return "Java's " + FLAG + " (the cfae launcher sets it)";
        }
        if (preferredBits < KERNEL_BITS) {
            return "a CPU with " + KERNEL_BITS + "-bit vectors (AVX2); this JVM's are " + preferredBits + "-bit";
        }
        return null;
    }

    /** Touches the module's classes, so loaded only once the module is known to be present. */
    private static final class Hardware {
        static int preferredBits() {
            return FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
