package dev.cfae.io;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The {@code cfae.data} block: which rating files to read, how, and how to split them. Defaults
 * and a comment on every key live in this module's {@code reference.conf}. Paths stay as written;
 * the caller resolves them.
 *
 * @param train              ratings file to train on ({@code cfae.data.train})
 * @param test               optional given test file, or null to take a random test split
 *                           ({@code cfae.data.test})
 * @param format             file layout, {@link RatingFormat#AUTO} to detect it ({@code cfae.data.format})
 * @param userColumn         header name of the user column in csv/tsv files ({@code cfae.data.columns.user})
 * @param itemColumn         header name of the item column in csv/tsv files ({@code cfae.data.columns.item})
 * @param ratingColumn       header name of the rating column in csv/tsv files ({@code cfae.data.columns.rating})
 * @param ratingMin          smallest valid rating, or NaN to take it from the training data
 *                           ({@code cfae.data.rating-range.min})
 * @param ratingMax          largest valid rating, or NaN to take it from the training data
 *                           ({@code cfae.data.rating-range.max})
 * @param duplicates         what to do with a repeated (user, item) pair ({@code cfae.data.duplicates})
 * @param testFraction       share of all ratings held out for testing when no test file is given,
 *                           in [0, 1) ({@code cfae.data.split.test-fraction})
 * @param validationFraction share of the training part held out for validation, in [0, 1)
 *                           ({@code cfae.data.split.validation-fraction})
 */
public record DataSettings(String train, String test, RatingFormat format, String userColumn, String itemColumn,
        String ratingColumn, double ratingMin, double ratingMax, DuplicatePolicy duplicates, double testFraction,
        double validationFraction) {

    /** The configuration block this record is read from. */
    public static final String BLOCK = "cfae.data";

    private static final Set<String> GROUPS = Set.of("columns", "rating-range", "split");
    private static final Set<String> KEYS = Set.of("train", "test", "format", "columns.user", "columns.item",
            "columns.rating", "rating-range.min", "rating-range.max", "duplicates", "split.test-fraction",
            "split.validation-fraction");

    public DataSettings {
        requireNonNull(format, "format is null");
        requireNonNull(duplicates, "duplicates is null");
        requireText("train", train);
        if (test != null) {
            requireText("test", test);
        }
        requireText("columns.user", userColumn);
        requireText("columns.item", itemColumn);
        requireText("columns.rating", ratingColumn);
        if (userColumn.equals(itemColumn) || userColumn.equals(ratingColumn) || itemColumn.equals(ratingColumn)) {
            throw new SettingsException(key("columns"), "user, item and rating columns must differ, got "
                    + userColumn + ", " + itemColumn + ", " + ratingColumn);
        }
        requireFiniteOrUnset("rating-range.min", ratingMin);
        requireFiniteOrUnset("rating-range.max", ratingMax);
        if (ratingMin > ratingMax) {
            throw new SettingsException(key("rating-range"), "min " + ratingMin + " is greater than max " + ratingMax);
        }
        requireFraction("split.test-fraction", testFraction);
        requireFraction("split.validation-fraction", validationFraction);
        if (!(testFraction + validationFraction < 1.0)) {
            throw new SettingsException(key("split"), "test-fraction + validation-fraction must be < 1, got "
                    + testFraction + " + " + validationFraction);
        }
    }

    /** Reads every key of the {@code cfae.data} block; unknown keys are errors. */
    public static DataSettings fromConfig(ConfigBlock block) {
        requireNonNull(block, "block is null");
        rejectUnknownKeys(block, block.config().root(), "");
        return new DataSettings(
                block.getString("train"),
                block.getOptionalString("test"),
                block.getEnum("format", RatingFormat.class),
                block.getString("columns.user"),
                block.getString("columns.item"),
                block.getString("columns.rating"),
                block.getOptionalDouble("rating-range.min"),
                block.getOptionalDouble("rating-range.max"),
                block.getEnum("duplicates", DuplicatePolicy.class),
                block.getDouble("split.test-fraction"),
                block.getDouble("split.validation-fraction"));
    }

    public boolean hasTest() {
        return test != null;
    }

    public boolean hasRatingMin() {
        return !Double.isNaN(ratingMin);
    }

    public boolean hasRatingMax() {
        return !Double.isNaN(ratingMax);
    }

    private static void rejectUnknownKeys(ConfigBlock block, ConfigObject object, String prefix) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String path = prefix + entry.getKey();
            if (GROUPS.contains(path) && entry.getValue() instanceof ConfigObject group) {
                rejectUnknownKeys(block, group, path + ".");
            } else if (!KEYS.contains(path)) {
                throw new SettingsException(block.key(path), "unknown key; known keys are " + new TreeSet<>(KEYS));
            }
        }
    }

    private static String key(String path) {
        return BLOCK + "." + path;
    }

    private static void requireText(String path, String value) {
        if (value == null || value.isBlank()) {
            throw new SettingsException(key(path), "must be a non-empty string");
        }
    }

    private static void requireFiniteOrUnset(String path, double value) {
        if (Double.isInfinite(value)) {
            throw new SettingsException(key(path), "must be a finite number or null, got " + value);
        }
    }

    private static void requireFraction(String path, double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new SettingsException(key(path), "must be in [0, 1), got " + value);
        }
    }
}
