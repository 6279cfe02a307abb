package dev.cfae.variants.vae;

import dev.cfae.api.GenerativeModel.Augmentation;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.variants.autoencoder.AutoencoderSettings;
import dev.cfae.variants.autoencoder.Bottleneck;
import dev.cfae.variants.autoencoder.KlSchedule;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the {@code cfae.variants.vae} block: the plain autoencoder's keys (the embedding
 * activation is the mean head's) and the VAE's own.
 *
 * @param autoencoder            the autoencoder around the bottleneck
 * @param initialLogVarianceBias the log-variance head's initial bias
 * @param kl                     the KL weight schedule
 * @param inference              what predictions and embeddings use
 * @param augmentation           generated rows and epochs of the further round, rows 0 for none
 */
public record VaeSettings(AutoencoderSettings autoencoder, double initialLogVarianceBias, KlSchedule kl,
        Inference inference, Augmentation augmentation) {
    /** What inference uses of the latent distribution. */
    public enum Inference {
        /** The mean: deterministic. */
        MEAN,
        /** A sample, the same for a row every time. */
        SAMPLE
    }

    public VaeSettings {
        requireNonNull(autoencoder, "autoencoder is null");
        requireNonNull(kl, "kl is null");
        requireNonNull(inference, "inference is null");
        requireNonNull(augmentation, "augmentation is null");
        if (!Double.isFinite(initialLogVarianceBias)) {
            throw new IllegalArgumentException("initial log-variance bias must be finite: " + initialLogVarianceBias);
        }
    }

    /** Reads the {@code cfae.variants.vae} block. */
    public static VaeSettings fromConfig(ConfigBlock block) {
        requireNonNull(block, "block is null");
        AutoencoderSettings autoencoder = AutoencoderSettings.fromConfig(block);
        double bias = block.requireRange("log-variance-initial-bias", block.getDouble("log-variance-initial-bias"),
                -30, 10, true, true);
        ConfigBlock kl = block.block("kl");
        KlSchedule.Kind kind = kl.getEnum("schedule", KlSchedule.Kind.class);
        double weight = kl.getDouble("weight");
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new SettingsException(kl.key("weight"), "must be finite and non-negative, got " + weight);
        }
        long rampSteps = kl.getLong("ramp-steps");
        if (rampSteps < 1) {
            throw new SettingsException(kl.key("ramp-steps"), "must be positive, got " + rampSteps);
        }
        Inference inference = block.getEnum("inference", Inference.class);
        ConfigBlock augmentation = block.block("augmentation");
        int rows = augmentation.getInt("rows");
        if (rows < 0) {
            throw new SettingsException(augmentation.key("rows"), "must be 0 (off) or positive, got " + rows);
        }
        int epochs = augmentation.getInt("epochs");
        if (epochs < 1) {
            throw new SettingsException(augmentation.key("epochs"), "must be positive, got " + epochs);
        }
        return new VaeSettings(autoencoder, bias, new KlSchedule(kind, weight, rampSteps), inference,
                new Augmentation(rows, epochs));
    }

    /** The bottleneck these settings describe. */
    public Bottleneck.Gaussian bottleneck() {
        return new Bottleneck.Gaussian(initialLogVarianceBias, kl, inference == Inference.SAMPLE);
    }
}
