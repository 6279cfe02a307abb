package dev.cfae.engine.optim;

import dev.cfae.api.TouchedRows;
import dev.cfae.engine.nn.KernelThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

final class AdamOptimizerTest {
    private static final double LR = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-3; // large, so the ε convention is visible in the result

    @Test
    void matchesTheTextbookUpdateWithBiasCorrection() {
        double[] w = {0.5, -1.0, 2.0};
        double[][] grads = {{0.1, -0.4, 2.0}, {-0.3, 0.2, 1.0}, {0.05, -0.1, -0.5}};
        INDArray parameters = Nd4j.createFromArray(new double[][] {w.clone()});
        Optimizer adam = new AdamOptimizer(3, DataType.DOUBLE, LR, BETA1, BETA2, EPSILON);

        double[] m = new double[3];
        double[] v = new double[3];
        for (int step = 0; step < grads.length; step++) {
            adam.step(parameters, Nd4j.createFromArray(new double[][] {grads[step].clone()}), step);
            int t = step + 1;
            for (int i = 0; i < 3; i++) {
                double g = grads[step][i];
                m[i] = BETA1 * m[i] + (1 - BETA1) * g;
                v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
                double mHat = m[i] / (1 - Math.pow(BETA1, t));
                double vHat = v[i] / (1 - Math.pow(BETA2, t));
                // Textbook m̂/(√v̂ + ε̂) with ε̂ = ε·√(1 − β2^t): the form ND4J and TensorFlow compute.
                w[i] -= LR * mHat / (Math.sqrt(vHat) + EPSILON / Math.sqrt(1 - Math.pow(BETA2, t)));
            }
        }

        for (int i = 0; i < 3; i++) {
            assertThat(parameters.getDouble(0, i)).isCloseTo(w[i], within(1e-12));
            assertThat((double) adam.saveState()[i]).as("m[%d]", i).isCloseTo(m[i], within(1e-6 * Math.abs(m[i])));
            assertThat((double) adam.saveState()[3 + i]).as("v[%d]", i).isCloseTo(v[i], within(1e-6 * Math.abs(v[i])));
        }
    }

    @Test
    void float32FusedPassMatchesTheNativeUpdater() {
        int n = 1003; // not a multiple of the vector width, so the scalar tail runs too
        INDArray start = Nd4j.rand(DataType.DOUBLE, 1, n).subi(0.5);
        INDArray fused = start.castTo(DataType.FLOAT);
        INDArray reference = start.dup();
        Optimizer float32 = new AdamOptimizer(n, DataType.FLOAT, LR, BETA1, BETA2, 1e-8);
        Optimizer native64 = new AdamOptimizer(n, DataType.DOUBLE, LR, BETA1, BETA2, 1e-8);

        for (int step = 0; step < 5; step++) {
            INDArray gradient = Nd4j.rand(DataType.DOUBLE, 1, n).subi(0.5).muli(step + 1);
            float32.step(fused, gradient.castTo(DataType.FLOAT), step);
            native64.step(reference, gradient.dup(), step);
        }

        double[] got = fused.castTo(DataType.DOUBLE).toDoubleVector();
        double[] want = reference.toDoubleVector();
        float[] gotState = float32.saveState();
        float[] wantState = native64.saveState();
        for (int i = 0; i < n; i++) {
            assertThat(got[i]).as("w[%d]", i).isCloseTo(want[i], within(1e-6));
        }
        for (int i = 0; i < 2 * n; i++) {
            assertThat((double) gotState[i]).as("state[%d]", i)
                    .isCloseTo(wantState[i], within(1e-5 * Math.max(1, Math.abs(wantState[i]))));
        }
    }

    @Test
    void decreasesAQuadratic() {
        // f(w) = Σ (w − c)², gradient 2(w − c).
        INDArray target = Nd4j.createFromArray(new float[][] {{1, -2, 3, 0.5f}});
        INDArray parameters = Nd4j.zeros(DataType.FLOAT, 1, 4);
        Optimizer adam = new AdamOptimizer(4, DataType.FLOAT, 0.1, 0.9, 0.999, 1e-8);
        double start = parameters.squaredDistance(target);

        for (int step = 0; step < 300; step++) {
            adam.step(parameters, parameters.sub(target).muli(2), step);
        }

        assertThat(parameters.squaredDistance(target)).isLessThan(start * 1e-3);
    }

