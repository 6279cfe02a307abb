package dev.cfae.api;

/**
 * A named slice of a model's flat parameter buffer, e.g. the weights of one dense layer.
 *
 * @param name   unique within the model, e.g. {@code encoder.0.weight}
 * @param offset first element in the flat buffer
 * @param length number of elements
 * @param bias   true for biases (L2 can be told to skip them)
 */
public record ParameterBlock(String name, long offset, long length, boolean bias) {
}
