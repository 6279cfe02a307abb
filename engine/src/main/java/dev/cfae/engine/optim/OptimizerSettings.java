package dev.cfae.engine.optim;

import dev.cfae.api.config.ConfigBlock;

/**
 * Settings of the {@code cfae.trainer.optimizer} block and the factory for the configured optimizer.
 * (Placeholder signatures; the implementation replaces the bodies.)
 */
public record OptimizerSettings(String type, double learningRate) {
    public static OptimizerSettings fromConfig(ConfigBlock block) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** A fresh optimizer for a buffer of {@code parameterCount} parameters. */
    public Optimizer create(long parameterCount) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
