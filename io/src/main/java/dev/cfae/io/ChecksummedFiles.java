package dev.cfae.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reading the binary formats that are read whole, start with magic bytes and end in a CRC32C of every
 * byte before it (model and checkpoint files); every problem is a {@link ModelFormatException} naming the file.
 */
final class ChecksummedFiles {
    private ChecksummedFiles() {
    }

    /**
     * The bytes of {@code file}, refused when larger than {@code maxBytes}.
     *
     * @param limitName what the limit is called in the error, e.g. "model file limit"
     * @param whenMissing the problem to report when the file does not exist, or null to report it like
     *     any other read failure
     */
    static byte[] readAll(Path file, long maxBytes, String limitName, String whenMissing) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new ModelFormatException(file, "file of " + size + " bytes exceeds the " + limitName + " of "
                        + maxBytes);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file, whenMissing != null ? whenMissing
                    : "cannot read: " + LineReader.describe(e), e);
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read: " + LineReader.describe(e), e);
        }
    }

    /**
     * Checks that the file in {@code buffer} starts with {@code magic}; a file that ends first is
     * truncated, one that differs is {@code notThisFormat}.
     */
    static void checkMagic(Path file, ByteBuffer buffer, byte[] magic, String notThisFormat) {
        int size = buffer.limit();
        for (int k = 0; k < magic.length; k++) {
            if (k >= size) {
                throw new ModelFormatException(file, "truncated: only " + size + " bytes");
            }
            if (buffer.get(k) != magic[k]) {
                throw new ModelFormatException(file, notThisFormat + ": wrong magic bytes");
            }
        }
    }

    /** Checks the trailing checksum of the whole file in {@code buffer} (position and limit are ignored). */
    static void checkChecksum(Path file, ByteBuffer buffer, int size) {
        CRC32C checksum = new CRC32C();
        checksum.update(buffer.array(), 0, size - Integer.BYTES);
        int stored = buffer.getInt(size - Integer.BYTES);
        if (stored != (int) checksum.getValue()) {
            throw new ModelFormatException(file, String.format("checksum mismatch (stored %08x, computed %08x): "
                    + "the file is corrupted", stored, (int) checksum.getValue()));
        }
    }
}
