package dev.cfae.engine.backend;

/**
 * The ND4J backend asked for by {@code cfae.engine.backend} cannot be loaded in this JVM. Fatal: the
 * message says why and how to get a build that has it.
 */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
