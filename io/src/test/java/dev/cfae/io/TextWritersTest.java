package dev.cfae.io;

import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.Ratings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TextWritersTest {
    @TempDir
    Path directory;

    @Test
    void predictionsNameUsersAndItemsByExternalIdQuotingWhereNeeded() throws IOException {
        Ratings pairs = Ratings.of(IdIndex.of(List.of("u7", "Doe, \"J\"")), IdIndex.of(List.of("42", "Heat")),
                new int[] {0, 1}, new int[] {1, 0}, new float[] {4.5f, 2f});
        Path target = directory.resolve("predictions.csv");

        PredictionsFile.write(target, pairs, new float[] {4.25f, 1.0000001f});

        assertThat(Files.readAllLines(target)).containsExactly(
                "user,item,rating,prediction",
                "u7,Heat,4.5,4.25",
                "\"Doe, \"\"J\"\"\",42,2.0,1.0000001");
    }

    @Test
    void predictionsRejectACountMismatch() {
        Ratings pairs = Ratings.of(IdIndex.sequential(1), IdIndex.sequential(1), new int[] {0}, new int[] {0},
                new float[] {3});

        assertThatThrownBy(() -> PredictionsFile.write(directory.resolve("p.csv"), pairs, new float[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idListHasOneIdPerLineInIndexOrder() throws IOException {
        Path target = directory.resolve("embeddings/users.txt");

        IdListFile.write(target, IdIndex.of(List.of("196", "Zoë", "3")).ids());

        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("196\nZoë\n3\n");
    }

    @Test
    void idListRejectsIdsThatWouldShiftRows() {
        Path target = directory.resolve("ids.txt");

        assertThatThrownBy(() -> IdListFile.write(target, List.of("a", "b\nc")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
        assertThat(target).doesNotExist();
    }
}
