package dev.cfae.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.cfae.io.TestFiles.assertRejected;
import static dev.cfae.io.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class SubmissionFileTest {
    @TempDir
    Path directory;

    @Test
    void readsIdsOfBothSpellingsInOrderIgnoringTheSecondColumn() throws IOException {
        Path file = write(directory, "sample.csv", "\uFEFFId,Prediction\r\nr37_c1,3\nr_73_c_1,3\r\nr37_c2\n");

        SubmissionIds ids = SubmissionFile.readIds(file);

        assertThat(ids.rawIds()).containsExactly("r37_c1", "r_73_c_1", "r37_c2");
        assertThat(ids.user(1)).isEqualTo("73");
        assertThat(ids.item(1)).isEqualTo("1");
        assertThat(ids.user(2)).isEqualTo("37");
        assertThat(ids.item(2)).isEqualTo("2");
    }

    @Test
    void rejectsMalformedIdNamingLineAndColumn() throws IOException {
        Path file = write(directory, "bad.csv", "Id,Prediction\nr37_c1,3\nr37c1,3\n");

        assertRejected(() -> SubmissionFile.readIds(file), file, 3, 1, "unparsable id 'r37c1'");
    }

    @Test
    void rejectsMissingHeaderEmptyAndHeaderOnlyFiles() throws IOException {
        Path noHeader = write(directory, "no-header.csv", "r37_c1,3\n");
        Path empty = write(directory, "empty.csv", "");
        Path headerOnly = write(directory, "header-only.csv", "Id,Prediction\n");

        assertRejected(() -> SubmissionFile.readIds(noHeader), noHeader, 1, 0, "expected a header line");
        assertRejected(() -> SubmissionFile.readIds(empty), empty, 0, 0, "no ids");
        assertRejected(() -> SubmissionFile.readIds(headerOnly), headerOnly, 0, 0, "no ids");
    }

    @Test
    void writesRawIdsInOrderWithRoundTrippingPredictions() throws IOException {
        Path template = write(directory, "sample.csv", "Id,Prediction\nr_2_c_9,3\nr1_c1,3\n");
        SubmissionIds ids = SubmissionFile.readIds(template);
        float awkward = 3.1415927f;
        Path target = directory.resolve("out/submission.csv");

        SubmissionFile.write(target, ids, new float[] {awkward, 4f});

        assertThat(Files.readAllLines(target)).containsExactly("Id,Prediction", "r_2_c_9,3.1415927", "r1_c1,4.0");
        assertThat(Float.parseFloat("3.1415927")).isEqualTo(awkward);
    }

    @Test
    void rejectsWrongPredictionCountAndNonFinitePredictionsWithoutWriting() throws IOException {
        SubmissionIds ids = SubmissionFile.readIds(write(directory, "sample.csv", "Id,Prediction\nr1_c1,3\n"));
        Path target = directory.resolve("submission.csv");

        assertThatThrownBy(() -> SubmissionFile.write(target, ids, new float[] {1f, 2f}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 predictions for 1 ids");
        assertThatThrownBy(() -> SubmissionFile.write(target, ids, new float[] {Float.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
        assertThat(target).doesNotExist();
    }
}
