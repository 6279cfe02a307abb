package dev.cfae.variants;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.TrainingCheckpoint;
import dev.cfae.api.TrainingData;
import dev.cfae.api.VariantContext;
import dev.cfae.api.VariantFactory;
import dev.cfae.api.data.RatingRange;
import dev.cfae.engine.optim.AdamOptimizer;
import dev.cfae.engine.testing.TinyRatings;
import dev.cfae.engine.train.CheckpointSettings;
import dev.cfae.engine.train.PredictionSettings;
import dev.cfae.engine.train.Trainer;
import dev.cfae.engine.train.TrainerSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered variant resumes from a mid-epoch and an end-of-epoch checkpoint to the very
 * parameters of an uninterrupted run: dropout masks, top-k choices, VAE samples and the VAE's β
 * schedule all follow from what the checkpoint holds.
 */
final class CheckpointResumeTest {
    private static final RatingRange STARS = new RatingRange(1, 5);
    /** Small shapes for the built-ins; other variants (plugins, later built-ins) run their reference block. */
    private static final Map<String, String> TINY = Map.of(
            "autoencoder", "layers = [6, 3], dropout = 0.2",
            "k-sparse", "layers = [8, 5], k = 2, dropout = 0.1",
            "vae", "layers = [6, 3], kl { schedule = epoch-ramp, weight = 0.5 }");

    static Stream<String> variants() {
        return ServiceLoader.load(VariantFactory.class).stream().map(p -> p.get().name()).sorted();
    }

    @ParameterizedTest
    @MethodSource("variants")
    void resumesToTheUninterruptedParameters(String name) {
        VariantFactory factory = ServiceLoader.load(VariantFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        Config block = ConfigFactory.parseString(TINY.getOrDefault(name, ""))
                .withFallback(ConfigFactory.defaultReference().getConfig("cfae.variants." + name)).resolve();
        TrainingData data = TinyRatings.random(14, 10, 0.4, 17);
        Trainer trainer = new Trainer(new TrainerSettings(3, 4, true, new TrainerSettings.L2(0, true),
                new TrainerSettings.EarlyStopping(false, 1, 0)),
                n -> new AdamOptimizer(n, DataType.FLOAT, 0.01, 0.9, 0.999, 1e-8),
                new PredictionSettings(true, new PredictionSettings.GlobalMean()));
        List<TrainingCheckpoint> checkpoints = new ArrayList<>();
        float[] whole = trainer.train(factory.create(new VariantContext(data.users(), data.items(), STARS), block),
                data, STARS, null, new SeededRandom(3), List.of(), null, new CheckpointSettings(1, 3),
                checkpoints::add, null).model().parameters();

        assertThat(checkpoints).extracting(TrainingCheckpoint::position).contains(0).anyMatch(p -> p > 0);
        for (TrainingCheckpoint checkpoint : checkpoints) {
            float[] resumed = trainer.train(
                    factory.create(new VariantContext(data.users(), data.items(), STARS), block), data, STARS, null,
                    new SeededRandom(3), List.of(), null, CheckpointSettings.NONE, c -> { }, checkpoint)
                    .model().parameters();
            // isEqualTo compares the floats bit for bit as containsExactly does, in linear time:
            // containsExactly's diff took 80-90 s for the combined model's parameters.
            assertThat(resumed).as("%s resumed at epoch %d, position %d", name, checkpoint.epoch() + 1,
                    checkpoint.position()).isEqualTo(whole);
        }
    }
}
