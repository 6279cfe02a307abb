package dev.cfae.api.config;

import static java.util.Objects.requireNonNull;

/**
 * Bad configuration: an unknown key, a value of the wrong type, out of range, or an impossible
 * combination. The message always names the full key (e.g. {@code cfae.trainer.epochs}).
 */
public final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public SettingsException(String key, String problem) {
        super(requireNonNull(key, "key is null") + ": " + problem);
        this.key = key;
    }

    public SettingsException(String key, String problem, Throwable cause) {
        super(requireNonNull(key, "key is null") + ": " + problem, cause);
        this.key = key;
    }

    /** The full configuration key at fault. */
    public String key() {
        return key;
    }
}
