package dev.cfae.io;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

final class DataFormatExceptionTest {
    private final Path file = Path.of("data", "ratings.csv");

    @Test
    void messageNamesFileLineAndColumn() {
        DataFormatException e = new DataFormatException(file, 12, 3, "unparsable rating 'x'");

        assertThat(e.getMessage()).isEqualTo(file + ":12:3: unparsable rating 'x'");
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.line()).isEqualTo(12);
        assertThat(e.column()).isEqualTo(3);
        assertThat(e.problem()).isEqualTo("unparsable rating 'x'");
    }

    @Test
    void messageOmitsZeroColumn() {
        assertThat(new DataFormatException(file, 7, 0, "expected 4 fields").getMessage())
                .isEqualTo(file + ":7: expected 4 fields");
    }

    @Test
    void messageOmitsZeroLineAndAnyColumnWithoutALine() {
        assertThat(new DataFormatException(file, 0, 0, "no ratings").getMessage()).isEqualTo(file + ": no ratings");
        assertThat(new DataFormatException(file, 0, 2, "no ratings").getMessage()).isEqualTo(file + ": no ratings");
    }

    @Test
    void modelFormatExceptionIsADataFormatExceptionWithoutPosition() {
        DataFormatException e = new ModelFormatException(file, "wrong magic bytes");

        assertThat(e.getMessage()).isEqualTo(file + ": wrong magic bytes");
        assertThat(e.line()).isZero();
    }
}
