package dev.cfae.api;

/** Observes training. Called on the training thread; keep it cheap. */
public interface TrainingListener {
    void onEpoch(EpochMetrics metrics);

    /** Called once when training ends; {@code bestEpoch} is the epoch whose parameters were kept. */
    default void onFinish(int bestEpoch, String reason) {
    }
}
