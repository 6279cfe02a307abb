package dev.cfae.engine.nn;

import dev.cfae.api.data.RatingMatrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparseBatchesTest {
    private static final RatingMatrix MATRIX = randomMatrix(60, 40, 1);

    @Test
    void batchesTakenInOrderAreAssembledAheadAndEqualTheirRows() {
        SparseBatches batches = new SparseBatches(40, true);
        int[] examples = shuffled(60, 2);

        for (int from = 0; from < 60; from += 16) {
            int count = Math.min(16, 60 - from);
            assertThat(contents(batches.take(MATRIX, examples, from, count)))
                    .as("rows [%d, %d)", from, from + count).isEqualTo(direct(MATRIX, examples, from, count));
        }

        assertThat(batches.takenAhead()).isEqualTo(3); // every batch but the first
    }

    @Test
    void aWrongGuessIsAssembledAgainOnTheCallingThread() {
        SparseBatches batches = new SparseBatches(40, true);
        int[] examples = shuffled(60, 3);
        batches.take(MATRIX, examples, 0, 10);

        // Another start, a shorter batch, ids changed in place (a new epoch's shuffle), another matrix.
        assertThat(contents(batches.take(MATRIX, examples, 20, 10))).isEqualTo(direct(MATRIX, examples, 20, 10));
        assertThat(contents(batches.take(MATRIX, examples, 30, 5))).isEqualTo(direct(MATRIX, examples, 30, 5));
        int[] reshuffled = shuffled(60, 4);
        System.arraycopy(reshuffled, 0, examples, 0, 60);
        assertThat(contents(batches.take(MATRIX, examples, 35, 5))).isEqualTo(direct(MATRIX, examples, 35, 5));
        RatingMatrix other = randomMatrix(60, 40, 5);
        assertThat(contents(batches.take(other, examples, 40, 5))).isEqualTo(direct(other, examples, 40, 5));

        assertThat(batches.takenAhead()).isZero();
    }

    @Test
    void aFillBetweenStepsLeavesTheAssemblyUnderWayToTheNextStep() {
        SparseBatches batches = new SparseBatches(40, true);
        int[] examples = shuffled(60, 6);
        batches.take(MATRIX, examples, 0, 10);

        SparseBatch filled = batches.fill(MATRIX, i -> 59 - i, 7);

        assertThat(contents(filled)).isEqualTo(direct(MATRIX, IntStream.range(0, 7).map(i -> 59 - i).toArray(), 0, 7));
        assertThat(contents(batches.take(MATRIX, examples, 10, 10))).isEqualTo(direct(MATRIX, examples, 10, 10));
        assertThat(batches.takenAhead()).isEqualTo(1);
    }

    @Test
    void theBatchHandedOutIsNotTheOneAssembledAhead() throws InterruptedException {
        SparseBatches batches = new SparseBatches(40, true);
        int[] examples = shuffled(60, 9);

        SparseBatch first = batches.take(MATRIX, examples, 0, 20);
        Thread.sleep(50); // the assembly of [20, 40) has had its time
        assertThat(contents(first)).isEqualTo(direct(MATRIX, examples, 0, 20));
        SparseBatch second = batches.take(MATRIX, examples, 20, 20);
        Thread.sleep(50);
        assertThat(contents(second)).isEqualTo(direct(MATRIX, examples, 20, 20));

        assertThat(second).isNotSameAs(first);
        assertThat(batches.takenAhead()).isEqualTo(1);
    }

    @Test
    void theKernelThreadsDecideWhetherBatchesAreAssembledAhead() {
        KernelThreads configured = KernelThreads.configured();
        try {
            KernelThreads.configure(2);
            assertThat(new SparseBatches(40).assemblesAhead()).isTrue();
            KernelThreads.configure(1);
            assertThat(new SparseBatches(40).assemblesAhead()).isFalse();
        } finally {
            KernelThreads.configure(configured.threads());
        }
    }

    @Test
    void withoutKernelThreadsToSpareNothingIsAssembledAhead() {
        SparseBatches batches = new SparseBatches(40, false);
        int[] examples = shuffled(60, 7);

        for (int from = 0; from < 60; from += 20) {
            assertThat(contents(batches.take(MATRIX, examples, from, 20))).isEqualTo(direct(MATRIX, examples, from, 20));
        }

        assertThat(batches.takenAhead()).isZero();
    }

    @Test
    void aFailedAssemblyAheadFailsAgainOnTheCallingThread() {
        SparseBatches batches = new SparseBatches(40, true);
        int[] examples = shuffled(60, 8);
        examples[15] = 99; // not a row: the assembly of [10, 20) ahead fails
        batches.take(MATRIX, examples, 0, 10);

        assertThatThrownBy(() -> batches.take(MATRIX, examples, 10, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batches.take(MATRIX, examples, 55, 10)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("rows [55, 65) of 60 example ids");
    }

    /** What a batch holds, in comparable form: rows' entries (slot's column and value) and the by-slot lists. */
    private static List<String> contents(SparseBatch batch) {
        List<String> contents = new ArrayList<>();
        for (int r = 0; r < batch.rows(); r++) {
            StringBuilder row = new StringBuilder("row " + r + ":");
            for (int p = batch.rowStart(r); p < batch.rowStart(r + 1); p++) {
                row.append(' ').append(batch.usedColumn(batch.slot(p))).append('=').append(batch.value(p));
            }
            contents.add(row.toString());
        }
        batch.indexBySlot();
        for (int s = 0; s < batch.usedCount(); s++) {
            StringBuilder slot = new StringBuilder("column " + batch.usedColumn(s) + ":");
            for (int q = batch.slotStart(s); q < batch.slotStart(s + 1); q++) {
                slot.append(' ').append(batch.entryRows()[q]).append('/').append(batch.entryIndices()[q]);
            }
            contents.add(slot.toString());
        }
        return contents;
    }

    private static List<String> direct(RatingMatrix matrix, int[] examples, int from, int count) {
        SparseBatch batch = new SparseBatch(matrix.columns());
        batch.fill(matrix, i -> examples[from + i], count);
        return contents(batch);
    }

    private static int[] shuffled(int n, long seed) {
        Random random = new Random(seed);
        int[] ids = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        return ids;
    }

    private static RatingMatrix randomMatrix(int rows, int columns, long seed) {
        Random random = new Random(seed);
        List<int[]> cells = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (random.nextDouble() < 0.2) {
                    cells.add(new int[] {r, c});
                }
            }
        }
        int[] rowIds = cells.stream().mapToInt(cell -> cell[0]).toArray();
        int[] columnIds = cells.stream().mapToInt(cell -> cell[1]).toArray();
        float[] values = new float[cells.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1 + random.nextInt(5);
        }
        return RatingMatrix.fromTriples(rows, columns, rowIds, columnIds, values);
    }
}
