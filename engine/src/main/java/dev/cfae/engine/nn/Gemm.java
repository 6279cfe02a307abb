package dev.cfae.engine.nn;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.Reference;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * {@code c = op(a)·op(b)}, as {@code Nd4j.gemm(a, b, c, transposeA, transposeB, 1, 0)} computes it;
 * {@code c} must not overlap {@code a} or {@code b}.
 *
 * <p>On the CPU backend, for float32 matrices laid out contiguously in row-major order, this calls
 * OpenBLAS's {@code cblas_sgemm} itself, without ND4J's per-call op construction, validation and
 * native context (about 30 µs a call here, as much as the arithmetic of a batch of 8 through a
 * 512 × 128 layer). In the portable native build cfae ships, ND4J's matrix multiply ends in the
 * same function of the same library, so the results are the same bits; a build whose ND4J uses
 * oneDNN for it may differ in the last bits. Anything else (other types or layouts, the CUDA
 * backend, OpenBLAS's natives missing, buffers beyond 2 GB) goes through ND4J.
 */
public final class Gemm {
    private static final Logger LOG = LoggerFactory.getLogger(Gemm.class);
    /** The last float an NIO view of ND4J's buffer reaches (its views stop at 2 GB); ND4J multiplies beyond. */
    private static final long MAX_NIO_FLOATS = Integer.MAX_VALUE / 4;

    private Gemm() {
    }

    /** Writes {@code op(a)·op(b)} into {@code c}, where op transposes where asked. */
    public static void multiply(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        if (!callsOpenBlas(a, b, c, transposeA, transposeB)) {
            // ND4J also reports shapes that do not match.
            Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
            return;
        }
        int aColumns = (int) a.columns();
        int bColumns = (int) b.columns();
        int n = (int) c.columns();
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                (int) c.rows(), n, transposeA ? (int) a.rows() : aColumns, 1f, floats(a), aColumns, floats(b), bColumns,
                0f, floats(c), n);
        // The buffers handed to OpenBLAS do not keep the arrays' memory alive; the arrays must.
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(c);
    }

    /**
     * Whether two {@link #multiply} calls on two threads at once can take less time than one after the
     * other: on the CPU backend with one BLAS thread, each call then keeps to its caller's core. With
     * more BLAS threads each call would already use the cores, and the CUDA backend queues them anyway.
     */
    static boolean concurrentCallsHelp() {
        return DirectBlas.AVAILABLE && Nd4j.factory().blas().getMaxThreads() == 1;
    }

    /**
     * Whether {@link #multiply} calls OpenBLAS directly for these arguments: the CPU backend, float32
     * row-major matrices within NIO's reach, non-empty and of matching shapes. (A mismatch would
     * make OpenBLAS read or write past the arrays, so it is left to ND4J, which reports it.)
     */
    static boolean callsOpenBlas(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        if (!DirectBlas.AVAILABLE || !fits(a) || !fits(b) || !fits(c)) {
            return false;
        }
        long m = transposeA ? a.columns() : a.rows();
        long k = transposeA ? a.rows() : a.columns();
        long n = transposeB ? b.rows() : b.columns();
        long bInner = transposeB ? b.columns() : b.rows();
        return m > 0 && n > 0 && k > 0 && bInner == k && c.rows() == m && c.columns() == n;
    }

    /**
     * A float32 matrix whose element (r, c) is at {@code offset + r·columns + c}, within NIO's reach.
     * ND4J's ordering flag is not asked: a one-row view of a larger matrix has the matrix's row stride.
     */
    private static boolean fits(INDArray array) {
        if (array.dataType() != DataType.FLOAT || array.rank() != 2) {
            return false;
        }
        long rows = array.rows();
        long columns = array.columns();
        return (columns == 1 || array.stride(1) == 1) && (rows == 1 || array.stride(0) == columns)
                && array.offset() + array.length() <= MAX_NIO_FLOATS;
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
