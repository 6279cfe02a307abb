package dev.cfae.engine.nn;

import dev.cfae.api.Layer;
import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The variational bottleneck: two dense heads on the same input give a mean μ (through an
 * activation, identity by default) and a log-variance ℓ, both {@code width} wide, and the output is
 * the reparameterised sample z = μ + ε ⊙ exp(ℓ / 2) with ε ~ N(0, I).
 *
 * <p>While training, ε comes from the step's {@link SeededRandom} (one {@code nextGaussian()} per
 * element, row-major). At inference the output is μ, unless the caller hands over noise with
 * {@link #useInferenceNoise} (to sample at inference reproducibly).
 *
 * <p>The layer also carries the KL term: after a forward pass {@link #klDivergence()} is
 * Σ_rows KL(N(μ, exp ℓ) ‖ N(0, I)) = Σ −½ (1 + ℓ − μ² − exp ℓ), and {@link #backward} adds the
 * gradient of {@code klWeight · klDivergence()} to the output gradient's, so a model sets the
 * weight before the pass and adds {@code klWeight · klDivergence()} to its objective.
 *
 * <p>Parameter blocks: {@code mean.weight}, {@code mean.bias}, {@code log-variance.weight},
 * {@code log-variance.bias}. Both heads start Glorot-uniform; the log-variance bias starts at a
 * configurable value (a very negative one starts with almost no noise).
 */
public final class GaussianLayer implements Layer {
    private final int inputWidth;
    private final int width;
    private final DenseLayer meanHead;
    private final ActivationLayer meanActivation;
    private final DenseLayer logVarianceHead;
    private final double initialLogVarianceBias;
    private final RowBuffer outputs;
    private final RowBuffer inputGradients;
    private final RowBuffer noises;
    private float[] noiseValues = new float[0];
    private INDArray logVarianceBias;
    private INDArray mean;
    private INDArray logVariance;
    private INDArray noise;
    private INDArray inferenceNoise;
    private double klWeight;
    private double klDivergence;

    /**
     * @param meanActivation         after the mean head; identity gives the usual linear mean
     * @param initialLogVarianceBias the log-variance head's initial bias
     */
    public GaussianLayer(int inputWidth, int width, Activation meanActivation, double initialLogVarianceBias) {
        this.inputWidth = inputWidth;
        this.width = width;
        this.meanHead = new DenseLayer(inputWidth, width);
        this.meanActivation = new ActivationLayer(requireNonNull(meanActivation, "meanActivation is null"), width);
        this.logVarianceHead = new DenseLayer(inputWidth, width);
        if (!Double.isFinite(initialLogVarianceBias)) {
            throw new IllegalArgumentException("initial log-variance bias must be finite: " + initialLogVarianceBias);
        }
        this.initialLogVarianceBias = initialLogVarianceBias;
        this.outputs = new RowBuffer(width);
        this.inputGradients = new RowBuffer(inputWidth);
        this.noises = new RowBuffer(width);
    }

    @Override
    public int inputWidth() {
        return inputWidth;
    }

    @Override
    public int outputWidth() {
        return width;
    }

    @Override
    public long parameterCount() {
        return 2 * meanHead.parameterCount();
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        List<ParameterBlock> blocks = new ArrayList<>();
        for (ParameterBlock block : meanHead.parameterBlocks()) {
            blocks.add(new ParameterBlock("mean." + block.name(), block.offset(), block.length(), block.bias()));
        }
        long offset = meanHead.parameterCount();
        for (ParameterBlock block : logVarianceHead.parameterBlocks()) {
            blocks.add(new ParameterBlock("log-variance." + block.name(), offset + block.offset(), block.length(),
                    block.bias()));
        }
        return List.copyOf(blocks);
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        requireNonNull(parameters, "parameters is null");
        requireNonNull(gradients, "gradients is null");
        if (parameters.length() != parameterCount() || gradients.length() != parameterCount()) {
            throw new IllegalArgumentException("expected " + parameterCount() + " parameters and gradients, got "
                    + parameters.length() + " and " + gradients.length());
        }
        long half = meanHead.parameterCount();
        meanHead.bind(FlatBuffers.slice(parameters, 0, half), FlatBuffers.slice(gradients, 0, half));
        logVarianceHead.bind(FlatBuffers.slice(parameters, half, half), FlatBuffers.slice(gradients, half, half));
        logVarianceBias = FlatBuffers.slice(parameters, half + (long) inputWidth * width, width);
    }

    @Override
    public void initialize(SeededRandom random) {
        meanHead.initialize(random);
        logVarianceHead.initialize(random);
        logVarianceBias.assign(initialLogVarianceBias);
    }

    /** The weight of the KL term in the objective, for the following forward and backward pass. */
    public void klWeight(double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("KL weight must be finite and non-negative: " + weight);
        }
        this.klWeight = weight;
    }

    /**
     * Noise ε for the following inference passes, {@code [rows, width]} like their input, or null
     * to output the mean at inference.
     */
    public void useInferenceNoise(INDArray noise) {
        this.inferenceNoise = noise;
    }

    /** Σ over the rows of the last forward pass of KL(N(μ, exp ℓ) ‖ N(0, I)). */
    public double klDivergence() {
        return klDivergence;
    }

    @Override
    public INDArray forward(INDArray input, boolean training, SeededRandom random) {
        Shapes.requireRows(input, inputWidth, "input");
        int rows = Math.toIntExact(input.rows());
        mean = meanActivation.forward(meanHead.forward(input, training, random), training, random);
        logVariance = logVarianceHead.forward(input, training, random);
        // KL = −½ Σ (1 + ℓ − μ² − exp ℓ)
        klDivergence = -0.5 * (rows * (double) width + logVariance.sumNumber().doubleValue()
                - mean.mul(mean).sumNumber().doubleValue()
                - Transforms.exp(logVariance, true).sumNumber().doubleValue());
        if (training) {
            requireNonNull(random, "random is null");
            int n = Math.multiplyExact(rows, width);
            if (noiseValues.length < n) {
                noiseValues = new float[n];
            }
            for (int i = 0; i < n; i++) {
                noiseValues[i] = (float) random.nextGaussian();
            }
            noise = noises.rows(rows, input.dataType());
            FlatBuffers.copyFrom(noiseValues, noise);
        } else if (inferenceNoise != null) {
            Shapes.requireRows(inferenceNoise, width, "inference noise");
            if (inferenceNoise.rows() != rows) {
                throw new IllegalArgumentException("inference noise has " + inferenceNoise.rows() + " rows, input "
                        + rows);
            }
            noise = inferenceNoise.castTo(input.dataType());
        } else {
            noise = null;
            return mean;
        }
        INDArray output = outputs.rows(rows, input.dataType());
        output.assign(Transforms.exp(logVariance.mul(0.5), false).muli(noise).addi(mean));
        return output;
    }

    @Override
    public INDArray backward(INDArray outputGradient) {
        if (mean == null) {
            throw new IllegalStateException("backward before forward");
        }
        Shapes.requireSameShape(outputGradient, mean, "outputGradient");
        // d/dμ: the sample's gradient plus klWeight · μ.
        INDArray meanGradient = outputGradient.add(mean.mul(klWeight));
        // d/dℓ: g ⊙ ε ⊙ exp(ℓ/2) / 2 from the sample, klWeight · (exp ℓ − 1) / 2 from the KL term.
        INDArray logVarianceGradient = Transforms.exp(logVariance, true).subi(1).muli(0.5 * klWeight);
        if (noise != null) {
            logVarianceGradient.addi(Transforms.exp(logVariance.mul(0.5), false).muli(noise).muli(outputGradient)
                    .muli(0.5));
        }
        INDArray inputGradient = inputGradients.rows(Math.toIntExact(mean.rows()), mean.dataType());
        inputGradient.assign(meanHead.backward(meanActivation.backward(meanGradient)));
        inputGradient.addi(logVarianceHead.backward(logVarianceGradient));
        return inputGradient;
    }

    @Override
    public String toString() {
        return "GaussianLayer[" + inputWidth + " -> " + width + ", mean " + meanActivation.activation() + "]";
    }
}
