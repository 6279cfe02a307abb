package dev.cfae.examples.denoising;

import dev.cfae.api.ExampleKind;
import dev.cfae.api.Model;
import dev.cfae.api.Orientation;
import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.StepResult;
import dev.cfae.api.TrainingData;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.engine.nn.Activation;
import dev.cfae.engine.nn.ActivationLayer;
import dev.cfae.engine.nn.DenseLayer;
import dev.cfae.engine.nn.DropoutLayer;
import dev.cfae.engine.nn.FlatBuffers;
import dev.cfae.engine.nn.MaskedSquaredError;
import dev.cfae.engine.nn.RowBuffer;
import dev.cfae.engine.nn.Sequential;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A denoising autoencoder over the rows of the rating matrix. While training, masking noise (inverted
 * dropout on the input cells, as Mult-DAE's input dropout; CDAE corrupts the same way) hides part of
 * each row; the network must reconstruct every observed rating of the clean row, the hidden ones
 * included. That is the task it faces at prediction time, where the missing cells are asked for.
 *
 * <p>Layers: {@code corruption} (a {@link DropoutLayer}, the identity at inference), then
 * {@code encoder.<i>} dense + activation for each width, then the mirrored {@code decoder.<i>}. All
 * values are on the normalised scale of {@link TrainingData}; the engine handles the rest.
 */
final class DenoisingModel implements Model {
    /** Rows per forward pass when predicting, which bounds the inference buffers. */
    private static final int INFERENCE_ROWS = 256;

    private final DenoisingSettings settings;
    private final int columns;
    private final Sequential network;
    private final DenseLayer firstDense;
    private final int firstDenseIndex;
    private final int embeddingEnd;
    private final MaskedSquaredError loss = new MaskedSquaredError();
    private final RowBuffer inputs;
    private final RowBuffer masks;
    private final RowBuffer lossGradients;
    private float[] inputValues = new float[0];
    private float[] maskValues = new float[0];
    private float[] outputValues = new float[0];
    private DataType type;
    private INDArray gradients;

    DenoisingModel(DenoisingSettings settings, int columns) {
        this.settings = requireNonNull(settings, "settings is null");
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be positive: " + columns);
        }
        this.columns = columns;
        Sequential.Builder builder = Sequential.builder();
        builder.add("corruption", new DropoutLayer(columns, settings.corruption()));
        List<Integer> widths = settings.layers();
        int depth = widths.size();
        int width = columns;
        DenseLayer first = null;
        for (int i = 0; i < depth; i++) {
            DenseLayer dense = new DenseLayer(width, widths.get(i));
            first = i == 0 ? dense : first;
            add(builder, "encoder." + i, dense, settings.hidden());
            width = widths.get(i);
        }
        for (int i = 0; i < depth; i++) {
            boolean output = i == depth - 1;
            int next = output ? columns : widths.get(depth - 2 - i);
            add(builder, "decoder." + i, new DenseLayer(width, next), output ? settings.output() : settings.hidden());
            width = next;
        }
        this.network = builder.build();
        this.firstDense = first;
        this.firstDenseIndex = network.indexOf("encoder.0");
        this.embeddingEnd = network.indexOf("encoder." + (depth - 1) + ".activation") + 1;
        this.inputs = new RowBuffer(columns);
        this.masks = new RowBuffer(columns);
        this.lossGradients = new RowBuffer(columns);
    }

    private static void add(Sequential.Builder builder, String name, DenseLayer dense, Activation activation) {
        builder.add(name, dense).add(name + ".activation", new ActivationLayer(activation, dense.outputWidth()));
    }

    @Override
    public String variant() {
        return DenoisingFactory.NAME;
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
        if (from < 0 || from >= to || to > examples.length) {
            throw new IllegalArgumentException("batch [" + from + ", " + to + ") is empty or outside [0, "
                    + examples.length + ")");
        }
        int batch = to - from;
        int[] rows = Arrays.copyOfRange(examples, from, to);
        long observed = fill(matrix(data), rows, true);
        if (observed == 0) {
            gradients.assign(0);
            return new StepResult(0, 0, 0);
        }
        INDArray clean = inputs.rows(batch, type);
        // The corruption layer draws its mask from the step's random stream: reproducible per step.
        INDArray output = network.forward(clean, true, context.random());
        INDArray outputGradient = lossGradients.rows(batch, type);
        // Target = the clean row, at every observed cell: masked ratings are the ones worth learning.
        double squaredError = loss.sumAndGradient(output, clean, masks.rows(batch, type), outputGradient);
        outputGradient.muli(1.0 / observed);
        // The first dense layer's input is data: its parameter gradients suffice.
        firstDense.backwardParameters(network.backwardThrough(firstDenseIndex + 1, outputGradient));
        return new StepResult(squaredError / observed, squaredError, observed);
    }

    @Override
    public void predict(TrainingData data, int[] users, int[] items, int from, int to, float[] out) {
        requireNonNull(users, "users is null");
        requireNonNull(items, "items is null");
        requireNonNull(out, "out is null");
        requireBound();
        RatingMatrix matrix = matrix(data);
        if (from < 0 || from > to || to > users.length || to > items.length || to > out.length) {
            throw new IllegalArgumentException("pairs [" + from + ", " + to + ") outside the given arrays");
        }
        int[] rowOf = orientation() == Orientation.USER ? users : items;
        int[] columnOf = orientation() == Orientation.USER ? items : users;
        // Pairs sorted by row (row in the high bits, position in the low), so each row is computed once.
        long[] order = new long[to - from];
        for (int k = from; k < to; k++) {
            check(rowOf[k], matrix.rows(), "row");
            check(columnOf[k], columns, "column");
            order[k - from] = ((long) rowOf[k] << 32) | k;
        }
        Arrays.sort(order);
        int start = 0;
        while (start < order.length) {
            int[] chunk = new int[INFERENCE_ROWS];
            int count = 0;
            int end = start;
            while (end < order.length) {
                int row = (int) (order[end] >>> 32);
                if (count == 0 || chunk[count - 1] != row) {
                    if (count == INFERENCE_ROWS) {
                        break;
                    }
                    chunk[count++] = row;
                }
                end++;
            }
            int cells = count * columns;
            if (outputValues.length < cells) {
                outputValues = new float[cells];
            }
            FlatBuffers.copyTo(infer(matrix, Arrays.copyOf(chunk, count), network.size()), outputValues);
            int position = -1;
            int previous = -1;
            for (int j = start; j < end; j++) {
                int row = (int) (order[j] >>> 32);
                if (row != previous) {
                    position++;
                    previous = row;
                }
                int k = (int) order[j];
                out[k] = outputValues[position * columns + columnOf[k]];
            }
            start = end;
        }
    }

    @Override
    public Orientation orientation() {
        return settings.orientation();
    }

    @Override
    public INDArray reconstruct(TrainingData data, int fromRow, int toRow) {
        return inferRange(data, fromRow, toRow, network.size(), columns);
    }

    @Override
    public int embeddingWidth() {
        return settings.embeddingWidth();
    }

    @Override
    public INDArray embed(TrainingData data, int fromRow, int toRow) {
        return inferRange(data, fromRow, toRow, embeddingEnd, embeddingWidth());
    }

    private INDArray inferRange(TrainingData data, int fromRow, int toRow, int layers, int width) {
        requireBound();
        RatingMatrix matrix = matrix(data);
        if (fromRow < 0 || fromRow > toRow || toRow > matrix.rows()) {
            throw new IllegalArgumentException("rows [" + fromRow + ", " + toRow + ") outside [0, " + matrix.rows() + ")");
        }
        INDArray result = Nd4j.create(type, toRow - fromRow, width);
        for (int start = fromRow; start < toRow; start += INFERENCE_ROWS) {
            int count = Math.min(INFERENCE_ROWS, toRow - start);
            int first = start;
            int[] rows = new int[count];
            Arrays.setAll(rows, i -> first + i);
            result.get(NDArrayIndex.interval(start - fromRow, start - fromRow + count), NDArrayIndex.all())
                    .assign(infer(matrix, rows, layers));
        }
        return result;
    }

    /** The output of the first {@code layers} layers at inference (no corruption) for the given rows. */
    private INDArray infer(RatingMatrix matrix, int[] rows, int layers) {
        fill(matrix, rows, false);
        return network.forward(inputs.rows(rows.length, type), false, null, 0, layers);
    }

    /** Writes the dense clean rows (and, if asked, their observation masks); returns the observed count. */
    private long fill(RatingMatrix matrix, int[] rows, boolean withMask) {
        int cells = Math.multiplyExact(rows.length, columns);
        if (inputValues.length < cells) {
            inputValues = new float[cells];
            maskValues = new float[cells];
        }
        Arrays.fill(inputValues, 0, cells, 0f);
        Arrays.fill(maskValues, 0, cells, 0f);
        long observed = 0;
        for (int i = 0; i < rows.length; i++) {
            check(rows[i], matrix.rows(), "row");
            for (int p = matrix.rowStart(rows[i]); p < matrix.rowEnd(rows[i]); p++) {
                inputValues[i * columns + matrix.column(p)] = matrix.value(p);
                maskValues[i * columns + matrix.column(p)] = 1f;
            }
            observed += matrix.rowLength(rows[i]);
        }
        FlatBuffers.copyFrom(inputValues, inputs.rows(rows.length, type));
        if (withMask) {
            FlatBuffers.copyFrom(maskValues, masks.rows(rows.length, type));
        }
        return observed;
    }

    private RatingMatrix matrix(TrainingData data) {
        RatingMatrix matrix = requireNonNull(data, "data is null").rows(orientation());
        if (matrix.columns() != columns) {
            throw new IllegalArgumentException("the model reads rows of " + columns + " cells, the data's have "
                    + matrix.columns());
        }
        return matrix;
    }

    private static void check(int index, int size, String what) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(what + " " + index + " outside [0, " + size + ")");
        }
    }

    private void requireBound() {
        if (type == null) {
            throw new IllegalStateException("model is not bound to parameter buffers");
        }
    }
}
