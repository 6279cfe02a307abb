package dev.cfae.io;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Streams a two-dimensional float32 array into a NumPy {@code .npy} file (format version 1.0)
 * without holding it in memory, written atomically through {@link AtomicFiles}.
 *
 * <p>The file is the magic {@code \x93NUMPY}, version bytes 1 and 0, a little-endian uint16 header
 * length, and the header {@code {'descr': '<f4', 'fortran_order': False, 'shape': (r, c), }}
 * padded with spaces and ended by a newline so that the data starts at a multiple of 64 bytes;
 * then the elements as little-endian float32.
 *
 * <p>Values are appended in storage order, one <em>line</em> at a time: a line is a row of
 * {@code columns} values in C order, or a column of {@code rows} values in Fortran order. Fortran
 * order lets an item-oriented model stream its item rows as the columns of a users × items array.
 * {@link #close()} publishes the file only if exactly {@code rows * columns} values were appended;
 * otherwise it leaves no file and throws.
 */
public final class NpyWriter implements Closeable {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    static final int ALIGNMENT = 64;

    private final AtomicFiles.Pending pending;
    private final LittleEndianWriter out;
    private final int rows;
    private final int columns;
    private final boolean fortranOrder;
    private final long expected;
    private long appended;
    private boolean failed;
    private boolean closed;

    private NpyWriter(AtomicFiles.Pending pending, int rows, int columns, boolean fortranOrder) {
        this.pending = pending;
        this.out = new LittleEndianWriter(pending.out(), null);
        this.rows = rows;
        this.columns = columns;
        this.fortranOrder = fortranOrder;
        this.expected = (long) rows * columns;
    }

    /**
     * Starts a {@code rows × columns} array at {@code target}.
     *
     * @param fortranOrder false to append rows (C order), true to append columns (Fortran order)
     */
    public static NpyWriter open(Path target, int rows, int columns, boolean fortranOrder) throws IOException {
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("negative shape (" + rows + ", " + columns + ")");
        }
        AtomicFiles.Pending pending = AtomicFiles.begin(target);
        NpyWriter writer = new NpyWriter(pending, rows, columns, fortranOrder);
        try {
            writer.out.writeBytes(header(rows, columns, fortranOrder));
        } catch (IOException | RuntimeException e) {
            pending.close();
            throw e;
        }
        return writer;
    }

    /** The complete header: magic, version, header length and the padded dictionary. */
    static byte[] header(int rows, int columns, boolean fortranOrder) {
        String dictionary = "{'descr': '<f4', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': (" + rows + ", " + columns + "), }";
        int prefix = MAGIC.length + 2 + Short.BYTES;
        int unpadded = prefix + dictionary.length() + 1;
        int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        String text = dictionary + " ".repeat(total - unpadded) + "\n";
        int headerLength = total - prefix;
        byte[] header = new byte[total];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
        header[6] = 1;
        header[7] = 0;
        header[8] = (byte) headerLength;
        header[9] = (byte) (headerLength >>> 8);
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, header, prefix, ascii.length);
        return header;
    }

    /** Values per line: {@code columns} in C order, {@code rows} in Fortran order. */
    public int lineLength() {
        return fortranOrder ? rows : columns;
    }

    /** Appends whole lines, {@code values} in storage order; its length must be a multiple of the line length. */
    public void appendLines(float[] values) throws IOException {
        requireNonNull(values, "values is null");
        if (lineLength() == 0 ? values.length != 0 : values.length % lineLength() != 0) {
            throw failure(new IllegalArgumentException(values.length + " values are not whole lines of " + lineLength()));
        }
        append(values);
    }

    /**
     * Appends each row of a {@code [k, lineLength()]} array as one line: rows of the matrix in C
     * order, columns of the matrix in Fortran order.
     */
    public void appendLines(INDArray block) throws IOException {
        requireNonNull(block, "block is null");
        if (block.rank() != 2 || block.columns() != lineLength()) {
            throw failure(new IllegalArgumentException("expected a [k, " + lineLength() + "] array, got "
                    + Arrays.toString(block.shape())));
        }
        float[] values = block.castTo(DataType.FLOAT).dup('c').data().asFloat();
        append(values);
    }

    private void append(float[] values) throws IOException {
        if (failed || closed) {
            throw new IllegalStateException("closed, or an earlier append failed: " + pending.target());
        }
        if (appended + values.length > expected) {
            throw failure(new IllegalStateException("appending " + values.length + " values after " + appended
                    + " exceeds the declared shape (" + rows + ", " + columns + ")"));
        }
        try {
            out.writeFloats(values, 0, values.length);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        appended += values.length;
    }

    /** Marks the writer failed, so close() publishes nothing, and returns the problem to throw. */
    private RuntimeException failure(RuntimeException problem) {
        failed = true;
        return problem;
    }

    /**
     * Publishes the file if the declared shape was filled exactly; otherwise deletes the temporary
     * file and throws {@link IllegalStateException}.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (failed || appended != expected) {
            pending.close();
            if (!failed) {
                throw new IllegalStateException("wrote " + appended + " of " + expected + " values of a (" + rows
                        + ", " + columns + ") array; no file was written: " + pending.target());
            }
            return;
        }
        out.flush();
        pending.commit();
    }
}
