package dev.cfae.io;

import java.nio.file.Path;

/**
 * A model file that cannot be restored: wrong magic bytes, an unknown format version, a truncated
 * or corrupted file (checksum mismatch), or inconsistent contents. The problem names the byte
 * offset where it is known.
 */
public final class ModelFormatException extends DataFormatException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(Path file, String problem) {
        super(file, 0, 0, problem);
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file, 0, 0, problem, cause);
    }
}
