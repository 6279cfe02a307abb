package dev.cfae.engine.nn;

import dev.cfae.api.data.RatingMatrix;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntUnaryOperator;

/**
 * The sparse batches of a training loop, each assembled (filled and indexed by slot) off the
 * training thread while the step before it runs. The trainer walks its example ids in order, so the
 * rows after this batch's are, nearly always, the next batch's; the guess is checked against the
 * matrix and the ids before it is used. The first batch of an epoch (or of a resumed one), and any
 * batch whose ids differ from the guess, is assembled on the calling thread. Either way a step gets
 * the same batch. With one kernel thread everything stays on the calling thread.
 *
 * <p>Not thread-safe: one training loop calls it. A batch handed out is valid until the next call
 * of {@link #take} or {@link #fill}, during which another thread may already be writing it.
 */
public final class SparseBatches {
    /** One thread for every model: assembly is short, and a model's steps come one at a time. */
    private static final ExecutorService ASSEMBLY = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cfae-batch-assembly");
        thread.setDaemon(true);
        return thread;
    });

    private SparseBatch current;
    /** The batch assembled ahead; null when nothing is. */
    private SparseBatch next;
    /** The assembly of {@link #next} under way, if any, and what it is for. */
    private Future<?> pending;
    /** Weak, so that a model whose training stopped mid-epoch does not keep the matrix alive. */
    private WeakReference<RatingMatrix> pendingMatrix = new WeakReference<>(null);
    private int[] pendingIds = new int[0];
    private int pendingCount;
    /** How many batches {@link #take} handed out from an assembly ahead. */
    private long takenAhead;

    /** Batches of rows with {@code width} columns, assembled ahead when there are kernel threads to spare. */
    public SparseBatches(int width) {
        this(width, KernelThreads.configured().threads() >= 2);
    }

    SparseBatches(int width, boolean ahead) {
        this.current = new SparseBatch(width);
        this.next = ahead ? new SparseBatch(width) : null;
    }

    /**
     * The batch of rows {@code examples[from, from + count)} of {@code matrix}, indexed by slot, and,
     * when assembling ahead, starts on the {@code count} ids after them.
     */
    public SparseBatch take(RatingMatrix matrix, int[] examples, int from, int count) {
        if (from < 0 || count < 0 || (long) from + count > examples.length) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + (from + count) + ") of " + examples.length
                    + " example ids");
        }
        boolean guessed = pending != null && pendingMatrix.get() == matrix && pendingCount == count
                && Arrays.equals(pendingIds, 0, count, examples, from, from + count);
        if (guessed && settle()) {
            SparseBatch assembled = next;
            next = current;
            current = assembled;
            takenAhead++;
        } else {
            // current is not the batch under way: fill it first, then wait for that one.
            current.fill(matrix, i -> examples[from + i], count);
            current.indexBySlot();
            settle();
        }
        int nextCount = Math.min(count, examples.length - from - count);
        if (next != null && nextCount > 0) {
            pendingIds = pendingIds.length >= nextCount ? pendingIds : new int[count];
            System.arraycopy(examples, from + count, pendingIds, 0, nextCount);
            pendingMatrix = new WeakReference<>(matrix);
            pendingCount = nextCount;
            int[] ids = pendingIds;
            SparseBatch target = next;
            pending = ASSEMBLY.submit(() -> {
                target.fill(matrix, i -> ids[i], nextCount);
                target.indexBySlot();
            });
        }
        return current;
    }

    /**
     * Rows {@code rowOf(0..count)} of {@code matrix}, filled on the calling thread, for passes outside
     * the training loop; an assembly under way goes on, for the next {@link #take}.
     */
    public SparseBatch fill(RatingMatrix matrix, IntUnaryOperator rowOf, int count) {
        current.fill(matrix, rowOf, count);
        return current;
    }

    /** How many batches {@link #take} handed out from an assembly ahead (for tests). */
    long takenAhead() {
        return takenAhead;
    }

    /** Whether batches are assembled ahead (for tests). */
    boolean assemblesAhead() {
        return next != null;
    }

    /**
     * Waits for the assembly under way, if any, and forgets it; returns whether there was one and it
     * succeeded. A failed one is left to the calling thread to fail again, with the caller's stack;
     * an {@link Error} (out of memory, say) is thrown here, since it may have left the batch half
     * written.
     */
    private boolean settle() {
        if (pending == null) {
            return false;
        }
        Future<?> assembly = pending;
        pending = null;
        pendingMatrix = new WeakReference<>(null);
        boolean interrupted = false;
        boolean succeeded;
        while (true) {
            try {
                assembly.get();
                succeeded = true;
                break;
            } catch (InterruptedException e) {
                interrupted = true; // it writes into next: wait for it regardless
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    next = new SparseBatch(next.width()); // the half-written one may have column bits set
                    throw error;
                }
                succeeded = false;
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return succeeded;
    }
}
