package dev.cfae.engine.nn;

import dev.cfae.api.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Squared error summed over the observed cells: Σ m·(ŷ − y)² with m = 1 at observed cells and 0
 * elsewhere, gradient 2·m·(ŷ − y). Cells with m = 0 contribute nothing and get a zero gradient,
 * whatever is predicted there. The caller divides by the observed count to get a mean.
 */
public final class MaskedSquaredError implements Loss {
    @Override
    public double sumAndGradient(INDArray prediction, INDArray target, INDArray mask, INDArray gradient) {
        Shapes.requireSameShape(target, prediction, "target");
        Shapes.requireSameShape(mask, prediction, "mask");
        Shapes.requireSameShape(gradient, prediction, "gradient");
        Nd4j.exec(new SubOp(prediction, target, gradient));
        gradient.muli(mask);
        double sum = Nd4j.getExecutioner().exec(new SquaredNorm(gradient)).getDouble(0);
        gradient.muli(2.0);
        return sum;
    }
}
