package dev.cfae.engine.nn;

import dev.cfae.api.data.RatingMatrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparseBatchTest {
    /** 4 rows over 70 columns, so the columns span two 64-bit words. */
    private static final RatingMatrix MATRIX = RatingMatrix.fromTriples(4, 70,
            new int[] {0, 0, 0, 1, 1, 2, 3, 3},
            new int[] {65, 3, 40, 3, 69, 0, 40, 64},
            new float[] {1, 2, 3, 4, 5, 6, 7, 8});

    @Test
    void slotsFollowAscendingColumnOrderWhateverTheRowOrder() {
        SparseBatch batch = new SparseBatch(70);
        int[] rows = {3, 1, 0};

        assertThat(batch.fill(MATRIX, i -> rows[i], rows.length)).isEqualTo(7);

        assertThat(usedColumns(batch)).containsExactly(3, 40, 64, 65, 69);
        for (int r = 0; r < rows.length; r++) {
            int p = batch.rowStart(r);
            for (int q = MATRIX.rowStart(rows[r]); q < MATRIX.rowEnd(rows[r]); q++, p++) {
                assertThat(batch.usedColumn(batch.slot(p))).as("row %d entry %d", rows[r], q)
                        .isEqualTo(MATRIX.column(q));
                assertThat(batch.value(p)).isEqualTo(MATRIX.value(q));
            }
            assertThat(p).isEqualTo(batch.rowStart(r + 1));
        }
    }

    @Test
    void theBySlotListsHoldEachSlotsEntriesInRowOrderAndFollowARefill() {
        SparseBatch batch = new SparseBatch(70);
        int[] rows = {3, 1, 0};
        batch.fill(MATRIX, i -> rows[i], rows.length);

        batch.indexBySlot();

        // Columns 3, 40, 64, 65, 69: column 3 in batch rows 1 and 2, 40 in rows 0 and 2.
        assertThat(entriesBySlot(batch)).containsExactly("0:1,2", "1:0,2", "2:0", "3:2", "4:1");
        for (int q = 0; q < batch.nnz(); q++) {
            int p = batch.entryIndices()[q];
            int r = batch.entryRows()[q];
            assertThat(p).isBetween(batch.rowStart(r), batch.rowStart(r + 1) - 1);
        }

        batch.indexBySlot(); // built already: unchanged
        assertThat(entriesBySlot(batch)).containsExactly("0:1,2", "1:0,2", "2:0", "3:2", "4:1");

        batch.fill(MATRIX, i -> i == 0 ? 2 : 3, 2);
        batch.indexBySlot();

        assertThat(entriesBySlot(batch)).containsExactly("0:0", "1:1", "2:1");
        assertThat(batch.slotBoundary(0, 2)).isZero();
        assertThat(batch.slotBoundary(1, 2)).isEqualTo(1); // slot 0 holds 1 of the 3 entries
        assertThat(batch.slotBoundary(2, 2)).isEqualTo(3);
    }

    @Test
    void rowsWithoutEntriesHaveNoneInTheBySlotLists() {
        // Row 1 is empty.
        RatingMatrix matrix = RatingMatrix.fromTriples(3, 5, new int[] {0, 0, 2}, new int[] {4, 1, 1},
                new float[] {1, 2, 3});
        SparseBatch batch = new SparseBatch(5);

        batch.fill(matrix, i -> i, 3);
        batch.indexBySlot();

        assertThat(entriesBySlot(batch)).containsExactly("0:0,2", "1:0");

        batch.fill(matrix, i -> 1, 1);
        batch.indexBySlot();

        assertThat(batch.usedCount()).isZero();
        assertThat(entriesBySlot(batch)).isEmpty();
        assertThat(batch.slotBoundary(0, 2)).isZero();
        assertThat(batch.slotBoundary(2, 2)).isZero();
    }

    private static List<String> entriesBySlot(SparseBatch batch) {
        List<String> lists = new ArrayList<>();
        for (int s = 0; s < batch.usedCount(); s++) {
            StringBuilder list = new StringBuilder(s + ":");
            for (int q = batch.slotStart(s); q < batch.slotStart(s + 1); q++) {
                list.append(q > batch.slotStart(s) ? "," : "").append(batch.entryRows()[q]);
                assertThat(batch.slot(batch.entryIndices()[q])).isEqualTo(s);
            }
            lists.add(list.toString());
        }
        assertThat(batch.slotStart(batch.usedCount())).isEqualTo(batch.nnz());
        return lists;
    }

    @Test
    void aRefillForgetsTheColumnsOfTheLastBatch() {
        SparseBatch batch = new SparseBatch(70);
        batch.fill(MATRIX, i -> i, 4);

        batch.fill(MATRIX, i -> 2, 1);

        assertThat(usedColumns(batch)).containsExactly(0);
        assertThat(batch.slot(0)).isZero();
    }

    @Test
    void aFillThatFailsHalfwayLeavesNoColumnsBehind() {
        SparseBatch batch = new SparseBatch(70);
        int[] calls = {0};
        // Row 0 is counted and its columns marked, then the lookup of row 1 fails.
        IntUnaryOperator failsOnTheSecondCall = i -> {
            if (++calls[0] == 2) {
                throw new IllegalStateException("row lookup failed");
            }
            return i;
        };
        assertThatThrownBy(() -> batch.fill(MATRIX, failsOnTheSecondCall, 2)).hasMessage("row lookup failed");

        batch.fill(MATRIX, i -> 2, 1);

        assertThat(usedColumns(batch)).containsExactly(0);
    }

    /** Rows given as CSR arrays fill the batch as the same rows of a matrix do. */
    @Test
    void csrArraysFillTheBatchAsTheMatrixRowsDo() {
        int[] rows = {3, 1, 0};
        SparseBatch fromMatrix = new SparseBatch(70);
        fromMatrix.fill(MATRIX, i -> rows[i], rows.length);
        // The same rows, after an unused leading entry, as arrays that are longer than they need be.
        int[] rowPointers = new int[rows.length + 2];
        int[] columns = new int[MATRIX.nnz() + 3];
        float[] values = new float[MATRIX.nnz() + 3];
        columns[0] = 50; // a column none of the rows has: read, it would show among the used ones
        rowPointers[0] = 1;
        int at = 1;
        for (int i = 0; i < rows.length; i++) {
            for (int q = MATRIX.rowStart(rows[i]); q < MATRIX.rowEnd(rows[i]); q++) {
                columns[at] = MATRIX.column(q);
                values[at++] = MATRIX.value(q);
            }
            rowPointers[i + 1] = at;
        }
        SparseBatch fromArrays = new SparseBatch(70);
        fromArrays.fill(MATRIX, i -> 2, 1); // a previous fill, to be replaced

        assertThat(fromArrays.fill(rows.length, rowPointers, columns, values)).isEqualTo(fromMatrix.nnz());

        assertThat(fromArrays.rows()).isEqualTo(rows.length);
        assertThat(usedColumns(fromArrays)).containsExactly(usedColumns(fromMatrix));
        for (int r = 0; r <= rows.length; r++) {
            assertThat(fromArrays.rowStart(r)).isEqualTo(fromMatrix.rowStart(r));
        }
        for (int p = 0; p < fromMatrix.nnz(); p++) {
            assertThat(fromArrays.slot(p)).isEqualTo(fromMatrix.slot(p));
            assertThat(fromArrays.value(p)).isEqualTo(fromMatrix.value(p));
        }
    }

    @Test
    void csrArraysThatAreNotRowsAreRefusedAndLeaveAnEmptyBatchWithNoColumnsBehind() {
        SparseBatch batch = new SparseBatch(70);
        batch.fill(MATRIX, i -> i, 4);
        float[] ones = {1, 1, 1};

        assertThatThrownBy(() -> batch.fill(2, new int[] {0, 1, 2}, new int[] {5, 70}, ones))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 70 of row 1");
        assertThat(batch.rows()).as("a failed fill leaves an empty batch").isZero();
        assertThat(batch.nnz()).isZero();
        assertThatThrownBy(() -> batch.fill(1, new int[] {0, 3}, new int[] {5, 9, 9}, ones))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 9 of row 0");
        assertThatThrownBy(() -> batch.fill(1, new int[] {0, 2}, new int[] {9, 5}, ones))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 5 of row 0");
        assertThatThrownBy(() -> batch.fill(2, new int[] {0, 2, 1}, new int[] {5, 9}, ones))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decrease at row 1");
        assertThatThrownBy(() -> batch.fill(1, new int[] {0, 3}, new int[] {1, 2, 3}, new float[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 values");
        assertThatThrownBy(() -> batch.fill(2, new int[] {0, 1}, new int[] {5}, ones))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 row pointers");

        batch.fill(MATRIX, i -> 2, 1);

        assertThat(usedColumns(batch)).containsExactly(0);
    }

    private static int[] usedColumns(SparseBatch batch) {
        int[] columns = new int[batch.usedCount()];
        for (int s = 0; s < columns.length; s++) {
            columns[s] = batch.usedColumn(s);
        }
        return columns;
    }
}
