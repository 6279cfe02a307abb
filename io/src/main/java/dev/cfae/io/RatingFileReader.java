package dev.cfae.io;

import dev.cfae.api.data.IdIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Reads one ratings file of a known format into dense user and item indices, assigning new ids
 * through builders that may be shared with another file (train and test). Every problem becomes a
 * {@link DataFormatException} naming file, line and, where it is about one field, its column.
 */
final class RatingFileReader {
    private static final int MOVIELENS_USER = 0;
    private static final int MOVIELENS_ITEM = 1;
    private static final int MOVIELENS_RATING = 2;
    private static final int BYTES_PER_LINE_GUESS = 10;

    private final Path file;
    private final RatingFormat format;
    private final DataSettings settings;
    private final NumericIdCache users;
    private final NumericIdCache items;
    private final PairTable pairs;
    private final Map<Integer, double[]> sumsAndCounts = new HashMap<>();

    private FieldSplitter splitter;
    private int expectedFields;
    private int userField;
    private int itemField;
    private int ratingField;

    private int[] userIndices = new int[1 << 12];
    private int[] itemIndices = new int[1 << 12];
    private float[] values = new float[1 << 12];
    private long[] lineNumbers = new long[1 << 12];
    private int size;
    private int merged;

    /** The ratings of one file as dense indices into the shared builders. */
    record Result(int[] users, int[] items, float[] values, int duplicatesMerged) {
    }

    RatingFileReader(Path file, RatingFormat format, DataSettings settings, IdIndex.Builder users,
            IdIndex.Builder items) {
        this.file = requireNonNull(file, "file is null");
        this.format = requireNonNull(format, "format is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.users = new NumericIdCache(users);
        this.items = new NumericIdCache(items);
        if (format == RatingFormat.AUTO) {
            throw new IllegalArgumentException("resolve the format before reading");
        }
        this.pairs = new PairTable(estimateLines(file));
    }

    /** A guess of the line count from the file size, so the pair table is sized once (lines are rarely under 10 bytes). */
    private static int estimateLines(Path file) {
        try {
            return (int) Math.min(Integer.MAX_VALUE, Files.size(file) / BYTES_PER_LINE_GUESS);
        } catch (IOException e) {
            return 0; // the reader reports the unreadable file itself
        }
    }

    Result read() {
        try (LineReader reader = new LineReader(file)) {
            String line = reader.next();
            if (line == null) {
                throw new DataFormatException(file, 0, 0, "no ratings: the file is empty");
            }
            boolean hasHeader = format == RatingFormat.CIL || format == RatingFormat.CSV || format == RatingFormat.TSV;
            if (hasHeader) {
                readHeader(line);
                line = reader.next();
            } else {
                readFirstMovieLensLine(line);
            }
            while (line != null) {
                readRating(line, reader.lineNumber());
                line = reader.next();
            }
        }
        if (size == 0) {
            throw new DataFormatException(file, 0, 0, "no ratings after the header line");
        }
        for (Map.Entry<Integer, double[]> entry : sumsAndCounts.entrySet()) {
            double[] sumAndCount = entry.getValue();
            values[entry.getKey()] = (float) (sumAndCount[0] / sumAndCount[1]);
        }
        return new Result(Arrays.copyOf(userIndices, size), Arrays.copyOf(itemIndices, size),
                Arrays.copyOf(values, size), merged);
    }

    private void readHeader(String header) {
        switch (format) {
            case CIL -> {
                splitter = new FieldSplitter(",");
                splitter.split(header);
                if (CilId.matches(header, splitter.start(0), splitter.end(0))) {
                    throw new DataFormatException(file, 1, 0,
                            "expected a header line such as Id,Prediction, found data '" + header + "'");
                }
                expectedFields = 2;
                userField = 0;
                itemField = 0;
                ratingField = 1;
            }
            case CSV, TSV -> {
                splitter = new FieldSplitter(format == RatingFormat.CSV ? "," : "\t");
                expectedFields = splitter.split(header);
                List<String> names = new ArrayList<>(expectedFields);
                for (int k = 0; k < expectedFields; k++) {
                    names.add(splitter.field(header, k));
                }
                userField = column(names, settings.userColumn(), "user");
                itemField = column(names, settings.itemColumn(), "item");
                ratingField = column(names, settings.ratingColumn(), "rating");
            }
            default -> throw new IllegalStateException("format without header: " + format);
        }
    }

    private int column(List<String> names, String name, String role) {
        int first = names.indexOf(name);
        if (first < 0) {
            throw new DataFormatException(file, 1, 0, "the header has no " + role + " column '" + name
                    + "' (cfae.data.columns." + role + "); its columns are " + names
                    + "; " + formatName() + " files need a header line");
        }
        if (names.lastIndexOf(name) != first) {
            throw new DataFormatException(file, 1, 0, "the header names column '" + name + "' twice: " + names);
        }
        return first;
    }

    private void readFirstMovieLensLine(String line) {
        String separator = format == RatingFormat.MOVIELENS_TAB ? "\t" : "::";
        splitter = new FieldSplitter(separator);
        int fields = splitter.split(line);
        if (!isDigits(line, splitter.start(0), splitter.end(0))) {
            throw new DataFormatException(file, 1, 1, "line 1 starts with '" + splitter.field(line, 0)
                    + "', not a numeric user id: it looks like a header, but "
                    + formatName() + " files have none");
        }
        if (fields != 3 && fields != 4) {
            throw new DataFormatException(file, 1, 0, "expected 3 or 4 fields (user, item, rating[, timestamp]) "
                    + "separated by " + describe(separator) + ", found " + fields);
        }
        expectedFields = fields;
        userField = MOVIELENS_USER;
        itemField = MOVIELENS_ITEM;
        ratingField = MOVIELENS_RATING;
    }

    private void readRating(String line, long lineNumber) {
        int fields = splitter.split(line);
        if (fields != expectedFields) {
            throw new DataFormatException(file, lineNumber, 0, "expected " + expectedFields + " fields separated by "
                    + describe(format) + ", found " + fields);
        }
        int user;
        int item;
        if (format == RatingFormat.CIL) {
            long packed;
            try {
                packed = CilId.parse(line, splitter.start(0), splitter.end(0));
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(file, lineNumber, 1, e.getMessage(), e);
            }
            user = users.index(CilId.user(packed));
            item = items.index(CilId.item(packed));
        } else {
            user = id(users, line, userField, "user", lineNumber);
            item = id(items, line, itemField, "item", lineNumber);
        }
        float rating = rating(line, lineNumber);
        add(user, item, rating, line, lineNumber);
    }

    private int id(NumericIdCache ids, String line, int field, String role, long lineNumber) {
        int start = splitter.start(field);
        int end = splitter.end(field);
        if (start == end) {
            throw new DataFormatException(file, lineNumber, field + 1, "empty " + role + " id");
        }
        boolean numeric = format == RatingFormat.MOVIELENS_TAB || format == RatingFormat.MOVIELENS_DAT;
        if (numeric && !isDigits(line, start, end)) {
            throw new DataFormatException(file, lineNumber, field + 1, "unparsable " + role + " id '"
                    + line.substring(start, end) + "': " + formatName() + " ids are numbers");
        }
        if (numeric && !fitsInt(line, start, end)) {
            throw new DataFormatException(file, lineNumber, field + 1, role + " id " + line.substring(start, end)
                    + " does not fit an int");
        }
        return ids.index(line, start, end);
    }

    private float rating(String line, long lineNumber) {
        int start = splitter.start(ratingField);
        int end = splitter.end(ratingField);
        int column = ratingField + 1;
        float rating;
        try {
            rating = Numbers.parseRating(line, start, end);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, lineNumber, column, e.getMessage(), e);
        }
        if ((settings.hasRatingMin() && rating < (float) settings.ratingMin())
                || (settings.hasRatingMax() && rating > (float) settings.ratingMax())) {
            throw new DataFormatException(file, lineNumber, column, "rating " + line.substring(start, end)
                    + " is outside the configured range " + configuredRange() + " (cfae.data.rating-range)");
        }
        return rating;
    }

