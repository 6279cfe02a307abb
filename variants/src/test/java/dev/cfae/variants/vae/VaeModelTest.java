package dev.cfae.variants.vae;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.cfae.api.GenerativeModel;
import dev.cfae.api.Model;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.TrainingData;
import dev.cfae.api.VariantContext;
import dev.cfae.api.data.RatingRange;
import dev.cfae.engine.testing.TinyRatings;
import dev.cfae.variants.autoencoder.KlSchedule;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

final class VaeModelTest {
    private static Config block(String overrides) {
        return ConfigFactory.parseString(overrides)
                .withFallback(ConfigFactory.defaultReference().getConfig("cfae.variants.vae"));
    }

    private static VaeModel bound(TrainingData data, String overrides) {
        VaeModel model = (VaeModel) new VaeFactory().create(new VariantContext(data.users(), data.items(),
                new RatingRange(1, 5)), block(overrides));
        model.bind(Nd4j.create(DataType.FLOAT, 1, model.parameterCount()),
                Nd4j.create(DataType.FLOAT, 1, model.parameterCount()));
        model.initialize(new SeededRandom(1));
        return model;
    }

    @Test
    void seedsUserVaeHasItsParameterCountAndHeadsAsWideAsTheEmbedding() {
        Model model = new VaeFactory().create(new VariantContext(10000, 1000, new RatingRange(1, 5)),
                block("layers = [512, 64]"));

        // 1000-512, heads 512-64 twice, 64-512-1000.
        long expected = (1000 * 512 + 512) + 2 * (512 * 64 + 64) + (64 * 512 + 512) + (512 * 1000 + 1000);
        assertThat(model.parameterCount()).isEqualTo(expected);
        assertThat(model.embeddingWidth()).isEqualTo(64);
        assertThat(new VaeFactory().create(new VariantContext(10000, 1000, new RatingRange(1, 5)), block(""))
                .parameterCount()).isEqualTo(1_222_888); // the seed's user VAE
    }

    @Test
    void inferenceUsesTheMeanUnlessAskedToSample() {
        TrainingData data = TinyRatings.random(12, 9, 0.5, 2);
        VaeModel byMean = bound(data, "layers = [6, 4], log-variance-initial-bias = 0");
        VaeModel bySample = bound(data, "layers = [6, 4], log-variance-initial-bias = 0, inference = sample");

        INDArray mean = byMean.embed(data, 0, 12);
        INDArray sample = bySample.embed(data, 0, 12);

        assertThat(sample).isNotEqualTo(mean);
        // A row's sample is the same whichever rows share the pass.
        assertThat(bySample.embed(data, 3, 5)).isEqualTo(sample.get(
                NDArrayIndex.interval(3, 5), NDArrayIndex.all()));
        assertThat(byMean.embed(data, 0, 12)).isEqualTo(mean);
    }

    @Test
    void generatesRowsOfTheInputWidthFromItsSeed() {
        TrainingData data = TinyRatings.random(12, 9, 0.5, 2);
        GenerativeModel model = bound(data, "layers = [6, 4], orientation = item");

        INDArray rows = model.generate(5, new SeededRandom(3));

        assertThat(rows.shape()).containsExactly(5, 12);
        assertThat(model.generate(5, new SeededRandom(3))).isEqualTo(rows);
        assertThat(model.generate(5, new SeededRandom(4))).isNotEqualTo(rows);
        assertThat(model.augmentation().enabled()).isFalse();
    }

    @Test
    void klSchedulesGiveTheSeedsRampAConstantAndAStepRamp() {
        StepContext epoch3of10step50 = new StepContext(new SeededRandom(1), 3, 10, 50);

        assertThat(new KlSchedule(KlSchedule.Kind.EPOCH_RAMP, 1, 1).beta(epoch3of10step50)).isCloseTo(0.3, within(1e-12));
        assertThat(new KlSchedule(KlSchedule.Kind.CONSTANT, 0.2, 1).beta(epoch3of10step50)).isEqualTo(0.2);
        assertThat(new KlSchedule(KlSchedule.Kind.STEP_RAMP, 0.5, 200).beta(epoch3of10step50)).isEqualTo(0.125);
        assertThat(new KlSchedule(KlSchedule.Kind.STEP_RAMP, 0.5, 20).beta(epoch3of10step50)).isEqualTo(0.5);
    }
}
