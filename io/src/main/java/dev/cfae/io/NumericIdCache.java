package dev.cfae.io;

import dev.cfae.api.data.IdIndex;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Puts ids into an {@link IdIndex.Builder} through a shortcut for the common case of small decimal
 * numbers: an array from the number to its index, so most lines need no String and no hashing.
 * Only canonical numbers (no sign, no leading zero) take the shortcut, because "007" and "7" are
 * different ids; everything else goes to the builder as a string.
 */
final class NumericIdCache {
    private static final int LIMIT = 1 << 21; // numbers at or above this go to the builder
    private static final int MAX_DIGITS = 7; // short enough that parsing cannot overflow before the LIMIT check

    private final IdIndex.Builder builder;
    private int[] indexPlusOne = new int[1 << 10]; // 0 = not cached yet

    NumericIdCache(IdIndex.Builder builder) {
        this.builder = requireNonNull(builder, "builder is null");
    }

    /** The index of the id {@code text[start, end)}. */
    int index(String text, int start, int end) {
        int number = canonicalNumber(text, start, end);
        if (number < 0) {
            return builder.add(text.substring(start, end));
        }
        return index(number, text, start, end);
    }

    /** The index of the id written as the decimal {@code number}, which must be non-negative. */
    int index(int number) {
        if (number >= LIMIT) {
            return builder.add(Integer.toString(number));
        }
        return index(number, null, 0, 0);
    }

    private int index(int number, String text, int start, int end) {
        if (number >= indexPlusOne.length) {
            indexPlusOne = Arrays.copyOf(indexPlusOne, Math.min(LIMIT, Math.max(number + 1, indexPlusOne.length * 2)));
        }
        int cached = indexPlusOne[number];
        if (cached == 0) {
            cached = builder.add(text == null ? Integer.toString(number) : text.substring(start, end)) + 1;
            indexPlusOne[number] = cached;
        }
        return cached - 1;
    }

    /** The value of a canonical decimal number below {@link #LIMIT}, else -1. */
    private static int canonicalNumber(String text, int start, int end) {
        int length = end - start;
        if (length == 0 || length > MAX_DIGITS || (length > 1 && text.charAt(start) == '0')) {
            return -1;
        }
        int value = 0;
        for (int p = start; p < end; p++) {
            char c = text.charAt(p);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value < LIMIT ? value : -1;
    }
}
