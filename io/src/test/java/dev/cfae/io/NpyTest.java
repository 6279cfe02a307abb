package dev.cfae.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.cfae.io.TestFiles.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class NpyTest {
    @TempDir
    Path directory;

    /** value(r, c) = r * 1000 + c, so every cell says where it belongs. */
    private static float value(int row, int column) {
        return row * 1000f + column;
    }

    private static float[] row(int r, int columns) {
        float[] row = new float[columns];
        for (int c = 0; c < columns; c++) {
            row[c] = value(r, c);
        }
        return row;
    }

    private static float[] column(int c, int rows) {
        float[] column = new float[rows];
        for (int r = 0; r < rows; r++) {
            column[r] = value(r, c);
        }
        return column;
    }

    @Test
    void headerIsVersion10WithTheExactDictionaryPaddedToSixtyFourBytes() throws IOException {
        Path file = directory.resolve("a.npy");
        try (NpyWriter writer = NpyWriter.open(file, 2, 3, false)) {
            writer.appendLines(new float[] {1, 2, 3, 4, 5, 6});
        }

        byte[] bytes = Files.readAllBytes(file);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);

        assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").endsWith(" \n");
        assertThat(header.strip()).isEqualTo("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
        assertThat(bytes.length).isEqualTo(10 + headerLength + 6 * Float.BYTES);
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getFloat()).isEqualTo(1f);
    }

    @Test
    void headerLengthStaysAMultipleOfSixtyFourForAnyShape() {
        for (int[] shape : new int[][] {{0, 0}, {1, 1}, {943, 1682}, {Integer.MAX_VALUE, Integer.MAX_VALUE}}) {
            for (boolean fortran : new boolean[] {false, true}) {
                byte[] header = NpyWriter.header(shape[0], shape[1], fortran);

                assertThat(header.length % 64).isZero();
                assertThat(header[header.length - 1]).isEqualTo((byte) '\n');
                assertThat(new String(header, StandardCharsets.US_ASCII))
                        .contains("'fortran_order': " + (fortran ? "True" : "False"))
                        .contains("'shape': (" + shape[0] + ", " + shape[1] + ")");
            }
        }
    }

    @Test
    void roundTripInCOrderFromFloatRows() throws IOException {
        Path file = directory.resolve("c.npy");
        try (NpyWriter writer = NpyWriter.open(file, 3, 4, false)) {
            for (int r = 0; r < 3; r++) {
                writer.appendLines(row(r, 4));
            }
        }

        NpyArray read = NpyReader.read(file);

        assertThat(read.rows()).isEqualTo(3);
        assertThat(read.columns()).isEqualTo(4);
        assertThat(read.fortranOrder()).isFalse();
        assertThat(read.get(2, 3)).isEqualTo(value(2, 3));
        assertThat(read.values()).containsExactly(concat(row(0, 4), row(1, 4), row(2, 4)));
    }

    @Test
    void roundTripInFortranOrderFromColumns() throws IOException {
        Path file = directory.resolve("f.npy");
        try (NpyWriter writer = NpyWriter.open(file, 3, 2, true)) {
            assertThat(writer.lineLength()).isEqualTo(3);
            writer.appendLines(concat(column(0, 3), column(1, 3)));
        }

        NpyArray read = NpyReader.read(file);

        assertThat(read.fortranOrder()).isTrue();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 2; c++) {
                assertThat(read.get(r, c)).isEqualTo(value(r, c));
            }
        }
    }

    @Test
    void streamsRowBlocksOfINDArraysIncludingViews() throws IOException {
        int rows = 500;
        int columns = 300;
        INDArray full = Nd4j.create(DataType.FLOAT, rows, columns);
        for (int r = 0; r < rows; r++) {
            full.putRow(r, Nd4j.createFromArray(row(r, columns)));
        }
        Path file = directory.resolve("blocks.npy");

        try (NpyWriter writer = NpyWriter.open(file, rows, columns, false)) {
            for (int from = 0; from < rows; from += 64) {
                writer.appendLines(full.get(NDArrayIndex.interval(from, Math.min(rows, from + 64)), NDArrayIndex.all()));
            }
        }
        NpyArray read = NpyReader.read(file);

        assertThat(read.get(0, 0)).isEqualTo(value(0, 0));
        assertThat(read.get(499, 299)).isEqualTo(value(499, 299));
        assertThat(read.get(257, 13)).isEqualTo(value(257, 13));
    }

    @Test
    void streamsItemRowsAsColumnsOfAUsersByItemsArray() throws IOException {
        int users = 4;
        int items = 3;
        // An item-oriented model produces items × users rows; Fortran order stores them as users × items.
        INDArray itemRows = Nd4j.create(DataType.DOUBLE, items, users);
        for (int i = 0; i < items; i++) {
            for (int u = 0; u < users; u++) {
                itemRows.putScalar(i, u, value(u, i));
            }
        }
        Path file = directory.resolve("items.npy");

        try (NpyWriter writer = NpyWriter.open(file, users, items, true)) {
            writer.appendLines(itemRows.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()));
            writer.appendLines(itemRows.get(NDArrayIndex.interval(2, 3), NDArrayIndex.all()));
        }
        NpyArray read = NpyReader.read(file);

        assertThat(read.rows()).isEqualTo(users);
        assertThat(read.columns()).isEqualTo(items);
        assertThat(read.get(3, 2)).isEqualTo(value(3, 2));
        assertThat(read.get(1, 0)).isEqualTo(value(1, 0));
    }

    @Test
    void tooFewValuesFailAtCloseAndLeaveNoFile() throws IOException {
        Path file = directory.resolve("short.npy");
        NpyWriter writer = NpyWriter.open(file, 3, 2, false);
        writer.appendLines(row(0, 2));

        assertThatThrownBy(writer::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrote 2 of 6 values");
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void tooManyValuesFailAtOnceAndLeaveNoFile() throws IOException {
        Path file = directory.resolve("long.npy");

        assertThatThrownBy(() -> {
            try (NpyWriter writer = NpyWriter.open(file, 1, 2, false)) {
                writer.appendLines(row(0, 2));
                writer.appendLines(row(1, 2));
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("exceeds the declared shape");
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void partialLinesAreRejected() throws IOException {
        Path file = directory.resolve("partial.npy");

        assertThatThrownBy(() -> {
            try (NpyWriter writer = NpyWriter.open(file, 2, 3, false)) {
                writer.appendLines(new float[] {1, 2});
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not whole lines");
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void readerRejectsWrongMagicOtherDtypeAndWrongDataLength() throws IOException {
        Path good = directory.resolve("good.npy");
        try (NpyWriter writer = NpyWriter.open(good, 1, 2, false)) {
            writer.appendLines(new float[] {1, 2});
        }
        byte[] bytes = Files.readAllBytes(good);

        byte[] magic = bytes.clone();
        magic[1] = 'X';
        Path badMagic = Files.write(directory.resolve("magic.npy"), magic);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("<f4", "<f8");
        Path badType = Files.write(directory.resolve("dtype.npy"), text.getBytes(StandardCharsets.ISO_8859_1));
        Path truncated = Files.write(directory.resolve("truncated.npy"), Arrays.copyOf(bytes, bytes.length - 1));
        String shape = new String(bytes, StandardCharsets.ISO_8859_1).replace("(1, 2)", "(2, 2)");
        Path badShape = Files.write(directory.resolve("shape.npy"), shape.getBytes(StandardCharsets.ISO_8859_1));
        String key = new String(bytes, StandardCharsets.ISO_8859_1).replace("'shape'", "'shapo'");
        Path badKey = Files.write(directory.resolve("key.npy"), key.getBytes(StandardCharsets.ISO_8859_1));

        assertRejected(() -> NpyReader.read(badMagic), badMagic, 0, 0, "wrong magic");
        assertRejected(() -> NpyReader.read(badType), badType, 0, 0, "expected descr '<f4'");
        assertRejected(() -> NpyReader.read(truncated), truncated, 0, 0, "needs 8 data bytes, the file has 7");
        assertRejected(() -> NpyReader.read(badShape), badShape, 0, 0, "needs 16 data bytes");
        assertRejected(() -> NpyReader.read(badKey), badKey, 0, 0, "exactly the keys");
    }

    private static float[] concat(float[]... parts) {
        float[] all = new float[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
