package dev.cfae.engine;

/**
 * Whether the incubating Vector API ({@code jdk.incubator.vector}) is in the boot layer. It is only
 * when Java runs with {@code --add-modules jdk.incubator.vector} (the {@code cfae} launcher and the
 * build's tests do); a program embedding cfae without the flag gets the ND4J paths instead of the
 * vectorised sparse kernels and fused Adam, rather than a {@code NoClassDefFoundError} mid-run.
 */
public final class VectorApi {
    /** Java's flag that makes the module available. */
    public static final String FLAG = "--add-modules jdk.incubator.vector";

    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorApi() {
    }

    public static boolean available() {
        return AVAILABLE;
    }
}
