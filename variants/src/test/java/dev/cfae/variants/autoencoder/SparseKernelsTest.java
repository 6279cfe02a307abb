package dev.cfae.variants.autoencoder;

import dev.cfae.api.Orientation;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.StepResult;
import dev.cfae.api.TouchedRows;
import dev.cfae.api.TrainingData;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.engine.nn.Activation;
import dev.cfae.engine.nn.KernelThreads;
import dev.cfae.engine.nn.SparseSettings;
import dev.cfae.engine.optim.AdamOptimizer;
import dev.cfae.engine.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The sparse-input, masked-output step gives the dense step's objective and gradients, writes only
 * the rows it reports as touched, and gives the same gradients on any number of kernel threads.
 */
final class SparseKernelsTest {
    private static final AutoencoderSettings.Activations RELU = new AutoencoderSettings.Activations(
            Activation.RELU, Activation.RELU, Activation.RELU, Activation.IDENTITY);
    private static final AutoencoderSettings.Activations SIGMOID = new AutoencoderSettings.Activations(
            Activation.SIGMOID, Activation.SIGMOID, Activation.SIGMOID, Activation.IDENTITY);
    /** Non-identity outputs: the masked pass applies the activation, and its slope, cell by cell. */
    private static final AutoencoderSettings.Activations SIGMOID_OUTPUT = new AutoencoderSettings.Activations(
            Activation.RELU, Activation.RELU, Activation.RELU, Activation.SIGMOID);
    private static final AutoencoderSettings.Activations RELU_OUTPUT = new AutoencoderSettings.Activations(
            Activation.SIGMOID, Activation.SIGMOID, Activation.SIGMOID, Activation.RELU);
    private static final AutoencoderSettings.Activations ELU_OUTPUT = new AutoencoderSettings.Activations(
            Activation.RELU, Activation.RELU, Activation.RELU, Activation.ELU);

