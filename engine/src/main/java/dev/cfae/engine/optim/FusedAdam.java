package dev.cfae.engine.optim;

import dev.cfae.api.TouchedRows;
import dev.cfae.engine.nn.KernelThreads;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * ND4J's {@code adam_updater} arithmetic as one Vector API pass over float32 values (w and g in
 * ND4J's off-heap buffers, m and v in a Java array): per element it reads w, g, m, v once and
 * writes w, m, v once. ND4J's op needs a second pass ({@code params.subi(update)}) and, in the
 * portable native build cfae ships, is not vectorised: measured several times slower than this
 * loop. The same pass tells whether every new w is finite, which spares the trainer a sum over the
 * buffer. The elements are split over the {@linkplain KernelThreads#configured() kernel threads};
 * each is updated by exactly one of them, so the result does not depend on their number.
 */
final class FusedAdam {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
    /** The most parameters int byte offsets into the parameter and gradient buffers can address. */
    static final long MAX_PARAMETERS = Integer.MAX_VALUE / 4;
    /** The fewest elements a thread takes: a step of fewer than twice this stays on one thread. */
    private static final long MIN_ELEMENTS_PER_THREAD = 1 << 16;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final ByteBuffer w;
    private final ByteBuffer g;
    /** m in {@code [0, n)}, v in {@code [n, 2n)}. */
    private final float[] moments;
    private final int wBase;
    private final int gBase;
    private final int vBase;
    private final float b1;
    private final float b2;
    private final float c1;
    private final float c2;
    private final float a;
    private final float eps;
    /** The folded L2 penalty, or null. */
    private final L2Ranges l2;
    private final float l2Weight;
    /** Whether a new value written so far is NaN or infinite. */
    private boolean nonFinite;

    private FusedAdam(INDArray parameters, INDArray gradients, float[] moments, long n, double learningRate,
            double beta1, double beta2, double epsilon, long iteration, L2Ranges l2) {
        int t = Math.toIntExact(iteration + 1);
        double step = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        if (!Double.isFinite(step) || step == 0) {
            step = epsilon;
        }
        w = bytes(parameters);
        g = bytes(gradients);
        this.moments = moments;
        wBase = byteBase(parameters, n);
        gBase = byteBase(gradients, n);
        vBase = Math.toIntExact(n);
        b1 = (float) beta1;
        b2 = (float) beta2;
        c1 = (float) (1 - beta1);
        c2 = (float) (1 - beta2);
        a = (float) step;
        eps = (float) epsilon;
        this.l2 = l2 == null || l2.weight() == 0 ? null : l2;
        l2Weight = l2 == null ? 0f : (float) l2.weight();
    }

    /**
     * One step over {@code n} elements: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², w ← w − a·m/(√v + ε)
     * with a = lr·√(1 − β2^t)/(1 − β1^t) as ND4J computes it (ε itself if that is not a finite non-zero).
     * {@code moments} holds m in {@code [0, n)} and v in {@code [n, 2n)}. The touched rows of the
     * blocks of {@code touched} take their gradient from the block's packed rows where it gives them.
     * If {@code lazy}, only those rows of the blocks are updated; otherwise their other rows too, with
     * the flat buffer's gradient there (zeros). Everything outside the blocks is updated densely. Within
     * the ranges of {@code l2} (if not null) the gradient is g + λ·w, with the w before the update.
     *
     * @return whether every parameter written is finite (those not written are unchanged)
     */
    static boolean step(INDArray parameters, INDArray gradients, float[] moments, long n, double learningRate,
            double beta1, double beta2, double epsilon, long iteration, List<TouchedRows> touched, boolean lazy,
            L2Ranges l2) {
        TouchedRows[] blocks = touched.stream()
                // Without packed rows, an exact step reads a block like the rest of the buffer.
                .filter(block -> lazy || block.gradient() != null)
                .map(block -> lazy ? block : ascending(block))
                .sorted(Comparator.comparingLong(TouchedRows::offset))
                .toArray(TouchedRows[]::new);
        long next = 0;
        long elements = n;
        for (TouchedRows block : blocks) {
            if (block.offset() < next || block.offset() + block.length() > n) {
                throw new IllegalArgumentException("touched block at offset " + block.offset() + " of length "
                        + block.length() + " overlaps another or leaves the buffer of " + n);
            }
            next = block.offset() + block.length();
            if (lazy) {
                elements -= block.length() - (long) block.count() * block.rowLength();
            }
        }
        KernelThreads threads = KernelThreads.configured();
        int parts = threads.parts(elements, MIN_ELEMENTS_PER_THREAD);
        boolean[] finite = new boolean[parts];
        threads.run(parts, part -> {
            FusedAdam pass = new FusedAdam(parameters, gradients, moments, n, learningRate, beta1, beta2, epsilon,
                    iteration, l2);
            long denseFrom = 0;
            for (TouchedRows block : blocks) {
                pass.updateShare(denseFrom, block.offset() - denseFrom, part, parts);
                if (lazy) {
                    pass.updateTouched(block, block.count() * part / parts, block.count() * (part + 1) / parts);
                } else {
                    pass.updateBlock(block, (int) ((long) block.rowCount() * part / parts),
                            (int) ((long) block.rowCount() * (part + 1) / parts));
                }
                denseFrom = block.offset() + block.length();
            }
            pass.updateShare(denseFrom, n - denseFrom, part, parts);
            finite[part] = pass.finite();
        });
        for (boolean partFinite : finite) {
            if (!partFinite) {
                return false;
            }
        }
        return true;
    }

    /** The block with its touched rows in ascending order (itself if they are), their packed rows moved along. */
    private static TouchedRows ascending(TouchedRows block) {
        int[] rows = block.rows();
        int count = block.count();
        boolean sorted = true;
        for (int k = 1; k < count && sorted; k++) {
            sorted = rows[k] > rows[k - 1];
        }
        if (sorted) {
            return block;
        }
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingInt(k -> rows[k]));
        int length = block.rowLength();
        int[] sortedRows = new int[count];
        float[] sortedGradient = new float[count * length];
        for (int k = 0; k < count; k++) {
            sortedRows[k] = rows[order[k]];
            System.arraycopy(block.gradient(), order[k] * length, sortedGradient, k * length, length);
        }
        return new TouchedRows(block.offset(), block.rowCount(), length, sortedRows, count, sortedGradient);
    }

    /**
     * Updates the touched rows {@code [from, to)} (positions in the block's list), adjacent rows as one
     * range, with the gradient from the block's packed rows where it gives them.
     */
    private void updateTouched(TouchedRows block, int from, int to) {
        int[] rows = block.rows();
        int length = block.rowLength();
        for (int r = from; r < to; r++) {
            int first = r;
            r = lastOfRun(rows, first, to);
            // The model's own copy of the rows' gradient, where it gives one: packed, so read in one
            // stream instead of from rows scattered over the flat buffer.
            update(block.rowOffset(first), (long) (r - first + 1) * length, block.gradient(), first * length);
        }
    }

    /**
     * Updates rows {@code [lo, hi)} of a block whose touched rows ascend: those from the packed rows,
     * the others from the flat buffer.
     */
    private void updateBlock(TouchedRows block, int lo, int hi) {
        int[] rows = block.rows();
        int from = firstAtLeast(rows, block.count(), lo);
        int to = firstAtLeast(rows, block.count(), hi);
        long length = block.rowLength();
        int untouched = lo;
        for (int r = from; r < to; r++) {
            int first = r;
            r = lastOfRun(rows, first, to);
            update(block.offset() + untouched * length, (rows[first] - untouched) * length, null, 0);
            update(block.rowOffset(first), (r - first + 1) * length, block.gradient(), (int) (first * length));
            untouched = rows[r] + 1;
        }
        update(block.offset() + untouched * length, (hi - untouched) * length, null, 0);
    }

    /**
     * The last position of the run of adjacent rows ({@code rows[k + 1] == rows[k] + 1}) that starts at
     * {@code first}, within {@code [first, to)}: adjacent rows are updated as one range, one longer pass
     * instead of several short ones.
     */
    private static int lastOfRun(int[] rows, int first, int to) {
        int r = first;
        while (r + 1 < to && rows[r + 1] == rows[r] + 1) {
            r++;
        }
        return r;
    }

    /** The first position in strictly ascending {@code rows[0..count)} whose row is at least {@code row}. */
    private static int firstAtLeast(int[] rows, int count, int row) {
        int found = Arrays.binarySearch(rows, 0, count, row);
        return found >= 0 ? found : -found - 1;
    }

    /** Updates share {@code part} of {@code parts} of the range, cut at whole vectors. */
    private void updateShare(long from, long length, int part, int parts) {
        long lanes = SPECIES.length();
        long start = length / lanes * part / parts * lanes;
        long end = part == parts - 1 ? length : length / lanes * (part + 1) / parts * lanes;
        update(from + start, end - start, null, 0);
    }

    /**
     * Updates {@code [from, from + length)}, the parts inside L2 ranges with the penalty, with the
     * gradient from the flat buffer, or from {@code rows[rowsFrom..)} if that is not null.
     */
    private void update(long from, long length, float[] rows, int rowsFrom) {
        if (l2 == null) {
            update(from, length, 0f, rows, rowsFrom);
            return;
        }
        long end = from + length;
        long at = from;
        for (int r = l2.firstEndingAfter(from); at < end && r < l2.starts().length && l2.starts()[r] < end; r++) {
            long penalisedFrom = Math.max(at, l2.starts()[r]);
            long penalisedEnd = Math.min(end, l2.ends()[r]);
            update(at, penalisedFrom - at, 0f, rows, rowsFrom + (int) (at - from));
            update(penalisedFrom, penalisedEnd - penalisedFrom, l2Weight, rows,
                    rowsFrom + (int) (penalisedFrom - from));
            at = penalisedEnd;
        }
        update(at, end - at, 0f, rows, rowsFrom + (int) (at - from));
    }

    private void update(long from, long length, float decay, float[] rows, int rowsFrom) {
        if (rows == null) {
            update(from, length, decay);
        } else {
            updateFromRows(from, length, decay, rows, rowsFrom);
        }
    }

    /** {@link #update(long, long, float)} with the gradient read from {@code rows[rowsFrom..)}. */
    private void updateFromRows(long from, long length, float decay, float[] rows, int rowsFrom) {
        if (length == 0) {
            return;
        }
        int start = Math.toIntExact(from);
        int count = Math.toIntExact(length);
        int bound = SPECIES.loopBound(count);
        ByteBuffer w = this.w;
        float[] moments = this.moments;
        int wBase = this.wBase;
        int vBase = this.vBase;
        FloatVector check = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            int k = start + i;
            FloatVector old = FloatVector.fromByteBuffer(SPECIES, w, wBase + 4 * k, ORDER);
            FloatVector wk = step(old, FloatVector.fromArray(SPECIES, rows, rowsFrom + i).add(old.mul(decay)),
                    moments, k, vBase);
            wk.intoByteBuffer(w, wBase + 4 * k, ORDER);
            check = check.add(wk.sub(wk));
        }
        nonFinite |= Float.isNaN(check.reduceLanes(VectorOperators.ADD));
        for (; i < count; i++) {
            int k = start + i;
            float old = w.getFloat(wBase + 4 * k);
            float wk = step(old, rows[rowsFrom + i] + old * decay, moments, k, vBase);
            w.putFloat(wBase + 4 * k, wk);
            nonFinite |= !Float.isFinite(wk);
        }
    }

    /** Updates {@code [from, from + length)} with the gradient from the flat buffer and L2 {@code decay}. */
    private void update(long from, long length, float decay) {
        if (length == 0) {
            return;
        }
        int start = Math.toIntExact(from);
        int count = Math.toIntExact(length);
        int bound = start + SPECIES.loopBound(count);
        int end = start + count;
        // Locals, and a check vector that lives only in this loop (Σ (w − w): 0 while all are finite,
        // NaN once one is not): a vector carried in from a field is boxed on every iteration, which
        // measured slower than the rest of the step put together.
        ByteBuffer w = this.w;
        ByteBuffer g = this.g;
        float[] moments = this.moments;
        int wBase = this.wBase;
        int gBase = this.gBase;
        int vBase = this.vBase;
        FloatVector check = FloatVector.zero(SPECIES);
        int k = start;
        for (; k < bound; k += SPECIES.length()) {
            int o = 4 * k;
            FloatVector old = FloatVector.fromByteBuffer(SPECIES, w, wBase + o, ORDER);
            FloatVector wk = step(old, FloatVector.fromByteBuffer(SPECIES, g, gBase + o, ORDER).add(old.mul(decay)),
                    moments, k, vBase);
            wk.intoByteBuffer(w, wBase + o, ORDER);
            check = check.add(wk.sub(wk));
        }
        nonFinite |= Float.isNaN(check.reduceLanes(VectorOperators.ADD));
        for (; k < end; k++) {
            int o = 4 * k;
            float old = w.getFloat(wBase + o);
            float wk = step(old, g.getFloat(gBase + o) + old * decay, moments, k, vBase);
            w.putFloat(wBase + o, wk);
            nonFinite |= !Float.isFinite(wk);
        }
    }

    /**
     * Adam's arithmetic for the vector of elements from {@code k}: given the old weights and the
     * (penalised) gradient, stores the new m and v and returns the new weights. Small enough for C2 to
     * inline into the loops above, so nothing is boxed; the moments come in as the loops' locals.
     */
    private FloatVector step(FloatVector old, FloatVector gk, float[] moments, int k, int vBase) {
        FloatVector mk = FloatVector.fromArray(SPECIES, moments, k).mul(b1).add(gk.mul(c1));
        FloatVector vk = FloatVector.fromArray(SPECIES, moments, vBase + k).mul(b2).add(gk.mul(gk).mul(c2));
        mk.intoArray(moments, k);
        vk.intoArray(moments, vBase + k);
        return old.sub(mk.mul(a).div(vk.sqrt().add(eps)));
    }

    /**
     * {@link #step(FloatVector, FloatVector, float[], int, int)} for one element, with the same IEEE
     * operations in the same order (no fused multiply-add; the float root of a double square root is
     * the correctly rounded float one), so an element gets the same bits in a vector loop or a scalar
     * tail: where the split into parts, or the merging of adjacent rows within a part, ends a range
     * changes nothing.
     */
    private float step(float old, float gk, float[] moments, int k, int vBase) {
        float mk = b1 * moments[k] + gk * c1;
        float vk = b2 * moments[vBase + k] + gk * gk * c2;
        moments[k] = mk;
        moments[vBase + k] = vk;
        return old - mk * a / ((float) Math.sqrt(vk) + eps);
    }

    private boolean finite() {
        return !nonFinite;
    }

    /** The byte offset of the view in its buffer, if int offsets reach the end of its n values. */
    private static int byteBase(INDArray array, long n) {
        if (array.offset() * 4 + n * 4 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the fused pass addresses buffers with int byte offsets; a view "
                    + "at offset " + array.offset() + " of " + n + " floats ends past them");
        }
        return (int) (array.offset() * 4);
    }

    private static ByteBuffer bytes(INDArray array) {
        return array.data().asNio().order(ORDER);
    }
}
