package dev.cfae.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.cfae.io.TestFiles.assertRejected;
import static dev.cfae.io.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

final class LineReaderTest {
    @TempDir
    Path directory;

    private static List<String> lines(Path file) {
        List<String> lines = new ArrayList<>();
        try (LineReader reader = new LineReader(file)) {
            for (String line = reader.next(); line != null; line = reader.next()) {
                lines.add(reader.lineNumber() + ":" + line);
            }
        }
        return lines;
    }

    @Test
    void splitsAtLfCrlfAndLoneCrInAnyMix() throws IOException {
        Path file = write(directory, "mixed.txt", "a\nb\r\nc\rd\r\ne");

        assertThat(lines(file)).containsExactly("1:a", "2:b", "3:c", "4:d", "5:e");
    }

    @Test
    void blankLineFollowedByDataIsAnError() throws IOException {
        Path file = write(directory, "gap.txt", "a\r\n\r\nb\r\n");

        assertRejected(() -> lines(file), file, 2, 0, "empty line");
    }

    @Test
    void trailingBlankLinesAreSkipped() throws IOException {
        Path file = write(directory, "trailing.txt", "a\nb\n\n  \r\n");

        assertThat(lines(file)).containsExactly("1:a", "2:b");
    }

    @Test
    void byteOrderMarkIsDropped() throws IOException {
        Path file = write(directory, "bom.txt", "\uFEFFId,Prediction\nr1_c1,3\n");

        assertThat(lines(file)).containsExactly("1:Id,Prediction", "2:r1_c1,3");
    }

    @Test
    void decodesUtf8() throws IOException {
        Path file = write(directory, "utf8.txt", "Zoë,Amélie,5\n");

        assertThat(lines(file)).containsExactly("1:Zoë,Amélie,5");
    }

    @Test
    void malformedUtf8IsAnErrorNamingTheLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("ok\nok\n".getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(new byte[] {'b', 'a', 'd', (byte) 0xc3, '(', '\n'});
        Path file = write(directory, "latin.txt", bytes.toByteArray());

        assertRejected(() -> lines(file), file, 3, 0, "not valid UTF-8");
    }

    @Test
    void linesLongerThanTheBufferAreReadWhole() throws IOException {
        String longLine = "x".repeat(200_000);
        Path file = write(directory, "long.txt", "a\r\n" + longLine + "\r\nb");

        assertThat(lines(file)).containsExactly("1:a", "2:" + longLine, "3:b");
    }

    @Test
    void crlfSplitAcrossBufferBoundaryCountsAsOneLineEnd() throws IOException {
        // The CR is the buffer's last byte, the LF the first byte of the next read.
        String first = "y".repeat((1 << 16) - 1);
        Path file = write(directory, "boundary.txt", first + "\r\nz\n");

        assertThat(lines(file)).containsExactly("1:" + first, "2:z");
    }

    @Test
    void lineBeyondTheLengthLimitIsAnErrorNotAnOutOfMemory() throws IOException {
        byte[] binary = new byte[LineReader.MAX_LINE_BYTES + 1];
        Arrays.fill(binary, (byte) 'x');
        Path file = write(directory, "binary.bin", binary);

        assertRejected(() -> lines(file), file, 1, 0, "line longer than");
    }

    @Test
    void missingFileIsADataFormatException() {
        Path missing = directory.resolve("absent.csv");

        assertRejected(() -> lines(missing), missing, 0, 0, "cannot open");
    }
}
