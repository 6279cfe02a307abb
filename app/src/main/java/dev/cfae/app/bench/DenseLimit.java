package dev.cfae.app.bench;

import dev.cfae.engine.nn.DenseEquivalent.DenseShape;
import dev.cfae.engine.nn.Gemm;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * The dense limit of an epoch: the time the GEMMs of the same model would take if every row were
 * dense, timed in this process on the model's own layer shapes and batch size. Per layer and batch
 * a dense step does the forward GEMM, the weight-gradient GEMM and (except for the input layer,
 * whose input is data) the input-gradient GEMM, 2·batch·in·out floating-point operations each.
 * Bias, activation, loss and optimizer work are left out, so no dense implementation can beat it.
 *
 * <p>The GEMMs are timed with the BLAS threads the run is configured with and with one per core,
 * and the faster count is the limit's: cfae trains with one BLAS thread, so that its own kernel
 * threads have the cores, but a dense implementation would give its GEMMs every core.
 *
 * @param flopsPerEpoch dense floating-point operations of one epoch
 * @param seconds       the dense limit: the measured time of those GEMMs for one epoch
 * @param blasThreads   the BLAS threads the GEMMs ran on for that time (0 where the backend has no
 *                      such count, as cuBLAS)
 */
public record DenseLimit(double flopsPerEpoch, double seconds, int blasThreads) {
    /** Time per GEMM is measured for at least this long (after one warm-up call), to average out noise. */
    private static final long MEASURE_NANOS = 150_000_000L;

    /** Float32 GEMM rate of the limit, in GFLOP/s. */
    public double gflops() {
        return flopsPerEpoch / seconds / 1e9;
    }

    /**
     * Measures the dense limit of {@code rows} examples per epoch in batches of {@code batch}, at the
     * faster of the configured BLAS threads and one per core; the configured count is restored. The
     * BLAS thread count is the process's, so nothing else may multiply matrices meanwhile. Where the
     * count cannot be changed (cuBLAS reports 0), the GEMMs are timed once, as they run.
     */
    public static DenseLimit measure(List<DenseShape> layers, int rows, int batch) {
        if (layers.isEmpty() || rows < 1 || batch < 1) {
            throw new IllegalArgumentException("need layers, rows and a batch size");
        }
        Blas blas = Nd4j.factory().blas();
        int configured = blas.getMaxThreads();
        int cores = Runtime.getRuntime().availableProcessors();
        DenseLimit limit = measure(layers, rows, batch, configured);
        if (configured < 1 || cores == configured) {
            return limit;
        }
        try {
            blas.setMaxThreads(cores);
            int allCores = blas.getMaxThreads();
            if (allCores != configured) {
                DenseLimit onAllCores = measure(layers, rows, batch, allCores);
                if (onAllCores.seconds() < limit.seconds()) {
                    limit = onAllCores;
                }
            }
            return limit;
        } finally {
            blas.setMaxThreads(configured);
        }
    }

    private static DenseLimit measure(List<DenseShape> layers, int rows, int batch, int blasThreads) {
        int fullBatches = rows / batch;
        int tail = rows % batch;
        double flops = 0;
        double seconds = 0;
        for (int i = 0; i < layers.size(); i++) {
            DenseShape shape = layers.get(i);
            boolean inputLayer = i == 0;
            int gemms = inputLayer ? 2 : 3;
            flops += (double) gemms * 2 * rows * shape.inputWidth() * shape.outputWidth();
            seconds += fullBatches * batchSeconds(shape, batch, inputLayer);
            if (tail > 0) {
                seconds += batchSeconds(shape, tail, inputLayer);
            }
        }
        return new DenseLimit(flops, seconds, blasThreads);
    }

    /** Seconds of one batch's GEMMs for a layer: the median of repeated timings. */
    private static double batchSeconds(DenseShape shape, int batch, boolean inputLayer) {
        INDArray input = Nd4j.rand(DataType.FLOAT, batch, shape.inputWidth());
        INDArray weights = Nd4j.rand(DataType.FLOAT, shape.inputWidth(), shape.outputWidth());
        INDArray output = Nd4j.create(DataType.FLOAT, new long[] {batch, shape.outputWidth()}, 'c');
        INDArray weightGradient = Nd4j.create(DataType.FLOAT, new long[] {shape.inputWidth(), shape.outputWidth()}, 'c');
        INDArray inputGradient = Nd4j.create(DataType.FLOAT, new long[] {batch, shape.inputWidth()}, 'c');
        Runnable step = () -> {
            Gemm.multiply(input, weights, output, false, false);
            Gemm.multiply(input, output, weightGradient, true, false);
            if (!inputLayer) {
                Gemm.multiply(output, weights, inputGradient, false, true);
            }
        };
        step.run();
        double[] times = new double[64];
        int count = 0;
        long started = System.nanoTime();
        while (count < times.length && (count < 3 || System.nanoTime() - started < MEASURE_NANOS)) {
            long t0 = System.nanoTime();
            step.run();
            times[count++] = (System.nanoTime() - t0) / 1e9;
        }
        double[] measured = Arrays.copyOf(times, count);
        Arrays.sort(measured);
        for (INDArray array : new INDArray[] {input, weights, output, weightGradient, inputGradient}) {
            array.close();
        }
        return measured[count / 2];
    }
}
