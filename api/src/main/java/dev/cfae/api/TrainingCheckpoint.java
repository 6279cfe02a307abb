package dev.cfae.api;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Everything a trainer needs to continue a run exactly where it stood: the next step's position,
 * every random stream, the parameters, the optimizer's state, the early-stopping bookkeeping, the
 * partial sums of the epoch in progress and the model's own extra state. Resuming from it gives the
 * same parameters, bit for bit, as never having stopped (on the same backend and thread settings).
 *
 * <p>Schedules that are functions of the epoch and step (the VAE's β) need no state of their own:
 * {@link #epoch} and {@link #step} restore them.
 *
 * @param variant                  the variant that was training
 * @param epoch                    zero-based epoch to continue in
 * @param position                 index into {@link #exampleOrder} of the next batch's first example;
 *                                 0 means the epoch has not started (it is shuffled first), and
 *                                 {@code exampleOrder.length} that its steps are done but its
 *                                 evaluation is not
 * @param step                     zero-based optimizer step to run next
 * @param shuffleState             state of the shuffling random stream
 * @param stepSeed                 the seed every step's own random stream derives from
 * @param exampleOrder             the example order of the epoch (shuffles compose, so it is kept whole)
 * @param parameters               the flat parameter buffer
 * @param optimizerState           the optimizer's flat state (moments); the step count is {@link #step}
 * @param bestParameters           parameters of the best epoch so far, or empty without early stopping
 * @param bestRmse                 best validation RMSE so far (infinity before the first)
 * @param bestEpoch                one-based best epoch so far, 0 before the first
 * @param epochsWithoutImprovement early-stopping counter
 * @param epochSquaredError        squared error summed over the epoch's steps so far
 * @param epochObserved            loss cells ({@link StepResult#observed()}) summed over the epoch's steps so far
 * @param epochObjective           batch-weighted objective summed over the epoch's steps so far
 * @param epochSeconds             seconds the epoch's steps took so far
 * @param history                  metrics of every finished epoch
 * @param modelState               the model's own state ({@link Model#trainingState()}), often empty
 */
public record TrainingCheckpoint(String variant, int epoch, int position, long step, long shuffleState,
        long stepSeed, int[] exampleOrder, float[] parameters, float[] optimizerState, float[] bestParameters,
        double bestRmse, int bestEpoch, int epochsWithoutImprovement, double epochSquaredError,
        long epochObserved, double epochObjective, double epochSeconds, List<EpochMetrics> history,
        byte[] modelState) {
    public TrainingCheckpoint {
        requireNonNull(variant, "variant is null");
        requireNonNull(exampleOrder, "exampleOrder is null");
        requireNonNull(parameters, "parameters is null");
        requireNonNull(optimizerState, "optimizerState is null");
        requireNonNull(bestParameters, "bestParameters is null");
        history = List.copyOf(requireNonNull(history, "history is null"));
        requireNonNull(modelState, "modelState is null");
        if (epoch < 0 || step < 0 || bestEpoch < 0 || epochsWithoutImprovement < 0 || epochObserved < 0) {
            throw new IllegalArgumentException("negative epoch, step or counter in a checkpoint");
        }
        if (position < 0 || position > exampleOrder.length) {
            throw new IllegalArgumentException("position " + position + " outside the " + exampleOrder.length
                    + " examples");
        }
        if (bestParameters.length != 0 && bestParameters.length != parameters.length) {
            throw new IllegalArgumentException("best parameters have " + bestParameters.length + " values, the model "
                    + parameters.length);
        }
        if (history.size() != epoch) {
            throw new IllegalArgumentException("history of " + history.size() + " epochs, but the run is in epoch "
                    + (epoch + 1));
        }
    }

    /** Receives checkpoints as the trainer makes them; it owns the arrays it is given. */
    @FunctionalInterface
    public interface Sink {
        void save(TrainingCheckpoint checkpoint);
    }
}
