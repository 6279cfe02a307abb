package dev.cfae.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Reads a UTF-8 text file line by line, fast and strictly. Lines end at LF, CRLF or a lone CR, in
 * any mix; a leading byte order mark is dropped. Bytes are decoded per line with a reporting
 * decoder, so malformed UTF-8 is an error naming its line. Blank lines at the end of the file are
 * skipped; a blank line followed by more content is an error, since it usually means a damaged
 * file. Lines are limited to {@value #MAX_LINE_BYTES} bytes. Every failure is a
 * {@link DataFormatException} naming the file.
 */
final class LineReader implements Closeable {
    private static final int INITIAL_BUFFER = 1 << 16;
    /** Longest accepted line; a longer one is almost surely a binary file, which must not exhaust memory. */
    static final int MAX_LINE_BYTES = 1 << 24;

    private final Path file;
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int position;
    private int limit;
    private boolean endOfInput;
    private boolean atStart = true;
    private long lineNumber;

    LineReader(Path file) {
        this.file = requireNonNull(file, "file is null");
        try {
            this.in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, 0, "cannot open: " + describe(e), e);
        }
    }

    /** Line number of the line last returned by {@link #next()}, one-based. */
    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator, or null at the end of the file. */
    String next() {
        String line = rawLine();
        if (line == null || !line.isBlank()) {
            return line;
        }
        long blankLine = lineNumber;
        while (line != null && line.isBlank()) {
            line = rawLine();
        }
        if (line != null) {
            throw new DataFormatException(file, blankLine, 0, "empty line inside the data");
        }
        return null;
    }

    private String rawLine() {
        try {
            if (atStart) {
                atStart = false;
                skipByteOrderMark();
            }
            int scan = position;
            while (true) {
                for (int i = scan; i < limit; i++) {
                    byte b = buffer[i];
                    if (b == '\n' || b == '\r') {
                        String line = decode(position, i);
                        position = i + 1;
                        if (b == '\r') {
                            consumeLineFeedAfterCarriageReturn();
                        }
                        return line;
                    }
                }
                scan = limit - position;
                if (!fill()) {
                    if (position == limit) {
                        return null;
                    }
                    String line = decode(position, limit);
                    position = limit;
                    return line;
                }
                scan += position;
            }
        } catch (IOException e) {
            throw new DataFormatException(file, lineNumber + 1, 0, "cannot read: " + describe(e), e);
        }
    }

    private void skipByteOrderMark() throws IOException {
        while (limit - position < 3 && fill()) {
            // keep filling: the mark is three bytes
        }
        if (limit - position >= 3 && (buffer[position] & 0xff) == 0xef && (buffer[position + 1] & 0xff) == 0xbb
                && (buffer[position + 2] & 0xff) == 0xbf) {
            position += 3;
        }
    }

    private void consumeLineFeedAfterCarriageReturn() throws IOException {
        if (position == limit && !fill()) {
            return;
        }
        if (buffer[position] == '\n') {
            position++;
        }
    }

    /** Keeps the unread bytes, moved to the front, and reads more after them; false at end of input. */
    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            if (buffer.length >= MAX_LINE_BYTES) {
                throw new DataFormatException(file, lineNumber + 1, 0, "line longer than " + MAX_LINE_BYTES
                        + " bytes; is this a text file?");
            }
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            endOfInput = true;
            return false;
        }
        limit += read;
        return true;
    }

    private String decode(int from, int to) {
        lineNumber++;
        for (int i = from; i < to; i++) {
            if (buffer[i] < 0) {
                try {
                    return decoder.decode(ByteBuffer.wrap(buffer, from, to - from)).toString();
                } catch (CharacterCodingException e) {
                    throw new DataFormatException(file, lineNumber, 0, "not valid UTF-8 text", e);
                }
            }
        }
        // All bytes are ASCII, so Latin-1 decoding is exact and much cheaper than the UTF-8 decoder.
        return new String(buffer, from, to - from, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new DataFormatException(file, 0, 0, "cannot close: " + describe(e), e);
        }
    }

    static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
