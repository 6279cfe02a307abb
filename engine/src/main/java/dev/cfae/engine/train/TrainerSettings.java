package dev.cfae.engine.train;

import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the {@code cfae.trainer} block (the optimizer's {@code cfae.trainer.optimizer} block is
 * read separately).
 *
 * @param epochs        passes over the training examples
 * @param batchSize     examples per optimizer step; the last batch of an epoch may be smaller
 * @param shuffle       shuffle the examples every epoch with the run's seed
 * @param l2            L2 regularisation
 * @param earlyStopping early stopping on the validation RMSE
 * @param maxSteps      optimizer steps after which training stops (mid-epoch, which then still gets its
 *                      validation), 0 for no limit: a training budget for large data
 */
public record TrainerSettings(int epochs, int batchSize, boolean shuffle, L2 l2, EarlyStopping earlyStopping,
        long maxSteps) {
    /** The configuration block these settings come from. */
    public static final String BLOCK = "cfae.trainer";

    public TrainerSettings {
        requireNonNull(l2, "l2 is null");
        requireNonNull(earlyStopping, "earlyStopping is null");
        if (epochs < 1) {
            throw new SettingsException(BLOCK + ".epochs", "must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new SettingsException(BLOCK + ".batch-size", "must be at least 1, got " + batchSize);
        }
        if (maxSteps < 0) {
            throw new SettingsException(BLOCK + ".max-steps", "must be 0 (no limit) or positive, got " + maxSteps);
        }
    }

    /** Settings without a step limit. */
    public TrainerSettings(int epochs, int batchSize, boolean shuffle, L2 l2, EarlyStopping earlyStopping) {
        this(epochs, batchSize, shuffle, l2, earlyStopping, 0);
    }

    /** Reads the {@code cfae.trainer} block. */
    public static TrainerSettings fromConfig(ConfigBlock block) {
        requireNonNull(block, "block is null");
        return new TrainerSettings(
                block.getInt("epochs"),
                block.getInt("batch-size"),
                block.getBoolean("shuffle"),
                new L2(block.getDouble("l2.weight"), block.getBoolean("l2.include-biases")),
                new EarlyStopping(
                        block.getBoolean("early-stopping.enabled"),
                        block.getInt("early-stopping.patience"),
                        block.getDouble("early-stopping.min-delta")),
                block.getLong("max-steps"));
    }

    /**
     * L2 regularisation: {@code weight · ½‖θ‖²} added to the objective.
     *
     * @param weight        penalty weight, 0 for none
     * @param includeBiases whether bias blocks are penalised too
     */
    public record L2(double weight, boolean includeBiases) {
        public L2 {
            if (!(weight >= 0) || !Double.isFinite(weight)) {
                throw new SettingsException(BLOCK + ".l2.weight", "must be a finite number >= 0, got " + weight);
            }
        }
    }

    /**
     * Early stopping on the validation RMSE; the best epoch's parameters are kept.
     *
     * @param enabled  whether to stop early (needs validation ratings)
     * @param patience epochs without improvement before stopping
     * @param minDelta least decrease of the validation RMSE that counts as an improvement
     */
    public record EarlyStopping(boolean enabled, int patience, double minDelta) {
        /** The key to name when early stopping is asked for without validation data. */
        public static final String ENABLED_KEY = BLOCK + ".early-stopping.enabled";

        public EarlyStopping {
            if (patience < 1) {
                throw new SettingsException(BLOCK + ".early-stopping.patience", "must be at least 1, got " + patience);
            }
            if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
                throw new SettingsException(BLOCK + ".early-stopping.min-delta",
                        "must be a finite number >= 0, got " + minDelta);
            }
        }
    }
}
