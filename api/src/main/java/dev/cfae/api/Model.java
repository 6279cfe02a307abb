package dev.cfae.api;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A trainable collaborative-filtering model built by a {@link VariantFactory}: an architecture with
 * hand-written gradients over one flat parameter buffer. The engine owns the buffers, the optimizer,
 * batching and evaluation; the model computes losses, gradients and predictions.
 *
 * <p>Life cycle: {@link #bind}, then {@link #initialize} (or load saved parameters into the
 * bound buffer), then any number of {@link #computeGradients} and prediction calls. The engine may
 * bind the same model again to other buffers (a VAE's augmentation round trains a second time, then
 * restores the kept parameters): each {@code bind} replaces the buffers and whatever the model derived
 * from them. All values a
 * model sees and returns are on the normalised scale of {@link TrainingData}; the engine converts
 * to ratings, clips and applies fallbacks for unknown users and items. A model is used by one
 * thread at a time.
 *
 * <p>State: a model file stores the variant's configuration block, the data's shape and the flat
 * parameter buffer, and a loaded model is rebuilt from exactly those by
 * {@link VariantFactory#create} and {@link #bind}. Anything else a model keeps (buffers, caches) must
 * be scratch space that predictions do not depend on. Randomness comes only from the
 * {@link SeededRandom} handed to {@link #initialize} and {@link StepContext#random()}, so two runs
 * from the same seed are identical.
 */
public interface Model {
    /** The {@link VariantFactory#name()} that built this model. */
    String variant();

    long parameterCount();

    /** Named slices of the flat buffer, covering it exactly once (for L2 masks, checkpoints, reports). */
    List<ParameterBlock> parameterBlocks();

    /**
     * Takes views of the flat {@code [1, parameterCount]} parameter and gradient buffers, of one data
     * type: float32 in training, float64 in the gradient checks of {@code VariantContractTest}.
     */
    void bind(INDArray parameters, INDArray gradients);

    /** Writes initial values into the bound parameter buffer. */
    void initialize(SeededRandom random);

    ExampleKind exampleKind();

    /** Number of training examples of {@link #exampleKind()} in {@code data}. */
    int exampleCount(TrainingData data);

    /**
     * One forward and backward pass over examples {@code examples[from..to)}: leaves
     * d(objective)/d(parameters) in the whole gradient buffer and returns the loss terms.
     *
     * <p>A block whose gradient is non-zero in a few rows only (the weights of the items a batch
     * rates) may be reported in {@link StepResult#touchedRows()} instead of being written in full: the
     * model then writes the touched rows and zeroes only the rows it wrote in its previous call (the
     * whole block in its first call after {@link #bind}). That relies on the buffer holding, on entry,
     * what the model's previous call left there; the engine clears the reported blocks itself whenever
     * it wrote to them.
     */
    StepResult computeGradients(TrainingData data, int[] examples, int from, int to, StepContext context);

    /**
     * Predictions for pairs {@code (users[k], items[k])}, {@code k in [from, to)}, written to
     * {@code out[k]} on the normalised scale, unclipped. Indices are dense training indices.
     */
    void predict(TrainingData data, int[] users, int[] items, int from, int to, float[] out);

    /** Orientation of {@link #reconstruct} and {@link #embed} rows. */
    Orientation orientation();

    /**
     * Filled rows {@code [fromRow, toRow)} of the matrix in {@link #orientation()}: a new
     * {@code [toRow - fromRow, columns]} array on the normalised scale, unclipped.
     */
    INDArray reconstruct(TrainingData data, int fromRow, int toRow);

    /** Width of one embedding row. */
    int embeddingWidth();

    /** Embeddings of rows {@code [fromRow, toRow)} in {@link #orientation()}, deterministic. */
    INDArray embed(TrainingData data, int fromRow, int toRow);

    /**
     * State this model keeps across training steps beyond the parameter buffer (none by default),
     * saved in every checkpoint. A model whose steps depend only on the parameters, the step's
     * {@link StepContext} and its configuration keeps none.
     */
    default byte[] trainingState() {
        return new byte[0];
    }

    /** Restores what {@link #trainingState()} returned, when a run resumes from a checkpoint. */
    default void restoreTrainingState(byte[] state) {
        if (state.length != 0) {
            throw new IllegalArgumentException("variant " + variant() + " keeps no training state, but the checkpoint "
                    + "holds " + state.length + " bytes of it");
        }
    }
}
