// Probe for docs/PERFORMANCE.md ("Batch 8"): the fused Adam update's cost per element, with and
// without its square root and division, over n elements of four float arrays (w, g, m, v), one thread.
// Modes: 0 the full update, 1 neither square root nor division, 2 division only, 3 square root only.
// Run from the checkout, for data in L3 and from memory:
//   java --add-modules jdk.incubator.vector docs/probes/AdamProbe.java 700000
//   java --add-modules jdk.incubator.vector docs/probes/AdamProbe.java 4000000
// A measurement harness, not part of cfae: it prints the last three of eight rounds.
import jdk.incubator.vector.*;
public class AdamProbe {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) { w[i] = r.nextFloat(); g[i] = r.nextFloat() - 0.5f; v[i] = 0.01f; }
        for (int round = 0; round < 8; round++) {
            for (int mode = 0; mode < 4; mode++) {
                long t0 = System.nanoTime();
                int reps = 200;
                for (int rep = 0; rep < reps; rep++) run(mode, w, g, m, v, n);
                double ns = (System.nanoTime() - t0) / (double) reps / n;
                if (round >= 5) System.out.printf("mode %d: %.3f ns/elem%n", mode, ns);
            }
        }
    }
    static void run(int mode, float[] w, float[] g, float[] m, float[] v, int n) {
        float b1 = 0.9f, b2 = 0.999f, c1 = 0.1f, c2 = 0.001f, aa = 1e-3f, eps = 1e-8f;
        for (int k = 0; k < S.loopBound(n); k += S.length()) {
            FloatVector gk = FloatVector.fromArray(S, g, k);
            FloatVector old = FloatVector.fromArray(S, w, k);
            FloatVector mk = FloatVector.fromArray(S, m, k).mul(b1).add(gk.mul(c1));
            FloatVector vk = FloatVector.fromArray(S, v, k).mul(b2).add(gk.mul(gk).mul(c2));
            mk.intoArray(m, k); vk.intoArray(v, k);
            FloatVector nw;
            switch (mode) {
                case 0: nw = old.sub(mk.mul(aa).div(vk.sqrt().add(eps))); break;
                case 1: nw = old.sub(mk.mul(aa).mul(vk.add(eps))); break;          // no sqrt, no div
                case 2: nw = old.sub(mk.mul(aa).div(vk.add(eps))); break;          // div only
                default: nw = old.sub(mk.mul(aa).mul(vk.sqrt().add(eps))); break;  // sqrt only
            }
            nw.intoArray(w, k);
        }
    }
}
