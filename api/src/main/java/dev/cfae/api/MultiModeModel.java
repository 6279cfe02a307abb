package dev.cfae.api;

import java.util.List;

/**
 * A model that can predict in more than one way, e.g. the combined user+item model (its item
 * autoencoder, its user autoencoder, its rating network or their mean). The engine and the app use
 * this to measure every mode after training and to honour a chosen one, without knowing the class.
 * {@link Model#predict}, {@link Model#reconstruct} and the RMSEs the trainer reports follow the
 * current mode; training does not depend on it.
 */
public interface MultiModeModel extends Model {
    /**
     * The key, in the variant's configuration block, that chooses the mode: an implementation's
     * factory must read its starting mode from it (and its reference.conf declare it). {@code cfae
     * train --prediction-mode} sets it, and a saved model records the mode in use there, so a loaded
     * model predicts as the saved one did.
     */
    String MODE_KEY = "prediction-mode";

    /** The names of the modes, in a fixed order; the current one is among them. */
    List<String> predictionModes();

    /** The mode predictions currently use. */
    String predictionMode();

    /**
     * Switches the mode predictions use.
     *
     * @throws IllegalArgumentException if {@code mode} is not one of {@link #predictionModes()}
     */
    void usePredictionMode(String mode);
}
