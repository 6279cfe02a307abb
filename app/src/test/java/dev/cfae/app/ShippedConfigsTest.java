package dev.cfae.app;

import dev.cfae.app.config.ConfigLoader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example in the project's {@code conf/} passes the strict validation {@code cfae train --config}
 * runs before reading data (unknown keys, types, ranges, the variant's own keys), so the examples
 * keep up with the code. Their data files live in {@code ../shared} or {@code /tmp}; a placeholder
 * stands in, as validation only checks that the file exists.
 */
final class ShippedConfigsTest {
    private static final Path CONF = Path.of(System.getProperty("user.dir")).resolveSibling("conf");

    @TempDir
    Path dir;

    static Stream<Path> shippedConfigs() throws IOException {
        try (Stream<Path> files = Files.list(CONF)) {
            List<Path> configs = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
            assertThat(configs).as("configs in " + CONF).hasSizeGreaterThan(5);
            return configs.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedConfigs")
    void passesValidation(Path config) throws IOException {
        Path placeholder = Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating\n1,1,4\n");

        Cfae cfae = Cfae.fromConfig(ConfigLoader.readUserFile(config), List.of("data.train=" + placeholder),
                List.of());

        assertThat(cfae.config().getString("cfae.data.train")).isEqualTo(placeholder.toString());
    }
}
