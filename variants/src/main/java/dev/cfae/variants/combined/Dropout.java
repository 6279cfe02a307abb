package dev.cfae.variants.combined;

import dev.cfae.api.SeededRandom;

/** Inverted dropout over a heap array: keeps each element with probability 1 − rate, scaled by 1/(1 − rate). */
final class Dropout {
    private double[] mask = new double[0];
    private double[] output = new double[0];
    private boolean active;

    /** Returns {@code a} itself when {@code rate} is 0, else the dropped-out copy (a reused array). */
    double[] forward(double[] a, int n, double rate, SeededRandom random) {
        active = rate > 0;
        if (!active) {
            return a;
        }
        mask = Cells.atLeast(mask, n);
        output = Cells.atLeast(output, n);
        double kept = 1 / (1 - rate);
        for (int k = 0; k < n; k++) {
            mask[k] = random.nextDouble() >= rate ? kept : 0;
            output[k] = a[k] * mask[k];
        }
        return output;
    }

    /** d/d input from d/d output, in place, for the last forward call. */
    double[] backward(double[] gradient, int n) {
        if (active) {
            for (int k = 0; k < n; k++) {
                gradient[k] *= mask[k];
            }
        }
        return gradient;
    }
}
