package dev.cfae.engine.train;

import dev.cfae.api.ParameterBlock;
import dev.cfae.engine.optim.L2Ranges;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Adds {@code weight · θ} to the gradient of the penalised parameters, i.e. the gradient of
 * {@code weight · ½‖θ‖²}. The views are made once, with adjacent penalised blocks merged, so a step
 * costs one in-place axpy per range and allocates nothing. An optimizer that {@linkplain
 * dev.cfae.engine.optim.Optimizer#foldL2 folds} the penalty into its own pass gets {@link #ranges()}
 * instead, and this writes nothing.
 */
final class L2Penalty {
    private final double weight;
    private final List<long[]> ranges = new ArrayList<>();
    private final List<INDArray> parameterRanges = new ArrayList<>();
    private final List<INDArray> gradientRanges = new ArrayList<>();

    L2Penalty(TrainerSettings.L2 settings, List<ParameterBlock> blocks, INDArray parameters, INDArray gradients) {
        this.weight = settings.weight();
        if (weight == 0) {
            return;
        }
        List<ParameterBlock> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingLong(ParameterBlock::offset));
        long start = -1;
        long end = -1;
        for (ParameterBlock block : sorted) {
            if (block.bias() && !settings.includeBiases()) {
                continue;
            }
            if (block.offset() == end) {
                end += block.length();
            } else {
                addRange(start, end, parameters, gradients);
                start = block.offset();
                end = block.offset() + block.length();
            }
        }
        addRange(start, end, parameters, gradients);
    }

    private void addRange(long start, long end, INDArray parameters, INDArray gradients) {
        if (start >= 0 && end > start) {
            ranges.add(new long[] {start, end});
            parameterRanges.add(parameters.get(NDArrayIndex.point(0), NDArrayIndex.interval(start, end)));
            gradientRanges.add(gradients.get(NDArrayIndex.point(0), NDArrayIndex.interval(start, end)));
        }
    }

    /** Whether the penalty has a non-zero weight and something to penalise. */
    boolean enabled() {
        return !ranges.isEmpty();
    }

    /** The penalised ranges of the flat buffer, adjacent blocks merged, with the weight. */
    L2Ranges ranges() {
        return new L2Ranges(weight, ranges.stream().mapToLong(r -> r[0]).toArray(),
                ranges.stream().mapToLong(r -> r[1]).toArray());
    }

    /** Adds the penalty's gradient to the gradient buffer, in place. */
    void addGradient() {
        if (parameterRanges.isEmpty()) {
            return;
        }
        Level1 level1 = Nd4j.getBlasWrapper().level1();
        for (int r = 0; r < parameterRanges.size(); r++) {
            INDArray theta = parameterRanges.get(r);
            level1.axpy(theta.length(), weight, theta, gradientRanges.get(r));
        }
    }
}
