package dev.cfae.variants.combined;

import dev.cfae.engine.testing.VariantContractTest;

import java.util.List;
import java.util.Map;

final class CombinedContractTest extends VariantContractTest {
    @Override
    protected String variantName() {
        return "combined";
    }

    @Override
    protected String tinyConfig() {
        return "item.layers = [6, 4], user.layers = [5, 4], mlp.layers = [3], dropout = 0.2";
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("dropout", 1.0, "rating-weight", -1, "prediction-mode", "best", "item.layers", List.of(),
                "compute", "gpu");
    }
}
