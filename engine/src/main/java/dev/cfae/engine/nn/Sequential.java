package dev.cfae.engine.nn;

import dev.cfae.api.Layer;
import dev.cfae.api.ParameterBlock;
import dev.cfae.api.SeededRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A chain of named layers that is itself a {@link Layer}. The layers' parameters lie one after
 * another in the flat buffers, in layer order; {@link #bind} hands each layer its views, and
 * {@link #parameterBlocks()} names each slice {@code <layer name>.<block name>}, e.g.
 * {@code encoder.0.weight}.
 *
 * <p>Besides whole passes it runs ranges of layers, so a model can read an inner representation
 * (an embedding) or treat its first layer specially.
 */
public final class Sequential implements Layer {
    private final List<String> names;
    private final List<Layer> layers;
    private final long[] offsets;
    private final long parameterCount;
    private boolean bound;

    private Sequential(List<String> names, List<Layer> layers) {
        this.names = List.copyOf(names);
        this.layers = List.copyOf(layers);
        this.offsets = new long[layers.size()];
        long offset = 0;
        for (int i = 0; i < layers.size(); i++) {
            offsets[i] = offset;
            offset += layers.get(i).parameterCount();
        }
        this.parameterCount = offset;
    }

    /** Starts an empty chain. */
    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return layers.size();
    }

    public Layer layer(int index) {
        return layers.get(index);
    }

    public String name(int index) {
        return names.get(index);
    }

    /** The index of the layer called {@code name}. */
    public int indexOf(String name) {
        int index = names.indexOf(requireNonNull(name, "name is null"));
        if (index < 0) {
            throw new IllegalArgumentException("no layer called '" + name + "'");
        }
        return index;
    }

    /** Offset of layer {@code index}'s first parameter in the flat buffer. */
    public long offset(int index) {
        return offsets[index];
    }

    @Override
    public int inputWidth() {
        return layers.get(0).inputWidth();
    }

    @Override
    public int outputWidth() {
        return layers.get(layers.size() - 1).outputWidth();
    }

    @Override
    public long parameterCount() {
        return parameterCount;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        List<ParameterBlock> blocks = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (ParameterBlock block : layers.get(i).parameterBlocks()) {
                blocks.add(new ParameterBlock(names.get(i) + "." + block.name(), offsets[i] + block.offset(),
                        block.length(), block.bias()));
            }
        }
        return List.copyOf(blocks);
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        requireNonNull(parameters, "parameters is null");
        requireNonNull(gradients, "gradients is null");
        if (parameters.length() != parameterCount || gradients.length() != parameterCount) {
            throw new IllegalArgumentException("expected " + parameterCount + " parameters and gradients, got "
                    + parameters.length() + " and " + gradients.length());
        }
        if (parameters.dataType() != gradients.dataType()) {
            throw new IllegalArgumentException("parameters are " + parameters.dataType() + ", gradients "
                    + gradients.dataType());
        }
        for (int i = 0; i < layers.size(); i++) {
            long count = layers.get(i).parameterCount();
            if (count > 0) {
                layers.get(i).bind(FlatBuffers.slice(parameters, offsets[i], count),
                        FlatBuffers.slice(gradients, offsets[i], count));
            }
        }
        bound = true;
    }

    /** Initialises the layers in order from the one random stream, so the result depends only on its seed. */
    @Override
    public void initialize(SeededRandom random) {
        requireNonNull(random, "random is null");
        if (!bound && parameterCount > 0) {
            throw new IllegalStateException("not bound to parameter buffers");
        }
        for (Layer layer : layers) {
            layer.initialize(random);
        }
    }

    @Override
    public INDArray forward(INDArray input, boolean training, SeededRandom random) {
        return forward(input, training, random, 0, layers.size());
    }

    /** Runs layers {@code [from, to)} on {@code input} and returns the output of layer {@code to - 1}. */
    public INDArray forward(INDArray input, boolean training, SeededRandom random, int from, int to) {
        checkRange(from, to);
        INDArray activations = input;
        for (int i = from; i < to; i++) {
            activations = layers.get(i).forward(activations, training, random);
        }
        return activations;
    }

    @Override
    public INDArray backward(INDArray outputGradient) {
        return backwardThrough(0, outputGradient);
    }

    /**
     * Runs backward through layers {@code [from, size)}, last first, writing their parameter
     * gradients, and returns the gradient with respect to the input of layer {@code from}.
     * Requires a preceding forward pass over at least those layers.
     */
    public INDArray backwardThrough(int from, INDArray outputGradient) {
        checkRange(from, layers.size());
        INDArray gradient = outputGradient;
        for (int i = layers.size() - 1; i >= from; i--) {
            gradient = layers.get(i).backward(gradient);
        }
        return gradient;
    }

    /**
     * Runs backward through layers {@code [from, to)}, last first, from the gradient with respect to
     * the output of layer {@code to - 1}; for models that run the outermost layers themselves.
     */
    public INDArray backwardThrough(int from, int to, INDArray outputGradient) {
        checkRange(from, to);
        INDArray gradient = outputGradient;
        for (int i = to - 1; i >= from; i--) {
            gradient = layers.get(i).backward(gradient);
        }
        return gradient;
    }

    private void checkRange(int from, int to) {
        if (from < 0 || from > to || to > layers.size()) {
            throw new IndexOutOfBoundsException("layer range [" + from + ", " + to + ") outside [0, " + layers.size()
                    + ")");
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Sequential[");
        for (int i = 0; i < layers.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(layers.get(i));
        }
        return text.append(']').toString();
    }

    /** Collects layers; each must accept the previous layer's output width. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<Layer> layers = new ArrayList<>();
        private final Set<String> used = new HashSet<>();

        private Builder() {
        }

        /** Appends {@code layer} under {@code name}, which must be unique in the chain. */
        public Builder add(String name, Layer layer) {
            requireNonNull(name, "name is null");
            requireNonNull(layer, "layer is null");
            if (name.isEmpty() || !used.add(name)) {
                throw new IllegalArgumentException("layer name must be non-empty and unique: '" + name + "'");
            }
            if (!layers.isEmpty() && layers.get(layers.size() - 1).outputWidth() != layer.inputWidth()) {
                throw new IllegalArgumentException("layer '" + name + "' takes width " + layer.inputWidth()
                        + " but '" + names.get(names.size() - 1) + "' gives " + layers.get(layers.size() - 1).outputWidth());
            }
            names.add(name);
            layers.add(layer);
            return this;
        }

        public Sequential build() {
            if (layers.isEmpty()) {
                throw new IllegalStateException("a Sequential needs at least one layer");
            }
            return new Sequential(names, layers);
        }
    }
}
