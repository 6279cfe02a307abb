package dev.cfae.variants.autoencoder;

import dev.cfae.api.Orientation;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.TrainingData;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.engine.nn.Activation;
import dev.cfae.engine.nn.KernelThreads;
import dev.cfae.engine.nn.SparseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The memory estimate's bound of what the sparse kernels hold covers what building the model and
 * its first epoch's steps allocate on every thread, the batch assembled ahead included, and stays
 * below the dense rows the dense path's estimate counts instead.
 */
final class SparseTrainingBytesTest {
    private static final int USERS = 512;
    private static final int ITEMS = 2000;
    private static final int BATCH = 256;
    /** Epochs before the measured ones, for the JIT to compile the kernels: interpreted, they allocate. */
    private static final int WARM_UP_EPOCHS = 200;
    /** Fresh models measured, of which the least allocation counts. */
    private static final int TRIALS = 3;
    private static final AutoencoderSettings.Activations RELU = new AutoencoderSettings.Activations(
            Activation.RELU, Activation.RELU, Activation.RELU, Activation.IDENTITY);

    @Test
    void theDensePathHasNoSparseBound() {
        AutoencoderModel model = new AutoencoderModel(settings(0), ITEMS);
        model.sparseSettings(SparseSettings.DENSE);

        assertThat(model.sparseTrainingBytes(coveringRows(40), BATCH)).isEmpty();
    }

    @ParameterizedTest(name = "{0} ratings and {1} unobserved cells per row")
    @CsvSource({"40, 0", "40, 5", "200, 1"})
    void theBoundCoversWhatTheSparseStepsAllocate(int rated, int unobservedSamples) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean counting
                && counting.isThreadAllocatedMemorySupported() && counting.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count the bytes a thread allocates");
        TrainingData data = coveringRows(rated);
        KernelThreads before = KernelThreads.configured();
        KernelThreads.configure(2); // read by the model as it is built: it assembles each next batch ahead
        try {
            AutoencoderModel warmUp = sparseModel(unobservedSamples);
            for (int e = 0; e < WARM_UP_EPOCHS; e++) {
                epoch(warmUp, data);
            }

            // Every batch has as many cells and covers every column, so each work array grows once, in
            // the first step; what the second epoch allocates is the steps' passing garbage, which the
            // first allocated too. Code the JIT compiles late allocates more while interpreted, which can
            // only add to the first epoch: the least of a few fresh models is the one to trust.
            long bound = warmUp.sparseTrainingBytes(data, BATCH).orElseThrow();
            long held = Long.MAX_VALUE;
            for (int trial = 0; trial < TRIALS; trial++) {
                Map<Long, Long> start = allocatedByThread();
                AutoencoderModel model = new AutoencoderModel(settings(unobservedSamples), ITEMS);
                Map<Long, Long> built = allocatedByThread();
                prepareSparse(model); // its initial weights pass through a heap array that is then dropped
                Map<Long, Long> prepared = allocatedByThread();
                epoch(model, data);
                Map<Long, Long> afterFirst = allocatedByThread();
                epoch(model, data);
                Map<Long, Long> afterSecond = allocatedByThread();
                long first = allocatedBetween(start, built) + allocatedBetween(prepared, afterFirst);
                held = Math.min(held, first - allocatedBetween(afterFirst, afterSecond));
                assertThat(allocatedBetween(prepared, afterFirst, "cfae-batch-assembly"))
                        .as("the next batches were assembled ahead, on their own thread").isPositive();
            }
            assertThat(held).as("bytes a model and its first epoch allocated for good").isPositive()
                    .isLessThanOrEqualTo(bound);
            // The dense path's estimate counts eight rows of the row's width per example: five batch rows
            // (input, mask and gradient in ND4J, input and mask on the heap) and three for the output layer.
            assertThat(bound).as("the bound against the dense path's rows").isLessThan(8L * 4 * BATCH * ITEMS);
        } finally {
            KernelThreads.configure(before.threads());
        }
    }

    /** The bytes every live thread has allocated so far, by thread id. */
    private static Map<Long, Long> allocatedByThread() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int t = 0; t < ids.length; t++) {
            if (bytes[t] >= 0) { // -1 for a thread that ended meanwhile
                byThread.put(ids[t], bytes[t]);
            }
        }
        return byThread;
    }

    /**
     * What the threads alive at both snapshots allocated between them (one that ends takes its count with
     * it), and those that started between them; only threads of the given names, if any.
     */
    private static long allocatedBetween(Map<Long, Long> before, Map<Long, Long> after, String... names) {
        Set<String> wanted = Set.of(names);
        long total = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            if (!wanted.isEmpty()) {
                ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.getKey());
                if (info == null || !wanted.contains(info.getThreadName())) {
                    continue;
                }
            }
            total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return total;
    }

    private static AutoencoderSettings settings(int unobservedSamples) {
        return new AutoencoderSettings(Orientation.USER, List.of(32, 8), RELU, 0.0, unobservedSamples);
    }

    private static AutoencoderModel sparseModel(int unobservedSamples) {
        AutoencoderModel model = new AutoencoderModel(settings(unobservedSamples), ITEMS);
        prepareSparse(model);
        return model;
    }

    private static void prepareSparse(AutoencoderModel model) {
        model.bind(Nd4j.zeros(DataType.FLOAT, 1, model.parameterCount()),
                Nd4j.zeros(DataType.FLOAT, 1, model.parameterCount()));
        model.initialize(new SeededRandom(3));
        model.sparseSettings(new SparseSettings(SparseSettings.Mode.SPARSE, 0));
    }

    private static void epoch(AutoencoderModel model, TrainingData data) {
        int[] examples = IntStream.range(0, USERS).toArray();
        for (int from = 0; from < USERS; from += BATCH) {
            model.computeGradients(data, examples, from, from + BATCH, new StepContext(new SeededRandom(from), 0, 1, 0));
        }
    }

    /**
     * User u rates the {@code rated} items from u·{@code rated} on, modulo {@value #ITEMS}: every row
     * has as many cells, and every batch of {@value #BATCH} consecutive users rates every item.
     */
    private static TrainingData coveringRows(int rated) {
        int[] rows = new int[USERS * rated];
        int[] columns = new int[rows.length];
        float[] values = new float[rows.length];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = k / rated;
            columns[k] = k % ITEMS;
            values[k] = 1 + k % 5;
        }
        return TrainingData.of(RatingMatrix.fromTriples(USERS, ITEMS, rows, columns, values), 5f);
    }
}
