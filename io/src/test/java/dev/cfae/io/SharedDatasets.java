package dev.cfae.io;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the real rating data sets, which live outside the repository in a folder
 * {@code shared/datasets} (on CI beside the clone, as {@code ../shared/datasets}). Tests that need a
 * file call {@link #require}, which skips the test through an assumption when the file is absent,
 * so the build passes without the data. Shared with other modules through the io test-jar.
 *
 * <p>The folder is, in order: the system property {@value #PROPERTY}, the environment variable
 * {@value #ENVIRONMENT}, or the first {@code shared/datasets} found in the working directory or one
 * of its ancestors. An explicit setting that names no directory means "absent"; it never falls
 * back to the search.
 */
public final class SharedDatasets {
    /** System property naming the data set folder. */
    public static final String PROPERTY = "cfae.shared.datasets";
    /** Environment variable naming the data set folder. */
    public static final String ENVIRONMENT = "CFAE_SHARED_DATASETS";

    private SharedDatasets() {
    }

    /** The data set folder, if there is one. */
    public static Optional<Path> root() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENVIRONMENT);
        }
        if (configured != null && !configured.isBlank()) {
            Path folder = Path.of(configured).toAbsolutePath().normalize();
            return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
        }
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve("shared").resolve("datasets");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A file below the data set folder, e.g. {@code ml-100k/u.data}, if it exists. */
    public static Optional<Path> find(String relative) {
        return root().map(folder -> folder.resolve(relative)).filter(Files::isRegularFile);
    }

    /** A file below the data set folder; skips the calling test when it is absent. */
    public static Path require(String relative) {
        Optional<Path> file = find(relative);
        Assumptions.assumeTrue(file.isPresent(), () -> "shared data set file " + relative + " not found; set -D"
                + PROPERTY + " or " + ENVIRONMENT + ", or place shared/datasets beside the clone");
        return file.orElseThrow();
    }
}
