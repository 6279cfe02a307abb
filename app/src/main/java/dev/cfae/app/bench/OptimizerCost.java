package dev.cfae.app.bench;

import dev.cfae.engine.optim.Optimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * The cost of one optimizer step over the whole flat parameter buffer, timed on a fresh buffer of
 * the model's size: what an exact optimizer pays on every step, whatever the batch touched, so it
 * bounds small batches from below. A lazy optimizer's steps cover only the touched rows and cost
 * less; this times it on a step that reports none, i.e. over the whole buffer too.
 */
public final class OptimizerCost {
    private static final int STEPS = 15;

    private OptimizerCost() {
    }

    /** Median seconds of one step of a fresh optimizer from {@code factory} over {@code parameterCount} floats. */
    public static double secondsPerStep(LongFunction<Optimizer> factory, long parameterCount) {
        INDArray parameters = Nd4j.rand(DataType.FLOAT, 1, parameterCount);
        INDArray gradients = Nd4j.create(DataType.FLOAT, 1, parameterCount);
        INDArray freshGradients = Nd4j.rand(DataType.FLOAT, 1, parameterCount).subi(0.5);
        Optimizer optimizer = factory.apply(parameterCount);
        double[] times = new double[STEPS];
        for (int step = 0; step < STEPS; step++) {
            gradients.assign(freshGradients); // some optimizers overwrite their gradients
            long started = System.nanoTime();
            optimizer.step(parameters, gradients, step);
            times[step] = (System.nanoTime() - started) / 1e9;
        }
        Arrays.sort(times);
        return times[STEPS / 2];
    }
}
