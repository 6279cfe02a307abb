package dev.cfae.engine.backend;

/** The ND4J backend asked for by {@code cfae.engine.backend}. */
public enum BackendChoice {
    /** ND4J's own choice: CUDA if it is on the class path and usable, otherwise the CPU. */
    AUTO(null),
    /** The CPU backend, {@code org.nd4j:nd4j-native}. */
    CPU("org.nd4j.linalg.cpu.nativecpu.CpuBackend"),
    /** The CUDA backend, {@code org.nd4j:nd4j-cuda-11.6} (a build with {@code -Pcuda}). */
    CUDA("org.nd4j.linalg.jcublas.JCublasBackend");

    private final String backendClass;

    BackendChoice(String backendClass) {
        this.backendClass = backendClass;
    }

    /** The {@code Nd4jBackend} implementation this choice requires, or null for {@link #AUTO}. */
    public String backendClass() {
        return backendClass;
    }
}
