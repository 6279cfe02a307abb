package dev.cfae.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.cfae.api.GenerativeModel;
import dev.cfae.api.Model;
import dev.cfae.api.MultiModeModel;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.TrainingCheckpoint;
import dev.cfae.api.TrainingData;
import dev.cfae.api.TrainingListener;
import dev.cfae.api.VariantContext;
import dev.cfae.api.VariantFactory;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.RatingMatrix;
import dev.cfae.api.data.RatingRange;
import dev.cfae.api.data.Ratings;
import dev.cfae.app.config.ConfigLoader;
import dev.cfae.app.config.LoadedConfig;
import dev.cfae.app.config.OutputSettings;
import dev.cfae.app.run.MemoryCheck;
import dev.cfae.engine.Plugins;
import dev.cfae.engine.VariantRegistry;
import dev.cfae.engine.backend.BackendInfo;
import dev.cfae.engine.backend.Backends;
import dev.cfae.engine.backend.EngineSettings;
import dev.cfae.engine.nn.SparseCapable;
import dev.cfae.engine.nn.SparseSettings;
import dev.cfae.engine.optim.OptimizerSettings;
import dev.cfae.engine.train.AugmentedTraining;
import dev.cfae.engine.train.CheckpointSettings;
import dev.cfae.engine.train.PredictionSettings;
import dev.cfae.engine.train.TrainedModel;
import dev.cfae.engine.train.TrainingResult;
import dev.cfae.engine.train.Trainer;
import dev.cfae.engine.train.TrainerSettings;
import dev.cfae.io.DataSettings;
import dev.cfae.io.LoadedRatings;
import dev.cfae.io.RatingFiles;
import dev.cfae.io.Split;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * cfae as a library: configure, train, predict, without the command line or Guice.
 *
 * <pre>{@code
 * Cfae cfae = Cfae.fromConfig(ConfigFactory.parseString("""
 *         cfae.data.train = "data/ml-latest-small/ratings.csv"
 *         cfae.trainer.epochs = 5
 *         """));
 * CfaeModel model = cfae.train();
 * float rating = model.predict("1", "318");        // external user and item ids
 * float[] row = model.filledRow("1");               // the user's whole row, clipped ratings
 * }</pre>
 *
 * <p>Everything is validated when the instance is created, before any data is read: unknown keys,
 * wrong types, out-of-range values, an unknown variant, a missing input file. The test ratings are
 * read once, after training, for the reported test RMSE.
 */
public final class Cfae {
    private final Config config;
    private final long seed;
    private final String variantName;
    private final VariantFactory variant;
    private final Config variantConfig;
    private final DataSettings data;
    private final EngineSettings engine;
    private final SparseSettings sparse;
    private final TrainerSettings trainer;
    private final CheckpointSettings checkpoints;
    private final MemoryCheck memory;
    private final OptimizerSettings optimizer;
    private final PredictionSettings prediction;
    private final OutputSettings output;
    private final VariantRegistry registry;
    private final Consumer<String> progress;

