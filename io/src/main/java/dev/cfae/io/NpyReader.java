package dev.cfae.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads a two-dimensional float32 {@code .npy} file (format versions 1.0, 2.0 and 3.0, C or Fortran
 * order) such as {@link NpyWriter} writes. The header is checked strictly: its dictionary must hold
 * exactly {@code descr = '<f4'}, a boolean {@code fortran_order} and a two-element {@code shape},
 * and the data must fill the rest of the file exactly. Any problem is a {@link DataFormatException}.
 */
public final class NpyReader {
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;
    /** Real headers are under 200 bytes; a larger declared length means a damaged or crafted file. */
    private static final long MAX_HEADER_BYTES = 1 << 20;

    private NpyReader() {
    }

    public static NpyArray read(Path file) {
        requireNonNull(file, "file is null");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer prefix = readFully(channel, file, 8, "the magic and version");
            for (int k = 0; k < NpyWriter.MAGIC.length; k++) {
                if (prefix.get(k) != NpyWriter.MAGIC[k]) {
                    throw problem(file, "not a .npy file: wrong magic bytes");
                }
            }
            int major = prefix.get(6);
            int minor = prefix.get(7);
            if (minor != 0 || major < 1 || major > 3) {
                throw problem(file, "unsupported .npy format version " + major + "." + minor);
            }
            int lengthBytes = major == 1 ? 2 : 4;
            ByteBuffer lengthField = readFully(channel, file, lengthBytes, "the header length");
            long headerLength = major == 1 ? lengthField.getShort(0) & 0xffff : lengthField.getInt(0) & 0xffffffffL;
            if (headerLength > MAX_HEADER_BYTES) {
                throw problem(file, "declared header length " + headerLength + " exceeds " + MAX_HEADER_BYTES + " bytes");
            }
            if (headerLength > size - channel.position()) {
                throw problem(file, "truncated: header of " + headerLength + " bytes declared, file is " + size + " bytes");
            }
            ByteBuffer headerBytes = readFully(channel, file, (int) headerLength, "the header");
            String header = new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header parsed = parseHeader(file, header);

            long count = (long) parsed.rows * parsed.columns;
            long dataBytes = size - channel.position();
            if (count > MAX_VALUES || dataBytes != count * Float.BYTES) {
                throw problem(file, "shape (" + parsed.rows + ", " + parsed.columns + ") needs " + count * Float.BYTES
                        + " data bytes, the file has " + dataBytes);
            }
            float[] values = new float[(int) count];
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            int filled = 0;
            while (filled < values.length) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), (long) (values.length - filled) * Float.BYTES));
                while (chunk.hasRemaining()) {
                    if (channel.read(chunk) < 0) {
                        throw problem(file, "truncated data");
                    }
                }
                chunk.flip();
                int n = chunk.remaining() / Float.BYTES;
                chunk.asFloatBuffer().get(values, filled, n);
                filled += n;
            }
            return new NpyArray(parsed.rows, parsed.columns, parsed.fortranOrder, values);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, 0, "cannot read: " + LineReader.describe(e), e);
        }
    }

    private static ByteBuffer readFully(FileChannel channel, Path file, int length, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw problem(file, "truncated: the file ends inside " + what);
            }
        }
        return buffer;
    }

    private record Header(int rows, int columns, boolean fortranOrder) {
    }

    private static Header parseHeader(Path file, String header) {
        if (!header.endsWith("\n")) {
            throw problem(file, "the header does not end with a newline");
        }
        DictionaryParser parser = new DictionaryParser(file, header.substring(0, header.length() - 1));
        Map<String, Object> entries = parser.parse();
        if (!entries.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw problem(file, "the header must have exactly the keys descr, fortran_order and shape, found "
                    + entries.keySet());
        }
        if (!"<f4".equals(entries.get("descr"))) {
            throw problem(file, "expected descr '<f4' (little-endian float32), found " + entries.get("descr"));
        }
        if (!(entries.get("fortran_order") instanceof Boolean fortranOrder)) {
            throw problem(file, "fortran_order must be True or False");
        }
        if (!(entries.get("shape") instanceof long[] shape) || shape.length != 2) {
            throw problem(file, "expected a two-dimensional shape (rows, columns)");
        }
        if (shape[0] > Integer.MAX_VALUE || shape[1] > Integer.MAX_VALUE) {
            throw problem(file, "shape (" + shape[0] + ", " + shape[1] + ") is too large");
        }
        return new Header((int) shape[0], (int) shape[1], fortranOrder);
    }

    private static DataFormatException problem(Path file, String problem) {
        return new DataFormatException(file, 0, 0, problem);
    }

    /**
     * The Python literal subset numpy writes: {@code {'key': value, ...}} with string, True/False and
     * tuple-of-integers values, an optional trailing comma, and spaces around tokens.
     */
    private static final class DictionaryParser {
        private final Path file;
        private final String text;
        private int p;

        DictionaryParser(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        Map<String, Object> parse() {
            Map<String, Object> entries = new HashMap<>();
            skipSpaces();
            expect('{');
            skipSpaces();
            while (peek() != '}') {
                String key = string();
                skipSpaces();
                expect(':');
                skipSpaces();
                if (entries.put(key, value()) != null) {
                    throw malformed("key '" + key + "' appears twice");
                }
                skipSpaces();
                if (peek() != '}') {
                    expect(',');
                    skipSpaces();
                }
            }
            expect('}');
            skipSpaces();
            if (p != text.length()) {
                throw malformed("unexpected text after the dictionary");
            }
            return entries;
        }

        private Object value() {
            char c = peek();
            if (c == '\'') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (text.startsWith("True", p)) {
                p += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", p)) {
                p += 5;
                return Boolean.FALSE;
            }
            throw malformed("unexpected value");
        }

        private String string() {
            expect('\'');
            int end = text.indexOf('\'', p);
            if (end < 0) {
                throw malformed("unterminated string");
            }
            String value = text.substring(p, end);
            p = end + 1;
            return value;
        }

        private long[] tuple() {
            expect('(');
            long[] values = new long[0];
            skipSpaces();
            while (peek() != ')') {
                values = Arrays.copyOf(values, values.length + 1);
                values[values.length - 1] = integer();
                skipSpaces();
                if (peek() != ')') {
                    expect(',');
                    skipSpaces();
                }
            }
            expect(')');
            return values;
        }

        private long integer() {
            int start = p;
            long value = 0;
            while (p < text.length() && text.charAt(p) >= '0' && text.charAt(p) <= '9') {
                value = value * 10 + (text.charAt(p) - '0');
                if (value > Integer.MAX_VALUE) {
                    throw malformed("dimension too large");
                }
                p++;
            }
            if (p == start) {
                throw malformed("expected a non-negative integer");
            }
            return value;
        }

        private char peek() {
            if (p >= text.length()) {
                throw malformed("unexpected end of the header");
            }
            return text.charAt(p);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw malformed("expected '" + c + "'");
            }
            p++;
        }

        private void skipSpaces() {
            while (p < text.length() && text.charAt(p) == ' ') {
                p++;
            }
        }

        private DataFormatException malformed(String what) {
            return problem(file, "malformed header at character " + p + ": " + what + " in " + text.strip());
        }
    }
}
