package dev.cfae.variants.combined;

import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;

import java.util.ArrayList;
import java.util.List;

/**
 * The rating network over heap arrays: dense hidden layers, each followed by dropout while training,
 * then one output unit (never dropped out, unlike the seed's).
 */
final class RatingNetwork {
    private final List<HeapDense> layers = new ArrayList<>();
    private final List<Dropout> dropouts = new ArrayList<>();
    private final int parameterCount;
    private int rows;

    RatingNetwork(CombinedSettings.Mlp mlp, int inputWidth, int offset) {
        int width = inputWidth;
        int next = offset;
        for (int i = 0; i < mlp.layers().size(); i++) {
            HeapDense layer = new HeapDense("mlp." + i, width, mlp.layers().get(i), mlp.hidden(), next);
            layers.add(layer);
            dropouts.add(new Dropout());
            next += layer.parameterCount();
            width = layer.out;
        }
        HeapDense out = new HeapDense("mlp.output", width, 1, mlp.output(), next);
        layers.add(out);
        next += out.parameterCount();
        this.parameterCount = next - offset;
    }

    int parameterCount() {
        return parameterCount;
    }

    List<ParameterBlock> blocks() {
        List<ParameterBlock> blocks = new ArrayList<>();
        layers.forEach(layer -> blocks.addAll(layer.blocks()));
        return blocks;
    }

    void initialize(double[] p, SeededRandom random) {
        layers.forEach(layer -> layer.initialize(p, random));
    }

    /** The rating (normalised) of each input row; dropout at {@code rate} only when {@code random} is set. */
    double[] forward(double[] p, double[] input, int rows, double rate, SeededRandom random) {
        this.rows = rows;
        double[] a = input;
        for (int i = 0; i < layers.size(); i++) {
            HeapDense layer = layers.get(i);
            a = layer.forward(p, a, rows);
            if (i < dropouts.size() && random != null) {
                a = dropouts.get(i).forward(a, rows * layer.out, rate, random);
            }
        }
        return a;
    }

    /** Adds the parameter gradients for d/d output {@code dy} to {@code g}; returns d/d input (a reused array). */
    double[] backward(double[] p, double[] g, double[] dy) {
        double[] gradient = dy;
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (i < dropouts.size()) {
                gradient = dropouts.get(i).backward(gradient, rows * layers.get(i).out);
            }
            gradient = layers.get(i).backward(p, g, gradient, true);
        }
        return gradient;
    }
}
