package dev.cfae.engine.train;

/** Why training ended. */
public enum StopReason {
    /** All configured epochs ran. */
    COMPLETED("all epochs completed"),
    /** The validation RMSE stopped improving (early stopping); the best epoch's parameters were kept. */
    EARLY_STOPPED("validation RMSE stopped improving"),
    /** The configured step budget ({@code cfae.trainer.max-steps}) ran out. */
    STEP_LIMIT("step budget (max-steps) reached");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    /** A short phrase for logs and reports. */
    public String description() {
        return description;
    }
}
