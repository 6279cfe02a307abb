package dev.cfae.variants;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.cfae.api.Model;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.TouchedRows;
import dev.cfae.api.TrainingData;
import dev.cfae.api.VariantContext;
import dev.cfae.api.VariantFactory;
import dev.cfae.api.data.RatingRange;
import dev.cfae.engine.nn.SparseCapable;
import dev.cfae.engine.nn.SparseSettings;
import dev.cfae.engine.optim.AdamOptimizer;
import dev.cfae.engine.optim.L2Ranges;
import dev.cfae.engine.optim.Optimizer;
import dev.cfae.engine.testing.TinyRatings;
import dev.cfae.engine.train.PredictionSettings;
import dev.cfae.engine.train.Trainer;
import dev.cfae.engine.train.TrainerSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.LongFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the trainer, lazy and exact Adam reading the sparse layers' packed gradient rows (the flat
 * copy turned off) train every sparse-capable shape to the very parameters of the same optimizer
 * reading the flat buffer, with L2; and the model is left writing the flat buffer again.
 */
final class PackedGradientRowsTest {
    private static final RatingRange STARS = new RatingRange(1, 5);

    @ParameterizedTest(name = "{0}: {1}, lazy {2}")
    @CsvSource(delimiter = '|', value = {
            "autoencoder | layers = [6, 3], dropout = 0.2 | true",
            "autoencoder | layers = [6, 3], dropout = 0.2 | false",
            "autoencoder | layers = [6, 3], activation.output = sigmoid | true",
            "k-sparse    | layers = [8, 5], k = 2 | true",
            "k-sparse    | layers = [8, 5], k = 2 | false",
            "vae         | layers = [6, 3] | true",
            "vae         | layers = [6, 3] | false",
            "vae         | layers = [6] | true"})
    void adamTrainsTheSameFromThePackedRows(String variant, String shape, boolean lazy) {
        TrainingData data = TinyRatings.random(30, 12, 0.4, 19);
        Model packed = model(variant, shape, data);
        Model flat = model(variant, shape, data);

        float[] fromRows = train(packed, data, n -> new Watched(adam(n, lazy), true));
        float[] fromFlat = train(flat, data, n -> new Watched(adam(n, lazy), false));

        assertThat(fromRows).containsExactly(fromFlat);
        // Back to the flat copy after training: a direct step writes the touched rows there again. (A VAE
        // whose only encoder layer is the Gaussian one has no sparse first layer, and here no rows.)
        INDArray gradients = Nd4j.create(DataType.FLOAT, 1, packed.parameterCount());
        packed.bind(Nd4j.createFromArray(new float[][] {fromRows}), gradients);
        List<TouchedRows> touched = packed.computeGradients(data, IntStream.range(0, 8).toArray(), 0, 8,
                new StepContext(new SeededRandom(1), 0, 1, 0)).touchedRows();
        for (TouchedRows block : touched) {
            INDArray firstRow = gradients.get(NDArrayIndex.point(0),
                    NDArrayIndex.interval(block.rowOffset(0), block.rowOffset(0) + block.rowLength()));
            assertThat(firstRow.toFloatVector()).containsExactly(Arrays.copyOf(block.gradient(), block.rowLength()));
        }
        assertThat(touched.isEmpty()).isEqualTo(shape.equals("layers = [6]"));
    }

    private static Model model(String variant, String shape, TrainingData data) {
        VariantFactory factory = ServiceLoader.load(VariantFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals(variant)).findFirst().orElseThrow();
        Config block = ConfigFactory.parseString(shape)
                .withFallback(ConfigFactory.defaultReference().getConfig("cfae.variants." + variant)).resolve();
        Model model = factory.create(new VariantContext(data.users(), data.items(), STARS), block);
        ((SparseCapable) model).sparseSettings(new SparseSettings(SparseSettings.Mode.SPARSE, 0));
        return model;
    }

    private static float[] train(Model model, TrainingData data, LongFunction<Optimizer> optimizer) {
        Trainer trainer = new Trainer(new TrainerSettings(3, 7, true, new TrainerSettings.L2(0.01, true),
                new TrainerSettings.EarlyStopping(false, 1, 0)), optimizer,
                new PredictionSettings(true, new PredictionSettings.GlobalMean()));
        return trainer.train(model, data, STARS, null, new SeededRandom(3), List.of()).model().parameters();
    }

    private static Optimizer adam(long n, boolean lazy) {
        return new AdamOptimizer(n, DataType.FLOAT, 0.01, 0.9, 0.999, 1e-8, lazy);
    }

    /**
     * Adam, checking that the trainer turned the model's flat copy off ({@code packed}: the touched
     * blocks of the flat gradient hold zeros); or saying it reads the flat buffer, so that the trainer
     * keeps the copy, and handing the rows over without their packed gradient.
     */
    private record Watched(Optimizer inner, boolean packed) implements Optimizer {
        @Override
        public void step(INDArray parameters, INDArray gradients, long iteration) {
            inner.step(parameters, gradients, iteration);
        }

        @Override
        public boolean step(INDArray parameters, INDArray gradients, long iteration, List<TouchedRows> touched) {
            assertThat(touched).allSatisfy(block -> assertThat(block.gradient()).isNotNull());
            if (packed) {
                for (TouchedRows block : touched) {
                    assertThat(gradients.get(NDArrayIndex.point(0),
                            NDArrayIndex.interval(block.offset(), block.offset() + block.length())).toFloatVector())
                            .as("flat copy of the touched block at %d", block.offset()).containsOnly(0f);
                }
                return inner.step(parameters, gradients, iteration, touched);
            }
            List<TouchedRows> flatOnly = touched.stream().map(b -> new TouchedRows(b.offset(), b.rowCount(),
                    b.rowLength(), b.rows(), b.count())).toList();
            return inner.step(parameters, gradients, iteration, flatOnly);
        }

        @Override
        public boolean readsGradientRows() {
            return packed && inner.readsGradientRows();
        }

        @Override
        public boolean lazy() {
            return inner.lazy();
        }

        @Override
        public boolean foldsL2() {
            return inner.foldsL2();
        }

        @Override
        public void foldL2(L2Ranges l2) {
            inner.foldL2(l2);
        }

        @Override
        public boolean keepsGradients() {
            return inner.keepsGradients();
        }

        @Override
        public float[] saveState() {
            return inner.saveState();
        }

        @Override
        public void restoreState(float[] state) {
            inner.restoreState(state);
        }
    }
}
