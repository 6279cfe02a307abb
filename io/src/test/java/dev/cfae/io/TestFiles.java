package dev.cfae.io;

import com.typesafe.config.ConfigFactory;
import dev.cfae.api.config.ConfigBlock;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixtures shared by the io tests: small files written on the fly and data settings from HOCON. */
final class TestFiles {
    private TestFiles() {
    }

    static Path write(Path directory, String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    static Path write(Path directory, String name, byte[] content) throws IOException {
        return Files.write(directory.resolve(name), content);
    }

    /** The {@code cfae.data} settings: reference defaults overridden by {@code hocon} (keys relative to cfae.data). */
    static DataSettings settings(String hocon) {
        return DataSettings.fromConfig(ConfigBlock.of(ConfigFactory.parseString("cfae.data { " + hocon + " }")
                .withFallback(ConfigFactory.defaultReference()).resolve(), "cfae.data"));
    }

    /** Asserts that {@code call} fails with a DataFormatException at the given position whose problem mentions {@code fragment}. */
    static void assertRejected(ThrowingCallable call, Path file, long line, int column, String fragment) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DataFormatException.class, e -> {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.line()).as("line").isEqualTo(line);
            assertThat(e.column()).as("column").isEqualTo(column);
            String position = file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": ";
            assertThat(e.getMessage()).startsWith(position).contains(fragment);
        });
    }
}
