package dev.cfae.engine.train;

/**
 * Training produced a NaN or infinite objective or parameter, almost always because the learning rate
 * is too high for the data. The message says where it happened and what to try.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final long step;

    public TrainingDivergedException(int epoch, long step, String what) {
        super("Training diverged in epoch " + epoch + " at step " + step + ": " + what + ". Lower the learning rate"
                + " (cfae.trainer.optimizer.learning-rate), or add L2 regularisation (cfae.trainer.l2.weight).");
        this.epoch = epoch;
        this.step = step;
    }

    /** One-based epoch in which training diverged. */
    public int epoch() {
        return epoch;
    }

    /** Zero-based optimizer step at which the problem was seen. */
    public long step() {
        return step;
    }
}
