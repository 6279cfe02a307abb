package dev.cfae.variants.ksparse;

import dev.cfae.engine.testing.VariantContractTest;

import java.util.List;
import java.util.Map;

final class KSparseContractTest extends VariantContractTest {
    @Override
    protected String variantName() {
        return "k-sparse";
    }

    @Override
    protected String tinyConfig() {
        // Item rows and a tanh embedding, so codes are signed and the top-k choice is never a tie at 0.
        return "orientation = item, layers = [8, 5], k = 2, activation.embedding = tanh";
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("k", 6, "dropout", -0.1, "layers", List.of());
    }
}
