package dev.cfae.io;

import dev.cfae.api.data.RatingRange;
import dev.cfae.api.data.Ratings;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What {@link RatingFiles#read} produces: the training ratings and, if a test file was given, the
 * test ratings, both over the same user and item indices.
 *
 * @param train     the training file's ratings
 * @param test      the test file's ratings, empty when no test file was given
 * @param range     the valid rating range: configured bounds where set, else the training data's
 * @param trainFile what was read from the training file
 * @param testFile  what was read from the test file, empty when none was given
 */
public record LoadedRatings(Ratings train, Optional<Ratings> test, RatingRange range, FileSummary trainFile,
        Optional<FileSummary> testFile) {
    public LoadedRatings {
        requireNonNull(train, "train is null");
        requireNonNull(test, "test is null");
        requireNonNull(range, "range is null");
        requireNonNull(trainFile, "trainFile is null");
        requireNonNull(testFile, "testFile is null");
        if (test.isPresent() != testFile.isPresent()) {
            throw new IllegalArgumentException("test ratings and test file summary must be given together");
        }
    }

    /** Lines merged into an earlier rating of the same pair (policies last and mean), over both files. */
    public int duplicatesMerged() {
        return trainFile.duplicatesMerged() + testFile.map(FileSummary::duplicatesMerged).orElse(0);
    }

    /**
     * One file as read.
     *
     * @param file             the path read
     * @param format           its format (detected, when the setting was auto)
     * @param ratings          number of ratings kept
     * @param duplicatesMerged number of lines merged into an earlier rating of the same pair
     */
    public record FileSummary(Path file, RatingFormat format, int ratings, int duplicatesMerged) {
        public FileSummary {
            requireNonNull(file, "file is null");
            requireNonNull(format, "format is null");
        }
    }
}
