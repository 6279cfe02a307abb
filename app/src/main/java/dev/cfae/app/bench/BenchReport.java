package dev.cfae.app.bench;

import dev.cfae.app.run.MemoryCheck;

import java.util.List;
import java.util.Locale;

/**
 * What {@code cfae bench} measured for one configuration.
 *
 * @param variant          the variant trained
 * @param rows             training examples per epoch
 * @param ratings          training ratings per epoch
 * @param batchSize        examples per step
 * @param warmupEpochs     epochs trained before timing
 * @param epochSeconds     the timed epochs' training-loop times (validation excluded)
 * @param memory           peak memory after training
 * @param memoryEstimate   what the memory check foresaw before training, an upper bound of the live buffers
 * @param backend          the backend and thread settings in effect
 * @param engineMode       the training kernels in use and the density that chose them
 * @param optimizer        the optimizer, e.g. {@code adam, learning rate 0.001, lazy}
 * @param denseLimit       the dense limit, or null if the model names no dense layers
 * @param optimizerStepSeconds one optimizer step over the whole parameter buffer, timed separately
 * @param validationRmse   validation RMSE after the last epoch (NaN without validation ratings)
 */
public record BenchReport(String variant, int rows, long ratings, int batchSize, int warmupEpochs,
        List<Double> epochSeconds, MemoryProbe memory, MemoryCheck.Estimate memoryEstimate, String backend,
        String engineMode, String optimizer, DenseLimit denseLimit, double optimizerStepSeconds, double validationRmse) {
    public BenchReport {
        epochSeconds = List.copyOf(epochSeconds);
        if (epochSeconds.isEmpty()) {
            throw new IllegalArgumentException("no timed epochs");
        }
    }

    /** The median of the timed epochs. */
    public double medianEpochSeconds() {
        double[] sorted = epochSeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public double rowsPerSecond() {
        return rows / medianEpochSeconds();
    }

    public double ratingsPerSecond() {
        return ratings / medianEpochSeconds();
    }

    /** The headline: median epoch time over the dense limit (NaN without a dense limit). */
    public double denseLimitRatio() {
        return denseLimit == null ? Double.NaN : medianEpochSeconds() / denseLimit.seconds();
    }

    /** Optimizer steps per epoch. */
    public int steps() {
        return (rows + batchSize - 1) / batchSize;
    }

    /** The human-readable report, one figure per line. */
    public String text() {
        StringBuilder out = new StringBuilder();
        line(out, "variant", variant);
        line(out, "examples per epoch", String.format(Locale.ROOT, "%,d rows, %,d ratings, batch %d", rows, ratings,
                batchSize));
        line(out, "epochs", warmupEpochs + " warm-up, " + epochSeconds.size() + " timed: " + epochSeconds.stream()
                .map(s -> String.format(Locale.ROOT, "%.3f", s)).toList() + " s");
        line(out, "median epoch", String.format(Locale.ROOT, "%.3f s", medianEpochSeconds()));
        line(out, "throughput", String.format(Locale.ROOT, "%,.0f rows/s, %,.0f ratings/s", rowsPerSecond(),
                ratingsPerSecond()));
        line(out, "peak memory", String.format(Locale.ROOT, "heap %s, off-heap (resident - heap) %s, resident %s",
                megabytes(memory.heapPeakBytes()), megabytes(memory.offHeapBytes()),
                megabytes(memory.residentPeakBytes())));
        line(out, "memory estimate", megabytes(memoryEstimate.total()) + ", foreseen before training for the live "
                + "buffers; the JVM's garbage and ND4J's workspaces come on top");
        line(out, "backend", backend);
        line(out, "kernels", engineMode);
        line(out, "optimizer", optimizer);
        if (denseLimit == null) {
            line(out, "dense limit", "n/a (the model names no dense layers)");
        } else {
            int threads = denseLimit.blasThreads();
            line(out, "dense limit", String.format(Locale.ROOT, "%.3f s (%.2f GFLOP per epoch at %.1f GFLOP/s,"
                    + " measured here on the model's layer shapes%s)", denseLimit.seconds(),
                    denseLimit.flopsPerEpoch() / 1e9, denseLimit.gflops(),
                    threads < 1 ? "" : " with " + threads + " BLAS thread" + (threads == 1 ? "" : "s")));
            line(out, "epoch / dense limit", String.format(Locale.ROOT, "%.2f", denseLimitRatio()));
        }
        line(out, "optimizer step", String.format(Locale.ROOT, "%.2f ms over all parameters; x %d steps = %.3f s"
                + " per epoch (%.0f%% of the median epoch)%s", 1e3 * optimizerStepSeconds, steps(),
                optimizerStepSeconds * steps(), 100 * optimizerStepSeconds * steps() / medianEpochSeconds(),
                optimizer.endsWith("lazy") ? "; lazy steps update only the touched rows and cost less" : ""));
        line(out, "validation RMSE", Double.isNaN(validationRmse) ? "-"
                : String.format(Locale.ROOT, "%.4f", validationRmse));
        return out.toString();
    }

    /** The same figures as one JSON object on one line, for scripts. */
    public String json() {
        StringBuilder out = new StringBuilder("{");
        field(out, "variant", quote(variant));
        field(out, "rows", Integer.toString(rows));
        field(out, "ratings", Long.toString(ratings));
        field(out, "batch_size", Integer.toString(batchSize));
        field(out, "warmup_epochs", Integer.toString(warmupEpochs));
        field(out, "epoch_seconds", epochSeconds.stream().map(BenchReport::number).toList().toString()
                .replace(" ", ""));
        field(out, "median_epoch_seconds", number(medianEpochSeconds()));
        field(out, "rows_per_second", number(rowsPerSecond()));
        field(out, "ratings_per_second", number(ratingsPerSecond()));
        field(out, "heap_peak_bytes", Long.toString(memory.heapPeakBytes()));
        field(out, "offheap_peak_bytes_estimate", Long.toString(memory.offHeapBytes()));
        field(out, "rss_peak_bytes", Long.toString(memory.residentPeakBytes()));
        field(out, "memory_estimate_bytes", Long.toString(memoryEstimate.total()));
        field(out, "backend", quote(backend));
        field(out, "kernels", quote(engineMode));
        field(out, "optimizer", quote(optimizer));
        field(out, "dense_flops_per_epoch", denseLimit == null ? "null" : number(denseLimit.flopsPerEpoch()));
        field(out, "dense_limit_seconds", denseLimit == null ? "null" : number(denseLimit.seconds()));
        field(out, "dense_gemm_gflops", denseLimit == null ? "null" : number(denseLimit.gflops()));
        field(out, "dense_blas_threads", denseLimit == null ? "null" : Integer.toString(denseLimit.blasThreads()));
        field(out, "epoch_over_dense_limit", number(denseLimitRatio()));
        field(out, "optimizer_step_seconds", number(optimizerStepSeconds));
        field(out, "validation_rmse", number(validationRmse));
        out.setLength(out.length() - 1);
        return out.append('}').toString();
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-20s %s%n", name + ":", value));
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append('"').append(name).append("\":").append(value).append(',');
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : "null";
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
