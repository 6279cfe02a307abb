package dev.cfae.engine.train;

import dev.cfae.api.EpochMetrics;
import dev.cfae.api.Model;
import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.StepResult;
import dev.cfae.api.TouchedRows;
import dev.cfae.api.TrainingCheckpoint;
import dev.cfae.api.TrainingData;
import dev.cfae.api.TrainingListener;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.RatingRange;
import dev.cfae.api.data.Ratings;
import dev.cfae.engine.nn.FlatBuffers;
import dev.cfae.engine.nn.SparseCapable;
import dev.cfae.engine.optim.Optimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongFunction;

import static java.util.Objects.requireNonNull;

/**
 * Trains a {@link Model} with mini-batch gradient steps over one flat float32 parameter buffer.
 *
 * <p>Per epoch: shuffle the example ids with the run's random (if configured), step through them in
 * batches of {@code batch-size} (the last, smaller batch included), add the L2 gradient, let the
 * optimizer update the buffer, stop with {@link TrainingDivergedException} on a NaN or infinite
 * objective or parameter; then measure the training RMSE (from the steps) and the validation RMSE
 * (through {@link TrainedModel}, so clipped and with fallbacks like every prediction), tell the
 * listeners, and apply early stopping. Everything random derives from the {@link SeededRandom} given
 * to {@link #train}, so a seed reproduces a run. Reads no configuration and no files.
 */
public final class Trainer {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final TrainerSettings settings;
    private final LongFunction<Optimizer> optimizerFactory;
    private final PredictionSettings prediction;

    /**
     * @param optimizerFactory makes a fresh optimizer for a buffer of the given number of parameters,
     *                         e.g. {@code OptimizerSettings::create}
     */
    public Trainer(TrainerSettings settings, LongFunction<Optimizer> optimizerFactory, PredictionSettings prediction) {
        this.settings = requireNonNull(settings, "settings is null");
        this.optimizerFactory = requireNonNull(optimizerFactory, "optimizerFactory is null");
        this.prediction = requireNonNull(prediction, "prediction is null");
    }

    /**
     * Trains {@code model} from freshly initialised parameters.
     *
     * @param range      the valid ratings, for clipping validation predictions
     * @param validation ratings to measure after every epoch, or null (indices as in
     *                   {@link TrainedModel#predict}); required by early stopping
     * @param random     the run's random source; training consumes a fixed amount of it
     * @throws TrainingDivergedException if the objective or the parameters stop being finite
     * @throws SettingsException         on {@code cfae.trainer.early-stopping.enabled} if early stopping
     *                                   is on but there are no validation ratings
     */
    public TrainingResult train(Model model, TrainingData data, RatingRange range, Ratings validation,
            SeededRandom random, List<TrainingListener> listeners) {
        return train(model, data, range, validation, random, listeners, null);
    }

    /**
     * Like {@link #train(Model, TrainingData, RatingRange, Ratings, SeededRandom, List)}, but starts
     * from {@code startParameters} (a warm start) instead of initialising the model when they are not
     * null. The optimizer starts fresh either way.
     */
    public TrainingResult train(Model model, TrainingData data, RatingRange range, Ratings validation,
            SeededRandom random, List<TrainingListener> listeners, float[] startParameters) {
        return train(model, data, range, validation, random, listeners, startParameters, CheckpointSettings.NONE,
                checkpoint -> { }, null);
    }

