package dev.cfae.engine.train;

import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;

import static java.util.Objects.requireNonNull;

/**
 * When the trainer hands out checkpoints ({@code cfae.trainer.checkpoint}); 0 turns either trigger off.
 *
 * @param everyEpochs a checkpoint after every this many finished epochs
 * @param everySteps  a checkpoint after every this many optimizer steps, mid-epoch included
 */
public record CheckpointSettings(int everyEpochs, int everySteps) {
    /** The configuration block these settings come from. */
    public static final String BLOCK = TrainerSettings.BLOCK + ".checkpoint";

    /** No checkpoints at all. */
    public static final CheckpointSettings NONE = new CheckpointSettings(0, 0);

    public CheckpointSettings {
        if (everyEpochs < 0) {
            throw new SettingsException(BLOCK + ".every-epochs", "must be 0 (off) or more, got " + everyEpochs);
        }
        if (everySteps < 0) {
            throw new SettingsException(BLOCK + ".every-steps", "must be 0 (off) or more, got " + everySteps);
        }
    }

    /** Reads the {@code cfae.trainer.checkpoint} block. */
    public static CheckpointSettings fromConfig(ConfigBlock block) {
        requireNonNull(block, "block is null");
        return new CheckpointSettings(block.getInt("every-epochs"), block.getInt("every-steps"));
    }

    /** Whether any checkpoint is ever made. */
    public boolean enabled() {
        return everyEpochs > 0 || everySteps > 0;
    }
}
