package dev.cfae.engine.train;

import dev.cfae.api.EpochMetrics;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of {@link Trainer#train}.
 *
 * @param model      the trained model, holding the kept parameters (the best epoch's under early stopping)
 * @param epochs     metrics of every epoch that ran, in order
 * @param bestEpoch  one-based epoch whose parameters {@code model} holds
 * @param stopReason why training ended
 */
public record TrainingResult(TrainedModel model, List<EpochMetrics> epochs, int bestEpoch, StopReason stopReason) {
    public TrainingResult {
        requireNonNull(model, "model is null");
        epochs = List.copyOf(requireNonNull(epochs, "epochs is null"));
        requireNonNull(stopReason, "stopReason is null");
    }

    /** The metrics of {@link #bestEpoch()}. */
    public EpochMetrics best() {
        return epochs.get(bestEpoch - 1);
    }
}
