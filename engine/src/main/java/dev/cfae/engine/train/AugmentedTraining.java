package dev.cfae.engine.train;

import dev.cfae.api.EpochMetrics;
import dev.cfae.api.GenerativeModel;
import dev.cfae.api.GenerativeModel.Augmentation;
import dev.cfae.api.Orientation;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.TrainingData;
import dev.cfae.api.TrainingListener;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.api.data.RatingRange;
import dev.cfae.api.data.Ratings;
import dev.cfae.engine.optim.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import static java.util.Objects.requireNonNull;

/**
 * Training-data augmentation with a {@link GenerativeModel}, after its ordinary training: decode
 * prior draws into new rows, add them to the training data, train a further round from the trained
 * parameters, and keep whichever model has the lower validation RMSE. The test ratings play no part.
 *
 * <p>A generated row takes the observed cells of a training row chosen at random (so generated rows
 * are as sparse as real ones and cold columns stay cold) with the decoded values there, clipped to
 * the rating range. Rows are added in the model's orientation, so the model's shape is unchanged and
 * the real rows keep their indices.
 */
public final class AugmentedTraining {
    /** Rows decoded at a time, to bound memory; the draws do not depend on it. */
    public static final int CHUNK_ROWS = 1024;

    private final TrainerSettings settings;
    private final LongFunction<Optimizer> optimizerFactory;
    private final PredictionSettings prediction;

    /** The settings of the further round; its epochs come from the {@link Augmentation}. */
    public AugmentedTraining(TrainerSettings settings, LongFunction<Optimizer> optimizerFactory,
            PredictionSettings prediction) {
        this.settings = requireNonNull(settings, "settings is null");
        this.optimizerFactory = requireNonNull(optimizerFactory, "optimizerFactory is null");
        this.prediction = requireNonNull(prediction, "prediction is null");
    }

    /**
     * What the round did.
     *
     * @param model            the kept model, over the original training data
     * @param rows             generated rows added
     * @param epochsRun        epochs the further round ran
     * @param validationBefore validation RMSE of the model as trained
     * @param validationAfter  validation RMSE after the further round
     * @param kept             true if the augmented model was kept (its validation RMSE is lower)
     */
    public record Outcome(TrainedModel model, int rows, int epochsRun, double validationBefore, double validationAfter,
            boolean kept) {
        public Outcome {
            requireNonNull(model, "model is null");
        }
    }

    /**
     * Runs the round on {@code trained}, the result of training {@code model} on {@code data}.
     *
     * @param listeners told of the round's epochs, numbered on from the first training's
     * @throws IllegalArgumentException if augmentation is off or there are no validation ratings
     */
    public Outcome run(GenerativeModel model, TrainingResult trained, TrainingData data, RatingRange range,
            Ratings validation, SeededRandom random, List<TrainingListener> listeners) {
        requireNonNull(model, "model is null");
        requireNonNull(trained, "trained is null");
        requireNonNull(data, "data is null");
        requireNonNull(range, "range is null");
        requireNonNull(random, "random is null");
        Augmentation augmentation = model.augmentation();
        if (!augmentation.enabled()) {
            throw new IllegalArgumentException("augmentation is off for " + model.variant());
        }
        if (validation == null || validation.size() == 0) {
            throw new IllegalArgumentException("augmentation chooses on validation ratings, and there are none");
        }
        ResolvedPrediction resolved = trained.model().prediction();
        float[] before = trained.model().parameters();
        double validationBefore = trained.model().rmse(validation);

        TrainingData augmented = withGeneratedRows(model, data, range, augmentation.rows(), random.split());
        TrainerSettings round = new TrainerSettings(augmentation.epochs(), settings.batchSize(), settings.shuffle(),
                settings.l2(), settings.earlyStopping());
        int offset = trained.epochs().size();
        List<TrainingListener> renumbered = new ArrayList<>();
        for (TrainingListener listener : requireNonNull(listeners, "listeners is null")) {
            renumbered.add(metrics -> listener.onEpoch(new EpochMetrics(metrics.epoch() + offset, metrics.trainRmse(),
                    metrics.validationRmse(), metrics.objective(), metrics.seconds())));
        }
        TrainingResult further = new Trainer(round, optimizerFactory, prediction).train(model, augmented, range,
                validation, random.split(), renumbered, before);
        float[] after = further.model().parameters();

        // Judge both on the original data, so fallbacks and inputs are those of the final model.
        TrainedModel augmentedModel = TrainedModel.restore(model, data, resolved, after);
        double validationAfter = augmentedModel.rmse(validation);
        boolean kept = validationAfter < validationBefore;
        TrainedModel result = kept ? augmentedModel : TrainedModel.restore(model, data, resolved, before);
        return new Outcome(result, augmentation.rows(), further.epochs().size(), validationBefore, validationAfter,
                kept);
    }

    /**
     * {@code data} with {@code count} generated rows appended in the model's orientation (new users for
     * a user model, new items for an item model); the real rows keep their indices.
     */
    public static TrainingData withGeneratedRows(GenerativeModel model, TrainingData data, RatingRange range, int count,
            SeededRandom random) {
        Orientation orientation = model.orientation();
        RatingMatrix real = data.rows(orientation);
        if (real.rows() == 0) {
            throw new IllegalArgumentException("no training rows to take observed cells from");
        }
        float low = range.min() / data.scale();
        float high = range.max() / data.scale();
        int[] templates = new int[count];
        long cells = real.nnz();
        for (int g = 0; g < count; g++) {
            templates[g] = random.nextInt(real.rows());
            cells += real.rowLength(templates[g]);
        }
        int total = Math.toIntExact(cells);
        int[] rowIdx = new int[total];
        int[] colIdx = new int[total];
        float[] values = new float[total];
        int n = 0;
        for (int r = 0; r < real.rows(); r++) {
            for (int p = real.rowStart(r); p < real.rowEnd(r); p++) {
                rowIdx[n] = r;
                colIdx[n] = real.column(p);
                values[n++] = real.value(p);
            }
        }
        for (int from = 0; from < count; from += CHUNK_ROWS) {
            int size = Math.min(CHUNK_ROWS, count - from);
            INDArray generated = model.generate(size, random);
            for (int g = 0; g < size; g++) {
                int template = templates[from + g];
                for (int p = real.rowStart(template); p < real.rowEnd(template); p++) {
                    int column = real.column(p);
                    rowIdx[n] = real.rows() + from + g;
                    colIdx[n] = column;
                    values[n++] = Math.max(low, Math.min(high, generated.getFloat(g, column)));
                }
            }
        }
        RatingMatrix rows = RatingMatrix.fromTriples(real.rows() + count, real.columns(), rowIdx, colIdx, values);
        return orientation == Orientation.USER
                ? new TrainingData(rows, rows.transpose(), data.scale())
                : new TrainingData(rows.transpose(), rows, data.scale());
    }
}
