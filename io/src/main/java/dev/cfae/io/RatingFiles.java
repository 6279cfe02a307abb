package dev.cfae.io;

import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.RatingRange;
import dev.cfae.api.data.Ratings;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Reads ratings files in any {@link RatingFormat} into {@link Ratings}. External ids are kept as
 * strings exactly as they appear in the file (for CIL ids, the user and item numbers: {@code r44_c1}
 * is user "44", item "1"). Every problem with a file's content or readability is a
 * {@link DataFormatException} naming the file and, where known, the line and field.
 *
 * <p>Accepted in every format: LF, CRLF and mixed line endings, a UTF-8 byte order mark, and blank
 * lines at the end. Rejected: an empty or header-only file, a blank line inside the data, a wrong
 * number of fields, an unparsable id or rating, a MovieLens id beyond the int range, a NaN or
 * infinite rating, a rating outside the
 * configured range, a header where none belongs (MovieLens files) or a header without the
 * configured columns (csv, tsv), and a repeated (user, item) pair under the policy {@code error}.
 */
public final class RatingFiles {
    private RatingFiles() {
    }

    /**
     * Reads the training file and, if given, the test file. Both share one user and one item index:
     * ids are numbered in first-seen order through the training file, then the test file, so ids
     * seen only in the test file come last.
     *
     * @param settings   format, column names, rating range and duplicate policy
     * @param train      the training ratings file
     * @param testOrNull the test ratings file, or null if there is none
     */
    public static LoadedRatings read(DataSettings settings, Path train, Path testOrNull) {
        requireNonNull(settings, "settings is null");
        requireNonNull(train, "train is null");
        IdIndex.Builder users = IdIndex.builder();
        IdIndex.Builder items = IdIndex.builder();
        RatingFormat trainFormat = resolve(settings.format(), train);
        RatingFileReader.Result trainRead = new RatingFileReader(train, trainFormat, settings, users, items).read();
        RatingFormat testFormat = testOrNull == null ? null : resolve(settings.format(), testOrNull);
        RatingFileReader.Result testRead = testOrNull == null ? null
                : new RatingFileReader(testOrNull, testFormat, settings, users, items).read();

        IdIndex userIndex = users.build();
        IdIndex itemIndex = items.build();
        Ratings trainRatings = Ratings.of(userIndex, itemIndex, trainRead.users(), trainRead.items(), trainRead.values());
        RatingRange observed = trainRatings.observedRange();
        RatingRange range = new RatingRange(
                settings.hasRatingMin() ? (float) settings.ratingMin() : observed.min(),
                settings.hasRatingMax() ? (float) settings.ratingMax() : observed.max());
        LoadedRatings.FileSummary trainSummary = new LoadedRatings.FileSummary(train, trainFormat,
                trainRatings.size(), trainRead.duplicatesMerged());
        if (testRead == null) {
            return new LoadedRatings(trainRatings, Optional.empty(), range, trainSummary, Optional.empty());
        }
        Ratings testRatings = Ratings.of(userIndex, itemIndex, testRead.users(), testRead.items(), testRead.values());
        return new LoadedRatings(trainRatings, Optional.of(testRatings), range, trainSummary,
                Optional.of(new LoadedRatings.FileSummary(testOrNull, testFormat, testRatings.size(),
                        testRead.duplicatesMerged())));
    }

    /**
     * The format of a file judged from its first line: an {@code Id,Prediction} header or an
     * {@code r<n>_c<n>} id is cil; {@code ::} is movielens-dat; tabs with a numeric first field are
     * movielens-tab; other tab-separated lines are a tsv header; comma-separated ones a csv header.
     *
     * @throws DataFormatException if the file is empty, unreadable or fits no format
     */
    public static RatingFormat detectFormat(Path file) {
        requireNonNull(file, "file is null");
        String first;
        try (LineReader reader = new LineReader(file)) {
            first = reader.next();
        }
        if (first == null) {
            throw new DataFormatException(file, 0, 0, "no ratings: the file is empty");
        }
        String line = first.strip();
        int comma = line.indexOf(',');
        String firstField = (comma < 0 ? line : line.substring(0, comma)).strip();
        if (isCilHeader(line) || CilId.matches(firstField, 0, firstField.length())) {
            return RatingFormat.CIL;
        }
        if (line.contains("::")) {
            return RatingFormat.MOVIELENS_DAT;
        }
        int tab = line.indexOf('\t');
        if (tab >= 0) {
            String tabField = line.substring(0, tab).strip();
            return RatingFileReader.isDigits(tabField, 0, tabField.length()) ? RatingFormat.MOVIELENS_TAB
                    : RatingFormat.TSV;
        }
        if (comma >= 0) {
            return RatingFormat.CSV;
        }
        throw new DataFormatException(file, 1, 0, "cannot detect the ratings format from the first line '" + first
                + "'; set cfae.data.format to one of cil, movielens-tab, movielens-dat, csv, tsv");
    }

    /** {@code Id,Prediction} in any case, with spaces or tabs around the fields allowed as the readers allow them. */
    private static boolean isCilHeader(String line) {
        FieldSplitter splitter = new FieldSplitter(",");
        return splitter.split(line) == 2 && splitter.field(line, 0).equalsIgnoreCase("Id")
                && splitter.field(line, 1).equalsIgnoreCase("Prediction");
    }

    /** The configuration spelling of a format, e.g. {@code movielens-tab}. */
    static String configName(RatingFormat format) {
        return ConfigBlock.kebab(format);
    }

    private static RatingFormat resolve(RatingFormat configured, Path file) {
        return configured == RatingFormat.AUTO ? detectFormat(file) : configured;
    }
}
