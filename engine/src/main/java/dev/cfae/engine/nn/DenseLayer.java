package dev.cfae.engine.nn;

import dev.cfae.api.Layer;
import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.TouchedRows;
import dev.cfae.engine.VectorApi;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A fully connected layer {@code y = x·W + b} with weights {@code W [in, out]} (row-major) followed
 * by bias {@code b [out]} in its slice of the flat buffers: blocks {@code weight} and {@code bias}.
 *
 * <p>Initialisation is Glorot-uniform, W ~ U(−a, a) with a = √(6 / (in + out)), and zero bias,
 * as TensorFlow 1's {@code tf.layers.dense} does. The GEMMs write straight into reusable output
 * buffers and into the gradient views, so a step allocates no arrays.
 *
 * <p>Besides the dense passes it has two sparse ones (float32 only) for the autoencoders, whose rows
 * are mostly empty: {@link #forwardSparse} multiplies a CSR batch by the weight rows of the columns
 * present, and {@link #backwardParametersSparse} writes only those rows of dW; and
 * {@link #maskedSquaredError} computes an output layer, the activation after it and their
 * squared-error gradient at the observed cells only. The masked pass needs each output unit's
 * weights contiguous: a layer built {@linkplain #outputMajor(int, int) output-major} stores W
 * transposed, as {@code [out, in]} row-major; its logical W and all results are the same.
 */
public final class DenseLayer implements Layer {
    /**
     * The fewest multiply-adds a thread of a sparse kernel takes (below twice this the kernel stays on
     * one thread): a worker's wake-up would cost more.
     */
    private static final long MIN_WORK_PER_THREAD = 1 << 18;
    /**
     * The fewest multiply-adds of each backward GEMM for the two to run at once. Measured: at 2^19 (a
     * batch of 8 through 512 × 128) the hand-off to the other thread cost more than it saved, at 2^24
     * (a batch of 256) it saved a sixth of the middle layers' time; 2^21 between them is a guess.
     */
    private static final long MIN_CONCURRENT_GEMM = 1 << 21;

    private final int inputWidth;
    private final int outputWidth;
    private final RowBuffer outputs;
    private final RowBuffer inputGradients;
    private final boolean outputMajor;
    /** W in storage order: {@code [in, out]}, or {@code [out, in]} when output-major. */
    private INDArray weights;
    private INDArray bias;
    private INDArray weightGradient;
    private INDArray biasGradient;
    private INDArray input;
    private SparseBatch sparseInput;
    private FloatBuffer parameterView;
    /** {@link #outputsAt}'s copies of its input and of one weight row, apart from the training passes' arrays. */
    private float[] cellInputs = new float[0];
    private float[] cellWeights = new float[0];
    private FloatBuffer gradientView;
    // Heap work arrays of the sparse passes, grown to the largest batch and then reused.
    private float[] gathered = new float[0];
    private float[] gatheredGradient = new float[0];
    private float[] rowsA = new float[0];
    private float[] rowsB = new float[0];
    private float[] biasValues = new float[0];
    private float[] slotBiasScratch = new float[0];
    private float[] zeros = new float[0];
    // The rows of stored dW (and, after a masked pass, the entries of db) the last sparse pass wrote,
    // which are all the next one has to clear; a count of -1 means unknown, so the whole block.
    private int[] writtenRows = new int[0];
    private int writtenCount = -1;
    /** Whether the sparse passes copy their gradient rows into the flat gradient ({@link #flatGradientRows}). */
    private boolean writeFlatRows = true;
    /** Whether the written rows' gradient is in the flat buffer, so that the next pass must clear it there. */
    private boolean flatRowsHeld;
    private float[] entryGradients = new float[0];
    /** {@link #accumulateBySlot}'s factors in the batch's by-slot order. */
    private float[] slotFactors = new float[0];
    private double[] rowErrors = new double[0];
    private double lastSquaredError;
    /** The threads the sparse passes split their work over, as configured when the layer was built. */
    private final KernelThreads kernelThreads = KernelThreads.configured();

    /** An input-major layer: W stored {@code [in, out]} row-major. */
    public DenseLayer(int inputWidth, int outputWidth) {
        this(inputWidth, outputWidth, false);
    }

    /** A layer that stores W as {@code [out, in]} row-major, as {@link #maskedSquaredError} needs. */
    public static DenseLayer outputMajor(int inputWidth, int outputWidth) {
        return new DenseLayer(inputWidth, outputWidth, true);
    }

    private DenseLayer(int inputWidth, int outputWidth, boolean outputMajor) {
        if (inputWidth < 1 || outputWidth < 1) {
            throw new IllegalArgumentException("widths must be positive: " + inputWidth + " -> " + outputWidth);
        }
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
        this.outputMajor = outputMajor;
        this.outputs = new RowBuffer(outputWidth);
        this.inputGradients = new RowBuffer(inputWidth);
    }

    @Override
    public int inputWidth() {
        return inputWidth;
    }

    @Override
    public int outputWidth() {
        return outputWidth;
    }

    @Override
    public long parameterCount() {
        return weightCount() + outputWidth;
    }

    private long weightCount() {
        return (long) inputWidth * outputWidth;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        return List.of(new ParameterBlock("weight", 0, weightCount(), false),
                new ParameterBlock("bias", weightCount(), outputWidth, true));
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        requireNonNull(parameters, "parameters is null");
        requireNonNull(gradients, "gradients is null");
        if (parameters.length() != parameterCount() || gradients.length() != parameterCount()) {
            throw new IllegalArgumentException("expected " + parameterCount() + " parameters and gradients, got "
                    + parameters.length() + " and " + gradients.length());
        }
        long rows = outputMajor ? outputWidth : inputWidth;
        long columns = outputMajor ? inputWidth : outputWidth;
        weights = FlatBuffers.slice(parameters, 0, weightCount()).reshape('c', rows, columns);
        bias = FlatBuffers.slice(parameters, weightCount(), outputWidth);
        weightGradient = FlatBuffers.slice(gradients, 0, weightCount()).reshape('c', rows, columns);
        biasGradient = FlatBuffers.slice(gradients, weightCount(), outputWidth);
        parameterView = null;
        gradientView = null;
        writtenCount = -1;
    }

    @Override
    public void initialize(SeededRandom random) {
        requireNonNull(random, "random is null");
        requireBound();
        double limit = Math.sqrt(6.0 / (inputWidth + outputWidth));
        float[] values = new float[Math.toIntExact(weightCount())];
        // Drawn in the logical [in, out] order whatever the storage, so a seed gives the same W.
        for (int i = 0; i < values.length; i++) {
            int at = outputMajor ? (i % outputWidth) * inputWidth + i / outputWidth : i;
            values[at] = (float) ((2.0 * random.nextDouble() - 1.0) * limit);
        }
        FlatBuffers.copyFrom(values, weights);
        bias.assign(0);
    }

    @Override
    public INDArray forward(INDArray input, boolean training, SeededRandom random) {
        requireBound();
        Shapes.requireRows(input, inputWidth, "input");
        if (input.dataType() != weights.dataType()) {
            throw new IllegalArgumentException("input is " + input.dataType() + ", parameters are " + weights.dataType());
        }
        this.input = input;
        this.sparseInput = null;
        INDArray output = outputs.rows(Math.toIntExact(input.rows()), weights.dataType());
        Gemm.multiply(input, weights, output, false, outputMajor);
        if (VectorApi.available() && OffHeapKernels.fitsRows(output, bias)) {
            OffHeapKernels.addRowVector(output, bias);
        } else {
            output.addiRowVector(bias);
        }
        return output;
    }

    /**
     * {@inheritDoc}
     *
     * <p>dW = xᵀ·δ and the input gradient δ·Wᵀ do not depend on each other: with two kernel threads,
     * float32 operands that OpenBLAS multiplies directly on one BLAS thread, and GEMMs of at least
     * {@value #MIN_CONCURRENT_GEMM} multiply-adds, they run at the same time, each still one OpenBLAS
     * call, so the bits do not depend on the thread count.
     */
    @Override
    public INDArray backward(INDArray outputGradient) {
        requireBackward(outputGradient);
        INDArray inputGradient = inputGradients.rows(Math.toIntExact(input.rows()), weights.dataType());
        Runnable parameterPass = () -> backwardParameters(outputGradient);
        Runnable inputPass = () -> Gemm.multiply(outputGradient, weights, inputGradient, false, !outputMajor);
        boolean together = backwardGemmsTogether(input.rows())
                && Gemm.callsOpenBlas(outputGradient, weights, inputGradient, false, !outputMajor)
                && (outputMajor ? Gemm.callsOpenBlas(outputGradient, input, weightGradient, true, false)
                        : Gemm.callsOpenBlas(input, outputGradient, weightGradient, true, false));
        if (together) {
            kernelThreads.run(2, part -> (part == 0 ? parameterPass : inputPass).run());
        } else {
            parameterPass.run();
            inputPass.run();
        }
        return inputGradient;
    }

    /**
     * Writes dW = xᵀ·δ and db = Σ_rows δ for the last forward call, without the input gradient
     * δ·Wᵀ: for a first layer, whose input is data, that GEMM is wasted work.
     */
    public void backwardParameters(INDArray outputGradient) {
        requireBackward(outputGradient);
        if (outputMajor) {
            Gemm.multiply(outputGradient, input, weightGradient, true, false);
        } else {
            Gemm.multiply(input, outputGradient, weightGradient, true, false);
        }
        sumRowsInto(outputGradient, biasGradient);
        writtenCount = -1;
    }

    /**
     * Whether {@link #backward} runs its two GEMMs at once for a batch of {@code rows}, provided that
     * OpenBLAS takes both directly (float32 row-major operands; checked there).
     */
    boolean backwardGemmsTogether(long rows) {
        return kernelThreads.threads() >= 2 && weights.dataType() == DataType.FLOAT
                && rows * weightCount() >= MIN_CONCURRENT_GEMM && Gemm.concurrentCallsHelp();
    }

    private void requireBackward(INDArray outputGradient) {
        if (input == null) {
            throw new IllegalStateException("backward before forward");
        }
        Shapes.requireRows(outputGradient, outputWidth, "outputGradient");
        if (outputGradient.rows() != input.rows()) {
            throw new IllegalArgumentException("outputGradient has " + outputGradient.rows() + " rows, the input had "
                    + input.rows());
        }
    }

    /**
     * {@code x·W + b} for the CSR rows of {@code batch}: each output row is the bias plus the weight
     * rows of its present columns, scaled by their values. Needs an input-major layer.
     */
    public INDArray forwardSparse(SparseBatch batch) {
        requireSparseReady(!outputMajor, "forwardSparse needs an input-major layer");
        if (batch.width() != inputWidth) {
            throw new IllegalArgumentException("batch has width " + batch.width() + ", the layer takes " + inputWidth);
        }
        int rows = batch.rows();
        int width = outputWidth;
        gatherRows(batch, width);
        rowsA = grow(rowsA, rows * width);
        biasValues = grow(biasValues, width);
        parameterView.get(Math.toIntExact(bias.offset()), biasValues, 0, width);
        int parts = kernelThreads.parts((long) batch.nnz() * width, MIN_WORK_PER_THREAD);
        kernelThreads.run(parts, part -> {
            for (int r = batch.rowBoundary(part, parts); r < batch.rowBoundary(part + 1, parts); r++) {
                int base = r * width;
                System.arraycopy(biasValues, 0, rowsA, base, width);
                VectorKernels.axpyRows(batch.values(), batch.slots(), batch.rowStart(r), batch.rowStart(r + 1),
                        gathered, rowsA, base, width, true);
            }
        });
        INDArray output = outputs.rows(rows, weights.dataType());
        FlatBuffers.copyFrom(rowsA, output);
        this.input = null;
        this.sparseInput = batch;
        return output;
    }

    /**
     * Outputs at chosen cells, as the masked pass computes them: {@code out[k] = f(b_j + input[r]·w_j)}
     * for {@code r = rows[k]}, {@code j = columns[k]}, k in {@code [0, count)}, without the rest of the
     * output rows. Changes nothing the training passes keep. Needs an output-major layer.
     *
     * @param input      the layer's input {@code [rows, in]}
     * @param activation f, the activation that follows this layer
     */
    public void outputsAt(INDArray input, int[] rows, int[] columns, int count, float[] out, Activation activation) {
        requireNonNull(activation, "activation is null");
        requireSparseReady(outputMajor, "outputsAt needs an output-major layer");
        Shapes.requireRows(input, inputWidth, "input");
        int width = inputWidth;
        int inputRows = Math.toIntExact(input.rows());
        cellInputs = grow(cellInputs, inputRows * width);
        cellWeights = grow(cellWeights, width);
        FlatBuffers.copyTo(input, cellInputs);
        int weightOffset = Math.toIntExact(weights.offset());
        int biasOffset = Math.toIntExact(bias.offset());
        for (int k = 0; k < count; k++) {
            int r = rows[k];
            int j = columns[k];
            if (r < 0 || r >= inputRows || j < 0 || j >= outputWidth) {
                throw new IndexOutOfBoundsException("cell (" + r + ", " + j + ") outside " + inputRows + " x "
                        + outputWidth);
            }
            parameterView.get(weightOffset + j * width, cellWeights, 0, width);
            out[k] = (float) activation.value(parameterView.get(biasOffset + j)
                    + VectorKernels.dot(cellInputs, r * width, cellWeights, 0, width));
        }
    }

    /**
     * dW = xᵀ·δ and db = Σ_rows δ for the last {@link #forwardSparse} call: dW is written only in
     * the rows of the batch's columns ({@link #touchedWeightRows}). Its other rows are left zero by
     * clearing the rows the previous sparse pass wrote, so the gradient buffer must hold what this
     * layer left there (the whole of dW is cleared after {@link #bind} or a dense pass). With
     * {@link #flatGradientRows flatGradientRows(false)} the rows stay in the packed copy only and dW
     * holds zeros.
     */
    public void backwardParametersSparse(INDArray outputGradient) {
        if (sparseInput == null) {
            throw new IllegalStateException("backwardParametersSparse without forwardSparse");
        }
        SparseBatch batch = sparseInput;
        Shapes.requireRows(outputGradient, outputWidth, "outputGradient");
        int rows = batch.rows();
        int width = outputWidth;
        rowsB = grow(rowsB, rows * width);
        FlatBuffers.copyTo(outputGradient, rowsB);
        int used = batch.usedCount();
        gatheredGradient = grow(gatheredGradient, used * width);
        accumulateBySlot(batch, null, rowsB, null, width,
                kernelThreads.parts((long) batch.nnz() * width, MIN_WORK_PER_THREAD));
        clearWrittenRows(width, false);
        if (writeFlatRows) {
            int offset = Math.toIntExact(weightGradient.offset());
            for (int s = 0; s < used; s++) {
                gradientView.put(offset + batch.usedColumn(s) * width, gatheredGradient, s * width, width);
            }
        }
        rememberWrittenRows(batch);
        sumRowsInto(outputGradient, biasGradient);
        this.sparseInput = null; // the batch's owner may refill it from now on
    }

    /**
     * Training pass of an output layer and its activation f under the masked squared error, at the
     * observed cells of {@code targets} only: for each entry (r, j, y), with z = b_j + a_r·w_j,
     * e = f(z) − y adds e² to the error and d = 2·e·{@code scale}·f'(z) to db_j, d·w_j to the input
     * gradient's row r and d·a_r to dW's row j. Unobserved cells are never computed; their gradient is
     * zero, as with the mask.
     * Writes dW and db in the rows of the observed columns only ({@link #touchedWeightRows}, other
     * entries left zero as in {@link #backwardParametersSparse}, and, as there, only in the packed copy
     * with {@link #flatGradientRows flatGradientRows(false)}), remembers the summed squared error
     * ({@link #lastSquaredError}) and returns d(objective)/d(input). Needs an output-major layer.
     *
     * @param input      the layer's input {@code [rows, in]}, rows matching {@code targets}
     * @param scale      the factor of the objective (1 / observed for a mean)
     * @param activation f, the activation that follows this layer
     */
    public INDArray maskedSquaredError(INDArray input, SparseBatch targets, double scale, Activation activation) {
        requireNonNull(activation, "activation is null");
        requireSparseReady(outputMajor, "maskedSquaredError needs an output-major layer");
        Shapes.requireRows(input, inputWidth, "input");
        if (targets.width() != outputWidth || targets.rows() != input.rows()) {
            throw new IllegalArgumentException("targets are " + targets.rows() + " x " + targets.width()
                    + ", the output " + input.rows() + " x " + outputWidth);
        }
        int rows = targets.rows();
        int width = inputWidth;
        rowsA = grow(rowsA, rows * width);
        FlatBuffers.copyTo(input, rowsA);
        gatherRows(targets, width);
        int used = targets.usedCount();
        biasValues = grow(biasValues, used);
        gatheredGradient = grow(gatheredGradient, used * width);
        rowsB = grow(rowsB, rows * width);
        entryGradients = grow(entryGradients, targets.nnz());
        int biasOffset = Math.toIntExact(bias.offset());
        for (int s = 0; s < used; s++) {
            biasValues[s] = parameterView.get(biasOffset + targets.usedColumn(s));
        }
        float[] slotBiasGradient = biasGradientScratch(used);
        int parts = kernelThreads.parts((long) targets.nnz() * width, MIN_WORK_PER_THREAD);
        rowErrors = rowErrors.length >= rows ? rowErrors : new double[rows];
        // By rows: each cell's error, its gradient d, and the input gradient rows d·w_j. The error is
        // summed per row, and the rows in order below, so the total does not depend on the split.
        kernelThreads.run(parts, part -> {
            for (int r = targets.rowBoundary(part, parts); r < targets.rowBoundary(part + 1, parts); r++) {
                int base = r * width;
                int start = targets.rowStart(r);
                int end = targets.rowStart(r + 1);
                double squaredError = 0;
                if (start == end) {
                    Arrays.fill(rowsB, base, base + width, 0f);
                }
                // Four cells at a time, so that their weight rows are still in the cache for d·w_j.
                for (int from = start; from < end; from += 4) {
                    int to = Math.min(from + 4, end);
                    VectorKernels.dotRows(rowsA, base, gathered, targets.slots(), from, to, width, entryGradients);
                    for (int p = from; p < to; p++) {
                        float z = biasValues[targets.slot(p)] + entryGradients[p];
                        float output = (float) activation.value(z);
                        float error = output - targets.value(p);
                        squaredError += (double) error * error;
                        entryGradients[p] = (float) (2.0 * error * scale) * (float) activation.slope(z, output);
                    }
                    VectorKernels.axpyRows(entryGradients, targets.slots(), from, to, gathered, rowsB, base, width,
                            from > start);
                }
                rowErrors[r] = squaredError;
            }
        });
        // dW_j += d·a_r, db_j += d.
        accumulateBySlot(targets, entryGradients, rowsA, slotBiasGradient, width, parts);
        double squaredError = 0;
        for (int r = 0; r < rows; r++) {
            squaredError += rowErrors[r];
        }
        clearWrittenRows(width, true);
        if (writeFlatRows) {
            int weightOffset = Math.toIntExact(weightGradient.offset());
            int biasGradientOffset = Math.toIntExact(biasGradient.offset());
            for (int s = 0; s < used; s++) {
                int column = targets.usedColumn(s);
                gradientView.put(weightOffset + column * width, gatheredGradient, s * width, width);
                gradientView.put(biasGradientOffset + column, slotBiasGradient[s]);
            }
        }
        rememberWrittenRows(targets);
        lastSquaredError = squaredError;
        this.input = null;
        this.sparseInput = null;
        INDArray inputGradient = inputGradients.rows(rows, weights.dataType());
        FlatBuffers.copyFrom(rowsB, inputGradient);
        return inputGradient;
    }

    /**
     * The rows of stored W whose gradient the last sparse pass wrote: the batch's columns, in the
     * input-major W of {@link #backwardParametersSparse} and the output-major W of
     * {@link #maskedSquaredError} alike, with their gradient rows as the pass accumulated them. Valid
     * until this layer's next pass.
     *
     * @param layerOffset the flat-buffer offset of this layer's parameters
     * @throws IllegalStateException if the last pass was not sparse
     */
    public TouchedRows touchedWeightRows(long layerOffset) {
        requireSparsePass();
        return new TouchedRows(layerOffset, Math.toIntExact(outputMajor ? outputWidth : inputWidth),
                outputMajor ? inputWidth : outputWidth, writtenRows, writtenCount, gatheredGradient);
    }

    /**
     * The entries of db the last {@link #maskedSquaredError} wrote (rows of length 1); after a
     * {@link #backwardParametersSparse} db is dense and this is not for it.
     *
     * @param layerOffset the flat-buffer offset of this layer's parameters
     */
    public TouchedRows touchedBiasEntries(long layerOffset) {
        requireSparsePass();
        if (!outputMajor) {
            throw new IllegalStateException("the bias gradient of an input-major layer is dense");
        }
        return new TouchedRows(layerOffset + weightCount(), outputWidth, 1, writtenRows, writtenCount, slotBiasScratch);
    }

    /**
     * Tells the layer that its gradient blocks were zeroed from outside (a model's empty batch): it
     * then has no rows to clear, and {@link #touchedWeightRows} lists none until its next pass.
     */
    public void gradientCleared() {
        writtenCount = 0;
    }

    private void requireSparsePass() {
        if (writtenCount < 0) {
            throw new IllegalStateException("the last backward pass was not sparse");
        }
    }

    /**
     * Whether the sparse passes also copy their gradient rows into the flat gradient (the default), or
     * leave them only in the packed copy {@link #touchedWeightRows} and {@link #touchedBiasEntries}
     * hand out: for an optimizer that reads the touched rows from that copy, it saves writing and later
     * clearing rows scattered over the buffer. Without the copy the layer's sparse blocks of the flat
     * gradient hold zeros.
     */
    public void flatGradientRows(boolean write) {
        writeFlatRows = write;
    }

    /** Zeroes the rows of stored dW (and entries of db) that the previous sparse pass wrote there. */
    private void clearWrittenRows(int rowLength, boolean andBias) {
        if (writtenCount < 0) {
            weightGradient.assign(0);
            if (andBias) {
                biasGradient.assign(0);
            }
            return;
        }
        if (!flatRowsHeld) {
            return;
        }
        zeros = grow(zeros, rowLength);
        int weightOffset = Math.toIntExact(weightGradient.offset());
        int biasOffset = Math.toIntExact(biasGradient.offset());
        for (int k = 0; k < writtenCount; k++) {
            gradientView.put(weightOffset + writtenRows[k] * rowLength, zeros, 0, rowLength);
            if (andBias) {
                gradientView.put(biasOffset + writtenRows[k], 0f);
            }
        }
    }

    /**
     * Remembers the batch's columns as the written rows, in the batch's ascending order: whoever walks
     * them next (the clearing here, the lazy optimizer) then moves through memory in one direction,
     * which measured several times faster than a first-seen order once the rows outgrow the caches.
     */
    private void rememberWrittenRows(SparseBatch batch) {
        int used = batch.usedCount();
        if (writtenRows.length < used) {
            writtenRows = new int[Math.max(used, Math.min(2 * writtenRows.length, batch.width()))];
        }
        for (int s = 0; s < used; s++) {
            writtenRows[s] = batch.usedColumn(s);
        }
        writtenCount = used;
        flatRowsHeld = writeFlatRows;
    }

    /** db = Σ_rows δ. */
    private static void sumRowsInto(INDArray outputGradient, INDArray biasGradient) {
        if (VectorApi.available() && OffHeapKernels.fitsRows(outputGradient, biasGradient)) {
            OffHeapKernels.columnSums(outputGradient, biasGradient);
        } else {
            outputGradient.sum(biasGradient, 0);
        }
    }

    /**
     * Writes, for every slot s of the batch, {@code gatheredGradient[s] = Σ f(p) · rows[r(p)]} over the
     * entries p in slot s (row r(p)), and adds Σ f(p) to {@code slotBias[s]} when it is not null, where
     * f(p) is {@code factors[p]}, or the entry's value when {@code factors} is null. Split by slot, so
     * each thread owns the gradient rows it accumulates into and adds in row order.
     */
    private void accumulateBySlot(SparseBatch batch, float[] factors, float[] rows, float[] slotBias, int width,
            int parts) {
        int used = batch.usedCount();
        batch.indexBySlot();
        float[] entryFactors = factors == null ? batch.values() : factors;
        slotFactors = grow(slotFactors, batch.nnz());
        int[] entryRows = batch.entryRows();
        int[] entryIndices = batch.entryIndices();
        kernelThreads.run(parts, part -> {
            int endSlot = batch.slotBoundary(part + 1, parts);
            for (int s = batch.slotBoundary(part, parts); s < endSlot; s++) {
                int start = batch.slotStart(s);
                int end = batch.slotStart(s + 1);
                for (int q = start; q < end; q++) {
                    slotFactors[q] = entryFactors[entryIndices[q]];
                    if (slotBias != null) {
                        slotBias[s] += slotFactors[q];
                    }
                }
                // Written, not added to: zeroing the rows first was a pass of its own (6 % of a batch-8 epoch).
                VectorKernels.axpyRows(slotFactors, entryRows, start, end, rows, gatheredGradient, s * width, width,
                        false);
            }
        });
    }

    /** Σ e² over the observed cells of the last {@link #maskedSquaredError} call. */
    public double lastSquaredError() {
        return lastSquaredError;
    }

    private float[] biasGradientScratch(int used) {
        slotBiasScratch = grow(slotBiasScratch, used);
        Arrays.fill(slotBiasScratch, 0, used, 0f);
        return slotBiasScratch;
    }

    /** Copies the stored weight rows of the batch's columns (rows of {@code width} floats) to {@link #gathered}. */
    private void gatherRows(SparseBatch batch, int width) {
        int used = batch.usedCount();
        gathered = grow(gathered, used * width);
        int offset = Math.toIntExact(weights.offset());
        for (int s = 0; s < used; s++) {
            parameterView.get(offset + batch.usedColumn(s) * width, gathered, s * width, width);
        }
    }

    private void requireSparseReady(boolean layoutOk, String message) {
        requireBound();
        if (!layoutOk) {
            throw new IllegalStateException(message);
        }
        if (weights.dataType() != DataType.FLOAT) {
            throw new IllegalStateException("the sparse passes need float32 parameters, not " + weights.dataType());
        }
        if (parameterView == null) {
            parameterView = weights.data().asNioFloat();
            gradientView = weightGradient.data().asNioFloat();
        }
    }

    private static float[] grow(float[] array, int length) {
        return array.length >= length ? array : new float[length];
    }

    private void requireBound() {
        if (weights == null) {
            throw new IllegalStateException("layer is not bound to parameter buffers");
        }
    }

    @Override
    public String toString() {
        return "DenseLayer[" + inputWidth + " -> " + outputWidth + "]";
    }
}
