package dev.cfae.engine.nn;

import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import dev.cfae.engine.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

final class DenseLayerTest {
    @Test
    void gradientsMatchFiniteDifferences() {
        DenseLayer layer = new DenseLayer(4, 5);
        INDArray parameters = Nd4j.create(DataType.DOUBLE, 1, layer.parameterCount());
        INDArray gradients = Nd4j.create(DataType.DOUBLE, 1, layer.parameterCount());
        layer.bind(parameters, gradients);
        layer.initialize(new SeededRandom(1));
        // A non-zero bias so the check also covers the bias addition.
        parameters.get(NDArrayIndex.all(), NDArrayIndex.interval(20, 25)).assign(Nd4j.linspace(DataType.DOUBLE, -0.5, 0.25, 5));
        INDArray input = GradientCheck.uniform(new SeededRandom(2), 3, 4);

        GradientCheck.LayerResult result = GradientCheck.checkLayer(layer, parameters, gradients, input, true, 3)
                .assertPassed();

        assertThat(result.parameters().checked()).isEqualTo(25);
        assertThat(result.input().checked()).isEqualTo(12);
        assertThat(result.parameters().maxAbsAnalytic()).isGreaterThan(0.1);
        assertThat(result.input().maxAbsAnalytic()).isGreaterThan(0.1);
    }

    @Test
    void glorotUniformWeightsAndZeroBias() {
        int in = 300;
        int out = 200;
        DenseLayer layer = new DenseLayer(in, out);
        INDArray parameters = Nd4j.create(DataType.FLOAT, 1, layer.parameterCount()).assign(7);
        layer.bind(parameters, Nd4j.create(DataType.FLOAT, 1, layer.parameterCount()));
        layer.initialize(new SeededRandom(42));

        double limit = Math.sqrt(6.0 / (in + out));
        INDArray weights = parameters.get(NDArrayIndex.all(), NDArrayIndex.interval(0, in * out));
        INDArray bias = parameters.get(NDArrayIndex.all(), NDArrayIndex.interval(in * out, in * out + out));
        assertThat(weights.amaxNumber().doubleValue()).isLessThanOrEqualTo(limit).isGreaterThan(0.99 * limit);
        assertThat(weights.meanNumber().doubleValue()).isCloseTo(0, within(0.01 * limit));
        // U(-a, a) has variance a²/3.
        assertThat(weights.varNumber().doubleValue()).isCloseTo(limit * limit / 3, within(0.02 * limit * limit));
        assertThat(bias.amaxNumber().doubleValue()).isZero();
    }

    @Test
    void initializationDependsOnlyOnTheSeed() {
        assertThat(initialized(5)).isEqualTo(initialized(5)).isNotEqualTo(initialized(6));
    }

    private static INDArray initialized(long seed) {
        DenseLayer layer = new DenseLayer(6, 3);
        INDArray parameters = Nd4j.create(DataType.FLOAT, 1, layer.parameterCount());
        layer.bind(parameters, Nd4j.create(DataType.FLOAT, 1, layer.parameterCount()));
        layer.initialize(new SeededRandom(seed));
        return parameters;
    }

    @Test
    void forwardIsAffineMapOfEachBatchSize() {
        DenseLayer layer = new DenseLayer(3, 2);
        INDArray parameters = Nd4j.createFromArray(new float[][] {{1, 2, 3, 4, 5, 6, 0.5f, -1}});
        layer.bind(parameters, Nd4j.create(DataType.FLOAT, 1, 8));
        INDArray weights = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        INDArray bias = Nd4j.createFromArray(new float[][] {{0.5f, -1}});
        INDArray big = Nd4j.rand(DataType.FLOAT, 5, 3);
        INDArray small = Nd4j.rand(DataType.FLOAT, 2, 3);

        INDArray bigOut = layer.forward(big, false, null).dup();
        // A smaller batch after a larger one reuses the leading rows of the output buffer.
        INDArray smallOut = layer.forward(small, false, null);

        assertThat(bigOut.equalsWithEps(big.mmul(weights).addRowVector(bias), 1e-5)).isTrue();
        assertThat(smallOut.shape()).containsExactly(2, 2);
        assertThat(smallOut.equalsWithEps(small.mmul(weights).addRowVector(bias), 1e-5)).isTrue();
    }

    @Test
    void backwardParametersWritesWhatBackwardWrites() {
        DenseLayer layer = new DenseLayer(4, 3);
        INDArray parameters = Nd4j.create(DataType.FLOAT, 1, layer.parameterCount());
        INDArray gradients = Nd4j.create(DataType.FLOAT, 1, layer.parameterCount());
        layer.bind(parameters, gradients);
        layer.initialize(new SeededRandom(9));
        INDArray input = Nd4j.rand(DataType.FLOAT, 6, 4);
        INDArray delta = Nd4j.rand(DataType.FLOAT, 6, 3);

        layer.forward(input, true, null);
        INDArray inputGradient = layer.backward(delta);
        INDArray full = gradients.dup();
        gradients.assign(Float.NaN);
        layer.backwardParameters(delta);

        assertThat(gradients).isEqualTo(full);
        assertThat(inputGradient.shape()).containsExactly(6, 4);
        // db is the column sum of delta.
        assertThat(gradients.get(NDArrayIndex.all(), NDArrayIndex.interval(12, 15))
                .equalsWithEps(delta.sum(true, 0), 1e-5)).isTrue();
    }

