package dev.cfae.engine.optim;

import java.util.Arrays;

/**
 * The L2 penalty {@code weight · ½‖θ‖²} over ranges of the flat buffer, for an optimizer that adds
 * its gradient {@code weight · θ} itself ({@link Optimizer#foldL2}).
 *
 * @param weight the penalty's weight, non-negative
 * @param starts first element of each penalised range, ascending
 * @param ends   the element after each range; ranges are disjoint and non-empty
 */
public record L2Ranges(double weight, long[] starts, long[] ends) {
    public L2Ranges {
        if (!(weight >= 0) || starts.length != ends.length) {
            throw new IllegalArgumentException("bad L2 ranges: weight " + weight + ", " + starts.length + " starts, "
                    + ends.length + " ends");
        }
        starts = starts.clone();
        ends = ends.clone();
        for (int r = 0; r < starts.length; r++) {
            if (starts[r] >= ends[r] || r > 0 && starts[r] < ends[r - 1] || starts[r] < 0) {
                throw new IllegalArgumentException("L2 ranges must be ascending, disjoint and non-empty: "
                        + Arrays.toString(starts) + " to " + Arrays.toString(ends));
            }
        }
    }

    /** The index of the first range that ends after {@code element}, or {@code starts.length}. */
    int firstEndingAfter(long element) {
        int low = 0;
        int high = ends.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (ends[middle] <= element) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
