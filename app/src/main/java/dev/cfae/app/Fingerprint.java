package dev.cfae.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of the input files, recorded with every result so it can be tied to its data. */
public final class Fingerprint {
    private Fingerprint() {
    }

    /** The hex SHA-256 over the train file's bytes, then the test file's if there is one. */
    public static String sha256(Path train, Path testOrNull) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, train);
            if (testOrNull != null) {
                update(digest, testOrNull);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void update(MessageDigest digest, Path file) {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