    /** The backward GEMMs side by side on two kernel threads give the bits of one thread, in both layouts. */
    @Test
    void backwardOnTwoThreadsGivesTheBitsOfOne() {
        var blas = Nd4j.factory().blas();
        int blasThreads = blas.getMaxThreads();
        KernelThreads kernelThreads = KernelThreads.configured();
        try {
            blas.setMaxThreads(1);
            for (boolean outputMajor : new boolean[] {false, true}) {
                KernelThreads.configure(2); // read by the layer as it is built
                DenseLayer twoThreads = outputMajor ? DenseLayer.outputMajor(1024, 512) : new DenseLayer(1024, 512);
                KernelThreads.configure(1);
                DenseLayer oneThread = outputMajor ? DenseLayer.outputMajor(1024, 512) : new DenseLayer(1024, 512);
                INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1024).subi(0.5);
                INDArray delta = Nd4j.rand(DataType.FLOAT, 8, 512).subi(0.5);
                INDArray[] gradients = new INDArray[2];
                INDArray[] inputGradients = new INDArray[2];
                DenseLayer[] layers = {twoThreads, oneThread};
                for (int i = 0; i < 2; i++) {
                    INDArray parameters = Nd4j.create(DataType.FLOAT, 1, layers[i].parameterCount());
                    gradients[i] = Nd4j.create(DataType.FLOAT, 1, layers[i].parameterCount());
                    layers[i].bind(parameters, gradients[i]);
                    layers[i].initialize(new SeededRandom(5));
                    layers[i].forward(x, true, null);
                    inputGradients[i] = layers[i].backward(delta).dup();
                }

                assertThat(twoThreads.backwardGemmsTogether(8)).isTrue();
                assertThat(oneThread.backwardGemmsTogether(8)).isFalse();

                assertThat(inputGradients[0].data().asFloat()).as("dx, output-major %s", outputMajor)
                        .isEqualTo(inputGradients[1].data().asFloat());
                assertThat(gradients[0].data().asFloat()).as("dW and db, output-major %s", outputMajor)
                        .isEqualTo(gradients[1].data().asFloat());
            }
        } finally {
            blas.setMaxThreads(blasThreads);
            KernelThreads.configure(kernelThreads.threads());
        }
    }

    /**
     * Float32 passes give x·W + b, xᵀ·δ, Σ δ and δ·Wᵀ for every batch size, smaller batches after
     * larger ones included, with the layer at a non-zero offset of its buffers as in a model.
     */
    @Test
    void everyBatchSizeGivesTheProductsOfTheMatrices() {
        Nd4j.getRandom().setSeed(17);
        for (int[] widths : new int[][] {{37, 29}, {20, 70}}) {
            DenseLayer layer = new DenseLayer(widths[0], widths[1]);
            long count = layer.parameterCount();
            INDArray parameterBuffer = Nd4j.create(DataType.FLOAT, 1, count + 5);
            INDArray gradientBuffer = Nd4j.create(DataType.FLOAT, 1, count + 5);
            INDArray parameters = FlatBuffers.slice(parameterBuffer, 5, count);
            INDArray gradients = FlatBuffers.slice(gradientBuffer, 5, count);
            layer.bind(parameters, gradients);
            layer.initialize(new SeededRandom(4));
            long weightCount = (long) widths[0] * widths[1];
            parameters.get(NDArrayIndex.interval(weightCount, count)).assign(Nd4j.rand(DataType.FLOAT, widths[1]));
            INDArray w = parameters.get(NDArrayIndex.interval(0, weightCount)).reshape('c', widths[0], widths[1]);
            INDArray b = parameters.get(NDArrayIndex.interval(weightCount, count));
            for (int rows : new int[] {17, 1, 40, 3, 8, 16, 4, 13}) {
                INDArray x = Nd4j.rand(DataType.FLOAT, rows, widths[0]).subi(0.5);
                INDArray delta = Nd4j.rand(DataType.FLOAT, rows, widths[1]).subi(0.5);

                INDArray output = layer.forward(x, true, null).dup();
                INDArray inputGradient = layer.backward(delta).dup();

                String what = widths[0] + " -> " + widths[1] + ", " + rows + " rows";
                assertThat(output.equalsWithEps(x.mmul(w).addRowVector(b), 1e-4)).as(what + ": output").isTrue();
                assertThat(inputGradient.equalsWithEps(delta.mmul(w.transpose()), 1e-4)).as(what + ": dx").isTrue();
                INDArray weightGradient = gradients.get(NDArrayIndex.interval(0, weightCount))
                        .reshape('c', widths[0], widths[1]);
                assertThat(weightGradient.equalsWithEps(x.transpose().mmul(delta), 1e-4)).as(what + ": dW").isTrue();
                assertThat(gradients.get(NDArrayIndex.interval(weightCount, count))
                        .equalsWithEps(delta.sum(0), 1e-4)).as(what + ": db").isTrue();
            }
        }
    }

    @Test
    void parameterBlocksNameWeightsThenBias() {
        assertThat(new DenseLayer(4, 3).parameterBlocks()).containsExactly(
                new ParameterBlock("weight", 0, 12, false), new ParameterBlock("bias", 12, 3, true));
    }

    @Test
    void rejectsInputOfTheWrongWidthOrType() {
        DenseLayer layer = new DenseLayer(4, 3);
        layer.bind(Nd4j.create(DataType.FLOAT, 1, 15), Nd4j.create(DataType.FLOAT, 1, 15));

        assertThatThrownBy(() -> layer.forward(Nd4j.create(DataType.FLOAT, 2, 5), false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[batch, 4]");
        assertThatThrownBy(() -> layer.forward(Nd4j.create(DataType.DOUBLE, 2, 4), false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOUBLE");
    }
}