    private void add(int userIndex, int itemIndex, float rating, String line, long lineNumber) {
        int first = pairs.putIfAbsent((long) userIndex << 32 | itemIndex, size);
        if (first >= 0) {
            switch (settings.duplicates()) {
                case ERROR -> throw new DataFormatException(file, lineNumber, 0, "duplicate rating for "
                        + describePair(line) + ": first on line " + lineNumbers[first] + ", again on line "
                        + lineNumber + " (cfae.data.duplicates = error)");
                case LAST -> values[first] = rating;
                case MEAN -> {
                    double[] sumAndCount = sumsAndCounts.computeIfAbsent(first, p -> new double[] {values[p], 1});
                    sumAndCount[0] += rating;
                    sumAndCount[1]++;
                }
            }
            merged++;
            return;
        }
        if (size == values.length) {
            int capacity = size * 2;
            userIndices = Arrays.copyOf(userIndices, capacity);
            itemIndices = Arrays.copyOf(itemIndices, capacity);
            values = Arrays.copyOf(values, capacity);
            lineNumbers = Arrays.copyOf(lineNumbers, capacity);
        }
        userIndices[size] = userIndex;
        itemIndices[size] = itemIndex;
        values[size] = rating;
        lineNumbers[size] = lineNumber;
        size++;
    }

    /** The user and item ids of the line last split. */
    private String describePair(String line) {
        if (format == RatingFormat.CIL) {
            long packed = CilId.parse(line, splitter.start(0), splitter.end(0));
            return "user '" + CilId.user(packed) + "' and item '" + CilId.item(packed) + "'";
        }
        return "user '" + splitter.field(line, userField) + "' and item '" + splitter.field(line, itemField) + "'";
    }

    private String configuredRange() {
        return "[" + (settings.hasRatingMin() ? settings.ratingMin() : "-inf") + ", "
                + (settings.hasRatingMax() ? settings.ratingMax() : "inf") + "]";
    }

    private String formatName() {
        return RatingFiles.configName(format);
    }

    private static String describe(String separator) {
        return separator.equals("\t") ? "tabs" : "'" + separator + "'";
    }

    private static String describe(RatingFormat format) {
        return switch (format) {
            case CIL, CSV -> "commas";
            case TSV, MOVIELENS_TAB -> "tabs";
            case MOVIELENS_DAT -> "'::'";
            case AUTO -> throw new IllegalStateException("unresolved format");
        };
    }

    /** Whether the digits {@code text[start, end)} denote a number no larger than {@link Integer#MAX_VALUE}. */
    private static boolean fitsInt(String text, int start, int end) {
        int first = start;
        while (first < end - 1 && text.charAt(first) == '0') {
            first++;
        }
        int digits = end - first;
        return digits < 10 || (digits == 10 && text.substring(first, end).compareTo("2147483647") <= 0);
    }

    static boolean isDigits(String text, int start, int end) {
        if (start == end) {
            return false;
        }
        for (int p = start; p < end; p++) {
            char c = text.charAt(p);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
