package dev.cfae.engine.train;

import dev.cfae.api.ExampleKind;
import dev.cfae.api.Model;
import dev.cfae.api.Orientation;
import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.StepResult;
import dev.cfae.api.TrainingData;
import dev.cfae.api.data.RatingMatrix;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test model with a hand-derived gradient: prediction(u, i) = offset[u] + bias[i] on the normalised
 * scale, trained on the rows of its orientation with masked MSE. Records what the trainer hands it.
 */
final class AdditiveModel implements Model {
    private final int users;
    private final int items;
    private final Orientation orientation;
    private final float initialValue;
    private final List<int[]> batches = new ArrayList<>();
    private final List<StepContext> contexts = new ArrayList<>();
    private final List<Long> stepDraws = new ArrayList<>();
    private float[] firstGradient;
    private int largestPredictChunk;
    private INDArray parameters;
    private INDArray gradients;

    AdditiveModel(int users, int items, Orientation orientation, float initialValue) {
        this.users = users;
        this.items = items;
        this.orientation = orientation;
        this.initialValue = initialValue;
    }

    @Override
    public String variant() {
        return "additive";
    }

    @Override
    public long parameterCount() {
        return users + items;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        return List.of(new ParameterBlock("user.offset", 0, users, false),
                new ParameterBlock("item.bias", users, items, true));
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        this.parameters = parameters;
        this.gradients = gradients;
    }

    @Override
    public void initialize(SeededRandom random) {
        parameters.assign(initialValue);
    }

    @Override
    public ExampleKind exampleKind() {
        return ExampleKind.ROWS;
    }

    @Override
    public int exampleCount(TrainingData data) {
        return data.rows(orientation).rows();
    }

    @Override
    public StepResult computeGradients(TrainingData data, int[] examples, int from, int to, StepContext context) {
        batches.add(Arrays.copyOfRange(examples, from, to));
        contexts.add(context);
        stepDraws.add(context.random().nextLong());
        float[] theta = parameters.toFloatVector();
        float[] gradient = new float[theta.length];
        RatingMatrix rows = data.rows(orientation);
        double squaredError = 0;
        long observed = 0;
        for (int k = from; k < to; k++) {
            int row = examples[k];
            for (int p = rows.rowStart(row); p < rows.rowEnd(row); p++) {
                int user = orientation == Orientation.USER ? row : rows.column(p);
                int item = orientation == Orientation.USER ? rows.column(p) : row;
                float error = theta[user] + theta[users + item] - rows.value(p);
                squaredError += error * error;
                observed++;
                gradient[user] += error;
                gradient[users + item] += error;
            }
        }
        // d/dθ of Σ e² / n is 2 e / n for each term θ appears in.
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] *= observed == 0 ? 0f : 2f / observed;
        }
        if (firstGradient == null) {
            firstGradient = gradient.clone();
        }
        gradients.assign(Nd4j.createFromArray(gradient).reshape(1, gradient.length));
        return new StepResult(observed == 0 ? 0 : squaredError / observed, squaredError, observed);
    }

    @Override
    public void predict(TrainingData data, int[] users, int[] items, int from, int to, float[] out) {
        largestPredictChunk = Math.max(largestPredictChunk, to - from);
        float[] theta = parameters.toFloatVector();
        for (int k = from; k < to; k++) {
            out[k] = theta[users[k]] + theta[this.users + items[k]];
        }
    }

    @Override
    public Orientation orientation() {
        return orientation;
    }

    @Override
    public INDArray reconstruct(TrainingData data, int fromRow, int toRow) {
        float[] theta = parameters.toFloatVector();
        int width = orientation == Orientation.USER ? items : users;
        float[][] rows = new float[toRow - fromRow][width];
        for (int r = fromRow; r < toRow; r++) {
            for (int c = 0; c < width; c++) {
                int user = orientation == Orientation.USER ? r : c;
                int item = orientation == Orientation.USER ? c : r;
                rows[r - fromRow][c] = theta[user] + theta[users + item];
            }
        }
        return Nd4j.createFromArray(rows);
    }

    @Override
    public int embeddingWidth() {
        return 1;
    }

    @Override
    public INDArray embed(TrainingData data, int fromRow, int toRow) {
        float[] theta = parameters.toFloatVector();
        int offset = orientation == Orientation.USER ? 0 : users;
        float[][] rows = new float[toRow - fromRow][1];
        for (int r = fromRow; r < toRow; r++) {
            rows[r - fromRow][0] = theta[offset + r];
        }
        return Nd4j.createFromArray(rows);
    }

    /** Example ids of every step, in order. */
    List<int[]> batches() {
        return batches;
    }

    /** The step context of every step, in order. */
    List<StepContext> contexts() {
        return contexts;
    }

    /** The first value each step drew from its step random. */
    List<Long> stepDraws() {
        return stepDraws;
    }

    /** The gradient this model wrote in its first step, before the trainer added anything. */
    float[] firstGradient() {
        return firstGradient;
    }

    /** The most pairs one predict call was asked for. */
    int largestPredictChunk() {
        return largestPredictChunk;
    }
}
