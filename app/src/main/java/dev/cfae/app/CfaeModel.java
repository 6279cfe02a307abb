package dev.cfae.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.cfae.api.EpochMetrics;
import dev.cfae.api.Model;
import dev.cfae.api.MultiModeModel;
import dev.cfae.api.ModelSnapshot;
import dev.cfae.api.Orientation;
import dev.cfae.api.TrainingData;
import dev.cfae.api.VariantContext;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.engine.Plugins;
import dev.cfae.engine.VariantRegistry;
import dev.cfae.engine.backend.BackendInfo;
import dev.cfae.engine.train.AugmentedTraining;
import dev.cfae.engine.train.ResolvedPrediction;
import dev.cfae.engine.train.TrainedModel;
import dev.cfae.engine.train.TrainingResult;
import dev.cfae.io.ModelFile;
import dev.cfae.io.ModelFormatException;
import dev.cfae.io.Split;
import dev.cfae.io.SubmissionIds;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A trained model addressed by the user's own ids: predicts ratings, fills rows of the matrix,
 * gives embeddings, and saves itself to a versioned model file.
 *
 * <p>Safe to share between threads: the model computes in buffers it reuses, so the calls that
 * compute or read its parameters (predictions, rows, embeddings, the mode switch and {@link #save})
 * take turns on the instance's lock. To predict on several cores at once, load one instance per
 * thread ({@link Cfae#load}). {@link #trained()} gives the unsynchronised model underneath: one
 * thread at a time.
 */
public final class CfaeModel {
    private static final ConfigRenderOptions HOCON = ConfigRenderOptions.defaults().setOriginComments(false)
            .setJson(false).setFormatted(true);

    private final String variant;
    private final Config variantConfig;
    private final Config runConfig;
    private final IdIndex users;
    private final IdIndex items;
    private final RatingMatrix trainingRatings;
    private final Split split;
    private final TrainedModel trained;
    private final RunProtocol protocol;
    private final BackendInfo backend;
    private final List<EpochMetrics> history;
    private final int bestEpoch;
    private final double testRmse;
    private final Map<String, Double> validationRmseByMode;
    private final AugmentedTraining.Outcome augmentation;

    CfaeModel(String variant, Config variantConfig, Config runConfig, Split split, TrainingResult result,
            RunProtocol protocol, BackendInfo backend, double testRmse, AugmentedTraining.Outcome augmentation,
            Map<String, Double> validationRmseByMode) {
        this.variant = requireNonNull(variant, "variant is null");
        this.variantConfig = requireNonNull(variantConfig, "variantConfig is null");
        this.runConfig = requireNonNull(runConfig, "runConfig is null");
        this.split = split;
        this.users = split == null ? null : split.train().users();
        this.items = split == null ? null : split.train().items();
        this.trainingRatings = split == null ? null : RatingMatrix.byUser(split.train());
        this.trained = result.model();
        this.protocol = protocol;
        this.backend = backend;
        this.history = List.copyOf(result.epochs());
        this.bestEpoch = result.bestEpoch();
        this.testRmse = testRmse;
        this.validationRmseByMode = Collections.unmodifiableMap(new LinkedHashMap<>(validationRmseByMode));
        this.augmentation = augmentation;
    }

    private CfaeModel(ModelSnapshot snapshot, Config variantConfig, Config runConfig, TrainedModel trained) {
        this.variant = snapshot.variant();
        this.variantConfig = variantConfig;
        this.runConfig = runConfig;
        this.users = snapshot.users();
        this.items = snapshot.items();
        this.trainingRatings = snapshot.training();
        this.split = null;
        this.trained = trained;
        this.protocol = null;
        this.backend = null;
        this.history = List.of();
        this.bestEpoch = 0;
        this.testRmse = Double.NaN;
        this.validationRmseByMode = Map.of();
        this.augmentation = null;
    }

    /**
     * Restores a model file. Everything in it is data from elsewhere: the stored configuration is
     * parsed without includes or environment lookups, and the parameter count is checked against
     * the architecture it describes before any parameter memory is allocated (building a model
     * allocates none).
     */
    static CfaeModel load(Path file, Plugins plugins) {
        ModelSnapshot snapshot = ModelFile.read(file);
        Config variantConfig = StoredConfig.parse(file, snapshot.variantConfig(), "variant configuration");
        Config runConfig = StoredConfig.parse(file, snapshot.runConfig(), "run configuration");
        VariantRegistry registry = VariantRegistry.load(plugins);
        if (!registry.names().contains(snapshot.variant())) {
            throw new ModelFormatException(file, "the stored variant '" + snapshot.variant()
                    + "' is not installed (installed: " + String.join(", ", registry.names())
                    + "); if it comes from a plugin, name the plugin's folder with --plugins or cfae.plugins");
        }
        Model model;
        try {
            model = registry.get(snapshot.variant()).create(
                    new VariantContext(snapshot.users().size(), snapshot.items().size(), snapshot.range()), variantConfig);
        } catch (SettingsException e) {
            throw new ModelFormatException(file, "the stored variant '" + snapshot.variant()
                    + "' and its configuration cannot be used here: " + e.getMessage(), e);
        }
        if (model.parameterCount() != snapshot.parameters().length) {
            throw new ModelFormatException(file, "the file holds " + snapshot.parameters().length + " parameters, but "
                    + snapshot.variant() + " as stored (" + snapshot.users().size() + " users x "
                    + snapshot.items().size() + " items) has " + model.parameterCount());
        }
        TrainingData data = TrainingData.of(snapshot.training(), snapshot.range().scale());
        TrainedModel trained = TrainedModel.restore(model, data,
                new ResolvedPrediction(snapshot.range(), snapshot.clip(), snapshot.fallback()), snapshot.parameters());
        return new CfaeModel(snapshot, variantConfig, runConfig, trained);
    }

    /** Writes the versioned model file (atomically), with the prediction mode in use. */
    public synchronized void save(Path file) {
        try {
            ModelFile.write(file, snapshot());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model file " + file, e);
        }
    }

    synchronized ModelSnapshot snapshot() {
        return new ModelSnapshot(variant, withModeInUse(variantConfig, MultiModeModel.MODE_KEY).root().render(HOCON),
                runConfig().root().render(HOCON), users,
                items, trainingRatings, trained.prediction().range(), trained.prediction().clip(),
                trained.prediction().fallback(), trained.parameters());
    }

    public String variant() {
        return variant;
    }

    public IdIndex users() {
        return users;
    }

    public IdIndex items() {
        return items;
    }

    /** The predicted rating of an item by a user, by their external ids; unknown ids get the fallback. */
    public synchronized float predict(String user, String item) {
        return trained.predict(new int[] {users.indexOf(user)}, new int[] {items.indexOf(item)})[0];
    }

    /** Predicted ratings for pairs of external ids, in order. */
    public synchronized float[] predict(List<String> userIds, List<String> itemIds) {
        if (userIds.size() != itemIds.size()) {
            throw new IllegalArgumentException("user and item lists differ in length");
        }
        int[] u = new int[userIds.size()];
        int[] i = new int[itemIds.size()];
        for (int k = 0; k < u.length; k++) {
            u[k] = users.indexOf(userIds.get(k));
            i[k] = items.indexOf(itemIds.get(k));
        }
        return trained.predict(u, i);
    }

    /** Predicted ratings for the pairs of an id list (e.g. a submission), in order. */
    public synchronized float[] predict(SubmissionIds ids) {
        int[] u = new int[ids.size()];
        int[] i = new int[ids.size()];
        for (int k = 0; k < u.length; k++) {
            u[k] = users.indexOf(ids.user(k));
            i[k] = items.indexOf(ids.item(k));
        }
        return trained.predict(u, i);
    }

    /**
     * The user's whole row of the filled matrix (every item, in {@link #items()} order). For an item
     * model that is a column of its rows: every item row is reconstructed to answer it, so for many
     * users write the filled matrix ({@code cfae.output.filled-matrix}) once instead.
     */
    public synchronized float[] filledRow(String user) {
        int u = users.indexOf(user);
        if (u < 0) {
            throw new IllegalArgumentException("unknown user id: " + user);
        }
        return trained.filledRows(u, u + 1).toFloatVector();
    }

    /** Orientation of {@link #embeddings}: users for a user model, items for an item model. */
    public Orientation embeddingOrientation() {
        return trained.orientation();
    }

    /** Embedding rows {@code [from, to)} in {@link #embeddingOrientation()}. */
    public synchronized INDArray embeddings(int from, int to) {
        return trained.embeddings(from, to);
    }

    /**
     * The embedding of one user (a user model) or item (an item model), by its external id.
     *
     * @throws IllegalArgumentException if the id is not one of {@link #embeddingIds()}
     */
    public synchronized float[] embedding(String id) {
        int row = embeddingIds().indexOf(id);
        if (row < 0) {
            throw new IllegalArgumentException("unknown " + (trained.orientation() == Orientation.USER ? "user" : "item")
                    + " id: " + id);
        }
        return trained.embeddings(row, row + 1).toFloatVector();
    }

    /** The ids of embedding rows, in order. */
    public IdIndex embeddingIds() {
        return trained.orientation() == Orientation.USER ? users : items;
    }

    /** The model underneath, by dense indices; not thread-safe (see the class comment). */
    public TrainedModel trained() {
        return trained;
    }

    /** Per-epoch figures of the training run (empty for a loaded model). */
    public List<EpochMetrics> history() {
        return history;
    }

    /**
     * The epoch whose parameters the model holds (the last, or the best on validation with early stopping),
     * unless an {@linkplain #augmentation() augmentation round} was kept: then it holds the round's.
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Hold-out RMSE in rating units, measured once after training; NaN if there was no test set. */
    public double testRmse() {
        return testRmse;
    }

    /**
     * For a model with several prediction modes ({@link MultiModeModel}), the validation RMSE of each
     * mode after training, in the model's mode order; empty otherwise, or without validation ratings.
     */
    public Map<String, Double> validationRmseByMode() {
        return validationRmseByMode;
    }

    /** The prediction mode in use, for a model with several ({@link MultiModeModel}). */
    public synchronized Optional<String> predictionMode() {
        return trained.model() instanceof MultiModeModel multi ? Optional.of(multi.predictionMode()) : Optional.empty();
    }

    /**
     * Switches the mode predictions use, for a model with several ({@link MultiModeModel}); {@link #save}
     * records it.
     *
     * @throws IllegalArgumentException if {@code mode} is not one of the model's modes
     * @throws UnsupportedOperationException if the model has one mode only
     */
    public synchronized void usePredictionMode(String mode) {
        requireNonNull(mode, "mode is null");
        if (!(trained.model() instanceof MultiModeModel multi)) {
            throw new UnsupportedOperationException(variant + " has one prediction mode only");
        }
        multi.usePredictionMode(mode);
    }

    /** The augmentation round after training, or null if there was none (or the model was loaded). */
    public AugmentedTraining.Outcome augmentation() {
        return augmentation;
    }

    /** How the run was set up (null for a loaded model). */
    public RunProtocol protocol() {
        return protocol;
    }

    public BackendInfo backend() {
        return backend;
    }

    /** The split the model was trained and tested on (null for a loaded model). */
    public Split split() {
        return split;
    }

    /** The run's configuration, with the prediction mode in use where a model has several. */
    public synchronized Config runConfig() {
        String modeKey = "cfae.variants." + variant + "." + MultiModeModel.MODE_KEY;
        return runConfig.hasPath("cfae.variants." + variant) ? withModeInUse(runConfig, modeKey) : runConfig;
    }

    /** {@code config} with the mode in use at {@code key}, for a model with several modes; else {@code config}. */
    private Config withModeInUse(Config config, String key) {
        return trained.model() instanceof MultiModeModel multi
                ? config.withValue(key, ConfigValueFactory.fromAnyRef(multi.predictionMode()))
                : config;
    }
}
