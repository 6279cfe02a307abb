package dev.cfae.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad ratings file, through the command line: exit code 2, one line naming the file,
 * the line (and field where there is one) and the problem, no stack trace, and no run directory.
 * The readers' own tests check each message in detail; this checks what the user sees.
 */
final class BadInputExitCodeTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int train(Path data, String... sets) {
        List<String> args = new ArrayList<>(List.of("train", "--out", dir.resolve("run").toString(),
                "--set", "data.train=" + data, "--set", "trainer.epochs=1", "--set", "trainer.batch-size=4",
                "--set", "variants.autoencoder.layers=[4, 2]", "--set", "trainer.early-stopping.enabled=false",
                "--set", "data.split.validation-fraction=0"));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        return cli.run(args.toArray(String[]::new));
    }

    private static final String CSV_HEADER = "userId,movieId,rating\n";
    private static final String GOOD_CSV = "1,10,4\n1,11,3\n2,10,5\n2,12,1\n3,11,2\n3,12,4\n";

    static Stream<Arguments> badFiles() {
        byte[] latin1 = (CSV_HEADER + "1,10,4\nZo\u00eb,11,3\n").getBytes(StandardCharsets.ISO_8859_1);
        return Stream.of(
                Arguments.of("unparsable user id", "ids.data", bytes("1\t10\t4\nu2\t10\t3\n"), "", ":2:1: unparsable user id 'u2'"),
                Arguments.of("unparsable rating", "rating.csv", bytes(CSV_HEADER + "1,10,four\n"), "", ":2:3: unparsable rating 'four'"),
                Arguments.of("too few columns", "short.csv", bytes(CSV_HEADER + "1,10,4\n1,11\n"), "", ":3: expected 3 fields"),
                Arguments.of("too many columns", "long.dat", bytes("1::10::4::0\n1::11::4::0::9\n"), "", ":2: expected 4 fields"),
                Arguments.of("NaN rating", "nan.csv", bytes(CSV_HEADER + "1,10,NaN\n"), "", ":2:3: rating must be a finite number"),
                Arguments.of("infinite rating", "inf.csv", bytes(CSV_HEADER + "1,10,-Infinity\n"), "", ":2:3: rating must be a finite number"),
                Arguments.of("overflowing rating", "huge.csv", bytes(CSV_HEADER + "1,10,1e39\n"), "", ":2:3: rating must be a finite number"),
                Arguments.of("empty file", "empty.csv", bytes(""), "", ": no ratings: the file is empty"),
                Arguments.of("header only", "header.csv", bytes(CSV_HEADER), "", ": no ratings after the header line"),
                Arguments.of("header where none belongs", "header.data", bytes("user\titem\trating\n1\t10\t4\n"),
                        "data.format=movielens-tab", ":1:1: line 1 starts with 'user'"),
                Arguments.of("no header where one belongs", "bare.csv", bytes("1,10,4\n1,11,3\n"), "data.format=csv",
                        ":1: the header has no user column 'userId'"),
                Arguments.of("undecodable bytes", "latin1.csv", latin1, "", ":3: not valid UTF-8"),
                Arguments.of("overflowing CIL id", "cil.csv", bytes("Id,Prediction\nr1_c1,4\nr1_c4294967297,3\n"), "",
                        ":3:1: item number 4294967297"),
                Arguments.of("overflowing MovieLens id", "big.data", bytes("1\t10\t4\n1\t99999999999\t3\n"), "",
                        ":2:2: item id 99999999999 does not fit an int"),
                Arguments.of("rating above the configured range", "range.csv", bytes(CSV_HEADER + "1,10,4\n1,11,6\n"),
                        "data.rating-range.max=5", ":3:3: rating 6 is outside the configured range"),
                Arguments.of("rating below the configured range", "low.csv", bytes(CSV_HEADER + "1,10,0\n"),
                        "data.rating-range.min=0.5", ":2:3: rating 0 is outside the configured range"),
                Arguments.of("duplicate pair", "dupes.csv", bytes(CSV_HEADER + "1,10,4\n2,10,3\n1,10,5\n"), "",
                        ":4: duplicate rating for user '1' and item '10': first on line 2, again on line 4"),
                Arguments.of("blank line inside", "blank.csv", bytes(CSV_HEADER + "1,10,4\n\n1,11,3\n"), "",
                        ":3: empty line inside the data"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFileExitsWithTwoNamingFileAndLineAndWritesNothing(String what, String name, byte[] content, String set,
            String expected) throws IOException {
        Path data = Files.write(dir.resolve(name), content);

        int exitCode = set.isEmpty() ? train(data) : train(data, set);

        assertThat(exitCode).as(cli.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("cfae: " + data + expected).doesNotContain("\tat ");
        assertThat(cli.err().lines()).hasSize(1);
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void badSettingExitsWithTwoAndOneLineNamingTheKey(String set, String expected) throws IOException {
        Path data = Files.writeString(dir.resolve("good.csv"), CSV_HEADER + GOOD_CSV);

        assertThat(train(data, set)).as(cli.err()).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(cli.err()).startsWith("cfae: " + expected);
        assertThat(cli.err().lines()).hasSize(1);
        assertThat(dir.resolve("run")).doesNotExist();
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("trainer.batch-size=-1", "cfae.trainer.batch-size: must be at least 1, got -1"),
                Arguments.of("trainer.checkpoint.every-steps=-2",
                        "cfae.trainer.checkpoint.every-steps: must be 0 (off) or more, got -2"),
                Arguments.of("trainer.checkpoint.every-duration=-5s",
                        "cfae.trainer.checkpoint.every-duration: must be 0 (off) or longer"),
                Arguments.of("trainer.checkpoint.every-duration=often", "cfae.trainer.checkpoint.every-duration"));
    }

    @Test
    void badSubmissionIdFileFailsBeforeTrainingOrWriting() throws IOException {
        Path data = Files.writeString(dir.resolve("good.csv"), CSV_HEADER + GOOD_CSV);
        Path ids = Files.writeString(dir.resolve("ids.csv"), "Id,Prediction\nr1_c10,3\nr2_cX,3\n");

        assertThat(train(data, "output.submission.ids=" + ids)).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(cli.err()).startsWith("cfae: " + ids + ":3:1: unparsable id 'r2_cX'");
        assertThat(cli.out()).doesNotContain("epoch");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void mixedLineEndingsAndAByteOrderMarkAreAccepted() throws IOException {
        Path data = Files.writeString(dir.resolve("mixed.csv"),
                "\uFEFF" + CSV_HEADER.replace("\n", "\r\n") + GOOD_CSV.replace("3\n", "3\r").replace("5\n", "5\r\n"));

        assertThat(train(data)).as(cli.err()).isZero();
        assertThat(cli.out()).contains("train 5, validation 0, test 1 ratings", "test RMSE");
    }

    @Test
    void duplicatesMergedUnderLastOrMeanAreCountedInTheLog() throws IOException {
        Path data = Files.writeString(dir.resolve("dupes.csv"), CSV_HEADER + GOOD_CSV + "1,10,2\n3,12,5\n1,10,1\n");

        for (String policy : List.of("last", "mean")) {
            cli.clearOut();
            Path run = dir.resolve("run-" + policy);
            List<String> args = new ArrayList<>(List.of("train", "--out", run.toString(), "--set", "data.train=" + data,
                    "--set", "data.duplicates=" + policy, "--set", "trainer.epochs=1",
                    "--set", "variants.autoencoder.layers=[4, 2]", "--set", "trainer.early-stopping.enabled=false",
                    "--set", "data.split.validation-fraction=0"));

            assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();
            assertThat(cli.out()).contains("duplicates: 3 repeated (user, item) lines of " + data
                    + " merged (cfae.data.duplicates = " + policy + ")");
            assertThat(run.resolve("train.log")).content().contains("duplicates: 3 repeated");
        }
    }
}
