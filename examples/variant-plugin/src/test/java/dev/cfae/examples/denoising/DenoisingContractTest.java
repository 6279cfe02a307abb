package dev.cfae.examples.denoising;

import dev.cfae.engine.testing.VariantContractTest;

import java.util.List;
import java.util.Map;

/**
 * The contract every cfae variant keeps (found by ServiceLoader, every reference.conf key read, bad
 * values named, gradients checked, loss falls, seeded runs identical, rebuilt models identical),
 * inherited from the engine's test jar.
 */
final class DenoisingContractTest extends VariantContractTest {
    @Override
    protected String variantName() {
        return "denoising";
    }

    @Override
    protected String tinyConfig() {
        // A few units and some noise, so the gradient check covers the corruption mask too.
        return "layers = [6, 3], corruption = 0.3";
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("corruption", 1.0, "layers", List.of(4, 0), "orientation", "diagonal",
                "activation.hidden", "swish");
    }
}
