package dev.cfae.variants.vae;

import dev.cfae.engine.testing.VariantContractTest;

import java.util.Map;

final class VaeContractTest extends VariantContractTest {
    @Override
    protected String variantName() {
        return "vae";
    }

    @Override
    protected String tinyConfig() {
        // A KL weight large enough that its gradient shows in the check; a log-variance bias near 0
        // so the sampling noise does too.
        return "layers = [6, 3], kl { schedule = constant, weight = 0.05 }, log-variance-initial-bias = -1";
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("kl.weight", -1, "kl.schedule", "cosine", "kl.ramp-steps", 0, "inference", "mode",
                "augmentation.rows", -5, "augmentation.epochs", 0, "log-variance-initial-bias", 100);
    }
}
