package dev.cfae.engine.train;

import dev.cfae.api.TrainingData;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.RatingRange;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the {@code cfae.prediction} block: how model outputs become ratings. Resolve them
 * against the training data with {@link #resolve} to get the concrete fallback rating.
 *
 * @param clip     clip predictions to the rating range
 * @param fallback the rating for users and items without training ratings and for unknown ids
 */
public record PredictionSettings(boolean clip, Fallback fallback) {
    /** The configuration block these settings come from. */
    public static final String BLOCK = "cfae.prediction";
    static final String FALLBACK_KEY = BLOCK + ".fallback";
    static final String GLOBAL_MEAN = "global-mean";

    public PredictionSettings {
        requireNonNull(fallback, "fallback is null");
    }

    /** Reads the {@code cfae.prediction} block. */
    public static PredictionSettings fromConfig(ConfigBlock block) {
        requireNonNull(block, "block is null");
        String fallback = block.getString("fallback");
        if (fallback.equals(GLOBAL_MEAN)) {
            return new PredictionSettings(block.getBoolean("clip"), new GlobalMean());
        }
        double rating;
        try {
            rating = Double.parseDouble(fallback);
        } catch (NumberFormatException e) {
            throw new SettingsException(FALLBACK_KEY, "must be '" + GLOBAL_MEAN + "' or a rating, got '" + fallback + "'", e);
        }
        return new PredictionSettings(block.getBoolean("clip"), new Fixed((float) rating));
    }

    /**
     * The concrete settings for a model trained on {@code data}: the global mean is the mean of its
     * training ratings (clipped to the range if clipping is on); a fixed fallback must lie in the range.
     */
    public ResolvedPrediction resolve(RatingRange range, TrainingData data) {
        requireNonNull(range, "range is null");
        requireNonNull(data, "data is null");
        float rating;
        if (fallback instanceof Fixed fixed) {
            if (!range.contains(fixed.rating())) {
                throw new SettingsException(FALLBACK_KEY, "fallback rating " + fixed.rating()
                        + " lies outside the rating range " + range);
            }
            rating = fixed.rating();
        } else {
            float mean = trainingMean(data);
            rating = clip ? range.clip(mean) : mean;
        }
        return new ResolvedPrediction(range, clip, rating);
    }

    private static float trainingMean(TrainingData data) {
        float[] values = data.byUser().values();
        if (values.length == 0) {
            throw new IllegalArgumentException("no training ratings to take the global mean of");
        }
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return (float) (sum / values.length * data.scale());
    }

    /** What to predict where the model knows nothing. */
    public sealed interface Fallback permits GlobalMean, Fixed {
    }

    /** The mean of the training ratings. */
    public record GlobalMean() implements Fallback {
    }

    /**
     * A fixed rating.
     *
     * @param rating the rating, which must lie in the rating range
     */
    public record Fixed(float rating) implements Fallback {
        public Fixed {
            if (!Float.isFinite(rating)) {
                throw new SettingsException(FALLBACK_KEY, "must be finite, got " + rating);
            }
        }
    }
}