    @Test
    void rejectsBuffersOfAnotherSizeOrType() {
        Optimizer adam = new AdamOptimizer(4, DataType.FLOAT, 0.1, 0.9, 0.999, 1e-8);

        assertThatThrownBy(() -> adam.step(Nd4j.zeros(DataType.FLOAT, 1, 5), Nd4j.zeros(DataType.FLOAT, 1, 5), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 4]");
        assertThatThrownBy(() -> adam.step(Nd4j.zeros(DataType.DOUBLE, 1, 4), Nd4j.zeros(DataType.DOUBLE, 1, 4), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT");
    }

    /** 5 dense values, a block of 6 rows of 4 from offset 5, 2 dense values: 31 in all. */
    private static final int N = 31;

    private static TouchedRows rows(int... touched) {
        return new TouchedRows(5, 6, 4, touched, touched.length);
    }

    /** A gradient that is zero outside the touched rows of the block, as a sparse step leaves it. */
    private static INDArray gradient(long seed, int... touched) {
        java.util.Random random = new java.util.Random(seed);
        float[] values = new float[N];
        for (int i = 0; i < N; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        INDArray gradient = Nd4j.createFromArray(new float[][] {values});
        for (int row = 0; row < 6; row++) {
            boolean isTouched = false;
            for (int t : touched) {
                isTouched |= t == row;
            }
            for (int i = 0; !isTouched && i < 4; i++) {
                gradient.putScalar(0, 5 + row * 4 + i, 0f);
            }
        }
        return gradient;
    }

    @Test
    void lazyAdamStepsTheTouchedRowsAsDenseAdamDoesAndLeavesTheOthers() {
        INDArray start = Nd4j.rand(DataType.FLOAT, 1, N);
        INDArray lazyParameters = start.dup();
        INDArray denseParameters = start.dup();
        Optimizer lazy = new AdamOptimizer(N, DataType.FLOAT, LR, BETA1, BETA2, 1e-8, true);
        Optimizer dense = new AdamOptimizer(N, DataType.FLOAT, LR, BETA1, BETA2, 1e-8);
        assertThat(lazy.lazy()).isTrue();
        assertThat(dense.lazy()).isFalse();

        // Step 0 touches rows 1 and 4; step 1 only row 4, so dense Adam moves row 1 on its momentum.
        INDArray first = gradient(1, 1, 4);
        assertThat(lazy.step(lazyParameters, first.dup(), 0, List.of(rows(1, 4)))).isTrue();
        assertThat(dense.step(denseParameters, first.dup(), 0, List.of(rows(1, 4)))).isTrue();
        assertThat(lazyParameters.toFloatVector()).containsExactly(denseParameters.toFloatVector());
        INDArray second = gradient(2, 4);
        lazy.step(lazyParameters, second.dup(), 1, List.of(rows(4)));
        dense.step(denseParameters, second.dup(), 1, List.of(rows(4)));

        float[] got = lazyParameters.toFloatVector();
        float[] want = denseParameters.toFloatVector();
        float[] before = start.toFloatVector();
        float[] lazyState = lazy.saveState();
        for (int i = 0; i < N; i++) {
            int row = i < 5 || i >= 29 ? -1 : (i - 5) / 4;
            if (row == 1) {
                assertThat(got[i]).as("row 1 waits").isNotEqualTo(want[i]);
                assertThat(got[i]).as("row 1 moved once").isNotEqualTo(before[i]);
            } else if (row >= 0 && row != 4) {
                assertThat(got[i]).as("untouched row %d", row).isEqualTo(before[i]);
                assertThat(lazyState[i]).as("m[%d]", i).isZero();
                assertThat(lazyState[N + i]).as("v[%d]", i).isZero();
            } else {
                assertThat(got[i]).as("element %d, dense or touched both times", i).isEqualTo(want[i]);
            }
        }
    }

    /**
     * Touched rows that bring their gradient packed on the heap are stepped with those values, bit for
     * bit as from the flat buffer, by lazy and exact Adam: rows of 20 (two vectors and a tail), runs of
     * adjacent rows, rows listed out of order, and L2 ranges that start and end inside rows, over two
     * steps. Exact Adam reads the block's other rows from the flat buffer.
     */
    @ParameterizedTest(name = "lazy {0}, rows {1}")
    @CsvSource({"true, 0 2 3 5", "false, 0 2 3 5", "false, 5 0 3 2", "false, 1 4"})
    void adamReadsTheRowsGradientFromTheModelsCopyWhereGiven(boolean lazy, String rows) {
        int offset = 3;
        int rowLength = 20;
        int n = offset + 6 * rowLength + 2;
        int[] touched = Arrays.stream(rows.split(" ")).mapToInt(Integer::parseInt).toArray();
        L2Ranges l2 = new L2Ranges(0.1, new long[] {offset + 25, offset + 70}, new long[] {offset + 47, n});
        INDArray start = Nd4j.rand(DataType.FLOAT, 1, n);
        INDArray fromFlat = start.dup();
        INDArray fromRows = start.dup();
        Optimizer flatAdam = new AdamOptimizer(n, DataType.FLOAT, LR, BETA1, BETA2, 1e-8, lazy);
        Optimizer rowsAdam = new AdamOptimizer(n, DataType.FLOAT, LR, BETA1, BETA2, 1e-8, lazy);
        assertThat(rowsAdam.readsGradientRows()).isTrue();
        flatAdam.foldL2(l2);
        rowsAdam.foldL2(l2);
        java.util.Random random = new java.util.Random(12);
        for (int step = 0; step < 2; step++) {
            float[] flat = new float[n];
            float[] packed = new float[touched.length * rowLength];
            for (int i = 0; i < n; i++) {
                flat[i] = random.nextFloat() - 0.5f;
            }
            for (int k = 0; k < touched.length; k++) {
                for (int i = 0; i < rowLength; i++) {
                    packed[k * rowLength + i] = flat[offset + touched[k] * rowLength + i];
                }
            }
            INDArray gradient = Nd4j.createFromArray(new float[][] {flat});
            // The row-reading step must not look at the flat rows: spoil them.
            INDArray spoiled = gradient.dup();
            for (int row : touched) {
                for (int i = 0; i < rowLength; i++) {
                    spoiled.putScalar(0, offset + row * rowLength + i, 1e30f);
                }
            }

            assertThat(flatAdam.step(fromFlat, gradient, step,
                    List.of(new TouchedRows(offset, 6, rowLength, touched, touched.length)))).isTrue();
            assertThat(rowsAdam.step(fromRows, spoiled, step,
                    List.of(new TouchedRows(offset, 6, rowLength, touched, touched.length, packed)))).isTrue();

            assertThat(fromRows.toFloatVector()).containsExactly(fromFlat.toFloatVector());
        }
        assertThat(fromRows.toFloatVector()).isNotEqualTo(start.toFloatVector());
        assertThat(rowsAdam.saveState()).containsExactly(flatAdam.saveState());
    }

    @Test
    void adjacentTouchedRowsAreUpdatedLikeSeparateOnes() {
        // Rows 1-3 form one run, 5 stands alone; on a first step dense Adam moves exactly these too.
        INDArray start = Nd4j.rand(DataType.FLOAT, 1, N);
        INDArray lazyParameters = start.dup();
        INDArray denseParameters = start.dup();
        INDArray gradient = gradient(7, 1, 2, 3, 5);

        lazyAdam().step(lazyParameters, gradient, 0, List.of(rows(1, 2, 3, 5)));
        new AdamOptimizer(N, DataType.FLOAT, LR, BETA1, BETA2, 1e-8).step(denseParameters, gradient, 0, List.of());

        assertThat(lazyParameters.toFloatVector()).isEqualTo(denseParameters.toFloatVector());
        assertThat(lazyParameters.getFloat(0, 5 + 4 * 2)).isNotEqualTo(start.getFloat(0, 5 + 4 * 2));
    }

    @Test
    void tellsWhetherTheParametersStayedFinite() {
        INDArray parameters = Nd4j.rand(DataType.FLOAT, 1, N);
        assertThat(lazyAdam().step(parameters.dup(), gradient(3, 2), 0, List.of(rows(2)))).isTrue();

        INDArray inTouchedRow = gradient(4, 2);
        inTouchedRow.putScalar(0, 5 + 2 * 4 + 3, Float.NaN);
        assertThat(lazyAdam().step(parameters.dup(), inTouchedRow, 0, List.of(rows(2)))).isFalse();
        INDArray inDensePart = gradient(5, 2);
        inDensePart.putScalar(0, 30, Float.POSITIVE_INFINITY);
        assertThat(lazyAdam().step(parameters.dup(), inDensePart, 0, List.of(rows(2)))).isFalse();
        // Inside a run of 8 or more values (rows 1-3 merged into one range): the vectorised check.
        INDArray inVectorPart = gradient(8, 1, 2, 3);
        inVectorPart.putScalar(0, 5 + 4 + 2, Float.NaN);
        assertThat(lazyAdam().step(parameters.dup(), inVectorPart, 0, List.of(rows(1, 2, 3)))).isFalse();
        // A NaN in a row the step does not touch is not read (and a sparse step never leaves one there).
        INDArray outside = gradient(6, 2);
        outside.putScalar(0, 5, Float.NaN);
        assertThat(lazyAdam().step(parameters.dup(), outside, 0, List.of(rows(2)))).isTrue();
    }

    private static Optimizer lazyAdam() {
        return new AdamOptimizer(N, DataType.FLOAT, LR, BETA1, BETA2, 1e-8, true);
    }

    @Test
    void refusesTouchedBlocksOutsideTheBuffer() {
        Optimizer adam = new AdamOptimizer(N, DataType.FLOAT, LR, BETA1, BETA2, 1e-8, true);
        TouchedRows tooLong = new TouchedRows(20, 6, 4, new int[] {0}, 1);

        assertThatThrownBy(() -> adam.step(Nd4j.zeros(DataType.FLOAT, 1, N), Nd4j.zeros(DataType.FLOAT, 1, N), 0,
                List.of(tooLong))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 20");
    }

    @Test
    void twoKernelThreadsGiveTheResultOfOne() {
        int n = 300_007; // over the two-thread threshold, and not a multiple of the vector width
        int rowCount = 50_000;
        int[] touched = new int[rowCount / 3];
        for (int k = 0; k < touched.length; k++) {
            touched[k] = 3 * k + 1;
        }
        assertThreadCountChangesNothing(n, List.of(new TouchedRows(1_000, rowCount, 4, touched, touched.length)));
    }

    @Test
    void twoKernelThreadsGiveTheResultOfOneWhereAdjacentRowsMerge() {
        // Rows 0..9998 of 13 floats, all adjacent: one thread updates them as one range of 129,987
        // floats, two as ranges of 64,987 and 65,000, so the vector loops end at other elements.
        int n = 300_007;
        int rowCount = 10_000;
        int[] touched = new int[rowCount - 1];
        for (int k = 0; k < touched.length; k++) {
            touched[k] = k;
        }
        assertThreadCountChangesNothing(n, List.of(new TouchedRows(1_000, rowCount, 13, touched, touched.length)));
    }

    /**
     * Lazy and exact Adam with the rows' gradient packed, on one thread and on two, give the bits of
     * reading the flat buffer: runs of two adjacent rows with one-row gaps, and a run across the two
     * threads' boundary (rows 15,000 and 15,001 of 30,003), in a block between dense ranges. The flat
     * rows the packed ones stand for are spoiled; the gaps hold gradients of their own.
     */
    @ParameterizedTest(name = "lazy {0}")
    @ValueSource(booleans = {false, true})
    void packedRowsGiveTheFlatBuffersBitsOnOneThreadAndTwo(boolean lazy) {
        int offset = 1_000;
        int rowCount = 30_003;
        int rowLength = 9;
        int n = 300_007;
        int[] touched = IntStream.range(0, rowCount).filter(row -> row % 3 != 2).toArray();
        assertThat(touched).contains(15_000, 15_001).doesNotContain(14_999);
        float[] flat = Nd4j.rand(DataType.FLOAT, 1, n).subi(0.5).toFloatVector();
        float[] packed = new float[touched.length * rowLength];
        float[] spoiled = flat.clone();
        for (int k = 0; k < touched.length; k++) {
            int at = offset + touched[k] * rowLength;
            System.arraycopy(flat, at, packed, k * rowLength, rowLength);
            Arrays.fill(spoiled, at, at + rowLength, 1e30f);
        }
        INDArray start = Nd4j.rand(DataType.FLOAT, 1, n);
        INDArray expected = start.dup();
        Optimizer fromFlat = new AdamOptimizer(n, DataType.FLOAT, LR, BETA1, BETA2, 1e-8, lazy);
        for (int step = 0; step < 2; step++) {
            fromFlat.step(expected, Nd4j.createFromArray(new float[][] {flat}), step,
                    List.of(new TouchedRows(offset, rowCount, rowLength, touched, touched.length)));
        }
        KernelThreads before = KernelThreads.configured();
        try {
            for (int threads : new int[] {1, 2}) {
                KernelThreads.configure(threads);
                INDArray actual = start.dup();
                Optimizer fromRows = new AdamOptimizer(n, DataType.FLOAT, LR, BETA1, BETA2, 1e-8, lazy);
                for (int step = 0; step < 2; step++) {
                    fromRows.step(actual, Nd4j.createFromArray(new float[][] {spoiled}), step,
                            List.of(new TouchedRows(offset, rowCount, rowLength, touched, touched.length, packed)));
                }
                // isEqualTo compares arrays in one pass; containsExactly is quadratic.
                assertThat(actual.toFloatVector()).as("%d threads", threads).isEqualTo(expected.toFloatVector());
                assertThat(fromRows.saveState()).isEqualTo(fromFlat.saveState());
            }
        } finally {
            KernelThreads.configure(before.threads());
        }
    }

    private static void assertThreadCountChangesNothing(int n, List<TouchedRows> blocks) {
        INDArray start = Nd4j.rand(DataType.FLOAT, 1, n);
        INDArray gradient = Nd4j.rand(DataType.FLOAT, 1, n).subi(0.5);
        KernelThreads before = KernelThreads.configured();
        try {
            for (boolean lazy : new boolean[] {false, true}) {
                INDArray one = start.dup();
                INDArray two = start.dup();
                Optimizer single = new AdamOptimizer(n, DataType.FLOAT, LR, BETA1, BETA2, 1e-8, lazy);
                Optimizer split = new AdamOptimizer(n, DataType.FLOAT, LR, BETA1, BETA2, 1e-8, lazy);
                for (int step = 0; step < 3; step++) {
                    KernelThreads.configure(1);
                    single.step(one, gradient, step, blocks);
                    KernelThreads.configure(2);
                    split.step(two, gradient, step, blocks);
                }
                // isEqualTo compares arrays in one pass; containsExactly is quadratic.
                assertThat(two.toFloatVector()).as("lazy %s", lazy).isEqualTo(one.toFloatVector());
                assertThat(split.saveState()).isEqualTo(single.saveState());
            }
        } finally {
            KernelThreads.configure(before.threads());
        }
    }

    @Test
    void foldedL2IsTheL2GradientAddedFirst() {
        // L2 on [0, 3) and [9, 20): part of the dense prefix, most of the block, none of the tail.
        L2Ranges l2 = new L2Ranges(0.1, new long[] {0, 9}, new long[] {3, 20});
        for (boolean lazy : new boolean[] {false, true}) {
            INDArray start = Nd4j.rand(DataType.FLOAT, 1, N);
            INDArray folded = start.dup();
            INDArray added = start.dup();
            Optimizer folding = new AdamOptimizer(N, DataType.FLOAT, LR, BETA1, BETA2, 1e-8, lazy);
            Optimizer plain = new AdamOptimizer(N, DataType.FLOAT, LR, BETA1, BETA2, 1e-8, lazy);
            assertThat(folding.foldsL2()).isTrue();
            folding.foldL2(l2);
            for (int step = 0; step < 3; step++) {
                INDArray gradient = gradient(step, 1, 3);
                INDArray withPenalty = gradient.dup();
                for (int i = 0; i < N; i++) {
                    boolean penalised = i < 3 || i >= 9 && i < 20;
                    boolean read = !lazy || i < 5 || i >= 29 || (i - 5) / 4 == 1 || (i - 5) / 4 == 3;
                    if (penalised && read) {
                        withPenalty.putScalar(0, i, gradient.getFloat(0, i) + 0.1f * added.getFloat(0, i));
                    }
                }
                folding.step(folded, gradient, step, List.of(rows(1, 3)));
                plain.step(added, withPenalty, step, List.of(rows(1, 3)));
            }
            float[] got = folded.toFloatVector();
            float[] want = added.toFloatVector();
            for (int i = 0; i < N; i++) {
                assertThat(got[i]).as("lazy %s, element %d", lazy, i).isCloseTo(want[i], within(1e-6f));
            }
        }
        assertThatThrownBy(() -> new AdamOptimizer(4, DataType.FLOAT, LR, BETA1, BETA2, 1e-8)
                .foldL2(new L2Ranges(0.1, new long[] {0}, new long[] {5})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past the 4 parameters");
        assertThat(new AdamOptimizer(3, DataType.DOUBLE, LR, BETA1, BETA2, 1e-8).foldsL2()).isFalse();
    }

    @Test
    void aSavedStateResumesTheRunExactlyOnBothPaths() {
        // float32 takes the fused pass with its moments on the heap, float64 ND4J's updater.
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            int n = 37;
            INDArray parameters = Nd4j.rand(type, 1, n).subi(0.5);
            Optimizer first = new AdamOptimizer(n, type, LR, BETA1, BETA2, EPSILON);
            assertThat(first.keepsGradients()).as("%s takes the fused path", type).isEqualTo(type == DataType.FLOAT);
            for (int step = 0; step < 3; step++) {
                first.step(parameters, Nd4j.rand(type, 1, n).subi(0.5), step);
            }
            float[] saved = first.saveState();
            Optimizer resumed = new AdamOptimizer(n, type, LR, BETA1, BETA2, EPSILON);
            resumed.restoreState(saved);
            INDArray resumedParameters = parameters.dup();
            INDArray gradient = Nd4j.rand(type, 1, n).subi(0.5);

            first.step(parameters, gradient.dup(), 3);
            resumed.step(resumedParameters, gradient.dup(), 3);

            if (type == DataType.FLOAT) {
                assertThat(resumed.saveState()).as("float32 state").isEqualTo(first.saveState());
                assertThat(resumedParameters.toFloatVector()).as("float32 parameters")
                        .isEqualTo(parameters.toFloatVector());
            } else {
                // The saved state is float32, so a float64 run resumes to within its rounding: the resumed
                // m (v) starts off by an ulp of the saved one, which the step scales by β1 (β2), and both
                // results are rounded to float32 again. Relative to the new value alone that can be large
                // where m nearly cancels, so the bound is in ulps of both.
                float[] gotState = resumed.saveState();
                float[] wantState = first.saveState();
                for (int i = 0; i < 2 * n; i++) {
                    double beta = i < n ? BETA1 : BETA2;
                    float ulps = (float) (0x1p-22 * (beta * Math.abs(saved[i]) + Math.abs(wantState[i])));
                    assertThat(gotState[i]).as("state[%d]", i).isCloseTo(wantState[i], within(ulps));
                }
                double[] got = resumedParameters.toDoubleVector();
                double[] want = parameters.toDoubleVector();
                for (int i = 0; i < n; i++) {
                    assertThat(got[i]).as("w[%d]", i).isCloseTo(want[i], within(1e-6));
                }
            }
        }
    }

    @Test
    void savedStateIsACopy() {
        Optimizer adam = new AdamOptimizer(4, DataType.FLOAT, LR, BETA1, BETA2, EPSILON);
        adam.saveState()[0] = 5f;

        assertThat(adam.saveState()).containsOnly(0f);
    }

    @Test
    void refusesAStateOfAnotherLength() {
        Optimizer adam = new AdamOptimizer(4, DataType.FLOAT, LR, BETA1, BETA2, EPSILON);

        assertThatThrownBy(() -> adam.restoreState(new float[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 values").hasMessageContaining("keeps 8");
    }
}
