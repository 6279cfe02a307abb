package dev.cfae.variants.combined;

import dev.cfae.api.ExampleKind;
import dev.cfae.api.MultiModeModel;
import dev.cfae.api.Orientation;
import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.StepResult;
import dev.cfae.api.TrainingData;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.data.RatingMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The combined user+item model (the seed's {@code comb_ae}): an item autoencoder over the columns
 * of the rating matrix, a user autoencoder over its rows, and a rating network on
 * {@code [item embedding, user embedding, item ⊙ user]}, trained together on single ratings.
 *
 * <p>For a training rating (u, m, r) the item autoencoder gets item m's ratings and the user
 * autoencoder user u's, both <em>without</em> r itself, which is neither an input nor a
 * reconstruction target (the seed fed it to both and so leaked the target). The objective is
 * {@code rating-weight · mean (ŷ − r)² + item MSE + user MSE}, each reconstruction MSE over the
 * observed cells of its batch, all on the normalised scale. Dropout acts on both embeddings and the
 * rating network's hidden layers, never on an output.
 *
 * <p>Computation runs on JVM-heap copies of the flat buffers, because it is sparse: a first layer
 * reads only the weight rows of observed inputs and writes only their gradient, and an output layer
 * computes only the cells the loss compares (or a prediction asks for). On CIL an item's input row is
 * 10,000 users wide with about 12 % observed, so this is about 8× less work than dense rows in both
 * places. The {@code compute = dense} setting lists every cell instead, as the reference the sparse
 * path is tested against.
 *
 * <p>Predictions follow the {@link PredictionMode}; {@link #reconstruct} and {@link #embed} are by
 * user (the user embeddings are the saved ones).
 */
public final class CombinedModel implements MultiModeModel {
    /** Pairs per inner prediction pass; bounds the rows encoded at once. */
    private static final int PREDICTION_PAIRS = 4096;

    private final CombinedSettings settings;
    private final int users;
    private final int items;
    private final Autoencoder itemNetwork;
    private final Autoencoder userNetwork;
    private final RatingNetwork ratingNetwork;
    private final int parameterCount;
    private final int ratingInputWidth;
    private final SparseRows itemRows;
    private final SparseRows userRows;
    private PredictionMode mode;
    private INDArray parameters;
    private INDArray gradients;
    private double[] p = new double[0];
    private double[] g = new double[0];
    private float[] floats = new float[0];
    private double[] ratingInput = new double[0];
    private double[] ratingGradient = new double[0];
    private double[] itemGradient = new double[0];
    private double[] userGradient = new double[0];
    private RatingMatrix positionsOf;
    private int[] userOfPosition;

    public CombinedModel(CombinedSettings settings, int users, int items) {
        this.settings = requireNonNull(settings, "settings is null");
        if (users < 1 || items < 1) {
            throw new IllegalArgumentException("need at least one user and one item, got " + users + " x " + items);
        }
        this.users = users;
        this.items = items;
        this.itemNetwork = new Autoencoder("item", settings.item(), users, 0);
        this.userNetwork = new Autoencoder("user", settings.user(), items, itemNetwork.parameterCount());
        int item = itemNetwork.embeddingWidth();
        this.ratingInputWidth = item + userNetwork.embeddingWidth() + (settings.product() ? item : 0);
        this.ratingNetwork = new RatingNetwork(settings.mlp(), ratingInputWidth,
                itemNetwork.parameterCount() + userNetwork.parameterCount());
        long count = (long) itemNetwork.parameterCount() + userNetwork.parameterCount() + ratingNetwork.parameterCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the combined model would have " + count
                    + " parameters, more than one heap array holds");
        }
        this.parameterCount = (int) count;
        this.itemRows = new SparseRows(settings.dense());
        this.userRows = new SparseRows(settings.dense());
        this.mode = settings.predictionMode();
    }

    public CombinedSettings settings() {
        return settings;
    }

    @Override
    public String variant() {
        return CombinedFactory.NAME;
    }

    @Override
    public long parameterCount() {
        return parameterCount;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        List<ParameterBlock> blocks = new ArrayList<>(itemNetwork.blocks());
        blocks.addAll(userNetwork.blocks());
        blocks.addAll(ratingNetwork.blocks());
        return List.copyOf(blocks);
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        requireNonNull(parameters, "parameters is null");
        requireNonNull(gradients, "gradients is null");
        if (parameters.length() != parameterCount || gradients.length() != parameterCount) {
            throw new IllegalArgumentException("expected " + parameterCount + " parameters and gradients, got "
                    + parameters.length() + " and " + gradients.length());
        }
        for (INDArray buffer : List.of(parameters, gradients)) {
            if (buffer.dataType() != DataType.FLOAT && buffer.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("unsupported data type " + buffer.dataType());
            }
        }
        this.parameters = parameters;
        this.gradients = gradients;
        p = new double[parameterCount];
        g = new double[parameterCount];
    }

    @Override
    public void initialize(SeededRandom random) {
        requireNonNull(random, "random is null");
        requireBound();
        itemNetwork.initialize(p, random);
        userNetwork.initialize(p, random);
        ratingNetwork.initialize(p, random);
        write(p, parameters);
    }

    @Override
    public ExampleKind exampleKind() {
        return ExampleKind.RATINGS;
    }

    @Override
    public int exampleCount(TrainingData data) {
        return checked(data).byUser().nnz();
    }

    @Override
    public StepResult computeGradients(TrainingData data, int[] examples, int from, int to, StepContext context) {
        requireNonNull(examples, "examples is null");
        requireNonNull(context, "context is null");
        requireBound();
        RatingMatrix byUser = checked(data).byUser();
        if (from < 0 || from >= to || to > examples.length) {
            throw new IllegalArgumentException("batch [" + from + ", " + to + ") is empty or outside [0, "
                    + examples.length + ")");
        }
        int batch = to - from;
        int[] userOf = userOfPosition(byUser);
        read(parameters, p);
        Arrays.fill(g, 0);
        itemRows.clear();
        userRows.clear();
        double[] ratings = new double[batch];
        for (int b = 0; b < batch; b++) {
            int position = examples[from + b];
            if (position < 0 || position >= byUser.nnz()) {
                throw new IndexOutOfBoundsException("rating " + position + " outside [0, " + byUser.nnz() + ")");
            }
            int user = userOf[position];
            int item = byUser.column(position);
            ratings[b] = byUser.value(position);
            // The rating being predicted is neither an input nor a reconstruction target.
            itemRows.add(data.byItem(), item, user);
            userRows.add(byUser, user, item);
        }
        SeededRandom random = context.random();
        double rate = settings.dropout();
        double[] itemEmbedding = itemNetwork.encode(p, itemRows, rate, random);
        double[] userEmbedding = userNetwork.encode(p, userRows, rate, random);
        double[] predicted = ratingNetwork.forward(p, ratingInput(itemEmbedding, userEmbedding, batch), batch, rate,
                random);
        ratingGradient = Cells.atLeast(ratingGradient, batch);
        double ratingSquared = 0;
        for (int b = 0; b < batch; b++) {
            double error = predicted[b] - ratings[b];
            ratingSquared += error * error;
            ratingGradient[b] = settings.ratingWeight() * 2 * error / batch;
        }
        splitRatingGradient(ratingNetwork.backward(p, g, ratingGradient), itemEmbedding, userEmbedding, batch);
        double itemSquared = itemNetwork.reconstructionLoss(p, g, itemRows, perCell(itemRows.cells));
        double userSquared = userNetwork.reconstructionLoss(p, g, userRows, perCell(userRows.cells));
        itemNetwork.backwardEncoder(p, g, itemGradient, 0, itemNetwork.embeddingWidth());
        userNetwork.backwardEncoder(p, g, userGradient, 0, userNetwork.embeddingWidth());
        write(g, gradients);
        double objective = settings.ratingWeight() * ratingSquared / batch + itemSquared * perCell(itemRows.cells)
                + userSquared * perCell(userRows.cells);
        return new StepResult(objective, ratingSquared, batch);
    }

    private static double perCell(long cells) {
        return cells == 0 ? 0 : 1.0 / cells;
    }

    /** The rating network's input rows {@code [item, user, item ⊙ user]} (a reused array). */
    private double[] ratingInput(double[] item, double[] user, int rows) {
        int wi = itemNetwork.embeddingWidth();
        int wu = userNetwork.embeddingWidth();
        ratingInput = Cells.atLeast(ratingInput, rows * ratingInputWidth);
        for (int r = 0; r < rows; r++) {
            int o = r * ratingInputWidth;
            System.arraycopy(item, r * wi, ratingInput, o, wi);
            System.arraycopy(user, r * wu, ratingInput, o + wi, wu);
            if (settings.product()) {
                for (int j = 0; j < wi; j++) {
                    ratingInput[o + wi + wu + j] = item[r * wi + j] * user[r * wu + j];
                }
            }
        }
        return ratingInput;
    }

    /** Splits d/d(rating input) into d/d(item embedding) and d/d(user embedding), product term included. */
    private void splitRatingGradient(double[] input, double[] item, double[] user, int rows) {
        int wi = itemNetwork.embeddingWidth();
        int wu = userNetwork.embeddingWidth();
        itemGradient = Cells.atLeast(itemGradient, rows * wi);
        userGradient = Cells.atLeast(userGradient, rows * wu);
        for (int r = 0; r < rows; r++) {
            int o = r * ratingInputWidth;
            System.arraycopy(input, o, itemGradient, r * wi, wi);
            System.arraycopy(input, o + wi, userGradient, r * wu, wu);
            if (settings.product()) {
                for (int j = 0; j < wi; j++) {
                    double d = input[o + wi + wu + j];
                    itemGradient[r * wi + j] += d * user[r * wu + j];
                    userGradient[r * wu + j] += d * item[r * wi + j];
                }
            }
        }
    }

    @Override
    public void predict(TrainingData data, int[] users, int[] items, int from, int to, float[] out) {
        requireNonNull(users, "users is null");
        requireNonNull(items, "items is null");
        requireNonNull(out, "out is null");
        requireBound();
        checked(data);
        if (from < 0 || from > to || to > users.length || to > items.length || to > out.length) {
            throw new IllegalArgumentException("pairs [" + from + ", " + to + ") outside the given arrays");
        }
        for (int k = from; k < to; k++) {
            checkIndex(users[k], this.users, "user");
            checkIndex(items[k], this.items, "item");
        }
        read(parameters, p);
        double[] values = new double[Math.min(PREDICTION_PAIRS, Math.max(to - from, 1))];
        for (int start = from; start < to; start += PREDICTION_PAIRS) {
            int end = Math.min(to, start + PREDICTION_PAIRS);
            predictPairs(data, users, items, start, end, values);
            for (int k = start; k < end; k++) {
                out[k] = (float) values[k - start];
            }
        }
    }

    /** Predictions for pairs [from, to) into {@code values[0..)}, from parameters already read into {@code p}. */
    private void predictPairs(TrainingData data, int[] users, int[] items, int from, int to, double[] values) {
        int[] userSlot = slots(users, from, to, this.users, data.byUser(), userRows);
        int[] itemSlot = slots(items, from, to, this.items, data.byItem(), itemRows);
        boolean mlp = mode == PredictionMode.MLP || mode == PredictionMode.MEAN;
        double[] itemEmbedding = itemNetwork.encode(p, itemRows, 0, null);
        double[] userEmbedding = userNetwork.encode(p, userRows, 0, null);
        int n = to - from;
        double[] rated = null;
        if (mlp) {
            int wi = itemNetwork.embeddingWidth();
            int wu = userNetwork.embeddingWidth();
            double[] pairItems = new double[n * wi];
            double[] pairUsers = new double[n * wu];
            for (int k = 0; k < n; k++) {
                System.arraycopy(itemEmbedding, itemSlot[k] * wi, pairItems, k * wi, wi);
                System.arraycopy(userEmbedding, userSlot[k] * wu, pairUsers, k * wu, wu);
            }
            rated = ratingNetwork.forward(p, ratingInput(pairItems, pairUsers, n), n, 0, null);
        }
        for (int k = 0; k < n; k++) {
            int user = users[from + k];
            int item = items[from + k];
            values[k] = switch (mode) {
                case ITEM -> itemNetwork.cell(p, itemSlot[k], user);
                case USER -> userNetwork.cell(p, userSlot[k], item);
                case MLP -> rated[k];
                case MEAN -> (itemNetwork.cell(p, itemSlot[k], user) + userNetwork.cell(p, userSlot[k], item) + rated[k])
                        / 3;
            };
        }
    }

    /**
     * Fills {@code rows} with the distinct entities of {@code ids[from..to)} (whole training rows, nothing
     * excluded) and returns, per pair, its entity's row in that batch.
     */
    private static int[] slots(int[] ids, int from, int to, int size, RatingMatrix matrix, SparseRows rows) {
        int[] slotOf = new int[size];
        Arrays.fill(slotOf, -1);
        int[] slot = new int[to - from];
        rows.clear();
        for (int k = from; k < to; k++) {
            int id = ids[k];
            if (slotOf[id] < 0) {
                slotOf[id] = rows.rows;
                rows.add(matrix, id, -1);
            }
            slot[k - from] = slotOf[id];
        }
        return slot;
    }

    @Override
    public Orientation orientation() {
        return Orientation.USER;
    }

    @Override
    public INDArray reconstruct(TrainingData data, int fromRow, int toRow) {
        requireBound();
        checkRows(checked(data), fromRow, toRow);
        int rows = toRow - fromRow;
        float[] filled = new float[Math.multiplyExact(rows, items)];
        int[] pairUsers = new int[filled.length];
        int[] pairItems = new int[filled.length];
        for (int k = 0; k < filled.length; k++) {
            pairUsers[k] = fromRow + k / items;
            pairItems[k] = k % items;
        }
        predict(data, pairUsers, pairItems, 0, filled.length, filled);
        return Nd4j.createFromArray(filled).reshape('c', rows, items).castTo(parameters.dataType());
    }

    @Override
    public int embeddingWidth() {
        return userNetwork.embeddingWidth();
    }

    @Override
    public INDArray embed(TrainingData data, int fromRow, int toRow) {
        requireBound();
        checkRows(checked(data), fromRow, toRow);
        read(parameters, p);
        int width = embeddingWidth();
        double[] result = new double[Math.multiplyExact(toRow - fromRow, width)];
        for (int start = fromRow; start < toRow; start += PREDICTION_PAIRS) {
            int end = Math.min(toRow, start + PREDICTION_PAIRS);
            userRows.clear();
            for (int u = start; u < end; u++) {
                userRows.add(data.byUser(), u, -1);
            }
            double[] embedding = userNetwork.encode(p, userRows, 0, null);
            System.arraycopy(embedding, 0, result, (start - fromRow) * width, (end - start) * width);
        }
        return Nd4j.createFromArray(result).reshape('c', toRow - fromRow, width).castTo(parameters.dataType());
    }

    @Override
    public List<String> predictionModes() {
        return Arrays.stream(PredictionMode.values()).map(PredictionMode::configName).toList();
    }

    @Override
    public String predictionMode() {
        return mode.configName();
    }

    @Override
    public void usePredictionMode(String name) {
        requireNonNull(name, "name is null");
        for (PredictionMode candidate : PredictionMode.values()) {
            if (candidate.configName().equals(name)) {
                mode = candidate;
                return;
            }
        }
        throw new IllegalArgumentException("unknown prediction mode '" + name + "'; the modes are "
                + predictionModes());
    }

    /** The user of each storage position of {@code byUser}, computed once per matrix. */
    private int[] userOfPosition(RatingMatrix byUser) {
        if (positionsOf != byUser) {
            int[] userOf = new int[byUser.nnz()];
            for (int u = 0; u < byUser.rows(); u++) {
                Arrays.fill(userOf, byUser.rowStart(u), byUser.rowEnd(u), u);
            }
            userOfPosition = userOf;
            positionsOf = byUser;
        }
        return userOfPosition;
    }

    private void read(INDArray source, double[] target) {
        int offset = Math.toIntExact(source.offset());
        if (source.dataType() == DataType.DOUBLE) {
            source.data().asNioDouble().get(offset, target, 0, parameterCount);
        } else {
            floats = floats.length >= parameterCount ? floats : new float[parameterCount];
            source.data().asNioFloat().get(offset, floats, 0, parameterCount);
            for (int i = 0; i < parameterCount; i++) {
                target[i] = floats[i];
            }
        }
    }

    private void write(double[] source, INDArray target) {
        int offset = Math.toIntExact(target.offset());
        if (target.dataType() == DataType.DOUBLE) {
            DoubleBuffer view = target.data().asNioDouble();
            view.put(offset, source, 0, parameterCount);
        } else {
            floats = floats.length >= parameterCount ? floats : new float[parameterCount];
            for (int i = 0; i < parameterCount; i++) {
                floats[i] = (float) source[i];
            }
            FloatBuffer view = target.data().asNioFloat();
            view.put(offset, floats, 0, parameterCount);
        }
    }

    private TrainingData checked(TrainingData data) {
        requireNonNull(data, "data is null");
        if (data.users() != users || data.items() != items) {
            throw new IllegalArgumentException("the model was built for " + users + " users x " + items
                    + " items, the data has " + data.users() + " x " + data.items());
        }
        return data;
    }

    private static void checkRows(TrainingData data, int fromRow, int toRow) {
        if (fromRow < 0 || fromRow > toRow || toRow > data.users()) {
            throw new IllegalArgumentException("rows [" + fromRow + ", " + toRow + ") outside [0, " + data.users()
                    + ")");
        }
    }

    private static void checkIndex(int index, int size, String what) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(what + " " + index + " outside [0, " + size + ")");
        }
    }

    private void requireBound() {
        if (parameters == null) {
            throw new IllegalStateException("model is not bound to parameter buffers");
        }
    }

    @Override
    public String toString() {
        return "CombinedModel[" + users + " users x " + items + " items, " + parameterCount + " parameters, "
                + (settings.dense() ? "dense" : "sparse") + ", predicts by " + ConfigBlock.kebab(mode) + "]";
    }
}
