package dev.cfae.io;

/** Parsing of rating values: strict decimal syntax, finite results, a fast path for small integers. */
final class Numbers {
    private static final int MAX_FAST_DIGITS = 7; // every integer of up to 7 digits is exact in a float

    private Numbers() {
    }

    /**
     * Parses {@code text[start, end)} as a finite decimal number such as {@code 4}, {@code 3.5},
     * {@code -1} or {@code 2.5e0}.
     *
     * @throws IllegalArgumentException with a message describing the problem
     */
    static float parseRating(String text, int start, int end) {
        int length = end - start;
        if (length > 0 && length <= MAX_FAST_DIGITS && RatingFileReader.isDigits(text, start, end)) {
            int value = 0;
            for (int p = start; p < end; p++) {
                value = value * 10 + (text.charAt(p) - '0');
            }
            return value;
        }
        String field = text.substring(start, end);
        if (field.isEmpty()) {
            throw new IllegalArgumentException("empty rating (expected a decimal number such as 4 or 3.5)");
        }
        if (isNonFiniteWord(field)) {
            throw new IllegalArgumentException("rating must be a finite number, got '" + field + "'");
        }
        if (!isDecimal(field)) {
            throw new IllegalArgumentException("unparsable rating '" + field
                    + "' (expected a decimal number such as 4, 3.5 or 2.5e0)");
        }
        float value = Float.parseFloat(field);
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("rating must be a finite number, got '" + field + "' (too large)");
        }
        return value;
    }

    private static boolean isNonFiniteWord(String field) {
        String word = field.charAt(0) == '+' || field.charAt(0) == '-' ? field.substring(1) : field;
        return word.equalsIgnoreCase("nan") || word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity");
    }

    /**
     * [+-]? digits [. digits?]? or [+-]? . digits, then an optional exponent [eE][+-]? digits. Checked
     * by hand because {@link Float#parseFloat} also accepts hexadecimal, suffixes like {@code 3f} and
     * NaN.
     */
    private static boolean isDecimal(String field) {
        int p = 0;
        int n = field.length();
        if (field.charAt(p) == '+' || field.charAt(p) == '-') {
            p++;
        }
        int digits = 0;
        while (p < n && isDigit(field.charAt(p))) {
            p++;
            digits++;
        }
        if (p < n && field.charAt(p) == '.') {
            p++;
            while (p < n && isDigit(field.charAt(p))) {
                p++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (p < n && (field.charAt(p) == 'e' || field.charAt(p) == 'E')) {
            p++;
            if (p < n && (field.charAt(p) == '+' || field.charAt(p) == '-')) {
                p++;
            }
            int exponentDigits = 0;
            while (p < n && isDigit(field.charAt(p))) {
                p++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return p == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
