package dev.cfae.api;

/** Observes training. Called on the training thread; keep it cheap. */
public interface TrainingListener {
    void onEpoch(EpochMetrics metrics);

    /**
     * Called once when training ends; {@code bestEpoch} is the epoch whose parameters were kept. A
     * VAE's augmentation round comes after it: its epochs reach {@link #onEpoch}, numbered on, and the
     * app's {@code CfaeModel.augmentation()} says whether the round's parameters replaced those.
     */
    default void onFinish(int bestEpoch, String reason) {
    }
}
