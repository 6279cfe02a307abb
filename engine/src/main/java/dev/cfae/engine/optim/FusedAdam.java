package dev.cfae.engine.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ND4J's {@code adam_updater} arithmetic as one Vector API pass over float32 off-heap buffers:
 * per element it reads w, g, m, v once and writes w, m, v once. ND4J's op needs a second pass
 * ({@code params.subi(update)}) and, in the portable native build cfae ships, is not vectorised:
 * measured several times slower than this loop.
 */
final class FusedAdam {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private FusedAdam() {
    }

    /**
     * One step over {@code n} elements: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², w ← w − a·m/(√v + ε)
     * with a = lr·√(1 − β2^t)/(1 − β1^t) as ND4J computes it (ε itself if that is not a finite non-zero).
     * The state holds m in {@code [0, n)} and v in {@code [n, 2n)}.
     */
    static void step(INDArray parameters, INDArray gradients, INDArray state, long n, double learningRate,
            double beta1, double beta2, double epsilon, long iteration) {
        int t = Math.toIntExact(iteration + 1);
        double step = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        if (!Double.isFinite(step) || step == 0) {
            step = epsilon;
        }
        ByteBuffer w = bytes(parameters);
        ByteBuffer g = bytes(gradients);
        ByteBuffer s = bytes(state);
        int wBase = Math.toIntExact(parameters.offset() * 4);
        int gBase = Math.toIntExact(gradients.offset() * 4);
        int mBase = Math.toIntExact(state.offset() * 4);
        int vBase = Math.toIntExact(mBase + n * 4);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float a = (float) step;
        float eps = (float) epsilon;
        int count = Math.toIntExact(n);
        int bound = SPECIES.loopBound(count);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            int o = 4 * k;
            FloatVector gk = FloatVector.fromByteBuffer(SPECIES, g, gBase + o, ORDER);
            FloatVector mk = FloatVector.fromByteBuffer(SPECIES, s, mBase + o, ORDER).mul(b1).add(gk.mul(c1));
            FloatVector vk = FloatVector.fromByteBuffer(SPECIES, s, vBase + o, ORDER).mul(b2).add(gk.mul(gk).mul(c2));
            FloatVector wk = FloatVector.fromByteBuffer(SPECIES, w, wBase + o, ORDER)
                    .sub(mk.mul(a).div(vk.sqrt().add(eps)));
            mk.intoByteBuffer(s, mBase + o, ORDER);
            vk.intoByteBuffer(s, vBase + o, ORDER);
            wk.intoByteBuffer(w, wBase + o, ORDER);
        }
        for (; k < count; k++) {
            int o = 4 * k;
            float gk = g.getFloat(gBase + o);
            float mk = b1 * s.getFloat(mBase + o) + gk * c1;
            float vk = b2 * s.getFloat(vBase + o) + gk * gk * c2;
            s.putFloat(mBase + o, mk);
            s.putFloat(vBase + o, vk);
            w.putFloat(wBase + o, w.getFloat(wBase + o) - mk * a / ((float) Math.sqrt(vk) + eps));
        }
    }

    private static ByteBuffer bytes(INDArray array) {
        return array.data().asNio().order(ORDER);
    }
}
