package dev.cfae.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
