package dev.cfae.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import static java.util.Objects.requireNonNull;

/**
 * Writes files atomically: content goes to a hidden temporary file in the target's directory, is
 * forced to disk, then renamed over the target in one step. Readers see the old file or the whole
 * new one, never a part, and on any failure neither a partial target nor the temporary file is left.
 * That includes the JVM exiting mid-write (Ctrl-C, a termination signal): a shutdown hook deletes the
 * temporary files still being written. Only a kill that runs no hooks (SIGKILL, power loss) can leave
 * one, hidden, beside the untouched target. Parent directories are created as needed.
 */
public final class AtomicFiles {
    private static final int BUFFER_SIZE = 1 << 16;
    private static final int NAME_ATTEMPTS = 16;
    /** Temporary files being written, for the shutdown hook. */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deleteUnfinished, "cfae-unfinished-files"));
        } catch (IllegalStateException e) {
            // First used while the JVM shuts down (a caller's own hook saving a model): writes still work.
        }
    }

    private AtomicFiles() {
    }

    /** Produces a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} to {@code target} atomically; on failure the target is left as it was. */
    public static void write(Path target, Content content) throws IOException {
        requireNonNull(content, "content is null");
        try (Pending pending = begin(target)) {
            content.writeTo(pending.out());
            pending.commit();
        }
    }

    /**
     * Starts writing {@code target}: write to {@link Pending#out()}, then {@link Pending#commit()}.
     * Closing a pending file that was not committed deletes the temporary file, so use it in a
     * try-with-resources block.
     */
    public static Pending begin(Path target) throws IOException {
        Path absolute = requireNonNull(target, "target is null").toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        String base = "." + absolute.getFileName() + ".";
        for (int attempt = 0; ; attempt++) {
            Path temporary = directory.resolve(base + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            WRITING.add(temporary); // before it exists, so no moment passes when the hook would miss it
            try {
                FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return new Pending(absolute, temporary, channel);
            } catch (IOException | RuntimeException e) {
                WRITING.remove(temporary);
                if (!(e instanceof FileAlreadyExistsException) || attempt == NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** A file being written; see {@link #begin}. Not thread-safe. */
    public static final class Pending implements Closeable {
        private final Path target;
        private final Path temporary;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean done;

        private Pending(Path target, Path temporary, FileChannel channel) {
            this.target = target;
            this.temporary = temporary;
            this.channel = channel;
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_SIZE) {
                @Override
                public void close() throws IOException {
                    // Content writers may close the streams they wrap; only commit() may close the file.
                    flush();
                }
            };
        }

        /** The target path, absolute. */
        public Path target() {
            return target;
        }

        /** The stream to write the content to; closing it only flushes it. */
        public OutputStream out() {
            return out;
        }

        /** Flushes, forces the content to disk and renames it over the target. */
        public void commit() throws IOException {
            if (done) {
                throw new IllegalStateException("already committed or aborted: " + target);
            }
            try {
                out.flush();
                channel.force(true);
                channel.close();
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                WRITING.remove(temporary);
                done = true;
            } catch (Throwable e) {
                abort(e);
                throw e;
            }
            forceDirectory(target.getParent());
        }

        /** Deletes the temporary file unless the content was committed. */
        @Override
        public void close() throws IOException {
            if (!done) {
                abort(null);
            }
        }

        /** Closes and deletes the temporary file; failures are added to {@code cause} if there is one. */
        private void abort(Throwable cause) throws IOException {
            done = true;
            IOException failure = null;
            try {
                channel.close();
            } catch (IOException e) {
                failure = e;
            }
            try {
                Files.deleteIfExists(temporary);
                WRITING.remove(temporary);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (failure != null) {
                if (cause == null) {
                    throw failure;
                }
                cause.addSuppressed(failure);
            }
        }
    }

    /** Deletes the temporary files whose writing the exiting JVM cut short. */
    private static void deleteUnfinished() {
        for (Path temporary : WRITING) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // The JVM is exiting: nobody is left to tell, and the target is untouched either way.
            }
        }
    }

    /** Makes the rename itself durable where the platform allows syncing a directory. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform can open or sync a directory; the file content is already durable.
        }
    }
}