    /**
     * Like {@link #train(Model, TrainingData, RatingRange, Ratings, SeededRandom, List, float[])}, and also
     * hands a {@link TrainingCheckpoint} to {@code sink} as {@code checkpoints} asks (only ever after a step
     * whose objective and parameters were finite, so the last one saved is good), and continues from
     * {@code resume} when it is not null. Given the same {@code random} seed, a resumed run ends with the
     * same parameters, bit for bit, as one that never stopped; {@code startParameters} must then be null.
     */
    public TrainingResult train(Model model, TrainingData data, RatingRange range, Ratings validation,
            SeededRandom random, List<TrainingListener> listeners, float[] startParameters,
            CheckpointSettings checkpoints, TrainingCheckpoint.Sink sink, TrainingCheckpoint resume) {
        TrainingResult result;
        try {
            result = trainModel(model, data, range, validation, random, listeners, startParameters, checkpoints, sink,
                    resume);
        } catch (RuntimeException | Error e) {
            try {
                restoreFlatGradientRows(model);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        restoreFlatGradientRows(model);
        return result;
    }

    /** After training, a model's gradients go to the flat buffer again, whatever the optimizer read. */
    private static void restoreFlatGradientRows(Model model) {
        if (model instanceof SparseCapable sparseModel) {
            sparseModel.flatGradientRows(true);
        }
    }

    private TrainingResult trainModel(Model model, TrainingData data, RatingRange range, Ratings validation,
            SeededRandom random, List<TrainingListener> listeners, float[] startParameters,
            CheckpointSettings checkpoints, TrainingCheckpoint.Sink sink, TrainingCheckpoint resume) {
        requireNonNull(checkpoints, "checkpoints is null");
        requireNonNull(sink, "sink is null");
        if (resume != null && startParameters != null) {
            throw new IllegalArgumentException("a resumed run cannot also warm-start from other parameters");
        }
        requireNonNull(model, "model is null");
        requireNonNull(data, "data is null");
        requireNonNull(range, "range is null");
        requireNonNull(random, "random is null");
        List<TrainingListener> observers = List.copyOf(requireNonNull(listeners, "listeners is null"));
        boolean validating = validation != null && validation.size() > 0;
        TrainerSettings.EarlyStopping earlyStopping = settings.earlyStopping();
        if (earlyStopping.enabled() && !validating) {
            throw new SettingsException(TrainerSettings.EarlyStopping.ENABLED_KEY,
                    "early stopping needs validation ratings; hold some out for validation or set it to false");
        }
        int exampleCount = model.exampleCount(data);
        if (exampleCount < 1) {
            throw new IllegalArgumentException("variant " + model.variant() + " has no training examples in the data");
        }
        long parameterCount = model.parameterCount();
        List<ParameterBlock> blocks = model.parameterBlocks();
        checkBlocks(model.variant(), blocks, parameterCount);

        INDArray parameters = Nd4j.create(DataType.FLOAT, 1, parameterCount);
        INDArray gradients = Nd4j.create(DataType.FLOAT, 1, parameterCount);
        model.bind(parameters, gradients);
        // Split the streams up front and always, so a warm start consumes the run's random like a cold one.
        SeededRandom initRandom = random.split();
        SeededRandom shuffleRandom = random.split();
        long stepSeed = random.nextLong();
        if (resume != null) {
            checkResume(model, resume, parameterCount, exampleCount);
            parameters.assign(Nd4j.createFromArray(resume.parameters()).reshape(1, parameterCount));
            model.restoreTrainingState(resume.modelState());
            shuffleRandom = SeededRandom.fromState(resume.shuffleState());
            stepSeed = resume.stepSeed();
        } else if (startParameters == null) {
            model.initialize(initRandom);
        } else {
            if (startParameters.length != parameterCount) {
                throw new IllegalArgumentException("start parameters have " + startParameters.length + " values, but "
                        + model.variant() + " has " + parameterCount);
            }
            parameters.assign(Nd4j.createFromArray(startParameters).reshape(1, parameterCount));
        }
        Optimizer optimizer = requireNonNull(optimizerFactory.apply(parameterCount), "the optimizer factory returned null");
        if (resume != null) {
            try {
                optimizer.restoreState(resume.optimizerState());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the checkpoint's optimizer state does not fit the configured "
                        + "optimizer: " + e.getMessage(), e);
            }
        }
        L2Penalty l2 = new L2Penalty(settings.l2(), blocks, parameters, gradients);
        boolean foldedL2 = l2.enabled() && optimizer.foldsL2();
        if (foldedL2) {
            optimizer.foldL2(l2.ranges());
        }
        // An optimizer that reads the touched rows' packed gradient needs no copy of them in the flat
        // buffer. It would miss an L2 gradient the trainer added there, so it must fold L2 itself.
        if (optimizer.readsGradientRows() && l2.enabled() && !foldedL2) {
            throw new IllegalStateException(optimizer.getClass().getSimpleName()
                    + " reads packed gradient rows but cannot fold L2 into its step");
        }
        if (model instanceof SparseCapable sparseModel) {
            sparseModel.flatGradientRows(!optimizer.readsGradientRows());
        }
        TrainedModel trained = new TrainedModel(model, parameters, data, prediction.resolve(range, data));
        INDArray bestParameters = earlyStopping.enabled() ? parameters.dup() : null;

        List<TouchedRows> rowSparseBlocks = List.of();
        int[] examples = new int[exampleCount];
        for (int e = 0; e < exampleCount; e++) {
            examples[e] = e;
        }
        List<EpochMetrics> history = new ArrayList<>();
        double bestRmse = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epochsWithoutImprovement = 0;
        StopReason reason = StopReason.COMPLETED;
        long step = 0;
        int startEpoch = 0;
        if (resume != null) {
            System.arraycopy(resume.exampleOrder(), 0, examples, 0, exampleCount);
            history.addAll(resume.history());
            bestRmse = resume.bestRmse();
            bestEpoch = resume.bestEpoch();
            epochsWithoutImprovement = resume.epochsWithoutImprovement();
            if (bestParameters != null && resume.bestParameters().length == parameterCount) {
                bestParameters.assign(Nd4j.createFromArray(resume.bestParameters()).reshape(1, parameterCount));
            }
            step = resume.step();
            startEpoch = resume.epoch();
        }
        long lastCheckpoint = System.nanoTime();
        for (int epoch = startEpoch; epoch < settings.epochs(); epoch++) {
            boolean resumedEpoch = resume != null && epoch == startEpoch;
            int position = resumedEpoch ? resume.position() : 0;
            if (settings.shuffle() && position == 0) {
                shuffleRandom.shuffle(examples, exampleCount);
            }
            long started = System.nanoTime();
            double priorSeconds = resumedEpoch ? resume.epochSeconds() : 0;
            double squaredError = resumedEpoch ? resume.epochSquaredError() : 0;
            long observed = resumedEpoch ? resume.epochObserved() : 0;
            double objective = resumedEpoch ? resume.epochObjective() : 0;
            int examplesTrained = position;
            for (int from = position; from < exampleCount && !budgetSpent(step); from += settings.batchSize()) {
                int to = (int) Math.min((long) from + settings.batchSize(), exampleCount);
                StepContext context = new StepContext(stepRandom(stepSeed, step), epoch, settings.epochs(), step);
                StepResult result = model.computeGradients(data, examples, from, to, context);
                if (!Double.isFinite(result.objective())) {
                    throw new TrainingDivergedException(epoch + 1, step, "the objective became " + result.objective());
                }
                List<TouchedRows> touched = result.touchedRows();
                if (!touched.isEmpty()) {
                    checkTouched(model.variant(), blocks, touched);
                    rowSparseBlocks = touched;
                }
                if (!foldedL2) {
                    l2.addGradient();
                }
                if (!optimizer.step(parameters, gradients, step, touched)) {
                    throw new TrainingDivergedException(epoch + 1, step, "a parameter became NaN or infinite");
                }
                if (!optimizer.keepsGradients() || l2.enabled() && !foldedL2) {
                    // The model clears only the rows it wrote itself in these blocks; the rest is ours to clear.
                    for (TouchedRows block : rowSparseBlocks) {
                        FlatBuffers.slice(gradients, block.offset(), block.length()).assign(0);
                    }
                }
                squaredError += result.squaredError();
                observed += result.observed();
                objective += result.objective() * (to - from);
                examplesTrained = to;
                step++;
                if (checkpoints.dueAfterStep(step, System.nanoTime() - lastCheckpoint)) {
                    sink.save(new TrainingCheckpoint(model.variant(), epoch, to, step, shuffleRandom.state(), stepSeed,
                            examples.clone(), parameters.toFloatVector(), optimizer.saveState(),
                            bestParameters == null ? new float[0] : bestParameters.toFloatVector(), bestRmse,
                            bestEpoch, epochsWithoutImprovement, squaredError, observed, objective,
                            priorSeconds + (System.nanoTime() - started) / 1e9, history, model.trainingState()));
                    lastCheckpoint = System.nanoTime();
                }
            }
            double seconds = priorSeconds + (System.nanoTime() - started) / 1e9;
            double trainRmse = observed > 0 ? Math.sqrt(squaredError / observed) * data.scale() : Double.NaN;
            double validationRmse = validating ? trained.rmseAtCells(validation) : Double.NaN;
            EpochMetrics metrics = new EpochMetrics(epoch + 1, trainRmse, validationRmse, objective / examplesTrained,
                    seconds);
            history.add(metrics);
            for (TrainingListener listener : observers) {
                listener.onEpoch(metrics);
            }
            boolean lastEpoch = budgetSpent(step);
            if (!earlyStopping.enabled()) {
                bestEpoch = epoch + 1;
            } else if (validationRmse < bestRmse - earlyStopping.minDelta()) {
                bestRmse = validationRmse;
                bestEpoch = epoch + 1;
                bestParameters.assign(parameters);
                epochsWithoutImprovement = 0;
            } else if (++epochsWithoutImprovement >= earlyStopping.patience()) {
                reason = StopReason.EARLY_STOPPED;
                break;
            }
            if (checkpoints.everyEpochs() > 0 && (epoch + 1) % checkpoints.everyEpochs() == 0) {
                sink.save(new TrainingCheckpoint(model.variant(), epoch + 1, 0, step, shuffleRandom.state(), stepSeed,
                        examples.clone(), parameters.toFloatVector(), optimizer.saveState(),
                        bestParameters == null ? new float[0] : bestParameters.toFloatVector(), bestRmse, bestEpoch,
                        epochsWithoutImprovement, 0, 0, 0, 0, history, model.trainingState()));
                lastCheckpoint = System.nanoTime();
            }
            if (lastEpoch) {
                reason = StopReason.STEP_LIMIT;
                break;
            }
        }
        if (bestEpoch == 0) {
            // No epoch ever had a usable validation RMSE: keep the last parameters rather than the initial ones.
            bestEpoch = history.size();
        } else if (earlyStopping.enabled() && bestEpoch != history.size()) {
            parameters.assign(bestParameters);
        }
        for (TrainingListener listener : observers) {
            listener.onFinish(bestEpoch, reason.description());
        }
        return new TrainingResult(trained, history, bestEpoch, reason);
    }

    /** A checkpoint from another model or other data would train on garbage; refuse it by name. */
    private static void checkResume(Model model, TrainingCheckpoint resume, long parameterCount, int exampleCount) {
        if (!resume.variant().equals(model.variant())) {
            throw new IllegalArgumentException("the checkpoint is of variant " + resume.variant() + ", not "
                    + model.variant());
        }
        if (resume.parameters().length != parameterCount) {
            throw new IllegalArgumentException("the checkpoint holds " + resume.parameters().length
                    + " parameters, but " + model.variant() + " has " + parameterCount);
        }
        if (resume.exampleOrder().length != exampleCount) {
            throw new IllegalArgumentException("the checkpoint orders " + resume.exampleOrder().length
                    + " examples, but the data has " + exampleCount);
        }
        boolean[] seen = new boolean[exampleCount];
        for (int example : resume.exampleOrder()) {
            if (example < 0 || example >= exampleCount || seen[example]) {
                throw new IllegalArgumentException("the checkpoint's example order is not a permutation of 0.."
                        + (exampleCount - 1));
            }
            seen[example] = true;
        }
    }

    /**
     * The engine updates and clears touched rows by their offsets; a block that is not exactly one of
     * the model's parameter blocks, or a row outside it, would make it write into other parameters.
     */
    private static void checkTouched(String variant, List<ParameterBlock> blocks, List<TouchedRows> touched) {
        for (TouchedRows block : touched) {
            boolean isBlock = false;
            for (ParameterBlock b : blocks) {
                isBlock |= b.offset() == block.offset() && b.length() == block.length();
            }
            if (!isBlock) {
                throw new IllegalStateException("variant " + variant + " reported touched rows in ["
                        + block.offset() + ", " + (block.offset() + block.length()) + "), which is not a parameter block");
            }
            for (int k = 0; k < block.count(); k++) {
                if (block.rows()[k] < 0 || block.rows()[k] >= block.rowCount()) {
                    throw new IllegalStateException("variant " + variant + " reported row " + block.rows()[k]
                            + " of a block of " + block.rowCount() + " rows");
                }
            }
        }
    }

    private boolean budgetSpent(long step) {
        return settings.maxSteps() > 0 && step >= settings.maxSteps();
    }

    /**
     * The random source of one step: a well-mixed seed from the run's step seed and the step number, so
     * a step's dropout masks and samples depend on nothing else.
     */
    private static SeededRandom stepRandom(long stepSeed, long step) {
        return new SeededRandom(SeededRandom.fromState(stepSeed + step * GOLDEN_GAMMA).nextLong());
    }

    /** The L2 mask relies on the blocks tiling the buffer; a model that breaks that would be penalised wrongly. */
    private static void checkBlocks(String variant, List<ParameterBlock> blocks, long parameterCount) {
        List<ParameterBlock> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingLong(ParameterBlock::offset));
        long next = 0;
        for (ParameterBlock block : sorted) {
            if (block.offset() != next || block.length() < 0) {
                throw new IllegalStateException("variant " + variant + ": parameter block " + block.name()
                        + " at offset " + block.offset() + " does not follow on from offset " + next
                        + "; blocks must cover the buffer exactly once");
            }
            next += block.length();
        }
        if (next != parameterCount) {
            throw new IllegalStateException("variant " + variant + ": parameter blocks cover " + next
                    + " values, but the model has " + parameterCount);
        }
    }
}
