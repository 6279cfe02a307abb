// Probe for docs/PERFORMANCE.md ("Batch 8"): an 8-row GEMM of batch 8's middle-layer shapes, OpenBLAS's
// cblas_sgemm (as cfae's Gemm calls it) against a Vector API kernel with a register tile of 4 rows by
// two vectors. Needs the OpenBLAS jars the application ships; run from the checkout after a build:
//   java --add-modules jdk.incubator.vector -cp "app/target/lib/*" docs/probes/GemmProbe.java
// A measurement harness, not part of cfae: it prints five rounds a shape, in µs a call.
import jdk.incubator.vector.*;
import org.bytedeco.openblas.global.openblas_nolapack;
import java.nio.*;

public class GemmProbe {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    // c[m×n] = a[m×k]·b[k×n], row-major, small m
    static void nn(float[] a, float[] b, float[] c, int m, int k, int n) {
        int L = S.length();
        for (int j = 0; j < n; j += 2 * L) {
            for (int i = 0; i < m; i += 4) {
                FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
                for (int p = 0; p < k; p++) {
                    FloatVector b0 = FloatVector.fromArray(S, b, p * n + j);
                    FloatVector b1 = FloatVector.fromArray(S, b, p * n + j + L);
                    FloatVector a0 = FloatVector.broadcast(S, a[i * k + p]);
                    FloatVector a1 = FloatVector.broadcast(S, a[(i + 1) * k + p]);
                    FloatVector a2 = FloatVector.broadcast(S, a[(i + 2) * k + p]);
                    FloatVector a3 = FloatVector.broadcast(S, a[(i + 3) * k + p]);
                    c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
                    c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
                    c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
                    c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
                }
                c00.intoArray(c, i * n + j); c01.intoArray(c, i * n + j + L);
                c10.intoArray(c, (i + 1) * n + j); c11.intoArray(c, (i + 1) * n + j + L);
                c20.intoArray(c, (i + 2) * n + j); c21.intoArray(c, (i + 2) * n + j + L);
                c30.intoArray(c, (i + 3) * n + j); c31.intoArray(c, (i + 3) * n + j + L);
            }
        }
    }
    static FloatBuffer dbuf(int n) { return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer(); }
    public static void main(String[] x) {
        int m = 8;
        int[][] shapes = {{512, 128}, {128, 512}};
        java.util.Random r = new java.util.Random(1);
        for (int[] s : shapes) {
            int k = s[0], n = s[1];
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n], c2 = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
            FloatBuffer A = dbuf(m * k), B = dbuf(k * n), C = dbuf(m * n);
            A.put(a).flip(); B.put(b).flip();
            for (int round = 0; round < 5; round++) {
                int reps = 20000;
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++)
                    openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNoTrans, m, n, k, 1f, A, k, B, n, 0f, C, n);
                long t1 = System.nanoTime();
                for (int i = 0; i < reps; i++) nn(a, b, c2, m, k, n);
                long t2 = System.nanoTime();
                // dW = aᵀ·δ : [k×m]·[m×n] with transA
                for (int i = 0; i < reps; i++)
                    openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans, openblas_nolapack.CblasNoTrans, k, n, m, 1f, A, k, C, n, 0f, B, n);
                long t3 = System.nanoTime();
                B.clear(); B.put(b).flip();
                System.out.printf("%dx%dx%d NN openblas %.1f us, vector %.1f us; TN(dW) openblas %.1f us%n", m, k, n,
                        (t1 - t0) / 1e3 / reps, (t2 - t1) / 1e3 / reps, (t3 - t2) / 1e3 / reps);
            }
            C.get(0); float[] cc = new float[m * n]; C.get(cc);
            double md = 0; for (int i = 0; i < cc.length; i++) md = Math.max(md, Math.abs(cc[i] - c2[i]) / Math.abs(cc[i]));
            System.out.println("max rel diff " + md);
        }
    }
}
