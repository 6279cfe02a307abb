package dev.cfae.variants.ksparse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.cfae.api.Model;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.TrainingData;
import dev.cfae.api.VariantContext;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.RatingRange;
import dev.cfae.engine.testing.TinyRatings;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class KSparseFactoryTest {
    private static final VariantContext CIL = new VariantContext(10000, 1000, new RatingRange(1, 5));

    private static Config block() {
        return ConfigFactory.defaultReference().getConfig("cfae.variants.k-sparse");
    }

    @Test
    void seedDefaultsKeepTwentyOfOneHundredTwentyEightUnits() {
        Model model = new KSparseFactory().create(CIL, block());

        // The seed's user AE shape; the top-k layer has no parameters.
        assertThat(model.parameterCount()).isEqualTo(1_157_224);
        assertThat(model.variant()).isEqualTo("k-sparse");
        assertThat(model.toString()).contains("k=20");
    }

    @Test
    void kAboveTheEmbeddingWidthIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> new KSparseFactory().create(CIL, block().withValue("k",
                ConfigValueFactory.fromAnyRef(129))))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variants.k-sparse.k")
                .hasMessageContaining("128");
    }

    @Test
    void savedEmbeddingsAreTheSparseCodes() {
        TrainingData data = TinyRatings.random(20, 15, 0.4, 3);
        Config config = ConfigFactory.parseString("layers = [12, 8], k = 3, activation.embedding = tanh")
                .withFallback(block());
        Model model = new KSparseFactory().create(new VariantContext(data.users(), data.items(),
                new RatingRange(1, 5)), config);
        model.bind(Nd4j.create(DataType.FLOAT, 1, model.parameterCount()),
                Nd4j.create(DataType.FLOAT, 1, model.parameterCount()));
        model.initialize(new SeededRandom(1));

        INDArray embeddings = model.embed(data, 0, data.users());

        for (int row = 0; row < data.users(); row++) {
            int nonZero = 0;
            for (int j = 0; j < 8; j++) {
                nonZero += embeddings.getFloat(row, j) != 0 ? 1 : 0;
            }
            assertThat(nonZero).as("non-zero units of row %d", row).isLessThanOrEqualTo(3);
        }
        assertThat(embeddings.neq(0).castTo(DataType.INT32).sumNumber().intValue()).isGreaterThan(data.users());
    }
}
