package dev.cfae.engine.nn;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * {@code c = op(a)·op(b)}, as {@code Nd4j.gemm(a, b, c, transposeA, transposeB, 1, 0)} computes it.
 *
 * <p>On the CPU backend, for float32 matrices laid out contiguously in row-major order, this calls
 * OpenBLAS's {@code cblas_sgemm} itself: the same library and function ND4J's matrix multiply ends
 * in, so the results are the same bits, without ND4J's per-call op construction, validation and
 * native context (about 30 µs a call here, as much as the arithmetic of a batch of 8 through a
 * 512 × 128 layer). Anything else (other types or layouts, the CUDA backend, OpenBLAS's natives
 * missing) goes through ND4J.
 */
public final class Gemm {
    private static final Logger LOG = LoggerFactory.getLogger(Gemm.class);
    /** A buffer over this many bytes has no NIO view; ND4J multiplies those. */
    private static final long MAX_NIO_BYTES = Integer.MAX_VALUE;

    private Gemm() {
    }

    /** Writes {@code op(a)·op(b)} into {@code c}, where op transposes where asked. */
    public static void multiply(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        if (DirectBlas.AVAILABLE && fits(a) && fits(b) && fits(c)) {
            int aRows = (int) a.rows();
            int aColumns = (int) a.columns();
            int bRows = (int) b.rows();
            int bColumns = (int) b.columns();
            int m = transposeA ? aColumns : aRows;
            int k = transposeA ? aRows : aColumns;
            int n = transposeB ? bRows : bColumns;
            int bInner = transposeB ? bColumns : bRows;
            if (m > 0 && n > 0 && k > 0 && bInner == k && c.rows() == m && c.columns() == n) {
                openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                        transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                        transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                        m, n, k, 1f, floats(a), aColumns, floats(b), bColumns, 0f, floats(c), n);
                return;
            }
        }
        // ND4J also reports shapes that do not match.
        Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
    }

    /** Whether cblas_sgemm is called directly for suitable arrays in this process. */
    public static boolean direct() {
        return DirectBlas.AVAILABLE;
    }

    private static boolean fits(INDArray array) {
        return array.dataType() == DataType.FLOAT && array.rank() == 2 && array.ordering() == 'c'
                && Shape.hasDefaultStridesForShape(array) && array.data().length() * 4 <= MAX_NIO_BYTES;
    }

    /** The array's elements as a float buffer positioned at its first; JavaCPP passes the position on. */
    private static FloatBuffer floats(INDArray array) {
        FloatBuffer buffer = array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.position(Math.toIntExact(array.offset()));
        return buffer;
    }

    /** Decided once, on first use: the CPU backend is running and OpenBLAS's natives load. */
    private static final class DirectBlas {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            if (!Nd4j.getEnvironment().isCPU()) {
                return false;
            }
            try {
                Class.forName("org.bytedeco.openblas.global.openblas_nolapack", true, Gemm.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.debug("OpenBLAS cannot be called directly, GEMMs go through ND4J", e);
                return false;
            }
        }
    }
}
