package dev.cfae.engine.nn;

import java.util.List;

/**
 * A model that can name the dense layers the same architecture multiplies when every row is dense:
 * what {@code cfae bench} counts and times for its dense limit, whatever shortcuts the model takes.
 */
public interface DenseEquivalent {
    /** The dense layers of one forward pass, input layer first. */
    List<DenseShape> denseLayers();

    /** One fully connected layer {@code [inputWidth → outputWidth]}. */
    record DenseShape(int inputWidth, int outputWidth) {
        public DenseShape {
            if (inputWidth < 1 || outputWidth < 1) {
                throw new IllegalArgumentException("widths must be positive: " + inputWidth + " -> " + outputWidth);
            }
        }
    }
}
