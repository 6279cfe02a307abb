package dev.cfae.engine.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.cfae.api.Model;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.StepContext;
import dev.cfae.api.TrainingData;
import dev.cfae.api.VariantContext;
import dev.cfae.api.VariantFactory;
import dev.cfae.api.config.SettingsException;
import dev.cfae.api.data.RatingRange;
import dev.cfae.engine.optim.AdamOptimizer;
import dev.cfae.engine.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The contract every variant keeps. A variant's test extends this class, names the variant and says
 * how to make a tiny model of it; the inherited tests then check that
 * <ul>
 *   <li>the factory is found by {@link ServiceLoader} under that name, exactly once;</li>
 *   <li>every key of its {@code reference.conf} block {@code cfae.variants.<name>} has a comment
 *       (the line above it), which {@code cfae variants} prints;</li>
 *   <li>every key of its {@code reference.conf} block {@code cfae.variants.<name>} is read: set to a
 *       value of the wrong type, each one makes {@link VariantFactory#create} fail with a
 *       {@link SettingsException} naming that key (a key nobody reads would not fail);</li>
 *   <li>the bad values the subclass lists fail naming their key;</li>
 *   <li>the gradients of a tiny model match finite differences in double precision;</li>
 *   <li>the training objective falls on a small fixed problem;</li>
 *   <li>two runs from the same seed predict identically;</li>
 *   <li>a model rebuilt from the same configuration, with the trained parameters copied in as the
 *       float array a model file stores, predicts, reconstructs and embeds identically. (The file
 *       format itself lives in the io module and is tested there; engine tests cannot reach it.)</li>
 * </ul>
 *
 * <p>Examples are the ids {@code 0..exampleCount-1} in a fixed order, so the class fits row and rating
 * variants alike. Steps get a fixed {@link StepContext} (epoch 1 of 2, step 5), so scheduled terms
 * such as a KL weight are active.
 */
public abstract class VariantContractTest {
    /** The gradient buffer each model built here is bound to, for the optimizer. */
    private final Map<Model, INDArray> gradientBuffers = new IdentityHashMap<>();

    /** The variant under test, as {@link VariantFactory#name()}. */
    protected abstract String variantName();

    /**
     * HOCON overrides, relative to the variant's block, that make the model tiny (a few units per
     * layer), so the finite-difference check stays fast.
     */
    protected abstract String tinyConfig();

    /** Keys (relative to the block) with a value that must be rejected, e.g. {@code dropout = 1.5}. */
    protected abstract Map<String, Object> badValues();

    /** The data of the tiny problem: 14 users × 10 items, 40 % observed, ratings 1..5 over 5. */
    protected TrainingData tinyData() {
        return TinyRatings.random(14, 10, 0.4, 17);
    }

    /** Adam steps (batch 8, learning rate 0.01) of the tiny trainings; after them the objective must at least halve. */
    protected int trainingSteps() {
        return 60;
    }

    /** The factory registered under {@link #variantName()}. */
    protected final VariantFactory factory() {
        List<VariantFactory> found = ServiceLoader.load(VariantFactory.class, getClass().getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals(variantName())).toList();
        assertThat(found).as("factories named %s on the class path", variantName()).hasSize(1);
        return found.get(0);
    }

    /** The variant's block as its reference.conf defines it. */
    protected final Config referenceBlock() {
        Config reference = ConfigFactory.defaultReference(getClass().getClassLoader());
        String path = blockPath();
        assertThat(reference.hasPath(path)).as("reference.conf defines %s", path).isTrue();
        return reference.getConfig(path);
    }

    /** The tiny model's block: {@link #tinyConfig()} over the reference block. */
    protected final Config tinyBlock() {
        return ConfigFactory.parseString(tinyConfig()).withFallback(referenceBlock()).resolve();
    }

    /** A fresh, unbound model of the tiny configuration for {@code data}. */
    protected final Model tinyModel(TrainingData data) {
        return factory().create(context(data), tinyBlock());
    }

    private String blockPath() {
        return "cfae.variants." + variantName();
    }

    private static VariantContext context(TrainingData data) {
        return new VariantContext(data.users(), data.items(), new RatingRange(1, 5));
    }

    private static StepContext stepContext(long seed) {
        return new StepContext(new SeededRandom(seed), 1, 2, 5);
    }

    @Test
    void isDiscoveredByTheServiceLoaderUnderAKebabCaseName() {
        VariantFactory factory = factory();

        assertThat(factory.name()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
        assertThat(factory.description()).isNotBlank();
    }

    @Test
    void theReferenceBlockBuildsAModel() {
        Model model = factory().create(context(tinyData()), referenceBlock());

        assertThat(model.variant()).isEqualTo(variantName());
        assertThat(model.parameterCount()).isPositive();
    }

    @Test
    void everyKeyOfTheReferenceBlockIsRead() {
        VariantFactory factory = factory();
        Config block = referenceBlock();
        VariantContext context = context(tinyData());
        ConfigValue wrongType = ConfigValueFactory.fromMap(Map.of("not-a-setting", true));

        assertThat(block.entrySet()).as("keys of %s", blockPath()).isNotEmpty();
        for (Map.Entry<String, ConfigValue> entry : block.entrySet()) {
            String key = blockPath() + "." + entry.getKey();
            assertThatThrownBy(() -> factory.create(context, block.withValue(entry.getKey(), wrongType)))
                    .as("%s set to an object", key)
                    .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo(key))
                    .hasMessageContaining(key);
        }
    }

    @Test
    void everyKeyOfTheReferenceBlockIsCommented() {
        Config block = referenceBlock();

        for (Map.Entry<String, ConfigValue> entry : block.entrySet()) {
            assertThat(entry.getValue().origin().comments())
                    .as("comment above %s.%s in reference.conf", blockPath(), entry.getKey())
                    .anyMatch(line -> !line.isBlank());
        }
    }

    @Test
    void badValuesFailNamingTheirKey() {
        VariantFactory factory = factory();
        Config block = tinyBlock();
        VariantContext context = context(tinyData());

        assertThat(badValues()).as("bad values to try").isNotEmpty();
        badValues().forEach((path, value) -> {
            String key = blockPath() + "." + path;
            assertThatThrownBy(() -> factory.create(context,
                    block.withValue(path, ConfigValueFactory.fromAnyRef(value))))
                    .as("%s = %s", key, value)
                    .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo(key));
        });
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        TrainingData data = tinyData();
        Model model = tinyModel(data);
        INDArray parameters = Nd4j.create(DataType.DOUBLE, 1, model.parameterCount());
        INDArray gradients = Nd4j.create(DataType.DOUBLE, 1, model.parameterCount());
        model.bind(parameters, gradients);
        model.initialize(new SeededRandom(2));
        // Small random offsets keep relu units of sparse rows off their kink at exactly 0.
        parameters.addi(GradientCheck.uniform(new SeededRandom(3), 1, model.parameterCount()).muli(0.05));
        int[] examples = reversedExamples(model, data);
        // The same step context every time, so dropout masks and sampling noise agree between ±h.
        DoubleSupplier objective = () -> model.computeGradients(data, examples, 1, examples.length, stepContext(9))
                .objective();

        objective.getAsDouble();
        GradientCheck.Result result = GradientCheck.check(parameters, gradients.dup(), objective).assertPassed();

        assertThat(result.checked()).isEqualTo(model.parameterCount());
        assertThat(result.maxAbsAnalytic()).isGreaterThan(1e-4);
    }

    @Test
    void trainingLossFalls() {
        TrainingData data = tinyData();
        Trained trained = train(data, 5);
        Model fresh = tinyModel(data);
        bindFloat(fresh);
        fresh.initialize(new SeededRandom(5));
        int[] examples = IntStream.range(0, fresh.exampleCount(data)).toArray();

        double initial = fresh.computeGradients(data, examples, 0, examples.length, stepContext(1)).objective();
        double after = trained.model.computeGradients(data, examples, 0, examples.length, stepContext(1)).objective();

        assertThat(after).as("objective after %d Adam steps, from %s", trainingSteps(), initial)
                .isLessThan(initial / 2);
    }

    @Test
    void sameSeedGivesIdenticalPredictions() {
        TrainingData data = tinyData();
        Pairs pairs = Pairs.all(data);

        float[] first = train(data, 7).predict(data, pairs);
        float[] second = train(data, 7).predict(data, pairs);
        float[] otherSeed = train(data, 8).predict(data, pairs);

        assertThat(second).containsExactly(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void aModelRebuiltFromItsConfigurationAndParametersPredictsIdentically() {
        TrainingData data = tinyData();
        Trained trained = train(data, 11);
        float[] saved = trained.parameters.toFloatVector();
        Pairs pairs = Pairs.all(data);

        Model restored = tinyModel(data);
        INDArray parameters = bindFloat(restored);
        parameters.assign(Nd4j.createFromArray(saved).reshape(1, saved.length));

        assertThat(trained.predict(data, pairs)).containsExactly(new Trained(restored, parameters).predict(data, pairs));
        int rows = data.rows(restored.orientation()).rows();
        assertThat(restored.reconstruct(data, 0, rows)).isEqualTo(trained.model.reconstruct(data, 0, rows));
        assertThat(restored.embed(data, 0, rows)).isEqualTo(trained.model.embed(data, 0, rows));
        assertThat(restored.embed(data, 0, rows)).as("embeddings are deterministic")
                .isEqualTo(restored.embed(data, 0, rows));
    }

    /** A tiny model trained with Adam (learning rate 0.01) for {@link #trainingSteps()} steps of batch 8. */
    private Trained train(TrainingData data, long seed) {
        Model model = tinyModel(data);
        INDArray parameters = bindFloat(model);
        SeededRandom run = new SeededRandom(seed);
        model.initialize(run.split());
        Optimizer adam = new AdamOptimizer(model.parameterCount(), DataType.FLOAT, 0.01, 0.9, 0.999, 1e-8);
        int[] examples = IntStream.range(0, model.exampleCount(data)).toArray();
        int batch = Math.min(8, examples.length);
        for (int step = 0; step < trainingSteps(); step++) {
            run.shuffle(examples, examples.length);
            model.computeGradients(data, examples, 0, batch, new StepContext(run.split(), step / 10,
                    trainingSteps() / 10 + 1, step));
            adam.step(parameters, gradientsOf(model), step);
        }
        return new Trained(model, parameters);
    }

    private INDArray bindFloat(Model model) {
        INDArray parameters = Nd4j.create(DataType.FLOAT, 1, model.parameterCount());
        INDArray gradients = Nd4j.create(DataType.FLOAT, 1, model.parameterCount());
        model.bind(parameters, gradients);
        gradientBuffers.put(model, gradients);
        return parameters;
    }

    private INDArray gradientsOf(Model model) {
        return gradientBuffers.get(model);
    }

    private static int[] reversedExamples(Model model, TrainingData data) {
        int n = model.exampleCount(data);
        if (n < 2) {
            fail("the tiny problem needs at least two examples, " + model.variant() + " has " + n);
        }
        return IntStream.range(0, n).map(i -> n - 1 - i).toArray();
    }

    private record Trained(Model model, INDArray parameters) {
        float[] predict(TrainingData data, Pairs pairs) {
            float[] out = new float[pairs.users.length];
            model.predict(data, pairs.users, pairs.items, 0, out.length, out);
            return out;
        }
    }

    /** Every user × item pair of the data. */
    private record Pairs(int[] users, int[] items) {
        static Pairs all(TrainingData data) {
            int n = data.users() * data.items();
            return new Pairs(IntStream.range(0, n).map(k -> k / data.items()).toArray(),
                    IntStream.range(0, n).map(k -> k % data.items()).toArray());
        }
    }
}
