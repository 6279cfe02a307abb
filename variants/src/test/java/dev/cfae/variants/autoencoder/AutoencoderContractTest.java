package dev.cfae.variants.autoencoder;

import dev.cfae.engine.testing.VariantContractTest;

import java.util.List;
import java.util.Map;

final class AutoencoderContractTest extends VariantContractTest {
    @Override
    protected String variantName() {
        return "autoencoder";
    }

    @Override
    protected String tinyConfig() {
        return "layers = [6, 3], dropout = 0.2";
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("dropout", 1.0, "layers", List.of(4, 0), "orientation", "diagonal",
                "activation.output", "exp");
    }
}
