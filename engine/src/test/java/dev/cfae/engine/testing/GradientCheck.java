package dev.cfae.engine.testing;

import dev.cfae.api.Layer;
import dev.cfae.api.SeededRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.DoubleSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Finite-difference gradient checks in double precision, for layers, losses and whole models.
 *
 * <p>{@link #check} perturbs each element of a float64 array (parameters or inputs) in place by
 * ±h, evaluates the objective, and compares the central difference (f(x+h) − f(x−h)) / 2h with
 * the analytic gradient. An element passes when |analytic − numeric| ≤ relative·max(|analytic|,
 * |numeric|) + absolute. The objective must be deterministic: anything random in it (dropout)
 * must be re-seeded identically on every call.
 */
public final class GradientCheck {
    /** Step h: small enough for the truncation error, large enough for float64 round-off. */
    public static final double STEP = 1e-6;
    public static final double RELATIVE_TOLERANCE = 1e-5;
    public static final double ABSOLUTE_TOLERANCE = 1e-8;

    private GradientCheck() {
    }

    /**
     * Compares {@code analytic} (same length as {@code variable}, copied before any perturbation)
     * with central differences of {@code objective} with respect to every element of {@code variable}.
     * The variable is restored afterwards.
     */
    public static Result check(INDArray variable, INDArray analytic, DoubleSupplier objective) {
        requireNonNull(variable, "variable is null");
        requireNonNull(analytic, "analytic is null");
        requireNonNull(objective, "objective is null");
        if (variable.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("gradient checks need a DOUBLE variable, got " + variable.dataType());
        }
        if (variable.length() != analytic.length()) {
            throw new IllegalArgumentException("variable has " + variable.length() + " elements, gradient "
                    + analytic.length());
        }
        // dup() first: a fresh buffer holds exactly this array's elements, in row-major order.
        double[] expected = analytic.dup().castTo(DataType.DOUBLE).data().asDouble();
        INDArray flat = variable.reshape(variable.length());
        Result result = Result.EMPTY;
        for (long i = 0; i < flat.length(); i++) {
            double original = flat.getDouble(i);
            flat.putScalar(i, original + STEP);
            double plus = objective.getAsDouble();
            flat.putScalar(i, original - STEP);
            double minus = objective.getAsDouble();
            flat.putScalar(i, original);
            double numeric = (plus - minus) / (2 * STEP);
            result = result.with(i, expected[Math.toIntExact(i)], numeric);
        }
        return result;
    }

    /**
     * Checks a layer's parameter and input gradients at {@code input} (float64), using the
     * objective Σ forward(input) ⊙ R for a fixed random R, whose output gradient is R. The layer
     * must already be bound to {@code parameters} and {@code gradients} (both null for a layer
     * without parameters) and initialised; the forward passes all get a random source seeded with
     * {@code seed}, so a dropout mask is the same in every evaluation.
     */
    public static LayerResult checkLayer(Layer layer, INDArray parameters, INDArray gradients, INDArray input,
            boolean training, long seed) {
        requireNonNull(layer, "layer is null");
        requireNonNull(input, "input is null");
        INDArray weights = uniform(new SeededRandom(seed ^ 0x5DEECE66DL), input.rows(), layer.outputWidth());
        DoubleSupplier objective = () -> layer.forward(input, training, new SeededRandom(seed)).mul(weights)
                .sumNumber().doubleValue();
        layer.forward(input, training, new SeededRandom(seed));
        INDArray inputGradient = layer.backward(weights).dup();
        Result parameterResult = layer.parameterCount() == 0 ? Result.EMPTY
                : check(parameters, gradients.dup(), objective);
        Result inputResult = check(input, inputGradient, objective);
        return new LayerResult(parameterResult, inputResult);
    }

    /** A float64 {@code [rows, columns]} array with entries uniform in [−1, 1). */
    public static INDArray uniform(SeededRandom random, long rows, long columns) {
        double[] values = new double[Math.toIntExact(rows * columns)];
        for (int i = 0; i < values.length; i++) {
            values[i] = 2 * random.nextDouble() - 1;
        }
        return Nd4j.create(values, new long[] {rows, columns}, DataType.DOUBLE);
    }

    /**
     * A float64 {@code [rows, columns]} array with |entries| in [margin, 1] and random signs, so a
     * kink at 0 (relu, leaky relu) is never within {@link #STEP} of an entry.
     */
    public static INDArray awayFromZero(SeededRandom random, long rows, long columns, double margin) {
        double[] values = new double[Math.toIntExact(rows * columns)];
        for (int i = 0; i < values.length; i++) {
            double magnitude = margin + (1 - margin) * random.nextDouble();
            values[i] = random.nextDouble() < 0.5 ? -magnitude : magnitude;
        }
        return Nd4j.create(values, new long[] {rows, columns}, DataType.DOUBLE);
    }

    /**
     * The outcome of one check.
     *
     * @param checked        number of elements compared
     * @param worstIndex     the element with the largest error relative to its tolerance, or −1
     * @param worstAnalytic  the analytic gradient there
     * @param worstNumeric   the numeric gradient there
     * @param worstRatio     error divided by tolerance there; ≤ 1 passes
     * @param maxAbsAnalytic the largest |analytic gradient| seen, to show the check was not vacuous
     */
    public record Result(long checked, long worstIndex, double worstAnalytic, double worstNumeric, double worstRatio,
            double maxAbsAnalytic) {
        static final Result EMPTY = new Result(0, -1, 0, 0, 0, 0);

        Result with(long index, double analytic, double numeric) {
            double tolerance = RELATIVE_TOLERANCE * Math.max(Math.abs(analytic), Math.abs(numeric)) + ABSOLUTE_TOLERANCE;
            double ratio = Math.abs(analytic - numeric) / tolerance;
            if (Double.isNaN(ratio)) {
                ratio = Double.POSITIVE_INFINITY; // a NaN gradient must fail, and NaN compares false
            }
            double maxAbs = Math.max(maxAbsAnalytic, Math.abs(analytic));
            return worstIndex < 0 || ratio > worstRatio
                    ? new Result(checked + 1, index, analytic, numeric, ratio, maxAbs)
                    : new Result(checked + 1, worstIndex, worstAnalytic, worstNumeric, worstRatio, maxAbs);
        }

        /** True if every element was within tolerance. */
        public boolean passed() {
            return worstRatio <= 1;
        }

        /** Throws an AssertionError describing the worst element unless {@link #passed()}. */
        public Result assertPassed() {
            if (!passed()) {
                throw new AssertionError("gradient check failed: " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return "checked " + checked + ", worst element " + worstIndex + ": analytic " + worstAnalytic
                    + " vs numeric " + worstNumeric + " (" + worstRatio + "x tolerance), max |analytic| "
                    + maxAbsAnalytic;
        }
    }

    /**
     * Checks of one layer.
     *
     * @param parameters the parameter gradients (empty for layers without parameters)
     * @param input      the input gradients
     */
    public record LayerResult(Result parameters, Result input) {
        /** Throws an AssertionError unless both checks passed. */
        public LayerResult assertPassed() {
            parameters.assertPassed();
            input.assertPassed();
            return this;
        }

        @Override
        public String toString() {
            return "parameters: " + parameters + "; input: " + input;
        }
    }
}
