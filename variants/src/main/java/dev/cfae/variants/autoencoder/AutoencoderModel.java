package dev.cfae.variants.autoencoder;

import dev.cfae.api.ExampleKind;
import dev.cfae.api.Loss;
import dev.cfae.api.Model;
import dev.cfae.api.Orientation;
import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.StepResult;
import dev.cfae.api.TouchedRows;
import dev.cfae.api.TrainingData;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.engine.VectorApi;
import dev.cfae.engine.nn.Activation;
import dev.cfae.engine.nn.ActivationLayer;
import dev.cfae.engine.nn.DenseEquivalent;
import dev.cfae.engine.nn.DenseLayer;
import dev.cfae.engine.nn.DropoutLayer;
import dev.cfae.engine.nn.FlatBuffers;
import dev.cfae.engine.nn.GaussianLayer;
import dev.cfae.engine.nn.MaskedSquaredError;
import dev.cfae.engine.nn.RowBuffer;
import dev.cfae.engine.nn.Sequential;
import dev.cfae.engine.nn.SparseBatch;
import dev.cfae.engine.nn.SparseBatches;
import dev.cfae.engine.nn.SparseCapable;
import dev.cfae.engine.nn.SparseSettings;
import dev.cfae.engine.nn.TopKLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.IntUnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * The plain autoencoder: every row of the rating matrix in its {@link Orientation} (a user's
 * ratings, or an item's) goes through dense encoder layers down to the embedding and through
 * mirrored decoder layers back to the row's width; {@code [512, 128]} on 1000 items is the seed's
 * 1000-512-128-512-1000. Dropout follows every hidden layer but the embedding.
 *
 * <p>Training reconstructs the observed training entries of each row (input = target, as the seed
 * does): the objective is the squared error over observed cells divided by their count, i.e. the
 * MSE on the normalised scale. With {@link AutoencoderSettings#unobservedSamples()} the loss also
 * takes that many unobserved cells of each row, target 0 ({@link LossCells}), and the mean is over
 * all those cells. Predictions are cells of the reconstructed rows.
 *
 * <p>A {@link Bottleneck} changes the embedding: {@link Bottleneck.TopK} adds a top-k layer after
 * the embedding's activation (the k-sparse autoencoder); {@link Bottleneck.Gaussian} turns the last
 * encoder layer into the mean and log-variance heads of a {@link GaussianLayer} (the VAE; the
 * embedding activation applies to the mean) and adds β·KL, averaged over the batch's rows, to the
 * objective.
 *
 * <p>Parameter blocks are {@code encoder.<i>.weight|bias} and {@code decoder.<i>.weight|bias}
 * ({@code encoder.<last>.mean.weight} etc. for the VAE). The first dense layer, the output layer and
 * the loss are separate steps of {@link #computeGradients}, so that the sparse step can run the first
 * on the batch's CSR rows and the other two at the loss cells only.
 */
public class AutoencoderModel implements Model, DenseEquivalent, SparseCapable {
    /** Rows per forward pass when predicting; bounds the inference buffers. */
    private static final int INFERENCE_ROWS = 256;
    /** Seeds the per-row noise of sampled VAE inference, so a row gets the same draw every time. */
    private static final long INFERENCE_NOISE_SEED = 0x6a09e667f3bcc908L;

    private final String variant;
    private final AutoencoderSettings settings;
    private final Bottleneck bottleneck;
    private final GaussianLayer gaussian;
    private final int columns;
    private final Sequential network;
    private final DenseLayer inputLayer;
    /** The last dense layer, stored output-major so training can compute it at observed cells only. */
    private final DenseLayer outputLayer;
    private final int outputLayerIndex;
    private final SparseBatches sparseBatches;
    /** The batch's loss cells, drawn anew every step, when unobserved cells are sampled; else null. */
    private final LossCells lossCells;
    /** The masked output's cells when unobserved cells are sampled (the batch's {@link LossCells}); else null. */
    private final SparseBatch lossCellBatch;
    private SparseSettings sparse = SparseSettings.DENSE;
    private final int embeddingEnd;
    private final Loss loss = new MaskedSquaredError();
    private final RowBuffer inputs;
    private final RowBuffer masks;
    private final RowBuffer lossGradients;
    private float[] inputValues = new float[0];
    private float[] maskValues = new float[0];
    private float[] outputValues = new float[0];
    /** {@link #predictCells}' columns and outputs of one chunk's cells. */
    private int[] cellColumns = new int[0];
    private float[] cellOutputs = new float[0];
    private DataType type;
    private INDArray gradients;

    /** The plain autoencoder over rows of {@code columns} cells (items for user rows, users for item rows). */
    public AutoencoderModel(AutoencoderSettings settings, int columns) {
        this(AutoencoderFactory.NAME, settings, Bottleneck.PLAIN, columns);
    }

    /**
     * An autoencoder with the given bottleneck, reported as variant {@code variant}.
     *
     * @throws IllegalArgumentException if a top-k bottleneck keeps more units than the embedding has
     */
    public AutoencoderModel(String variant, AutoencoderSettings settings, Bottleneck bottleneck, int columns) {
        this.variant = requireNonNull(variant, "variant is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.bottleneck = requireNonNull(bottleneck, "bottleneck is null");
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be positive: " + columns);
        }
        if (bottleneck instanceof Bottleneck.TopK topK && topK.k() > settings.embeddingWidth()) {
            throw new IllegalArgumentException("k = " + topK.k() + " exceeds the embedding width "
                    + settings.embeddingWidth());
        }
        this.columns = columns;
        List<Integer> widths = settings.layers();
        int depth = widths.size();
        Sequential.Builder builder = Sequential.builder();
        DenseLayer first = null;
        GaussianLayer sampler = null;
        String embeddingLayer = "encoder." + (depth - 1) + ".activation";
        int width = columns;
        for (int i = 0; i < depth; i++) {
            boolean embedding = i == depth - 1;
            if (embedding && bottleneck instanceof Bottleneck.Gaussian g) {
                sampler = new GaussianLayer(width, widths.get(i), settings.activation().embedding(),
                        g.initialLogVarianceBias());
                embeddingLayer = "encoder." + i;
                builder.add(embeddingLayer, sampler);
                width = widths.get(i);
                continue;
            }
            DenseLayer dense = new DenseLayer(width, widths.get(i));
            first = i == 0 ? dense : first;
            width = widths.get(i);
            addBlock(builder, "encoder." + i, dense,
                    embedding ? settings.activation().embedding() : settings.activation().encoder(), !embedding);
        }
        if (bottleneck instanceof Bottleneck.TopK topK) {
            embeddingLayer = "bottleneck.top-k";
            builder.add(embeddingLayer, new TopKLayer(width, topK.k()));
        }
        DenseLayer last = null;
        for (int i = 0; i < depth; i++) {
            boolean output = i == depth - 1;
            int next = output ? columns : widths.get(depth - 2 - i);
            DenseLayer dense = output ? DenseLayer.outputMajor(width, next) : new DenseLayer(width, next);
            last = dense;
            addBlock(builder, "decoder." + i, dense,
                    output ? settings.activation().output() : settings.activation().decoder(), !output);
            width = next;
        }
        this.network = builder.build();
        this.outputLayer = last;
        this.outputLayerIndex = network.indexOf("decoder." + (depth - 1));
        this.sparseBatches = new SparseBatches(columns);
        this.lossCells = settings.unobservedSamples() > 0 ? new LossCells(columns) : null;
        this.lossCellBatch = settings.unobservedSamples() > 0 ? new SparseBatch(columns) : null;
        this.inputLayer = first;
        this.gaussian = sampler;
        this.embeddingEnd = network.indexOf(embeddingLayer) + 1;
        this.inputs = new RowBuffer(columns);
        this.masks = new RowBuffer(columns);
        this.lossGradients = new RowBuffer(columns);
    }

    private void addBlock(Sequential.Builder builder, String name, DenseLayer dense,
            Activation activation, boolean hidden) {
        builder.add(name, dense).add(name + ".activation", new ActivationLayer(activation, dense.outputWidth()));
        if (hidden && settings.dropout() > 0) {
            builder.add(name + ".dropout", new DropoutLayer(dense.outputWidth(), settings.dropout()));
        }
    }

    public AutoencoderSettings settings() {
        return settings;
    }

    public Bottleneck bottleneck() {
        return bottleneck;
    }

    /** Width of an input row: the number of columns of the matrix in this model's orientation. */
    public int columns() {
        return columns;
    }

    /** The encoder and decoder layers; a VAE's Gaussian layer counts as its two heads side by side. */
    @Override
    public List<DenseShape> denseLayers() {
        List<Integer> widths = settings.layers();
        int depth = widths.size();
        List<DenseShape> shapes = new ArrayList<>();
        int width = columns;
        for (int i = 0; i < depth; i++) {
            boolean heads = i == depth - 1 && gaussian != null;
            shapes.add(new DenseShape(width, heads ? 2 * widths.get(i) : widths.get(i)));
            width = widths.get(i);
        }
        for (int i = 0; i < depth; i++) {
            int next = i == depth - 1 ? columns : widths.get(depth - 2 - i);
            shapes.add(new DenseShape(width, next));
            width = next;
        }
        return List.copyOf(shapes);
    }

    @Override
    public String variant() {
        return variant;
    }

    @Override
    public long parameterCount() {
        return network.parameterCount();
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        return network.parameterBlocks();
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        network.bind(parameters, gradients);
        this.type = parameters.dataType();
        this.gradients = gradients;
    }

    @Override
    public void initialize(SeededRandom random) {
        requireBound();
        network.initialize(requireNonNull(random, "random is null"));
    }

    @Override
    public ExampleKind exampleKind() {
        return ExampleKind.ROWS;
    }

    @Override
    public int exampleCount(TrainingData data) {
        return matrix(data).rows();
    }

    @Override
    public StepResult computeGradients(TrainingData data, int[] examples, int from, int to, StepContext context) {
        requireNonNull(examples, "examples is null");
        requireNonNull(context, "context is null");
        requireBound();
        RatingMatrix matrix = matrix(data);
        if (from < 0 || from >= to || to > examples.length) {
            throw new IllegalArgumentException("batch [" + from + ", " + to + ") is empty or outside [0, "
                    + examples.length + ")");
        }
        int batch = to - from;
        // Drawn first, from the step's random state, so that both paths draw the same cells.
        if (lossCells != null) {
            lossCells.draw(matrix, i -> examples[from + i], batch, settings.unobservedSamples(), context.random());
        }
        if (usesSparse(matrix)) {
            return sparseGradients(matrix, examples, from, batch, context);
        }
        long observed = fillWithLossCells(matrix, i -> examples[from + i], batch);
        if (observed == 0) {
            // Nothing to reconstruct: a zero objective and gradient, never 0/0.
            gradients.assign(0);
            return new StepResult(0, 0, 0);
        }
        INDArray input = inputs.rows(batch, type);
        // β·KL averaged over the batch's rows, as the seed's kld; the layer adds its gradient.
        double klWeight = gaussian == null ? 0 : ((Bottleneck.Gaussian) bottleneck).klSchedule().beta(context) / batch;
        if (gaussian != null) {
            gaussian.klWeight(klWeight);
        }
        INDArray output = network.forward(input, true, context.random());
        INDArray outputGradient = lossGradients.rows(batch, type);
        double squaredError = loss.sumAndGradient(output, input, masks.rows(batch, type), outputGradient);
        outputGradient.muli(1.0 / observed);
        INDArray firstLayerGradient = network.backwardThrough(1, outputGradient);
        if (inputLayer != null) {
            // The first layer's input is data: its parameter gradients suffice, δ·Wᵀ would be wasted.
            inputLayer.backwardParameters(firstLayerGradient);
        } else {
            network.layer(0).backward(firstLayerGradient); // a VAE whose only encoder layer is the Gaussian one
        }
        double klTerm = gaussian == null ? 0 : klWeight * gaussian.klDivergence();
        return new StepResult(squaredError / observed + klTerm, squaredError, observed);
    }

    /**
     * The sparse step: the same objective and gradients as the dense one. The first layer reads the
     * batch's CSR rows; the output layer, its activation and the loss are computed at the loss cells
     * only: the observed ones, or the step's {@link #lossCells} where unobserved cells are sampled.
     */
    private StepResult sparseGradients(RatingMatrix matrix, int[] examples, int from, int batch, StepContext context) {
        SparseBatch sparseRows = sparseBatches.take(matrix, examples, from, batch);
        SparseBatch targets = sparseRows;
        long observed = sparseRows.nnz();
        if (lossCells != null) {
            observed = lossCells.nnz();
            lossCells.copyTo(lossCellBatch);
            targets = lossCellBatch;
        }
        if (observed == 0) {
            // A zero gradient that touches no rows: a lazy optimizer must not step the others either.
            gradients.assign(0);
            inputLayer.gradientCleared();
            outputLayer.gradientCleared();
            return new StepResult(0, 0, 0, touchedRows());
        }
        double klWeight = gaussian == null ? 0 : ((Bottleneck.Gaussian) bottleneck).klSchedule().beta(context) / batch;
        if (gaussian != null) {
            gaussian.klWeight(klWeight);
        }
        INDArray hidden = inputLayer.forwardSparse(sparseRows);
        INDArray lastHidden = network.forward(hidden, true, context.random(), 1, outputLayerIndex);
        INDArray lastHiddenGradient = outputLayer.maskedSquaredError(lastHidden, targets, 1.0 / observed,
                settings.activation().output());
        double squaredError = outputLayer.lastSquaredError();
        INDArray firstLayerGradient = network.backwardThrough(1, outputLayerIndex, lastHiddenGradient);
        inputLayer.backwardParametersSparse(firstLayerGradient);
        double klTerm = gaussian == null ? 0 : klWeight * gaussian.klDivergence();
        return new StepResult(squaredError / observed + klTerm, squaredError, observed, touchedRows());
    }

    /** The sparse layers' gradient rows written by this step: the first layer's and the masked output's. */
    private List<TouchedRows> touchedRows() {
        return List.of(inputLayer.touchedWeightRows(network.offset(0)),
                outputLayer.touchedWeightRows(network.offset(outputLayerIndex)),
                outputLayer.touchedBiasEntries(network.offset(outputLayerIndex)));
    }

    @Override
    public void flatGradientRows(boolean write) {
        if (inputLayer != null) { // null when a VAE's only encoder layer is the Gaussian one
            inputLayer.flatGradientRows(write);
        }
        outputLayer.flatGradientRows(write);
    }

    @Override
    public void sparseSettings(SparseSettings settings) {
        this.sparse = requireNonNull(settings, "settings is null");
    }

    @Override
    public String describeKernels(TrainingData data) {
        RatingMatrix matrix = matrix(data);
        String density = String.format(Locale.ROOT, "density %.2f%%, sparse.mode=%s, auto-max-density=%.2f%%",
                100 * density(matrix), sparse.mode().name().toLowerCase(Locale.ROOT), 100 * sparse.autoMaxDensity());
        if (!usesSparse(matrix)) {
            return "dense rows and GEMMs (" + density + (VectorApi.available() ? ""
                    : "; the sparse kernels need " + VectorApi.missing()) + ")";
        }
        return "sparse input, masked output (" + density + ")";
    }

    @Override
    public OptionalLong sparseTrainingBytes(TrainingData data, int batchSize) {
        RatingMatrix matrix = matrix(data);
        if (!usesSparse(matrix)) {
            return OptionalLong.empty();
        }
        // The loss cells of the batchSize longest rows bound a batch's cells and its distinct columns.
        int[] lengths = new int[matrix.rows()];
        for (int r = 0; r < lengths.length; r++) {
            lengths[r] = matrix.rowLength(r);
        }
        Arrays.sort(lengths);
        long cells = 0;
        for (int r = lengths.length - 1; r >= Math.max(0, lengths.length - batchSize); r--) {
            cells += Math.min(columns, (long) lengths[r] + settings.unobservedSamples());
        }
        long distinct = Math.min(cells, columns);
        long sparseWidths = inputLayer.outputWidth() + outputLayer.inputWidth();
        // Per cell, about 70 bytes: the batch and the one assembled ahead with their by-column indexes,
        // the drawn loss cells and their batch, the output's gradients and both layers' factors.
        // Per distinct column: both sparse layers' gathered rows and packed gradients, and the batches'
        // used columns, the output's bias entries and the rows each layer wrote (which may double).
        // Per row: the sparse layers' work rows, row pointers and errors. Per column: the batches' and
        // the cell drawer's column-to-slot maps and bit sets. Counted generously: an estimate must not
        // fall short, and these are small beside the parameters.
        return OptionalLong.of(128 * cells + (distinct + batchSize) * (8 * sparseWidths + 64) + 32L * columns);
    }

    /** Sparse kernels need a plain first dense layer and float32 buffers (what the Trainer binds). */
    private boolean usesSparse(RatingMatrix matrix) {
        return inputLayer != null && network.layer(0) == inputLayer && (type == null || type == DataType.FLOAT)
                && sparse.useSparse(density(matrix));
    }

    private static double density(RatingMatrix matrix) {
        return matrix.nnz() / ((double) matrix.rows() * matrix.columns());
    }

    @Override
    public void predict(TrainingData data, int[] users, int[] items, int from, int to, float[] out) {
        RatingMatrix matrix = requirePairs(data, users, items, from, to, out);
        forEachRowChunk(matrix, users, items, from, to, (chunk, count, positions, pairs, columnOf, n) -> {
            float[] reconstructed = infer(matrix, i -> chunk[i], count);
            for (int c = 0; c < n; c++) {
                out[pairs[c]] = reconstructed[positions[c] * columns + columnOf[pairs[c]]];
            }
        });
    }

    /**
     * The sparse kernels at the asked cells only: the first layer reads the rows' CSR entries and the
     * masked output computes the asked cells, not whole rows. Not where the model trains densely or
     * samples a VAE's code at inference (the noise belongs to whole rows).
     */
    @Override
    public boolean predictCells(TrainingData data, int[] users, int[] items, int from, int to, float[] out) {
        RatingMatrix matrix = requirePairs(data, users, items, from, to, out);
        if (!usesSparse(matrix) || gaussian != null && ((Bottleneck.Gaussian) bottleneck).sampleAtInference()) {
            return false;
        }
        forEachRowChunk(matrix, users, items, from, to, (chunk, count, positions, pairs, columnOf, n) -> {
            INDArray hidden = inputLayer.forwardSparse(sparseBatches.fill(matrix, i -> chunk[i], count));
            INDArray lastHidden = network.forward(hidden, false, null, 1, outputLayerIndex);
            if (cellColumns.length < n) {
                cellColumns = new int[n];
                cellOutputs = new float[n];
            }
            for (int c = 0; c < n; c++) {
                cellColumns[c] = columnOf[pairs[c]];
            }
            outputLayer.outputsAt(lastHidden, positions, cellColumns, n, cellOutputs,
                    settings.activation().output());
            for (int c = 0; c < n; c++) {
                out[pairs[c]] = cellOutputs[c];
            }
        });
        return true;
    }

    private RatingMatrix requirePairs(TrainingData data, int[] users, int[] items, int from, int to, float[] out) {
        requireNonNull(users, "users is null");
        requireNonNull(items, "items is null");
        requireNonNull(out, "out is null");
        requireBound();
        RatingMatrix matrix = matrix(data);
        if (from < 0 || from > to || to > users.length || to > items.length || to > out.length) {
            throw new IllegalArgumentException("pairs [" + from + ", " + to + ") outside the given arrays");
        }
        return matrix;
    }

    /** Computes the outputs of one chunk of pairs, whose distinct rows are {@code chunk[0..count)}. */
    private interface RowChunk {
        /**
         * @param positions for each of the chunk's {@code n} pairs, its row's index in {@code chunk}
         * @param pairs     for each of them, its index into the caller's arrays
         */
        void compute(int[] chunk, int count, int[] positions, int[] pairs, int[] columnOf, int n);
    }

    /**
     * Sorts the pairs by row (row in the high bits, pair position in the low ones) and hands them out
     * in chunks of at most {@link #INFERENCE_ROWS} distinct rows, so each row is computed once
     * however many pairs ask for it.
     */
    private void forEachRowChunk(RatingMatrix matrix, int[] users, int[] items, int from, int to, RowChunk rowChunk) {
        int[] rowOf = settings.orientation() == Orientation.USER ? users : items;
        int[] columnOf = settings.orientation() == Orientation.USER ? items : users;
        long[] order = new long[to - from];
        for (int k = from; k < to; k++) {
            checkIndex(rowOf[k], matrix.rows(), "row");
            checkIndex(columnOf[k], columns, "column");
            order[k - from] = ((long) rowOf[k] << 32) | k;
        }
        Arrays.sort(order);
        int[] chunk = new int[INFERENCE_ROWS];
        int[] positions = new int[order.length];
        int[] pairs = new int[order.length];
        int next = 0;
        while (next < order.length) {
            int start = next;
            int count = 0;
            while (next < order.length) {
                int row = (int) (order[next] >>> 32);
                if (count == 0 || chunk[count - 1] != row) {
                    if (count == INFERENCE_ROWS) {
                        break;
                    }
                    chunk[count++] = row;
                }
                positions[next - start] = count - 1;
                pairs[next - start] = (int) order[next];
                next++;
            }
            rowChunk.compute(chunk, count, positions, pairs, columnOf, next - start);
        }
    }

    /** Reconstructs the given rows at inference and returns them row-major in a reused heap array. */
    private float[] infer(RatingMatrix matrix, IntUnaryOperator rowOf, int count) {
        fill(matrix, rowOf, count, false);
        prepareInferenceNoise(rowOf, count);
        INDArray output = network.forward(inputs.rows(count, type), false, null);
        if (outputValues.length < count * columns) {
            outputValues = new float[count * columns];
        }
        FlatBuffers.copyTo(output, outputValues);
        return outputValues;
    }

    @Override
    public Orientation orientation() {
        return settings.orientation();
    }

    @Override
    public INDArray reconstruct(TrainingData data, int fromRow, int toRow) {
        return inferRows(data, fromRow, toRow, network.size(), columns);
    }

    @Override
    public int embeddingWidth() {
        return settings.embeddingWidth();
    }

    @Override
    public INDArray embed(TrainingData data, int fromRow, int toRow) {
        return inferRows(data, fromRow, toRow, embeddingEnd, embeddingWidth());
    }

    /** Outputs of the first {@code layers} layers at inference for rows [fromRow, toRow), in a new array. */
    private INDArray inferRows(TrainingData data, int fromRow, int toRow, int layers, int width) {
        requireBound();
        RatingMatrix matrix = matrix(data);
        if (fromRow < 0 || fromRow > toRow || toRow > matrix.rows()) {
            throw new IllegalArgumentException("rows [" + fromRow + ", " + toRow + ") outside [0, " + matrix.rows()
                    + ")");
        }
        INDArray result = Nd4j.create(type, toRow - fromRow, width);
        for (int start = fromRow; start < toRow; start += INFERENCE_ROWS) {
            int first = start;
            int count = Math.min(INFERENCE_ROWS, toRow - start);
            fill(matrix, i -> first + i, count, false);
            prepareInferenceNoise(i -> first + i, count);
            INDArray output = network.forward(inputs.rows(count, type), false, null, 0, layers);
            result.get(NDArrayIndex.interval(start - fromRow, start - fromRow + count), NDArrayIndex.all())
                    .assign(output);
        }
        return result;
    }

    /**
     * With a Gaussian bottleneck sampled at inference: draws the noise of rows {@code rowOf(0..count)},
     * each from its own stream seeded by the row index, so a row's sample does not depend on which
     * other rows share its pass.
     */
    private void prepareInferenceNoise(IntUnaryOperator rowOf, int count) {
        if (gaussian == null || !((Bottleneck.Gaussian) bottleneck).sampleAtInference()) {
            return;
        }
        int width = settings.embeddingWidth();
        float[] noise = new float[count * width];
        for (int i = 0; i < count; i++) {
            SeededRandom rowRandom = new SeededRandom(INFERENCE_NOISE_SEED + rowOf.applyAsInt(i));
            for (int j = 0; j < width; j++) {
                noise[i * width + j] = (float) rowRandom.nextGaussian();
            }
        }
        INDArray noiseRows = Nd4j.create(type, count, width);
        FlatBuffers.copyFrom(noise, noiseRows);
        gaussian.useInferenceNoise(noiseRows);
    }

    /**
     * Runs the decoder on embedding rows {@code codes} ({@code [n, embeddingWidth]}) at inference and
     * returns the decoded rows, a new {@code [n, columns]} array on the normalised scale, unclipped.
     */
    protected INDArray decode(INDArray codes) {
        requireBound();
        requireNonNull(codes, "codes is null");
        INDArray result = Nd4j.create(type, codes.rows(), columns);
        for (long start = 0; start < codes.rows(); start += INFERENCE_ROWS) {
            long end = Math.min(codes.rows(), start + INFERENCE_ROWS);
            INDArray chunk = codes.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).castTo(type).dup('c');
            result.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())
                    .assign(network.forward(chunk, false, null, embeddingEnd, network.size()));
        }
        return result;
    }

    /** The data type of the bound buffers. */
    protected DataType dataType() {
        requireBound();
        return type;
    }

    /**
     * Writes the dense rows {@code rowOf(0..count)} into the input buffer and the mask of their loss
     * cells into the mask buffer: the observed cells, or row i of the step's {@link #lossCells} where
     * unobserved cells are sampled (their extra cells have target 0, which the input holds there).
     * Returns the number of loss cells.
     */
    private long fillWithLossCells(RatingMatrix matrix, IntUnaryOperator rowOf, int count) {
        long observed = fill(matrix, rowOf, count, lossCells == null);
        if (lossCells == null) {
            return observed;
        }
        int cells = count * columns;
        growMask(cells);
        Arrays.fill(maskValues, 0, cells, 0f);
        for (int i = 0; i < count; i++) {
            for (int p = lossCells.rowStart(i); p < lossCells.rowEnd(i); p++) {
                maskValues[i * columns + lossCells.column(p)] = 1f;
            }
        }
        FlatBuffers.copyFrom(maskValues, masks.rows(count, type));
        return lossCells.nnz();
    }

    /**
     * Writes the dense rows {@code rowOf(0..count)} into the input buffer (and their observation
     * mask into the mask buffer) and returns the number of observed cells.
     */
    private long fill(RatingMatrix matrix, IntUnaryOperator rowOf, int count, boolean withMask) {
        int cells = Math.multiplyExact(count, columns);
        if (inputValues.length < cells) {
            inputValues = new float[cells];
        }
        Arrays.fill(inputValues, 0, cells, 0f);
        if (withMask) {
            growMask(cells);
            Arrays.fill(maskValues, 0, cells, 0f);
        }
        long observed = 0;
        for (int i = 0; i < count; i++) {
            int row = rowOf.applyAsInt(i);
            checkIndex(row, matrix.rows(), "row");
            int base = i * columns;
            for (int p = matrix.rowStart(row); p < matrix.rowEnd(row); p++) {
                inputValues[base + matrix.column(p)] = matrix.value(p);
                if (withMask) {
                    maskValues[base + matrix.column(p)] = 1f;
                }
            }
            observed += matrix.rowLength(row);
        }
        FlatBuffers.copyFrom(inputValues, inputs.rows(count, type));
        if (withMask) {
            FlatBuffers.copyFrom(maskValues, masks.rows(count, type));
        }
        return observed;
    }

    /** Grows the mask's heap array to {@code cells}; a reconstruction, which needs no mask, leaves it alone. */
    private void growMask(int cells) {
        if (maskValues.length < cells) {
            maskValues = new float[cells];
        }
    }

    private RatingMatrix matrix(TrainingData data) {
        RatingMatrix matrix = requireNonNull(data, "data is null").rows(settings.orientation());
        if (matrix.columns() != columns) {
            throw new IllegalArgumentException("the model reads rows of " + columns + " cells, the "
                    + settings.orientation().name().toLowerCase(Locale.ROOT) + " rows of the data have "
                    + matrix.columns());
        }
        return matrix;
    }

    private static void checkIndex(int index, int size, String what) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(what + " " + index + " outside [0, " + size + ")");
        }
    }

    private void requireBound() {
        if (type == null) {
            throw new IllegalStateException("model is not bound to parameter buffers");
        }
    }

    @Override
    public String toString() {
        return "AutoencoderModel[" + variant + ", " + settings.orientation().name().toLowerCase(Locale.ROOT) + ", " + network
                + "]";
    }
}
