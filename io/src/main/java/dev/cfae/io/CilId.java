package dev.cfae.io;

/**
 * The cell ids of the CIL data and submission files: {@code r<user>_c<item>} with one-based
 * numbers, e.g. {@code r44_c1}, also spelled {@code r_44_c_1}. The numbers must fit an int. The
 * external ids are the numbers as decimal strings ("44", "1"); a leading zero is dropped, so
 * {@code r044_c1} names the same user as {@code r44_c1}.
 */
final class CilId {
    private CilId() {
    }

    /**
     * Parses {@code text[start, end)} into {@code user << 32 | item}.
     *
     * @throws IllegalArgumentException with a message describing the problem
     */
    static long parse(String text, int start, int end) {
        int p = start;
        if (p == end || text.charAt(p) != 'r') {
            throw malformed(text, start, end);
        }
        p++;
        if (p < end && text.charAt(p) == '_') {
            p++;
        }
        int userEnd = digitsEnd(text, p, end);
        long user = number(text, start, end, p, userEnd, "user");
        p = userEnd;
        if (p + 1 >= end || text.charAt(p) != '_' || text.charAt(p + 1) != 'c') {
            throw malformed(text, start, end);
        }
        p += 2;
        if (p < end && text.charAt(p) == '_') {
            p++;
        }
        int itemEnd = digitsEnd(text, p, end);
        if (itemEnd != end) {
            throw malformed(text, start, end);
        }
        long item = number(text, start, end, p, itemEnd, "item");
        return user << 32 | item;
    }

    /** True if {@code text[start, end)} is a well-formed id. */
    static boolean matches(String text, int start, int end) {
        try {
            parse(text, start, end);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static int user(long packed) {
        return (int) (packed >>> 32);
    }

    static int item(long packed) {
        return (int) packed;
    }

    private static int digitsEnd(String text, int from, int end) {
        int p = from;
        while (p < end && text.charAt(p) >= '0' && text.charAt(p) <= '9') {
            p++;
        }
        return p;
    }

    private static long number(String text, int start, int end, int from, int to, String what) {
        if (from == to) {
            throw malformed(text, start, end);
        }
        long value = 0;
        for (int p = from; p < to; p++) {
            value = value * 10 + (text.charAt(p) - '0');
            if (value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " number " + text.substring(from, to) + " in id '"
                        + text.substring(start, end) + "' does not fit an int");
            }
        }
        if (value == 0) {
            throw new IllegalArgumentException(what + " number 0 in id '" + text.substring(start, end)
                    + "': numbers are one-based");
        }
        return value;
    }

    private static IllegalArgumentException malformed(String text, int start, int end) {
        return new IllegalArgumentException("unparsable id '" + text.substring(start, end)
                + "' (expected r<user>_c<item> such as r44_c1, or r_44_c_1)");
    }
}
