package dev.cfae.variants.autoencoder;

import dev.cfae.api.Orientation;
import dev.cfae.api.SeededRandom;
import dev.cfae.api.data.RatingMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

// A drawer whose scratch is not reset can reject every column for ever, in a loop an interrupt cannot stop.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class LossCellsTest {
    /** Three rows of 10 columns: two rated cells, nine rated cells, all ten rated. */
    private static final RatingMatrix MATRIX = RatingMatrix.fromCsr(3, 10, new int[] {0, 2, 11, 21},
            new int[] {3, 7, 0, 1, 2, 3, 4, 5, 6, 7, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
            new float[] {4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});

    @Test
    void eachRowKeepsItsRatingsAndGainsDistinctUnobservedCellsWithTargetZero() {
        RatingMatrix cells = draw(new LossCells(10), MATRIX, i -> i, 3, 3, new SeededRandom(1));

        assertThat(cells.rows()).isEqualTo(3);
        assertThat(cells.columns()).isEqualTo(10);
        // Row 0: its two ratings and three of the eight others; fromCsr checked the columns ascend.
        assertThat(cells.rowLength(0)).isEqualTo(5);
        assertThat(cells.get(0, 3, Float.NaN)).isEqualTo(4f);
        assertThat(cells.get(0, 7, Float.NaN)).isEqualTo(5f);
        for (int p = cells.rowStart(0); p < cells.rowEnd(0); p++) {
            if (cells.column(p) != 3 && cells.column(p) != 7) {
                assertThat(cells.value(p)).isZero();
            }
        }
        // Row 1 has one unobserved cell, fewer than asked: it gets that one. Row 2 has none.
        assertThat(cells.rowLength(1)).isEqualTo(10);
        assertThat(cells.get(1, 8, Float.NaN)).isZero();
        assertThat(cells.rowLength(2)).isEqualTo(10);
        assertThat(cells.nnz()).isEqualTo(25);
    }

    @Test
    void rowsAreTakenThroughTheMapping() {
        RatingMatrix cells = draw(new LossCells(10), MATRIX, i -> 2 - i, 3, 1, new SeededRandom(1));

        assertThat(cells.rowLength(0)).isEqualTo(10); // row 2, full
        assertThat(cells.rowLength(1)).isEqualTo(10); // row 1, and its one unobserved cell
        assertThat(cells.rowLength(2)).isEqualTo(3); // row 0: its two ratings and one drawn cell
        assertThat(cells.get(2, 3, Float.NaN)).isEqualTo(4f);
        assertThat(cells.get(2, 7, Float.NaN)).isEqualTo(5f);
    }

    @Test
    void theRandomStateDecidesTheCells() {
        assertThat(draw(new LossCells(10), MATRIX, i -> i, 3, 3, new SeededRandom(7)))
                .isEqualTo(draw(new LossCells(10), MATRIX, i -> i, 3, 3, new SeededRandom(7)));
        Set<RatingMatrix> draws = new HashSet<>();
        SeededRandom random = new SeededRandom(7);
        for (int d = 0; d < 20; d++) {
            draws.add(draw(new LossCells(10), MATRIX, i -> i, 1, 3, random));
        }
        assertThat(draws).as("20 draws of 3 of 8 cells").hasSizeGreaterThan(5);
    }

    @Test
    void aReusedDrawerDrawsAsAFreshOne() {
        LossCells reused = new LossCells(10);
        SeededRandom forReused = new SeededRandom(9);
        SeededRandom forFresh = new SeededRandom(9);
        for (int d = 0; d < 50; d++) {
            assertThat(draw(reused, MATRIX, i -> i, 3, 3, forReused))
                    .isEqualTo(draw(new LossCells(10), MATRIX, i -> i, 3, 3, forFresh));
        }
    }

    @Test
    void everyUnobservedCellOfASparseRowIsDrawnAboutEquallyOften() {
        // Row 0: 2 of 10 columns rated; 2 of the 8 others drawn, each a quarter of the time.
        assertDrawnEquallyOften(MATRIX, 0, 2, 0.25);
    }

    @Test
    void everyUnobservedCellOfAMostlyRatedRowIsDrawnAboutEquallyOften() {
        // 7 of 10 columns rated (0-6): 1 of the 3 others drawn, each a third of the time, from the list
        // of unobserved cells rather than by rejection.
        RatingMatrix mostlyRated = RatingMatrix.fromCsr(1, 10, new int[] {0, 7}, new int[] {0, 1, 2, 3, 4, 5, 6},
                new float[] {1, 1, 1, 1, 1, 1, 1});
        assertDrawnEquallyOften(mostlyRated, 0, 1, 1 / 3.0);
    }

    private static void assertDrawnEquallyOften(RatingMatrix matrix, int row, int samples, double share) {
        SeededRandom random = new SeededRandom(3);
        int columns = matrix.columns();
        int[] drawn = new int[columns];
        LossCells draws = new LossCells(columns);
        int times = 4_000;
        for (int d = 0; d < times; d++) {
            RatingMatrix cells = draw(draws, matrix, i -> row, 1, samples, random);
            assertThat(cells.rowLength(0)).isEqualTo(matrix.rowLength(row) + samples);
            for (int p = cells.rowStart(0); p < cells.rowEnd(0); p++) {
                if (Float.isNaN(matrix.get(row, cells.column(p), Float.NaN))) {
                    assertThat(cells.value(p)).isZero();
                    drawn[cells.column(p)]++;
                }
            }
        }
        for (int c = 0; c < columns; c++) {
            if (Float.isNaN(matrix.get(row, c, Float.NaN))) {
                assertThat(drawn[c] / (double) times).as("column %d", c).isBetween(share - 0.03, share + 0.03);
            }
        }
    }

    @Test
    void drawingNothingIsNotAsked() {
        assertThatThrownBy(() -> draw(new LossCells(10), MATRIX, i -> i, 3, 0, new SeededRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A draw after a larger one holds only its own cells: the reused arrays' tail is not read. */
    @Test
    void aSmallerDrawAfterALargerOneHoldsOnlyItsOwnCells() {
        LossCells cells = new LossCells(10);
        assertThat(cells.draw(MATRIX, i -> i, 3, 3, new SeededRandom(5))).isEqualTo(25);
        assertThat(cells.draw(MATRIX, i -> 0, 1, 1, new SeededRandom(5))).isEqualTo(3);

        assertThat(cells.rows()).isEqualTo(1);
        assertThat(cells.nnz()).isEqualTo(3);
        assertThatThrownBy(() -> cells.rowStart(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> cells.column(3)).isInstanceOf(IndexOutOfBoundsException.class);
        // Row 0's two ratings (columns 3 and 7) and one unobserved cell, target 0, in column order.
        int drawnColumn = -1;
        for (int p = 0; p < 3; p++) {
            if (cells.column(p) == 3 || cells.column(p) == 7) {
                assertThat(cells.value(p)).isEqualTo(cells.column(p) == 3 ? 4f : 5f);
            } else {
                drawnColumn = cells.column(p);
                assertThat(cells.value(p)).isZero();
            }
            if (p > 0) {
                assertThat(cells.column(p)).isGreaterThan(cells.column(p - 1));
            }
        }
        assertThat(drawnColumn).isBetween(0, 9).isNotIn(3, 7);
    }

    /**
     * Once its arrays have grown to the batch, a draw allocates nothing, by rejection (500 of a row's
     * ~1,900 unobserved cells) and by partial shuffle (1,000 of them) alike: 64 rows of about 600 or
     * 1,100 cells, which fresh CSR arrays would take 300 or 560 KB for. The least of several draws
     * counts, so that a one-off allocation of the JVM's own does not.
     */
    @ParameterizedTest
    @ValueSource(ints = {500, 1000})
    void aDrawAllocatesNothingOnceItsArraysHaveGrown(int samples) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count the bytes a thread allocates");
        RatingMatrix wide = TinyData.ratings(64, 2000, 0.05, 13).rows(Orientation.USER);
        LossCells cells = new LossCells(2000);
        SeededRandom random = new SeededRandom(2);
        long least = Long.MAX_VALUE;
        for (int draw = 0; draw < 10; draw++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            int drawn = cells.draw(wide, i -> i, 64, samples, random);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(drawn).isEqualTo(wide.nnz() + 64 * samples);
            if (draw > 0) {
                least = Math.min(least, allocated);
            }
        }

        assertThat(least).as("bytes allocated by a draw").isLessThan(1_000);
    }

    /**
     * Draws and returns a copy of the cells as a matrix, whose factory also checks that each row's
     * columns ascend without repeats.
     */
    private static RatingMatrix draw(LossCells cells, RatingMatrix matrix, IntUnaryOperator rowOf, int count,
            int samples, SeededRandom random) {
        int drawn = cells.draw(matrix, rowOf, count, samples, random);
        assertThat(drawn).isEqualTo(cells.nnz());
        int[] rowPointers = new int[cells.rows() + 1];
        int[] columns = new int[drawn];
        float[] values = new float[drawn];
        for (int i = 0; i < cells.rows(); i++) {
            rowPointers[i + 1] = cells.rowEnd(i);
            for (int p = cells.rowStart(i); p < cells.rowEnd(i); p++) {
                columns[p] = cells.column(p);
                values[p] = cells.value(p);
            }
        }
        return RatingMatrix.fromCsr(cells.rows(), matrix.columns(), rowPointers, columns, values);
    }
}
