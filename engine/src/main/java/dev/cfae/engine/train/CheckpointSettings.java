package dev.cfae.engine.train;

import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * When the trainer hands out checkpoints ({@code cfae.trainer.checkpoint}); 0 turns a trigger off.
 *
 * @param everyEpochs   a checkpoint after every this many finished epochs
 * @param everySteps    a checkpoint after every this many optimizer steps, mid-epoch included
 * @param everyDuration a checkpoint after the first step that ends this long after the last
 *                      checkpoint (or the start), mid-epoch included
 */
public record CheckpointSettings(int everyEpochs, int everySteps, Duration everyDuration) {
    /** The configuration block these settings come from. */
    public static final String BLOCK = TrainerSettings.BLOCK + ".checkpoint";

    /** No checkpoints at all. */
    public static final CheckpointSettings NONE = new CheckpointSettings(0, 0);

    public CheckpointSettings {
        requireNonNull(everyDuration, "everyDuration is null");
        if (everyEpochs < 0) {
            throw new SettingsException(BLOCK + ".every-epochs", "must be 0 (off) or more, got " + everyEpochs);
        }
        if (everySteps < 0) {
            throw new SettingsException(BLOCK + ".every-steps", "must be 0 (off) or more, got " + everySteps);
        }
        if (everyDuration.isNegative()) {
            throw new SettingsException(BLOCK + ".every-duration", "must be 0 (off) or longer, got "
                    + everyDuration.toMillis() + " ms");
        }
    }

    /** Checkpoints by epochs and steps only. */
    public CheckpointSettings(int everyEpochs, int everySteps) {
        this(everyEpochs, everySteps, Duration.ZERO);
    }

    /** Reads the {@code cfae.trainer.checkpoint} block. */
    public static CheckpointSettings fromConfig(ConfigBlock block) {
        requireNonNull(block, "block is null");
        return new CheckpointSettings(block.getInt("every-epochs"), block.getInt("every-steps"),
                block.getDuration("every-duration"));
    }

    /** Whether any checkpoint is ever made. */
    public boolean enabled() {
        return everyEpochs > 0 || everySteps > 0 || !everyDuration.isZero();
    }

    /** Whether a checkpoint is due after {@code step} steps, {@code nanosSinceLast} after the last one. */
    boolean dueAfterStep(long step, long nanosSinceLast) {
        return everySteps > 0 && step % everySteps == 0
                || !everyDuration.isZero() && nanosSinceLast >= everyDuration.toNanos();
    }
}
