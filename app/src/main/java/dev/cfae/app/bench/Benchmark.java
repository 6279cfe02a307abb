package dev.cfae.app.bench;

import dev.cfae.api.EpochMetrics;
import dev.cfae.app.Cfae;
import dev.cfae.app.run.MemoryCheck;
import dev.cfae.engine.nn.DenseEquivalent;
import dev.cfae.engine.nn.SparseCapable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains a prepared configuration for warm-up plus timed epochs and measures it against its dense
 * limit in the same process: the figures of {@link BenchReport}. The caller configures the number of
 * epochs ({@code warmup + timed}) and turns early stopping off.
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static BenchReport run(Cfae.PreparedRun prepared, int warmup, Consumer<String> log) {
        String kernels = prepared.model() instanceof SparseCapable capable
                ? capable.describeKernels(prepared.trainingData()) : "dense (the model has no sparse kernels)";
        MemoryCheck.Estimate estimate = prepared.trainingOnlyMemory();
        List<EpochMetrics> epochs = new ArrayList<>();
        prepared.trainWithoutTest(metrics -> {
            epochs.add(metrics);
            log.accept(String.format(java.util.Locale.ROOT, "epoch %d%s: %.3f s", metrics.epoch(),
                    metrics.epoch() <= warmup ? " (warm-up)" : "", metrics.seconds()));
        });
        if (epochs.size() <= warmup) {
            throw new IllegalStateException("training stopped after " + epochs.size() + " epochs, within the warm-up");
        }
        // Read memory before the dense-limit GEMMs allocate their own arrays.
        MemoryProbe memory = MemoryProbe.read();
        List<Double> timed = epochs.subList(warmup, epochs.size()).stream().map(EpochMetrics::seconds).toList();
        int rows = prepared.model().exampleCount(prepared.trainingData());
        int batch = prepared.trainerSettings().batchSize();
        // Before the dense limit, whose all-core GEMMs leave OpenBLAS threads that may still spin.
        double optimizerStep = OptimizerCost.secondsPerStep(prepared.optimizerSettings()::create,
                prepared.model().parameterCount());
        DenseLimit limit = null;
        if (prepared.model() instanceof DenseEquivalent dense) {
            log.accept("measuring the dense limit on the model's layer shapes...");
            limit = DenseLimit.measure(dense.denseLayers(), rows, batch);
        }
        double validationRmse = epochs.get(epochs.size() - 1).validationRmse();
        return new BenchReport(prepared.model().variant(), rows, prepared.trainingData().byUser().nnz(), batch, warmup,
                timed, memory, estimate, prepared.backend().summary(), kernels,
                prepared.optimizerSettings().describe(), limit, optimizerStep, validationRmse);
    }
}
