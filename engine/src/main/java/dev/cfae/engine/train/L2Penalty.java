package dev.cfae.engine.train;

import dev.cfae.api.ParameterBlock;
import dev.cfae.api.TouchedRows;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Adds {@code weight · θ} to the gradient of the penalised parameters, i.e. the gradient of
 * {@code weight · ½‖θ‖²}. The views are made once, with adjacent penalised blocks merged, so a step
 * costs one in-place axpy per range and allocates nothing.
 *
 * <p>For a lazy optimizer the penalty of a block whose gradient touches some rows only goes to
 * those rows: a row is regularised when it is updated, as the optimizer sees it.
 */
final class L2Penalty {
    private final double weight;
    private final INDArray parameters;
    private final INDArray gradients;
    /** Penalised ranges {@code [start, end)} of the flat buffer, adjacent blocks merged, in order. */
    private final List<long[]> ranges = new ArrayList<>();
    private final List<INDArray> parameterViews = new ArrayList<>();
    private final List<INDArray> gradientViews = new ArrayList<>();
    /** The blocks the views leave out (regularised row by row), as offsets. */
    private long[] rowWiseOffsets;

    L2Penalty(TrainerSettings.L2 settings, List<ParameterBlock> blocks, INDArray parameters, INDArray gradients) {
        this.weight = settings.weight();
        this.parameters = parameters;
        this.gradients = gradients;
        if (weight == 0) {
            return;
        }
        List<ParameterBlock> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingLong(ParameterBlock::offset));
        for (ParameterBlock block : sorted) {
            if (block.bias() && !settings.includeBiases() || block.length() == 0) {
                continue;
            }
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last[1] == block.offset()) {
                last[1] += block.length();
            } else {
                ranges.add(new long[] {block.offset(), block.offset() + block.length()});
            }
        }
        makeViews(List.of());
    }

    /** Whether the penalty writes to the gradient at all. */
    boolean enabled() {
        return !ranges.isEmpty();
    }

    /**
     * Adds the penalty's gradient to the gradient buffer, in place: everywhere, except that in the
     * blocks of {@code rowWise} (each a whole parameter block) it goes to the touched rows only.
     */
    void addGradient(List<TouchedRows> rowWise) {
        if (ranges.isEmpty()) {
            return;
        }
        if (!sameBlocks(rowWise)) {
            makeViews(rowWise);
        }
        Level1 level1 = Nd4j.getBlasWrapper().level1();
        for (int r = 0; r < parameterViews.size(); r++) {
            INDArray theta = parameterViews.get(r);
            level1.axpy(theta.length(), weight, theta, gradientViews.get(r));
        }
        if (rowWise.isEmpty()) {
            return;
        }
        FloatBuffer theta = parameters.data().asNioFloat();
        FloatBuffer gradient = gradients.data().asNioFloat();
        int thetaBase = Math.toIntExact(parameters.offset());
        int gradientBase = Math.toIntExact(gradients.offset());
        float factor = (float) weight;
        for (TouchedRows block : rowWise) {
            if (!penalised(block.offset())) {
                continue;
            }
            for (int k = 0; k < block.count(); k++) {
                int from = Math.toIntExact(block.rowOffset(k));
                for (int i = from; i < from + block.rowLength(); i++) {
                    gradient.put(gradientBase + i, gradient.get(gradientBase + i) + factor * theta.get(thetaBase + i));
                }
            }
        }
    }

    private boolean penalised(long offset) {
        for (long[] range : ranges) {
            if (offset >= range[0] && offset < range[1]) {
                return true;
            }
        }
        return false;
    }

    private boolean sameBlocks(List<TouchedRows> rowWise) {
        if (rowWise.size() != rowWiseOffsets.length) {
            return false;
        }
        for (int b = 0; b < rowWiseOffsets.length; b++) {
            if (rowWise.get(b).offset() != rowWiseOffsets[b]) {
                return false;
            }
        }
        return true;
    }

    /** Views of the penalised ranges with the row-wise blocks cut out. */
    private void makeViews(List<TouchedRows> rowWise) {
        if (!rowWise.isEmpty() && parameters.dataType() != DataType.FLOAT) {
            throw new IllegalStateException("row-wise L2 needs float32 buffers, not " + parameters.dataType());
        }
        parameterViews.clear();
        gradientViews.clear();
        List<TouchedRows> cut = new ArrayList<>(rowWise);
        cut.sort(Comparator.comparingLong(TouchedRows::offset));
        for (long[] range : ranges) {
            long start = range[0];
            for (TouchedRows block : cut) {
                long blockEnd = block.offset() + block.length();
                if (block.offset() >= range[1] || blockEnd <= range[0]) {
                    continue;
                }
                addView(start, block.offset());
                start = blockEnd;
            }
            addView(start, range[1]);
        }
        rowWiseOffsets = rowWise.stream().mapToLong(TouchedRows::offset).toArray();
    }

    private void addView(long start, long end) {
        if (end > start) {
            parameterViews.add(parameters.get(NDArrayIndex.point(0), NDArrayIndex.interval(start, end)));
            gradientViews.add(gradients.get(NDArrayIndex.point(0), NDArrayIndex.interval(start, end)));
        }
    }
}
