package dev.cfae.api.data;

/**
 * The closed interval of valid ratings, e.g. 1–5 stars or 0.5–5 half stars. Taken from the data or
 * from configuration, never assumed. Predictions are clipped to it unless clipping is turned off.
 */
public record RatingRange(float min, float max) {
    public RatingRange {
        if (!Float.isFinite(min) || !Float.isFinite(max)) {
            throw new IllegalArgumentException("rating range bounds must be finite: [" + min + ", " + max + "]");
        }
        if (min > max) {
            throw new IllegalArgumentException("rating range is empty: min " + min + " > max " + max);
        }
    }

    public boolean contains(float rating) {
        return rating >= min && rating <= max;
    }

    public float clip(float rating) {
        return Math.max(min, Math.min(max, rating));
    }

    /** The scale that maps ratings into (0, 1] for training: the largest absolute bound, or 1 if that is 0. */
    public float scale() {
        float scale = Math.max(Math.abs(min), Math.abs(max));
        return scale == 0f ? 1f : scale;
    }

    @Override
    public String toString() {
        return "[" + min + ", " + max + "]";
    }
}
