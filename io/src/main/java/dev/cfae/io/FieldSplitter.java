package dev.cfae.io;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Splits a line at a fixed separator without regular expressions or per-field allocation: it
 * records where each field starts and ends, with surrounding spaces and tabs trimmed. Quoting is
 * not supported; none of the rating formats uses it. Reused line after line; not thread-safe.
 */
final class FieldSplitter {
    private final String separator;
    private final int separatorChar; // the separator if it is one character, else -1
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int count;

    FieldSplitter(String separator) {
        this.separator = requireNonNull(separator, "separator is null");
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("separator is empty");
        }
        this.separatorChar = separator.length() == 1 ? separator.charAt(0) : -1;
    }

    /** Splits {@code line} and returns the number of fields (at least 1). */
    int split(String line) {
        count = 0;
        int from = 0;
        while (true) {
            int at = separatorChar >= 0 ? line.indexOf(separatorChar, from) : line.indexOf(separator, from);
            int end = at < 0 ? line.length() : at;
            add(line, from, end);
            if (at < 0) {
                return count;
            }
            from = at + separator.length();
        }
    }

    private void add(String line, int start, int end) {
        while (start < end && isBlank(line.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(line.charAt(end - 1))) {
            end--;
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    /** The trimmed text of a field of the line last split. */
    String field(String line, int field) {
        return line.substring(starts[field], ends[field]);
    }
}
