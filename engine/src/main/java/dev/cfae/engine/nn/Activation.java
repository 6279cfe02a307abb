package dev.cfae.engine.nn;

import dev.cfae.engine.VectorApi;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.EluBp;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SeluBp;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.ELU;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SELU;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Element-wise activation functions, named in configuration by their kebab-case spelling
 * ({@code identity, relu, leaky-relu, elu, selu, sigmoid, tanh, softplus}).
 *
 * <p>Each function writes f(z) into a separate output array and computes its derivative from
 * whichever of the cached pre-activation z or post-activation a = f(z) gives it most cheaply.
 */
public enum Activation {
    /** f(z) = z (the seed's {@code None}: a linear layer). */
    IDENTITY {
        @Override
        void apply(INDArray z, INDArray a) {
            a.assign(z);
        }

        @Override
        void backprop(INDArray z, INDArray a, INDArray gradient, INDArray result) {
            result.assign(gradient);
        }

        @Override
        public double value(double z) {
            return z;
        }

        @Override
        public double slope(double z, double a) {
            return 1;
        }
    },
    /** f(z) = max(z, 0); f' = 1 where a > 0, which is where z > 0. */
    RELU {
        @Override
        void apply(INDArray z, INDArray a) {
            if (VectorApi.available() && OffHeapKernels.fits(z, a)) {
                OffHeapKernels.relu(z, a);
            } else {
                Nd4j.exec(new RectifiedLinear(z, a, 0.0));
            }
        }

        @Override
        void backprop(INDArray z, INDArray a, INDArray gradient, INDArray result) {
            if (VectorApi.available() && OffHeapKernels.fits(a, gradient, result)) {
                OffHeapKernels.reluGradient(a, gradient, result);
            } else {
                Nd4j.exec(new ThresholdReluBp(a, gradient, result, 0.0));
            }
        }

        @Override
        public double value(double z) {
            return z <= 0 ? 0 : z; // NaN stays NaN, as in the array form
        }

        @Override
        public double slope(double z, double a) {
            return a > 0 ? 1 : 0;
        }
    },
    /**
     * f(z) = z for z > 0, {@link #LEAKY_RELU_SLOPE}·z otherwise. The slope 0.2 is the default of
     * TensorFlow's {@code tf.nn.leaky_relu}, which is what the seed's activation flag named.
     */
    LEAKY_RELU {
        @Override
        void apply(INDArray z, INDArray a) {
            Nd4j.exec(new LeakyReLU(z, a, LEAKY_RELU_SLOPE));
        }

        @Override
        void backprop(INDArray z, INDArray a, INDArray gradient, INDArray result) {
            // A positive slope keeps the sign, so a > 0 exactly where z > 0.
            Nd4j.exec(new LeakyReLUBp(a, gradient, result, LEAKY_RELU_SLOPE));
        }

        @Override
        public double value(double z) {
            return z > 0 ? z : LEAKY_RELU_SLOPE * z;
        }

        @Override
        public double slope(double z, double a) {
            return a < 0 ? LEAKY_RELU_SLOPE : 1;
        }
    },
    /** f(z) = z for z > 0, e^z − 1 otherwise (α = 1). */
    ELU {
        @Override
        void apply(INDArray z, INDArray a) {
            Nd4j.exec(new ELU(z, a));
        }

        @Override
        void backprop(INDArray z, INDArray a, INDArray gradient, INDArray result) {
            Nd4j.exec(new EluBp(z, gradient, result));
        }

        @Override
        public double value(double z) {
            return z > 0 ? z : Math.expm1(z);
        }

        @Override
        public double slope(double z, double a) {
            return z > 0 ? 1 : Math.exp(z);
        }
    },
    /**
     * Scaled ELU (Klambauer et al. 2017): f(z) = λ·z for z > 0, λ·α·(e^z − 1) otherwise, with
     * λ = {@link #SELU_LAMBDA} and α = {@link #SELU_ALPHA}.
     */
    SELU {
        @Override
        void apply(INDArray z, INDArray a) {
            Nd4j.exec(new SELU(z, a));
        }

        @Override
        void backprop(INDArray z, INDArray a, INDArray gradient, INDArray result) {
            Nd4j.exec(new SeluBp(z, gradient, result));
        }

        @Override
        public double value(double z) {
            return z > 0 ? SELU_LAMBDA * z : SELU_LAMBDA * SELU_ALPHA * Math.expm1(z);
        }

        @Override
        public double slope(double z, double a) {
            return z > 0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(z);
        }
    },
    /** f(z) = 1 / (1 + e^−z); f' = a·(1 − a). */
    SIGMOID {
        @Override
        void apply(INDArray z, INDArray a) {
            Nd4j.exec(new Sigmoid(z, a));
        }

        @Override
        void backprop(INDArray z, INDArray a, INDArray gradient, INDArray result) {
            Nd4j.exec(new TimesOneMinus(a, result));
            result.muli(gradient);
        }

        @Override
        public double value(double z) {
            return 1 / (1 + Math.exp(-z));
        }

        @Override
        public double slope(double z, double a) {
            return a * (1 - a);
        }
    },
    /** f(z) = tanh z; f' = 1 − a². */
    TANH {
        @Override
        void apply(INDArray z, INDArray a) {
            Nd4j.exec(new Tanh(z, a));
        }

        @Override
        void backprop(INDArray z, INDArray a, INDArray gradient, INDArray result) {
            Nd4j.exec(new Square(a, result));
            result.rsubi(1.0).muli(gradient);
        }

        @Override
        public double value(double z) {
            return Math.tanh(z);
        }

        @Override
        public double slope(double z, double a) {
            return 1 - a * a;
        }
    },
    /**
     * f(z) = ln(1 + e^z); f' = sigmoid(z). Computed as max(z, ln(1 + e^min(z, 20))), which is
     * exact below 20 and off by less than 1e-8 above, where the naive form overflows in float32.
     */
    SOFTPLUS {
        @Override
        void apply(INDArray z, INDArray a) {
            Nd4j.exec(new ScalarMin(z, null, a, SOFTPLUS_LINEAR_ABOVE));
            Nd4j.exec(new Exp(a, a));
            Nd4j.exec(new Log1p(a, a));
            Transforms.max(a, z, false);
        }

        @Override
        void backprop(INDArray z, INDArray a, INDArray gradient, INDArray result) {
            Nd4j.exec(new Sigmoid(z, result));
            result.muli(gradient);
        }

        @Override
        public double value(double z) {
            return Math.max(z, Math.log1p(Math.exp(Math.min(z, SOFTPLUS_LINEAR_ABOVE))));
        }

        @Override
        public double slope(double z, double a) {
            return 1 / (1 + Math.exp(-z));
        }
    };

    /** Slope of {@link #LEAKY_RELU} for negative inputs. */
    public static final double LEAKY_RELU_SLOPE = 0.2;
    /** The SELU scale λ (the fixed-point value from the SELU paper). */
    public static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    /** The SELU α (the fixed-point value from the SELU paper). */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SOFTPLUS_LINEAR_ABOVE = 20.0;

    /** Writes f(z) into {@code a} (same shape, a different array). */
    abstract void apply(INDArray z, INDArray a);

    /**
     * Writes {@code gradient}·f'(z) into {@code result}, given the pre-activation {@code z} and
     * post-activation {@code a} of the last forward call.
     */
    abstract void backprop(INDArray z, INDArray a, INDArray gradient, INDArray result);

    /**
     * f(z) for one value, as {@link #apply} computes it up to rounding: for kernels that compute
     * cells one at a time (the masked output pass, the combined model's heap kernels).
     */
    public abstract double value(double z);

    /**
     * f'(z) for one value, given z and a = {@link #value value}(z), so that {@code g · slope(z, a)} is
     * what {@link #backprop} gives for gradient g, up to rounding. At a kink it takes the side
     * {@code backprop} takes.
     */
    public abstract double slope(double z, double a);
}
