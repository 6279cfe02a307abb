package dev.cfae.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Checksum;

import static java.util.Objects.requireNonNull;

/**
 * Buffered little-endian binary output with bulk writes of int and float arrays, optionally
 * feeding every byte written through a checksum.
 */
final class LittleEndianWriter {
    private final OutputStream out;
    private final Checksum checksum;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long written;

    /** @param checksum updated with every byte written, or null for none */
    LittleEndianWriter(OutputStream out, Checksum checksum) {
        this.out = requireNonNull(out, "out is null");
        this.checksum = checksum;
    }

    /** Bytes written so far, including those still buffered. */
    long written() {
        return written + buffer.position();
    }

    void writeByte(int value) throws IOException {
        ensure(1);
        buffer.put((byte) value);
    }

    void writeInt(int value) throws IOException {
        ensure(Integer.BYTES);
        buffer.putInt(value);
    }

    void writeLong(long value) throws IOException {
        ensure(Long.BYTES);
        buffer.putLong(value);
    }

    void writeFloat(float value) throws IOException {
        ensure(Float.BYTES);
        buffer.putFloat(value);
    }

    void writeBytes(byte[] bytes) throws IOException {
        int offset = 0;
        while (offset < bytes.length) {
            ensure(1);
            int n = Math.min(buffer.remaining(), bytes.length - offset);
            buffer.put(bytes, offset, n);
            offset += n;
        }
    }

    void writeInts(int[] values) throws IOException {
        int offset = 0;
        while (offset < values.length) {
            ensure(Integer.BYTES);
            int n = Math.min(buffer.remaining() / Integer.BYTES, values.length - offset);
            buffer.asIntBuffer().put(values, offset, n);
            buffer.position(buffer.position() + n * Integer.BYTES);
            offset += n;
        }
    }

    void writeFloats(float[] values, int offset, int length) throws IOException {
        int end = offset + length;
        while (offset < end) {
            ensure(Float.BYTES);
            int n = Math.min(buffer.remaining() / Float.BYTES, end - offset);
            buffer.asFloatBuffer().put(values, offset, n);
            buffer.position(buffer.position() + n * Float.BYTES);
            offset += n;
        }
    }

    /** Writes out everything buffered, updating the checksum. */
    void flush() throws IOException {
        int n = buffer.position();
        if (n > 0) {
            out.write(buffer.array(), 0, n);
            if (checksum != null) {
                checksum.update(buffer.array(), 0, n);
            }
            written += n;
            buffer.clear();
        }
    }

    private void ensure(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }
}
