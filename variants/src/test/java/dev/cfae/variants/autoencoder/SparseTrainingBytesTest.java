package dev.cfae.variants.autoencoder;

import dev.cfae.api.Orientation;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.TrainingData;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.engine.nn.Activation;
import dev.cfae.engine.nn.SparseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The memory estimate's bound of what the sparse kernels hold covers the work arrays their steps
 * allocate, and is far below the dense rows the dense path holds instead.
 */
final class SparseTrainingBytesTest {
    private static final int USERS = 512;
    private static final int RATED = 40;
    private static final int ITEMS = 2000;
    private static final int BATCH = 256;
    /** Epochs before the measured ones, for the JIT to compile the kernels: interpreted, they allocate. */
    private static final int WARM_UP_EPOCHS = 200;
    private static final AutoencoderSettings.Activations RELU = new AutoencoderSettings.Activations(
            Activation.RELU, Activation.RELU, Activation.RELU, Activation.IDENTITY);

    @Test
    void theDensePathHasNoSparseBound() {
        AutoencoderModel model = new AutoencoderModel(settings(0), ITEMS);
        model.sparseSettings(SparseSettings.DENSE);

        assertThat(model.sparseTrainingBytes(coveringRows(), BATCH)).isEmpty();
    }

    @ParameterizedTest(name = "{0} unobserved cells per row")
    @ValueSource(ints = {0, 5})
    void theBoundCoversWhatTheSparseStepsAllocate(int unobservedSamples) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count the bytes a thread allocates");
        TrainingData data = coveringRows();
        AutoencoderModel warmUp = sparseModel(unobservedSamples);
        for (int e = 0; e < WARM_UP_EPOCHS; e++) {
            epoch(warmUp, data);
        }
        AutoencoderModel model = sparseModel(unobservedSamples);
        long bound = model.sparseTrainingBytes(data, BATCH).orElseThrow();

        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        epoch(model, data);
        long first = threads.getThreadAllocatedBytes(thread) - before;
        epoch(model, data);
        long second = threads.getThreadAllocatedBytes(thread) - before - first;

        // Every batch has as many cells and covers every column, so each work array grows once, in
        // the first step (on this thread: with one kernel thread no batch is assembled ahead); what
        // the second epoch allocates is the steps' passing garbage, which the first allocated too.
        long workArrays = first - second;
        assertThat(workArrays).as("bytes of work arrays the first epoch allocated").isPositive()
                .isLessThanOrEqualTo(bound);
        assertThat(bound).as("the bound against the dense path's input, target, mask and gradient rows")
                .isLessThan(4L * 4 * BATCH * ITEMS);
    }

    private static AutoencoderSettings settings(int unobservedSamples) {
        return new AutoencoderSettings(Orientation.USER, List.of(32, 8), RELU, 0.0, unobservedSamples);
    }

    private static AutoencoderModel sparseModel(int unobservedSamples) {
        AutoencoderModel model = new AutoencoderModel(settings(unobservedSamples), ITEMS);
        model.bind(Nd4j.zeros(DataType.FLOAT, 1, model.parameterCount()),
                Nd4j.zeros(DataType.FLOAT, 1, model.parameterCount()));
        model.initialize(new SeededRandom(3));
        model.sparseSettings(new SparseSettings(SparseSettings.Mode.SPARSE, 0));
        return model;
    }

    private static void epoch(AutoencoderModel model, TrainingData data) {
        int[] examples = IntStream.range(0, USERS).toArray();
        for (int from = 0; from < USERS; from += BATCH) {
            model.computeGradients(data, examples, from, from + BATCH, new StepContext(new SeededRandom(from), 0, 1, 0));
        }
    }

    /**
     * User u rates the {@value #RATED} items from u·{@value #RATED} on, modulo {@value #ITEMS}: every
     * row has as many cells, and every batch of {@value #BATCH} consecutive users rates every item.
     */
    private static TrainingData coveringRows() {
        int[] rows = new int[USERS * RATED];
        int[] columns = new int[rows.length];
        float[] values = new float[rows.length];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = k / RATED;
            columns[k] = k % ITEMS;
            values[k] = 1 + k % 5;
        }
        return TrainingData.of(RatingMatrix.fromTriples(USERS, ITEMS, rows, columns, values), 5f);
    }
}
