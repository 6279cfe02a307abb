package dev.cfae.variants.autoencoder;

import dev.cfae.api.SeededRandom;
import dev.cfae.api.data.RatingMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// A drawer whose scratch is not reset can reject every column for ever, in a loop an interrupt cannot stop.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class LossCellsTest {
    /** Three rows of 10 columns: two rated cells, nine rated cells, all ten rated. */
    private static final RatingMatrix MATRIX = RatingMatrix.fromCsr(3, 10, new int[] {0, 2, 11, 21},
            new int[] {3, 7, 0, 1, 2, 3, 4, 5, 6, 7, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
            new float[] {4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});

    @Test
    void eachRowKeepsItsRatingsAndGainsDistinctUnobservedCellsWithTargetZero() {
        RatingMatrix cells = new LossCells(10).draw(MATRIX, i -> i, 3, 3, new SeededRandom(1));

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
        RatingMatrix cells = new LossCells(10).draw(MATRIX, i -> 2 - i, 3, 1, new SeededRandom(1));

        assertThat(cells.rowLength(0)).isEqualTo(10); // row 2, full
        assertThat(cells.rowLength(1)).isEqualTo(10); // row 1, and its one unobserved cell
        assertThat(cells.rowLength(2)).isEqualTo(3); // row 0: its two ratings and one drawn cell
        assertThat(cells.get(2, 3, Float.NaN)).isEqualTo(4f);
        assertThat(cells.get(2, 7, Float.NaN)).isEqualTo(5f);
    }

    @Test
    void theRandomStateDecidesTheCells() {
        assertThat(new LossCells(10).draw(MATRIX, i -> i, 3, 3, new SeededRandom(7)))
                .isEqualTo(new LossCells(10).draw(MATRIX, i -> i, 3, 3, new SeededRandom(7)));
        Set<RatingMatrix> draws = new HashSet<>();
        SeededRandom random = new SeededRandom(7);
        for (int d = 0; d < 20; d++) {
            draws.add(new LossCells(10).draw(MATRIX, i -> i, 1, 3, random));
        }
        assertThat(draws).as("20 draws of 3 of 8 cells").hasSizeGreaterThan(5);
    }

    @Test
    void aReusedDrawerDrawsAsAFreshOne() {
        LossCells reused = new LossCells(10);
        SeededRandom forReused = new SeededRandom(9);
        SeededRandom forFresh = new SeededRandom(9);
        for (int d = 0; d < 50; d++) {
            assertThat(reused.draw(MATRIX, i -> i, 3, 3, forReused))
                    .isEqualTo(new LossCells(10).draw(MATRIX, i -> i, 3, 3, forFresh));
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
            RatingMatrix cells = draws.draw(matrix, i -> row, 1, samples, random);
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
        assertThatThrownBy(() -> new LossCells(10).draw(MATRIX, i -> i, 3, 0, new SeededRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
