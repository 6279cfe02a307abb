package dev.cfae.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class AtomicFilesTest {
    @TempDir
    Path directory;

    private List<Path> filesIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writesTheContentCreatingParentDirectories() throws IOException {
        Path target = directory.resolve("a/b/out.txt");

        AtomicFiles.write(target, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));

        assertThat(target).hasContent("hello");
        assertThat(filesIn(target.getParent())).containsExactly(target);
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = Files.writeString(directory.resolve("out.txt"), "old");

        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));

        assertThat(target).hasContent("new");
    }

    /** A JVM ended mid-write (as by Ctrl-C) leaves neither the target nor the temporary file. */
    @Test
    void terminationMidWriteLeavesNoTemporaryFile() throws Exception {
        Path target = directory.resolve("checkpoint.bin");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                WritesForever.class.getName(), target.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            // The child prints its first line once part of the content has reached the temporary file.
            String first = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(first).isEqualTo("writing");
            assertThat(filesIn(directory)).as("the temporary file being written").hasSize(1);
        } finally {
            child.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(filesIn(directory)).isEmpty();
    }

    /** Starts an atomic write of {@code args[0]}, says so, and never finishes it. */
    static final class WritesForever {
        public static void main(String[] args) throws Exception {
            try (AtomicFiles.Pending pending = AtomicFiles.begin(Path.of(args[0]))) {
                pending.out().write(new byte[200_000]);
                pending.out().flush();
                System.out.println("writing");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }

    @Test
    void exceptionMidWriteLeavesNoTargetAndNoTemporaryFile() {
        Path target = directory.resolve("out.bin");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[200_000]); // more than the buffer, so part of it reaches the temporary file
            throw new IOException("disk on fire");
        })).isInstanceOf(IOException.class).hasMessage("disk on fire");

        assertThat(filesIn(directory)).isEmpty();
    }

    @Test
    void runtimeExceptionMidWriteKeepsThePreviousFile() throws IOException {
        Path target = Files.writeString(directory.resolve("out.txt"), "previous");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(target).hasContent("previous");
        assertThat(filesIn(directory)).containsExactly(target);
    }

    @Test
    void pendingFileClosedWithoutCommitLeavesNothing() throws IOException {
        Path target = directory.resolve("pending.txt");

        try (AtomicFiles.Pending pending = AtomicFiles.begin(target)) {
            pending.out().write(1);
            assertThat(filesIn(directory)).hasSize(1).doesNotContain(target); // only the temporary file
        }

        assertThat(filesIn(directory)).isEmpty();
    }

    @Test
    void contentClosingTheStreamDoesNotBreakTheCommit() throws IOException {
        Path target = directory.resolve("closed.txt");

        AtomicFiles.write(target, out -> {
            try (out) {
                out.write("done".getBytes(StandardCharsets.UTF_8));
            }
        });

        assertThat(target).hasContent("done");
    }

    @Test
    void committingTwiceIsAnError() throws IOException {
        try (AtomicFiles.Pending pending = AtomicFiles.begin(directory.resolve("twice.txt"))) {
            pending.commit();

            assertThatThrownBy(pending::commit).isInstanceOf(IllegalStateException.class);
        }
    }
}
