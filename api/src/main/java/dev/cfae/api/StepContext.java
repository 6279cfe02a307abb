package dev.cfae.api;

/**
 * What a model may know about the current training step. The random source is the step's own,
 * derived from the run seed, so dropout masks and samples are reproducible.
 *
 * @param random      randomness for this step (dropout, sampling)
 * @param epoch       zero-based epoch
 * @param totalEpochs configured number of epochs
 * @param step        zero-based optimizer step since the start of training
 */
public record StepContext(SeededRandom random, int epoch, int totalEpochs, long step) {
}
