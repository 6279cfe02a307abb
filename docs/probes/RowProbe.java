// Probe for docs/PERFORMANCE.md ("Scaling with the item count"): lazy Adam over scattered rows of 128,
// one thread: `touched` random rows (sorted, as the sparse layers hand them out) of a block of `rows`,
// w in a direct buffer as ND4J keeps it, m and v in one Java array, caches flushed between steps.
// Modes: 0 the rows as they come, 1 one load per cache line of the row `distance` places ahead before
// each row, 2 the same loads inside the row's vector loop. Run from the checkout:
//   java -Xmx4g --add-modules jdk.incubator.vector docs/probes/RowProbe.java 1000000 110000 8
//   java -Xmx4g -XX:+UseTransparentHugePages --add-modules jdk.incubator.vector docs/probes/RowProbe.java 1000000 110000 8
// (every row touched, a stream: 1000000 1000000 8, slow to draw its rows). A measurement harness,
// not part of cfae: it prints the last rounds in ns a row.
import jdk.incubator.vector.*;
import java.nio.*;
import java.util.*;
public class RowProbe {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    static final ByteOrder O = ByteOrder.nativeOrder();
    static int L = 128;
    static float sink;
    public static void main(String[] a) {
        int rowsN = Integer.parseInt(a[0]);   // rows per layer
        int touchedN = Integer.parseInt(a[1]);
        int dist = Integer.parseInt(a[2]);
        long n = (long) rowsN * L;
        ByteBuffer w = ByteBuffer.allocateDirect((int) (4 * n)).order(O);
        float[] mom = new float[(int) (2 * n)];
        for (int i = 0; i < n; i++) { w.putFloat(4 * i, 0.01f); mom[(int) n + i] = 0.001f; }
        // a big buffer to flush caches between steps
        float[] flush = new float[16 << 20];
        Random r = new Random(7);
        float[] g = new float[touchedN * L];
        for (int i = 0; i < g.length; i++) g[i] = r.nextFloat() - 0.5f;
        for (int round = 0; round < 12; round++) {
            for (int mode = 0; mode < 3; mode++) {
                long total = 0;
                int reps = 5;
                for (int rep = 0; rep < reps; rep++) {
                    int[] rows = r.ints(0, rowsN).distinct().limit(touchedN).sorted().toArray();
                    float s = 0; for (int i = 0; i < flush.length; i += 16) { flush[i] += 1; s += flush[i]; } sink += s;
                    long t0 = System.nanoTime();
                    if (mode == 0) plain(w, mom, (int) n, g, rows);
                    else if (mode == 1) pre(w, mom, (int) n, g, rows, dist);
                    else pre2(w, mom, (int) n, g, rows, dist);
                    total += System.nanoTime() - t0;
                }
                if (round >= 8) System.out.printf("mode %d: %.1f ns/row%n", mode, total / (double) reps / touchedN);
            }
        }
    }
    static void plain(ByteBuffer w, float[] mom, int n, float[] g, int[] rows) {
        for (int t = 0; t < rows.length; t++) row(w, mom, n, g, t * L, rows[t] * L);
    }
    static void pre(ByteBuffer w, float[] mom, int n, float[] g, int[] rows, int d) {
        float acc = 0;
        for (int t = 0; t < rows.length; t++) {
            if (t + d < rows.length) {
                int f = rows[t + d] * L;
                for (int c = 0; c < L; c += 16) { acc += w.getFloat(4 * (f + c)) + mom[f + c] + mom[n + f + c]; }
            }
            row(w, mom, n, g, t * L, rows[t] * L);
        }
        sink += acc;
    }
    // prefetch loads interleaved into the vector loop
    static void pre2(ByteBuffer w, float[] mom, int n, float[] g, int[] rows, int d) {
        float b1 = 0.9f, b2 = 0.999f, c1 = 0.1f, c2 = 0.001f, aa = 1e-3f, eps = 1e-8f;
        float acc = 0;
        for (int t = 0; t < rows.length; t++) {
            int f = t + d < rows.length ? rows[t + d] * L : rows[t] * L;
            int k0 = rows[t] * L, gi = t * L;
            for (int i = 0; i < L; i += 8) {
                if ((i & 15) == 0) acc += w.getFloat(4 * (f + i)) + mom[f + i] + mom[n + f + i];
                int k = k0 + i;
                FloatVector gk = FloatVector.fromArray(S, g, gi + i);
                FloatVector old = FloatVector.fromByteBuffer(S, w, 4 * k, O);
                FloatVector mk = FloatVector.fromArray(S, mom, k).mul(b1).add(gk.mul(c1));
                FloatVector vk = FloatVector.fromArray(S, mom, n + k).mul(b2).add(gk.mul(gk).mul(c2));
                mk.intoArray(mom, k); vk.intoArray(mom, n + k);
                old.sub(mk.mul(aa).div(vk.sqrt().add(eps))).intoByteBuffer(w, 4 * k, O);
            }
        }
        sink += acc;
    }
    static void row(ByteBuffer w, float[] mom, int n, float[] g, int gi, int k0) {
        float b1 = 0.9f, b2 = 0.999f, c1 = 0.1f, c2 = 0.001f, aa = 1e-3f, eps = 1e-8f;
        for (int i = 0; i < L; i += 8) {
            int k = k0 + i;
            FloatVector gk = FloatVector.fromArray(S, g, gi + i);
            FloatVector old = FloatVector.fromByteBuffer(S, w, 4 * k, O);
            FloatVector mk = FloatVector.fromArray(S, mom, k).mul(b1).add(gk.mul(c1));
            FloatVector vk = FloatVector.fromArray(S, mom, n + k).mul(b2).add(gk.mul(gk).mul(c2));
            mk.intoArray(mom, k); vk.intoArray(mom, n + k);
            old.sub(mk.mul(aa).div(vk.sqrt().add(eps))).intoByteBuffer(w, 4 * k, O);
        }
    }
}