    static Stream<Arguments> configurations() {
        KlSchedule constant = new KlSchedule(KlSchedule.Kind.CONSTANT, 0.5, 1);
        return Stream.of(
                Arguments.of("relu", Orientation.USER, List.of(12, 6), RELU, 0.0, Bottleneck.PLAIN),
                Arguments.of("sigmoid (I-AutoRec)", Orientation.ITEM, List.of(9), SIGMOID, 0.0, Bottleneck.PLAIN),
                Arguments.of("relu, dropout", Orientation.USER, List.of(12, 6), RELU, 0.3, Bottleneck.PLAIN),
                Arguments.of("k-sparse top-3", Orientation.USER, List.of(12, 6), RELU, 0.0, new Bottleneck.TopK(3)),
                Arguments.of("vae", Orientation.USER, List.of(12, 6), RELU, 0.2,
                        new Bottleneck.Gaussian(0.0, constant, false)),
                Arguments.of("sigmoid output", Orientation.ITEM, List.of(8), SIGMOID_OUTPUT, 0.0, Bottleneck.PLAIN),
                Arguments.of("relu output", Orientation.USER, List.of(12, 6), RELU_OUTPUT, 0.0, Bottleneck.PLAIN),
                Arguments.of("elu output, vae", Orientation.USER, List.of(12, 6), ELU_OUTPUT, 0.2,
                        new Bottleneck.Gaussian(0.0, constant, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void sparseAndDenseStepsGiveTheSameGradients(String name, Orientation orientation, List<Integer> layers,
            AutoencoderSettings.Activations activations, double dropout, Bottleneck bottleneck) {
        assertSparseStepsAreDenseSteps(name, new AutoencoderSettings(orientation, layers, activations, dropout),
                bottleneck);
    }

    /** The same with unobserved cells in the loss: both paths take the same cells, target 0. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void sparseAndDenseStepsGiveTheSameGradientsWithSampledUnobservedCells(String name, Orientation orientation,
            List<Integer> layers, AutoencoderSettings.Activations activations, double dropout, Bottleneck bottleneck) {
        assertSparseStepsAreDenseSteps(name, new AutoencoderSettings(orientation, layers, activations, dropout, 4),
                bottleneck);
    }

    private static void assertSparseStepsAreDenseSteps(String name, AutoencoderSettings settings,
            Bottleneck bottleneck) {
        TrainingData data = TinyData.ratings(50, 37, 0.15, 11);
        Orientation orientation = settings.orientation();
        int columns = data.rows(orientation).columns();
        Step dense = new Step(new AutoencoderModel("test", settings, bottleneck, columns), SparseSettings.DENSE);
        Step sparse = new Step(new AutoencoderModel("test", settings, bottleneck, columns),
                new SparseSettings(SparseSettings.Mode.SPARSE, 0));
        assertThat(sparse.model.describeKernels(data)).startsWith("sparse input");
        int rows = sparse.model.exampleCount(data);
        int[] examples = IntStream.range(0, rows).map(i -> (i * 7) % rows).toArray();

        // Two steps, so the second starts from parameters the first changed in the same way.
        for (int[] batch : new int[][] {{0, rows - 5}, {rows - 5, rows}}) {
            StepResult expected = dense.run(data, examples, batch[0], batch[1]);
            StepResult actual = sparse.run(data, examples, batch[0], batch[1]);

            assertThat(actual.observed()).isEqualTo(expected.observed());
            long rated = IntStream.range(batch[0], batch[1])
                    .map(i -> data.rows(orientation).rowLength(examples[i])).sum();
            assertThat(expected.observed()).as("loss cells: the rated ones and %d drawn per row",
                            settings.unobservedSamples())
                    .isEqualTo(rated + (long) settings.unobservedSamples() * (batch[1] - batch[0]));
            assertThat(actual.squaredError()).isCloseTo(expected.squaredError(), within(1e-4 * expected.squaredError()));
            assertThat(actual.objective()).isCloseTo(expected.objective(), within(1e-4 * expected.objective()));
            float[] want = dense.gradients.toFloatVector();
            float[] got = sparse.gradients.toFloatVector();
            float largest = 0;
            float worst = 0;
            for (int i = 0; i < want.length; i++) {
                largest = Math.max(largest, Math.abs(want[i]));
                worst = Math.max(worst, Math.abs(want[i] - got[i]));
            }
            assertThat(largest).isGreaterThan(1e-4f);
            assertThat(worst / largest).as("worst gradient difference relative to the largest gradient")
                    .isLessThan(1e-5f);
            assertThat(expected.touchedRows()).isEmpty();
            assertZeroOutsideTouchedRows(actual, got);
            if (batch[0] == rows - 5) {
                // Rows the first step wrote and this one did not must have been cleared.
                assertThat(actual.touchedRows().get(0).count()).isLessThan(actual.touchedRows().get(0).rowCount());
            }
            dense.parameters.subi(dense.gradients.mul(0.5));
            sparse.parameters.subi(sparse.gradients.mul(0.5));
        }
        // Predictions never use the sparse kernels; they come out identical from identical parameters.
        sparse.parameters.assign(dense.parameters);
        assertThat(sparse.model.reconstruct(data, 0, 5).ravel().toFloatVector())
                .containsExactly(dense.model.reconstruct(data, 0, 5).ravel().toFloatVector());
    }

    /**
     * The cell predictions (the sparse kernels at the asked cells, for the trainer's validation) are
     * the full rows' predictions at those cells up to rounding, and leave nothing behind that the
     * next training step would see: its gradients are those of a twin that never predicted.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void cellPredictionsAreTheFullRowsAtThoseCells(String name, Orientation orientation, List<Integer> layers,
            AutoencoderSettings.Activations activations, double dropout, Bottleneck bottleneck) {
        TrainingData data = TinyData.ratings(50, 37, 0.15, 11);
        AutoencoderSettings settings = new AutoencoderSettings(orientation, layers, activations, dropout);
        int columns = data.rows(orientation).columns();
        SparseSettings sparseKernels = new SparseSettings(SparseSettings.Mode.SPARSE, 0);
        // Three models trained alike: one predicts cells, as the trainer does, one whole rows, one nothing.
        Step predicting = new Step(new AutoencoderModel("test", settings, bottleneck, columns), sparseKernels);
        Step reference = new Step(new AutoencoderModel("test", settings, bottleneck, columns), sparseKernels);
        Step twin = new Step(new AutoencoderModel("test", settings, bottleneck, columns), sparseKernels);
        int rows = predicting.model.exampleCount(data);
        int[] examples = IntStream.range(0, rows).map(i -> (i * 7) % rows).toArray();
        for (Step step : List.of(predicting, reference, twin)) {
            step.run(data, examples, 0, rows - 5);
            step.parameters.subi(step.gradients.mul(0.5));
        }
        // Every cell, rated or not, in an order that is not the rows'.
        int n = data.users() * data.items();
        int[] users = new int[n];
        int[] items = new int[n];
        for (int k = 0; k < n; k++) {
            int cell = (int) ((k * 7919L) % n);
            users[k] = cell / data.items();
            items[k] = cell % data.items();
        }
        float[] cells = new float[n];
        float[] full = new float[n];

        boolean computed = predicting.model.predictCells(data, users, items, 0, n, cells);
        reference.model.predict(data, users, items, 0, n, full);

        assertThat(computed).isTrue();
        float largest = 0;
        float worst = 0;
        for (int k = 0; k < n; k++) {
            largest = Math.max(largest, Math.abs(full[k]));
            worst = Math.max(worst, Math.abs(full[k] - cells[k]));
        }
        assertThat(largest).isGreaterThan(1e-3f);
        assertThat(worst / largest).as("worst difference relative to the largest prediction").isLessThan(1e-5f);
        StepResult afterPredicting = predicting.run(data, examples, rows - 5, rows);
        StepResult twinResult = twin.run(data, examples, rows - 5, rows);
        assertThat(afterPredicting.squaredError()).isEqualTo(twinResult.squaredError());
        assertThat(predicting.gradients.toFloatVector()).containsExactly(twin.gradients.toFloatVector());
        assertThat(afterPredicting.touchedRows()).hasSameSizeAs(twinResult.touchedRows());
        for (int b = 0; b < twinResult.touchedRows().size(); b++) {
            TouchedRows got = afterPredicting.touchedRows().get(b);
            TouchedRows want = twinResult.touchedRows().get(b);
            assertThat(got.count()).isEqualTo(want.count());
            assertThat(Arrays.copyOf(got.rows(), got.count())).containsExactly(Arrays.copyOf(want.rows(), want.count()));
        }
    }

    @Test
    void cellPredictionsAreRefusedWhereTheyCannotMatchTheRows() {
        TrainingData data = TinyData.ratings(20, 15, 0.2, 3);
        AutoencoderSettings settings = new AutoencoderSettings(Orientation.USER, List.of(8, 4), RELU, 0.0);
        int[] users = {0, 1, 2};
        int[] items = {3, 4, 5};
        float[] out = {7f, 7f, 7f};
        Step dense = new Step(new AutoencoderModel("test", settings, Bottleneck.PLAIN, 15), SparseSettings.DENSE);
        assertThat(dense.model.predictCells(data, users, items, 0, 3, out)).as("trained densely").isFalse();
        Bottleneck sampling = new Bottleneck.Gaussian(0.0, new KlSchedule(KlSchedule.Kind.CONSTANT, 0.5, 1), true);
        Step vae = new Step(new AutoencoderModel("test", settings, sampling, 15),
                new SparseSettings(SparseSettings.Mode.SPARSE, 0));
        assertThat(vae.model.predictCells(data, users, items, 0, 3, out)).as("samples at inference").isFalse();
        assertThat(out).containsOnly(7f);
    }

    /**
     * With enough work per step to split it, two kernel threads give bit for bit the gradients and the
     * loss of one (each thread owns whole rows or whole gradient rows, so no sum changes order), over
     * several steps on a changing buffer.
     */
    @Test
    void twoKernelThreadsGiveTheGradientsOfOne() {
        TrainingData data = TinyData.ratings(300, 400, 0.2, 3);
        AutoencoderSettings settings = new AutoencoderSettings(Orientation.USER, List.of(64, 16), RELU, 0.0);
        // About 24,000 ratings x 64 units: well over the 2 x 2^18 multiply-adds a split needs.
        assertThat(data.rows(Orientation.USER).nnz() * 64L).isGreaterThan(4L << 18);
        Step one = sparseStepOn(1, settings, data);
        Step two = sparseStepOn(2, settings, data);
        int rows = one.model.exampleCount(data);
        int[] examples = IntStream.range(0, rows).map(i -> (i * 11) % rows).toArray();
        for (int[] batch : new int[][] {{0, 200}, {200, rows}, {50, 250}}) {
            StepResult single = one.run(data, examples, batch[0], batch[1]);
            StepResult split = two.run(data, examples, batch[0], batch[1]);

            assertThat(split.squaredError()).isEqualTo(single.squaredError());
            assertThat(split.objective()).isEqualTo(single.objective());
            assertThat(two.gradients.toFloatVector()).isEqualTo(one.gradients.toFloatVector());
            one.parameters.subi(one.gradients.mul(0.5));
            two.parameters.subi(two.gradients.mul(0.5));
        }
    }

    /**
     * Without the flat copy of its gradient rows, a model is stepped by lazy Adam bit for bit as with it,
     * from the packed rows its layers hand over; its sparse blocks of the flat gradient hold zeros then,
     * not an earlier step's rows.
     */
    @Test
    void lazyAdamStepsTheSameWithoutTheFlatCopyOfTheGradientRows() {
        TrainingData data = TinyData.ratings(80, 50, 0.2, 7);
        AutoencoderSettings settings = new AutoencoderSettings(Orientation.USER, List.of(12, 6), RELU, 0.0);
        SparseSettings sparseKernels = new SparseSettings(SparseSettings.Mode.SPARSE, 0);
        Step withCopy = new Step(new AutoencoderModel("test", settings, Bottleneck.PLAIN, 50), sparseKernels);
        Step packed = new Step(new AutoencoderModel("test", settings, Bottleneck.PLAIN, 50), sparseKernels);
        packed.model.flatGradientRows(false);
        long n = withCopy.model.parameterCount();
        Optimizer adamWithCopy = new AdamOptimizer(n, DataType.FLOAT, 0.01, 0.9, 0.999, 1e-8, true);
        Optimizer adamPacked = new AdamOptimizer(n, DataType.FLOAT, 0.01, 0.9, 0.999, 1e-8, true);
        assertThat(adamPacked.readsGradientRows()).isTrue();
        float[] start = packed.parameters.toFloatVector();
        int[] examples = IntStream.range(0, 80).map(i -> (i * 13) % 80).toArray();
        int step = 0;
        for (int[] batch : new int[][] {{0, 20}, {20, 40}, {10, 30}, {40, 80}}) {
            StepResult copied = withCopy.run(data, examples, batch[0], batch[1]);
            StepResult fromRows = packed.run(data, examples, batch[0], batch[1]);

            assertThat(adamWithCopy.step(withCopy.parameters, withCopy.gradients, step, copied.touchedRows())).isTrue();
            assertThat(adamPacked.step(packed.parameters, packed.gradients, step, fromRows.touchedRows())).isTrue();
            step++;

            assertThat(packed.parameters.toFloatVector()).containsExactly(withCopy.parameters.toFloatVector());
            assertThat(fromRows.touchedRows()).hasSize(3).allSatisfy(block -> {
                assertThat(block.gradient()).isNotNull();
                assertThat(packed.gradients.get(NDArrayIndex.point(0),
                        NDArrayIndex.interval(block.offset(), block.offset() + block.length())).toFloatVector())
                        .containsOnly(0f);
            });
        }
        assertThat(packed.parameters.toFloatVector()).isNotEqualTo(start);
    }

    /** A batch of rows without ratings still reports its sparse blocks, with no rows, so a lazy optimizer leaves them. */
    @Test
    void aBatchWithoutRatingsTouchesNoRows() {
        TrainingData data = halfUnrated();
        AutoencoderSettings settings = new AutoencoderSettings(Orientation.USER, List.of(6, 3), RELU, 0.0);
        Step sparse = new Step(new AutoencoderModel("test", settings, Bottleneck.PLAIN, 8),
                new SparseSettings(SparseSettings.Mode.SPARSE, 0));
        int[] examples = IntStream.range(0, 10).map(i -> 9 - i).toArray();

        StepResult rated = sparse.run(data, examples, 0, 5);
        StepResult empty = sparse.run(data, examples, 5, 10);

        assertThat(rated.touchedRows()).hasSize(3).allSatisfy(block -> assertThat(block.count()).isPositive());
        assertThat(empty.observed()).isZero();
        assertThat(empty.touchedRows()).hasSize(3).allSatisfy(block -> assertThat(block.count()).isZero());
        assertThat(sparse.gradients.toFloatVector()).containsOnly(0f);
    }

    /**
     * Rows without ratings but with drawn cells: the first layer reads nothing and touches no rows,
     * the output layer computes the drawn cells, and the gradients are the dense step's.
     */
    @Test
    void rowsWithoutRatingsStillLearnTheirDrawnCells() {
        TrainingData data = halfUnrated();
        AutoencoderSettings settings = new AutoencoderSettings(Orientation.USER, List.of(6, 3), RELU, 0.0, 2);
        Step dense = new Step(new AutoencoderModel("test", settings, Bottleneck.PLAIN, 8), SparseSettings.DENSE);
        Step sparse = new Step(new AutoencoderModel("test", settings, Bottleneck.PLAIN, 8),
                new SparseSettings(SparseSettings.Mode.SPARSE, 0));
        int[] examples = IntStream.range(0, 10).map(i -> 9 - i).toArray();

        // A first step on users 9..5 moves the biases off zero, where an empty row's output would be
        // exactly its target 0.
        for (Step step : List.of(dense, sparse)) {
            step.run(data, examples, 0, 5);
            step.parameters.subi(step.gradients.mul(0.5));
        }
        StepResult expected = dense.run(data, examples, 5, 10); // users 4..0, none with ratings
        StepResult actual = sparse.run(data, examples, 5, 10);

        assertThat(actual.observed()).isEqualTo(expected.observed()).isEqualTo(10);
        assertThat(actual.squaredError()).isCloseTo(expected.squaredError(), within(1e-5 * expected.squaredError()));
        assertThat(actual.touchedRows().get(0).count()).as("first layer").isZero();
        assertThat(actual.touchedRows().get(1).count()).as("output layer").isPositive();
        float[] want = dense.gradients.toFloatVector();
        float[] got = sparse.gradients.toFloatVector();
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("gradient %d", i).isCloseTo(want[i], within(1e-6f + 1e-5f * Math.abs(want[i])));
        }
        assertThat(want).as("the drawn cells give a gradient").isNotEqualTo(new float[want.length]);
    }

    /** Users 0-4 have no ratings; 5-9 rate a few of the 8 items. */
    private static TrainingData halfUnrated() {
        int[] users = {5, 5, 6, 7, 8, 9, 9};
        int[] items = {0, 3, 1, 2, 7, 4, 5};
        float[] values = {4, 2, 5, 3, 1, 4, 2};
        return TrainingData.of(RatingMatrix.fromTriples(10, 8, users, items, values), 5f);
    }

    private static Step sparseStepOn(int threads, AutoencoderSettings settings, TrainingData data) {
        KernelThreads before = KernelThreads.configured();
        try {
            KernelThreads.configure(threads); // read by the layers as the model builds them
            return new Step(new AutoencoderModel("test", settings, Bottleneck.PLAIN,
                    data.rows(Orientation.USER).columns()), new SparseSettings(SparseSettings.Mode.SPARSE, 0));
        } finally {
            KernelThreads.configure(before.threads());
        }
    }

    /** The reported blocks are where the sparse layers write; outside their touched rows the gradient is 0. */
    private static void assertZeroOutsideTouchedRows(StepResult result, float[] gradients) {
        assertThat(result.touchedRows()).as("the first layer's weights, the output layer's weights and bias")
                .hasSize(3);
        for (TouchedRows block : result.touchedRows()) {
            boolean[] touched = new boolean[block.rowCount()];
            for (int k = 0; k < block.count(); k++) {
                assertThat(touched[block.rows()[k]]).as("row %d reported twice", block.rows()[k]).isFalse();
                touched[block.rows()[k]] = true;
                if (k > 0) {
                    assertThat(block.rows()[k]).as("rows in ascending order").isGreaterThan(block.rows()[k - 1]);
                }
            }
            for (int row = 0; row < block.rowCount(); row++) {
                for (int i = 0; i < block.rowLength(); i++) {
                    float value = gradients[(int) (block.offset() + (long) row * block.rowLength() + i)];
                    if (!touched[row]) {
                        assertThat(value).as("row %d of the block at %d", row, block.offset()).isZero();
                    }
                }
            }
        }
    }

    /** A model bound to its own float32 buffers, initialised from the same seed as every other. */
    private static final class Step {
        final AutoencoderModel model;
        final INDArray parameters;
        final INDArray gradients;
        final boolean sparse;
        boolean first = true;

        Step(AutoencoderModel model, SparseSettings kernels) {
            this.model = model;
            this.parameters = Nd4j.create(DataType.FLOAT, 1, model.parameterCount());
            this.gradients = Nd4j.create(DataType.FLOAT, 1, model.parameterCount());
            model.bind(parameters, gradients);
            model.initialize(new SeededRandom(5));
            model.sparseSettings(kernels);
            this.sparse = kernels.mode() == SparseSettings.Mode.SPARSE;
        }

        StepResult run(TrainingData data, int[] examples, int from, int to) {
            // A dense step writes every gradient; a sparse one relies on what it left in the buffer
            // last time, and on nothing at its first step.
            if (!sparse || first) {
                gradients.assign(Float.NaN);
            }
            first = false;
            return model.computeGradients(data, examples, from, to, new StepContext(new SeededRandom(from), 0, 1, 0));
        }
    }
}
