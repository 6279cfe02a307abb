package dev.cfae.engine.nn;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The threads the Java kernels (sparse layers, fused optimizer) split their work over: the calling
 * thread plus {@code threads - 1} daemon workers, shared by every user of the same count. A dense
 * layer's backward pass also runs its two independent one-thread GEMMs on them at once, when they
 * are large enough to gain from it.
 */
public final class KernelThreads {
    /** Everything on the calling thread. */
    public static final KernelThreads SINGLE = new KernelThreads(1);

    private static final ConcurrentHashMap<Integer, KernelThreads> SHARED = new ConcurrentHashMap<>();
    private static volatile KernelThreads configured = SINGLE;

    private final int threads;
    private final ExecutorService workers;

    private KernelThreads(int threads) {
        this.threads = threads;
        this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, task -> {
            Thread thread = new Thread(task, "cfae-kernel");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The shared pool of {@code threads} threads; 0 means one per available processor. */
    public static KernelThreads of(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        int count = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        return count == 1 ? SINGLE : SHARED.computeIfAbsent(count, KernelThreads::new);
    }

    /**
     * Sets the threads that layers built from now on, and the fused optimizer, use: the process-wide
     * {@code cfae.engine.threads.kernels}, applied by {@code Backends.select} like the BLAS and OpenMP
     * counts. Until then everything runs on the calling thread.
     */
    public static KernelThreads configure(int threads) {
        configured = of(threads);
        return configured;
    }

    /** The threads {@link #configure} set, or {@link #SINGLE}. */
    public static KernelThreads configured() {
        return configured;
    }

    public int threads() {
        return threads;
    }

    /**
     * How many parts to split {@code work} units into: one below {@code minimumPerPart} units per
     * thread, where waking a worker would cost more than it saves.
     */
    public int parts(long work, long minimumPerPart) {
        return (int) Math.max(1, Math.min(threads, work / Math.max(1, minimumPerPart)));
    }

    /**
     * Runs {@code part.accept(p)} for every p in {@code [0, parts)}, part 0 on the calling thread, and
     * returns when all are done. A failure of any part is rethrown (the first, others suppressed).
     */
    public void run(int parts, IntConsumer part) {
        if (parts < 1 || parts > threads) {
            throw new IllegalArgumentException("parts must be in [1, " + threads + "], got " + parts);
        }
        if (parts == 1) {
            part.accept(0);
            return;
        }
        Future<?>[] running = new Future<?>[parts];
        for (int p = 1; p < parts; p++) {
            int index = p;
            running[p] = workers.submit(() -> part.accept(index));
        }
        Throwable failure = null;
        try {
            part.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (int p = 1; p < parts; p++) {
            while (true) {
                try {
                    running[p].get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the parts write into shared buffers: wait for them regardless
                } catch (ExecutionException e) {
                    failure = addFailure(failure, e.getCause());
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static Throwable addFailure(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