    Cfae(Config resolved, VariantRegistry registry, Consumer<String> progress) {
        this.config = requireNonNull(resolved, "resolved is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.progress = requireNonNull(progress, "progress is null");
        ConfigBlock root = ConfigBlock.of(resolved, ConfigLoader.ROOT);
        this.seed = root.getLong("seed");
        this.variantName = root.getString("variant");
        this.variant = registry.get(variantName);
        this.data = DataSettings.fromConfig(root.block("data"));
        this.engine = EngineSettings.fromConfig(root.block("engine"));
        this.memory = MemoryCheck.fromConfig(root.block("engine"));
        this.sparse = SparseSettings.fromConfig(root.block("engine"));
        this.trainer = TrainerSettings.fromConfig(root.block("trainer"));
        this.checkpoints = CheckpointSettings.fromConfig(root.block("trainer").block("checkpoint"));
        this.optimizer = OptimizerSettings.fromConfig(root.block("trainer").block("optimizer"));
        this.prediction = PredictionSettings.fromConfig(root.block("prediction"));
        this.output = OutputSettings.fromConfig(root.block("output"));
        ConfigBlock variants = root.block("variants");
        if (!variants.hasValue(variantName)) {
            throw new SettingsException(variants.key(variantName),
                    "variant '" + variantName + "' brings no configuration block (its reference.conf is missing)");
        }
        this.variantConfig = variants.block(variantName).config();
        if (trainer.earlyStopping().enabled() && data.validationFraction() == 0) {
            throw new SettingsException("cfae.trainer.early-stopping.enabled",
                    "early stopping needs validation ratings: set cfae.data.split.validation-fraction above 0, "
                            + "or turn early stopping off");
        }
        // A dry run of the factory on a 1 x 1 shape validates every variant key before data is read.
        Model dryRun = variant.create(new VariantContext(1, 1, new RatingRange(1, 5)), variantConfig);
        if (dryRun instanceof GenerativeModel generative && generative.augmentation().enabled()
                && data.validationFraction() == 0) {
            throw new SettingsException(variants.block(variantName).key("augmentation.rows"),
                    "augmentation keeps the better model on validation ratings: set "
                            + "cfae.data.split.validation-fraction above 0, or set rows = 0");
        }
        requireFile(data.train(), root.block("data").key("train"));
        if (data.hasTest()) {
            requireFile(data.test(), root.block("data").key("test"));
        }
        if (output.submissionIds() != null) {
            requireFile(output.submissionIds(), root.block("output").key("submission.ids"));
        }
    }

    /** A cfae from a (partial) user configuration, merged over every module's reference.conf. */
    public static Cfae fromConfig(Config user) {
        return fromConfig(user, List.of(), List.of());
    }

    /**
     * A cfae from a user configuration, {@code key=value} overrides (relative to {@code cfae}) and
     * plugin folders whose jars add variants (besides those {@code cfae.plugins} names).
     */
    public static Cfae fromConfig(Config user, List<String> overrides, List<Path> pluginFolders) {
        requireNonNull(user, "user configuration is null");
        LoadedConfig loaded = LoadedConfig.load(user, overrides, pluginFolders);
        return new Cfae(loaded.resolved(), VariantRegistry.load(loaded.plugins()), message -> { });
    }

    /**
     * The same cfae, reporting progress lines to {@code sink}: the backend, the data and its split,
     * the model, the training kernels, and after training the augmentation round and the modes'
     * validation RMSEs. Per-epoch figures go to the {@link TrainingListener}s given to {@code train}.
     */
    public Cfae withProgress(Consumer<String> sink) {
        return new Cfae(config, registry, sink);
    }

    /** The resolved configuration, every default included. */
    public Config config() {
        return config;
    }

    /** When checkpoints are made ({@code cfae.trainer.checkpoint}). */
    public CheckpointSettings checkpoints() {
        return checkpoints;
    }

    public OutputSettings output() {
        return output;
    }

    public String variantName() {
        return variantName;
    }

    /**
     * Reads the data, splits it, trains the configured variant and measures the test RMSE once.
     * Writes no files. Like {@code cfae train}, refuses a run whose estimated memory exceeds
     * {@code cfae.engine.memory.limit} or the JVM's heap ({@link SettingsException}) before training.
     */
    public CfaeModel train(TrainingListener... listeners) {
        requireListeners(listeners);
        return prepare().train(listeners);
    }

    private static void requireListeners(TrainingListener[] listeners) {
        requireNonNull(listeners, "listeners is null");
        for (TrainingListener listener : listeners) {
            requireNonNull(listener, "a training listener is null");
        }
    }

    /**
     * Selects the backend, reads and splits the data and builds the untrained model; all bad input
     * surfaces here, before anything is trained or written.
     */
    public PreparedRun prepare() {
        BackendInfo backend = Backends.select(engine);
        progress.accept("backend: " + backend.summary());

        LoadedRatings files = RatingFiles.read(data, Path.of(data.train()),
                data.hasTest() ? Path.of(data.test()) : null);
        reportMerged(files.trainFile());
        files.testFile().ifPresent(this::reportMerged);
        SeededRandom random = new SeededRandom(seed);
        Split split = files.test().isEmpty()
                ? Split.random(files.train(), data.testFraction(), data.validationFraction(), random.split())
                : Split.given(files.train(), files.test().get(), data.validationFraction(), random.split());
        if (split.train().size() == 0) {
            throw new SettingsException("cfae.data.split.test-fraction", "leaves no training ratings");
        }
        RatingRange range = files.range();
        String fingerprint = Fingerprint.sha256(files.trainFile().file(), data.hasTest() ? Path.of(data.test()) : null);
        progress.accept(String.format("data: %,d users x %,d items; train %,d, validation %,d, test %,d ratings; range %s",
                split.train().users().size(), split.train().items().size(), split.train().size(),
                split.validation().size(), split.test().size(), range));

        TrainingData trainingData = TrainingData.of(RatingMatrix.byUser(split.train()), range.scale());
        Model model = variant.create(new VariantContext(trainingData.users(), trainingData.items(), range),
                variantConfig);
        progress.accept(String.format("model: %s, %,d parameters", variantName, model.parameterCount()));
        if (model instanceof SparseCapable capable) {
            capable.sparseSettings(sparse);
            progress.accept("training kernels: " + capable.describeKernels(trainingData));
        }
        return new PreparedRun(fingerprint, files.test().isPresent(), split, range, trainingData, model, random, backend);
    }

    private void reportMerged(LoadedRatings.FileSummary file) {
        if (file.duplicatesMerged() > 0) {
            progress.accept(String.format("duplicates: %,d repeated (user, item) lines of %s merged (cfae.data.duplicates = %s)",
                    file.duplicatesMerged(), file.file(), ConfigBlock.kebab(data.duplicates())));
        }
    }

    /**
     * A run whose data is read and split and whose model is built, ready to train once: the trained
     * {@link CfaeModel} keeps that model, so a second training would change it underneath. Call
     * {@link #prepare()} again for another.
     */
    public final class PreparedRun {
        private final String fingerprint;
        private final boolean givenTest;
        private final Split split;
        private final RatingRange range;
        private final TrainingData trainingData;
        private final Model model;
        private final SeededRandom random;
        private final BackendInfo backend;
        private boolean trained;

        private PreparedRun(String fingerprint, boolean givenTest, Split split, RatingRange range, TrainingData trainingData,
                Model model, SeededRandom random, BackendInfo backend) {
            this.fingerprint = fingerprint;
            this.givenTest = givenTest;
            this.split = split;
            this.range = range;
            this.trainingData = trainingData;
            this.model = model;
            this.random = random;
            this.backend = backend;
        }

        public Split split() {
            return split;
        }

        public BackendInfo backend() {
            return backend;
        }

        /** SHA-256 of the input files this run read. */
        public String dataFingerprint() {
            return fingerprint;
        }

        /** The untrained model, for estimates before training and {@code cfae bench}'s dense limit. */
        public Model model() {
            return model;
        }

        public TrainingData trainingData() {
            return trainingData;
        }

        /**
         * Refuses, with the figure and the setting to lower, a run whose estimated memory exceeds
         * {@code cfae.engine.memory.limit}, or whose filled matrix would not fit on the disk of
         * {@code runDirectory}, which need not exist yet (null skips the disk check). Returns the estimate.
         */
        public MemoryCheck.Estimate checkMemory(Path runDirectory) {
            return checkMemory(checkpoints, false, runDirectory);
        }

        /**
         * {@link #checkMemory(Path)} for a run that writes checkpoints as {@code checkpointSettings} says,
         * and that only trains ({@code trainOnly}: no hold-out RMSE, no outputs) or goes on to them.
         */
        MemoryCheck.Estimate checkMemory(CheckpointSettings checkpointSettings, boolean trainOnly, Path runDirectory) {
            MemoryCheck.Estimate estimate = estimateMemory(checkpointSettings, trainOnly);
            memory.require(estimate, variantName, output, trainingData.users(), trainingData.items(), runDirectory);
            return estimate;
        }

        /** The memory estimate that {@link #trainWithoutTest} checks before it trains. */
        public MemoryCheck.Estimate trainingOnlyMemory() {
            return estimateMemory(CheckpointSettings.NONE, true);
        }

        private MemoryCheck.Estimate estimateMemory(CheckpointSettings checkpointSettings, boolean trainOnly) {
            boolean reconstructsRows = split.validation().size() > 0 || !trainOnly && (split.test().size() > 0
                    || output.predictions() || output.filledMatrix() || output.embeddings());
            return MemoryCheck.estimate(model, trainingData, trainer, optimizer, checkpointSettings, reconstructsRows,
                    !trainOnly);
        }

        public TrainerSettings trainerSettings() {
            return trainer;
        }

        public OptimizerSettings optimizerSettings() {
            return optimizer;
        }

        /**
         * Trains without measuring the test ratings, for measurements such as {@code cfae bench}:
         * the hold-out RMSE predicts every test user's full row, which at a million items costs
         * more than the training. Runs the memory check first (without checkpoints: it writes none).
         */
        public TrainingResult trainWithoutTest(TrainingListener... listeners) {
            checkMemory(CheckpointSettings.NONE, true, null);
            startTraining(listeners);
            return new Trainer(trainer, optimizer::create, prediction).train(model, trainingData, range,
                    split.validation().size() == 0 ? null : split.validation(), random.split(), List.of(listeners));
        }

        /**
         * Trains without checkpoints (nothing would keep them), then reads the test ratings once for
         * the hold-out RMSE. Runs the memory check first (without checkpoints).
         */
        public CfaeModel train(TrainingListener... listeners) {
            checkMemory(CheckpointSettings.NONE, false, null);
            startTraining(listeners);
            return train(CheckpointSettings.NONE, checkpoint -> { }, null, listeners);
        }

        /**
         * Trains, handing checkpoints to {@code sink} as {@link #checkpoints()} says, continuing from
         * {@code resume} when it is not null; then reads the test ratings once for the hold-out RMSE.
         */
        public CfaeModel train(TrainingCheckpoint.Sink sink, TrainingCheckpoint resume, TrainingListener... listeners) {
            startTraining(listeners);
            return train(checkpoints, sink, resume, listeners);
        }

        private CfaeModel train(CheckpointSettings checkpointSettings, TrainingCheckpoint.Sink sink,
                TrainingCheckpoint resume, TrainingListener... listeners) {
            List<TrainingListener> all = List.of(listeners);
            Trainer trainerRun = new Trainer(trainer, optimizer::create, prediction);
            TrainingResult result = trainerRun.train(model, trainingData, range,
                    split.validation().size() == 0 ? null : split.validation(), random.split(), all, null,
                    checkpointSettings, sink, resume);
            AugmentedTraining.Outcome augmentation = null;
            if (model instanceof GenerativeModel generative && generative.augmentation().enabled()) {
                progress.accept(String.format("augmentation: %,d generated rows, up to %d more epochs",
                        generative.augmentation().rows(), generative.augmentation().epochs()));
                augmentation = new AugmentedTraining(trainer, optimizer::create, prediction).run(generative, result,
                        trainingData, range, split.validation(), random.split(), all);
                // Both judged on the real data alone; the round's own epoch lines had its generated rows in it.
                progress.accept(String.format(Locale.ROOT, "augmentation: validation RMSE %.4f before, %.4f after "
                        + "(both on the real data alone); %s", augmentation.validationBefore(),
                        augmentation.validationAfter(), augmentation.kept()
                        ? "it helped, keeping the augmented model" : "it did not help, keeping the model as trained"));
                result = new TrainingResult(augmentation.model(), result.epochs(), result.bestEpoch(),
                        result.stopReason());
            }
            TrainedModel trained = result.model();
            Map<String, Double> byMode = validationRmseByMode(trained, split.validation());
            double testRmse = split.test().size() == 0 ? Double.NaN : trained.rmse(split.test());
            RunProtocol protocol = new RunProtocol(fingerprint, givenTest ? "given" : "random",
                    seed, split.train().size(), split.validation().size(), split.test().size(), trained.prediction().clip(),
                    trained.prediction().fallback());
            return new CfaeModel(variantName, variantConfig, config, split, result, protocol, backend, testRmse,
                    augmentation, byMode);
        }

        /** Refuses a second training of this run's model, and null listeners. */
        private void startTraining(TrainingListener[] listeners) {
            requireListeners(listeners);
            if (trained) {
                throw new IllegalStateException("this prepared run has trained its model already; call Cfae.prepare() "
                        + "again for another model (a second training would change the first one's parameters)");
            }
            trained = true;
        }

        /**
         * Measures every prediction mode of a {@link MultiModeModel} on the validation ratings, so a user can
         * choose one, and leaves the configured mode in place.
         */
        private Map<String, Double> validationRmseByMode(TrainedModel trained, Ratings validation) {
            Map<String, Double> byMode = new LinkedHashMap<>();
            if (!(trained.model() instanceof MultiModeModel multi) || validation.size() == 0) {
                return byMode;
            }
            String chosen = multi.predictionMode();
            StringBuilder line = new StringBuilder("validation RMSE by prediction mode:");
            try {
                for (String mode : multi.predictionModes()) {
                    multi.usePredictionMode(mode);
                    double rmse = trained.rmse(validation);
                    byMode.put(mode, rmse);
                    line.append(String.format(Locale.ROOT, "  %s %.4f", mode, rmse));
                }
            } finally {
                multi.usePredictionMode(chosen);
            }
            progress.accept(line.append("  (predicting by ").append(chosen).append(')').toString());
            return byMode;
        }
    }

    /** Loads a model file written by a run (or {@link CfaeModel#save}) of a built-in variant, for prediction. */
    public static CfaeModel load(Path modelFile) {
        return load(modelFile, List.of());
    }

    /**
     * Loads a model file, finding its variant among the built-ins and the jars in {@code pluginFolders}:
     * the one entry through which every command reads a model.
     */
    public static CfaeModel load(Path modelFile, List<Path> pluginFolders) {
        return CfaeModel.load(modelFile, Plugins.fromFolders(pluginFolders, Cfae.class.getClassLoader()));
    }

    private static void requireFile(String path, String key) {
        if (!Files.isRegularFile(Path.of(path))) {
            throw new SettingsException(key, "no such file: " + path);
        }
    }

    /** Parses a HOCON string, for {@code Cfae.fromConfig(Cfae.parse("cfae.trainer.epochs = 5"))}. */
    public static Config parse(String hocon) {
        return ConfigFactory.parseString(hocon);
    }
}
