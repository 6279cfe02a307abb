package dev.cfae.io;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Shared pieces of the text writers: strict UTF-8 output and CSV field quoting. */
final class TextOutput {
    private TextOutput() {
    }

    /** A buffered UTF-8 writer that fails on text that cannot be encoded (unpaired surrogates). */
    static Writer utf8(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    /** A CSV field, quoted as RFC 4180 requires when it holds a comma, quote or line break. */
    static String csvField(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + text.replace("\"", "\"\"") + '"';
            }
        }
        return text;
    }

    static void requireFinite(float[] predictions, int k) {
        if (!Float.isFinite(predictions[k])) {
            throw new IllegalArgumentException("prediction " + k + " is not finite: " + predictions[k]);
        }
    }
}
