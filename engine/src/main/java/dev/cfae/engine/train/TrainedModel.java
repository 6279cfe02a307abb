package dev.cfae.engine.train;

import dev.cfae.api.Model;
import dev.cfae.api.Orientation;
import dev.cfae.api.TrainingData;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.api.data.Ratings;
import dev.cfae.engine.nn.SparseCapable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * A model bound to its parameters and training data, predicting on the rating scale: model output ×
 * scale, clipped to the range if configured, and the fallback rating for a user or item without
 * training ratings and for an unknown index (−1, or beyond the training indices). Not thread-safe,
 * like the {@link Model} it wraps.
 *
 * <p>Rows: {@link #filledModelRows} and {@link #embeddings} are in the model's {@link #orientation()}
 * (users for a user autoencoder, items for an item autoencoder); {@link #filledRows} is always users ×
 * items.
 */
public final class TrainedModel {
    /** Floats of one dense model input (rows × row width) per prediction chunk, to bound memory. */
    private static final long CHUNK_FLOATS = 1L << 22;
    private static final int MIN_CHUNK = 64;
    private static final int MAX_CHUNK = 1 << 16;

    private final Model model;
    private final INDArray parameters;
    private final TrainingData data;
    private final ResolvedPrediction prediction;
    private final boolean[] coldUsers;
    private final boolean[] coldItems;

    TrainedModel(Model model, INDArray parameters, TrainingData data, ResolvedPrediction prediction) {
        this.model = requireNonNull(model, "model is null");
        this.parameters = requireNonNull(parameters, "parameters is null");
        this.data = requireNonNull(data, "data is null");
        this.prediction = requireNonNull(prediction, "prediction is null");
        this.coldUsers = emptyRows(data.byUser());
        this.coldItems = emptyRows(data.byItem());
    }

    /**
     * Rebuilds a trained model from saved parameters (e.g. from a {@link dev.cfae.api.ModelSnapshot}):
     * binds fresh buffers to {@code model} and copies {@code parameters} in.
     *
     * @param model an untrained model of the same variant and configuration
     */
    public static TrainedModel restore(Model model, TrainingData data, ResolvedPrediction prediction,
            float[] parameters) {
        requireNonNull(model, "model is null");
        requireNonNull(parameters, "parameters is null");
        if (parameters.length != model.parameterCount()) {
            throw new IllegalArgumentException("the saved parameters have " + parameters.length + " values, but "
                    + model.variant() + " has " + model.parameterCount());
        }
        INDArray buffer = Nd4j.create(DataType.FLOAT, 1, parameters.length);
        buffer.assign(Nd4j.createFromArray(parameters).reshape(1, parameters.length));
        model.bind(buffer, Nd4j.create(DataType.FLOAT, 1, parameters.length));
        return new TrainedModel(model, buffer, data, prediction);
    }

    public Model model() {
        return model;
    }

    public TrainingData data() {
        return data;
    }

    public ResolvedPrediction prediction() {
        return prediction;
    }

    /** Orientation of {@link #filledModelRows} and {@link #embeddings} rows. */
    public Orientation orientation() {
        return model.orientation();
    }

    /** A copy of the flat parameter buffer. */
    public float[] parameters() {
        return parameters.toFloatVector();
    }

    /**
     * Ratings for the pairs {@code (users[k], items[k])}. Indices are dense training indices; −1 or an
     * index beyond the training data's marks an id the model does not know.
     */
    public float[] predict(int[] users, int[] items) {
        float[] out = new float[checkPairs(users, items)];
        predictInto(users, items, out, false);
        return out;
    }

    /** RMSE on {@code ratings} (indices as in {@link #predict}), in rating units, with its protocol. */
    public RmseEvaluation evaluate(Ratings ratings) {
        return evaluate(ratings, false);
    }

    /**
     * As {@link #rmse}, but with the model's {@linkplain SparseCapable#predictCells cell predictions}
     * where it has them: the asked cells only, not whole rows, which may differ from {@link #predict}'s
     * in the last bits. The trainer's per-epoch validation; the test set is evaluated with {@link #rmse}.
     */
    public double rmseAtCells(Ratings ratings) {
        return evaluate(ratings, true).rmse();
    }

    private RmseEvaluation evaluate(Ratings ratings, boolean atCells) {
        requireNonNull(ratings, "ratings is null");
        int n = ratings.size();
        int[] users = new int[n];
        int[] items = new int[n];
        for (int k = 0; k < n; k++) {
            users[k] = ratings.user(k);
            items[k] = ratings.item(k);
        }
        float[] predicted = new float[n];
        int fallbacks = predictInto(users, items, predicted, atCells);
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double error = predicted[k] - ratings.rating(k);
            sum += error * error;
        }
        double rmse = n == 0 ? Double.NaN : Math.sqrt(sum / n);
        return new RmseEvaluation(rmse, n, fallbacks, prediction.clip(), prediction.fallback());
    }

    /** Shorthand for {@code evaluate(ratings).rmse()}. */
    public double rmse(Ratings ratings) {
        return evaluate(ratings).rmse();
    }

    /**
     * Rows {@code [fromRow, toRow)} of the filled rating matrix in the model's {@link #orientation()}:
     * the cheap way to stream the whole matrix (for an item-oriented model these rows are items, i.e. the
     * users × items matrix in Fortran order).
     */
    public INDArray filledModelRows(int fromRow, int toRow) {
        Orientation orientation = model.orientation();
        checkRows(fromRow, toRow, data.rows(orientation).rows());
        INDArray rows = model.reconstruct(data, fromRow, toRow);
        if (rows.dataType() != DataType.FLOAT) {
            rows = rows.castTo(DataType.FLOAT);
        }
        rows.muli(data.scale());
        if (prediction.clip()) {
            Transforms.max(rows, prediction.range().min(), false);
            Transforms.min(rows, prediction.range().max(), false);
        }
        boolean[] coldRows = orientation == Orientation.USER ? coldUsers : coldItems;
        boolean[] coldColumns = orientation == Orientation.USER ? coldItems : coldUsers;
        applyColdColumns(rows, coldColumns);
        for (int r = fromRow; r < toRow; r++) {
            if (coldRows[r]) {
                rows.getRow(r - fromRow).assign(prediction.fallback());
            }
        }
        return rows;
    }

    /**
     * Users {@code [fromUser, toUser)} × all items of the filled rating matrix. For an item-oriented
     * model this reconstructs every item row to collect a few columns; stream the whole matrix with
     * {@link #filledModelRows} instead.
     */
    public INDArray filledRows(int fromUser, int toUser) {
        checkRows(fromUser, toUser, data.users());
        if (model.orientation() == Orientation.USER) {
            return filledModelRows(fromUser, toUser);
        }
        INDArray out = Nd4j.create(DataType.FLOAT, toUser - fromUser, data.items());
        int chunk = chunkRows(data.users());
        for (int from = 0; from < data.items(); from += chunk) {
            int to = Math.min(from + chunk, data.items());
            INDArray itemRows = filledModelRows(from, to).get(NDArrayIndex.all(), NDArrayIndex.interval(fromUser, toUser));
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).assign(itemRows.transpose());
        }
        return out;
    }

    /** Embeddings of rows {@code [fromRow, toRow)} in the model's {@link #orientation()}. */
    public INDArray embeddings(int fromRow, int toRow) {
        checkRows(fromRow, toRow, data.rows(model.orientation()).rows());
        return model.embed(data, fromRow, toRow);
    }

    /** Width of one embedding row. */
    public int embeddingWidth() {
        return model.embeddingWidth();
    }

    /** Fills {@code out} and returns how many pairs got the fallback rating. */
    private int predictInto(int[] users, int[] items, float[] out, boolean atCells) {
        int n = users.length;
        // Pairs the model can answer, ordered by the model's row so that a chunk touches few rows.
        boolean byUser = model.orientation() == Orientation.USER;
        long[] keyed = new long[n];
        int known = 0;
        for (int k = 0; k < n; k++) {
            if (fallsBack(users[k], items[k])) {
                out[k] = prediction.fallback();
            } else {
                keyed[known++] = ((long) (byUser ? users[k] : items[k]) << 32) | k;
            }
        }
        Arrays.sort(keyed, 0, known);
        // Cell predictions hold no dense rows, so their chunks need not be sized for them; asking for
        // no pairs tells whether the model computes cells here.
        SparseCapable cells = atCells && model instanceof SparseCapable capable
                && capable.predictCells(data, new int[0], new int[0], 0, 0, new float[0]) ? capable : null;
        int chunk = Math.min(cells != null ? MAX_CHUNK : chunkRows(data.rows(model.orientation()).columns()),
                Math.max(known, 1));
        int[] chunkUsers = new int[chunk];
        int[] chunkItems = new int[chunk];
        float[] chunkOut = new float[chunk];
        for (int start = 0; start < known; start += chunk) {
            int length = Math.min(chunk, known - start);
            for (int c = 0; c < length; c++) {
                int k = (int) keyed[start + c];
                chunkUsers[c] = users[k];
                chunkItems[c] = items[k];
            }
            if (cells == null || !cells.predictCells(data, chunkUsers, chunkItems, 0, length, chunkOut)) {
                model.predict(data, chunkUsers, chunkItems, 0, length, chunkOut);
            }
            for (int c = 0; c < length; c++) {
                out[(int) keyed[start + c]] = toRating(chunkOut[c]);
            }
        }
        return n - known;
    }

    private float toRating(float normalised) {
        float rating = normalised * data.scale();
        return prediction.clip() ? prediction.range().clip(rating) : rating;
    }

    /** Sets the columns of entities without training ratings to the fallback, in place. */
    private void applyColdColumns(INDArray rows, boolean[] coldColumns) {
        int cold = 0;
        for (boolean c : coldColumns) {
            cold += c ? 1 : 0;
        }
        if (cold == 0) {
            return;
        }
        float[] keep = new float[coldColumns.length];
        float[] fill = new float[coldColumns.length];
        for (int c = 0; c < coldColumns.length; c++) {
            keep[c] = coldColumns[c] ? 0f : 1f;
            fill[c] = coldColumns[c] ? prediction.fallback() : 0f;
        }
        rows.muliRowVector(Nd4j.createFromArray(keep)).addiRowVector(Nd4j.createFromArray(fill));
    }

    /**
     * How many of the pairs {@code (users[k], items[k])} get the fallback rating: an unknown index, or a
     * user or item without training ratings.
     */
    public int fallbackPairs(int[] users, int[] items) {
        int n = checkPairs(users, items);
        int fallbacks = 0;
        for (int k = 0; k < n; k++) {
            fallbacks += fallsBack(users[k], items[k]) ? 1 : 0;
        }
        return fallbacks;
    }

    private boolean fallsBack(int user, int item) {
        return isCold(user, coldUsers) || isCold(item, coldItems);
    }

    private static boolean isCold(int index, boolean[] cold) {
        return index < 0 || index >= cold.length || cold[index];
    }

    /** Rows per chunk so that one chunk's dense rows of {@code width} floats stay within the budget. */
    private static int chunkRows(int width) {
        long rows = CHUNK_FLOATS / Math.max(width, 1);
        return (int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, rows));
    }

    private static boolean[] emptyRows(RatingMatrix matrix) {
        boolean[] empty = new boolean[matrix.rows()];
        for (int r = 0; r < empty.length; r++) {
            empty[r] = matrix.rowLength(r) == 0;
        }
        return empty;
    }

    private static int checkPairs(int[] users, int[] items) {
        requireNonNull(users, "users is null");
        requireNonNull(items, "items is null");
        if (users.length != items.length) {
            throw new IllegalArgumentException(users.length + " users but " + items.length + " items");
        }
        return users.length;
    }

    private static void checkRows(int from, int to, int rows) {
        if (from < 0 || to > rows || from >= to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") are not a non-empty range of [0, "
                    + rows + ")");
        }
    }
}
