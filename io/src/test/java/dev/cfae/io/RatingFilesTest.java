package dev.cfae.io;

import dev.cfae.api.data.RatingRange;
import dev.cfae.api.data.Ratings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.cfae.io.TestFiles.assertRejected;
import static dev.cfae.io.TestFiles.settings;
import static dev.cfae.io.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

final class RatingFilesTest {
    private static final DataSettings AUTO = settings("");

    @TempDir
    Path directory;

    /** The ratings as "user item rating" strings with external ids, in order. */
    private static List<String> triples(Ratings ratings) {
        List<String> triples = new ArrayList<>();
        for (int k = 0; k < ratings.size(); k++) {
            triples.add(ratings.users().id(ratings.user(k)) + " " + ratings.items().id(ratings.item(k)) + " "
                    + ratings.rating(k));
        }
        return triples;
    }

    private static Ratings read(DataSettings settings, Path file) {
        return RatingFiles.read(settings, file, null).train();
    }

    // ---- CIL ----

    @Test
    void readsCilWithBothIdSpellingsAndDecimalRatings() throws IOException {
        Path file = write(directory, "train.csv", "Id,Prediction\nr44_c1,4\nr61_c1,3.5\nr_44_c_10,5\n");

        LoadedRatings loaded = RatingFiles.read(AUTO, file, null);

        assertThat(triples(loaded.train())).containsExactly("44 1 4.0", "61 1 3.5", "44 10 5.0");
        assertThat(loaded.train().users().ids()).containsExactly("44", "61");
        assertThat(loaded.train().items().ids()).containsExactly("1", "10");
        assertThat(loaded.trainFile().format()).isEqualTo(RatingFormat.CIL);
        assertThat(loaded.test()).isEmpty();
        assertThat(loaded.range()).isEqualTo(new RatingRange(3.5f, 5f));
    }

    @Test
    void cilIdsWithLeadingZerosNameTheSameUser() throws IOException {
        Path file = write(directory, "zeros.csv", "Id,Prediction\nr7_c1,4\nr007_c2,3\n");

        assertThat(read(AUTO, file).users().ids()).containsExactly("7");
    }

    @Test
    void acceptsCrlfMixedLineEndingsAndByteOrderMark() throws IOException {
        Path file = write(directory, "mixed.csv", "\uFEFFId,Prediction\r\nr1_c1,4\nr2_c1,3\r\nr3_c2,1\r\n\r\n");

        assertThat(triples(read(AUTO, file))).containsExactly("1 1 4.0", "2 1 3.0", "3 2 1.0");
    }

    @Test
    void rejectsMalformedCilId() throws IOException {
        Path file = write(directory, "bad-id.csv", "Id,Prediction\nr1_c1,4\nx2_c1,3\n");

        assertRejected(() -> read(AUTO, file), file, 3, 1, "unparsable id 'x2_c1'");
    }

    @Test
    void rejectsCilNumbersThatOverflowAnInt() throws IOException {
        Path file = write(directory, "overflow.csv", "Id,Prediction\nr1_c1,4\nr2_c3000000000,3\n");

        assertRejected(() -> read(AUTO, file), file, 3, 1, "does not fit an int");
    }

    @Test
    void rejectsCilNumberZero() throws IOException {
        Path file = write(directory, "zero.csv", "Id,Prediction\nr0_c1,4\n");

        assertRejected(() -> read(AUTO, file), file, 2, 1, "one-based");
    }

    @Test
    void rejectsCilFileWithoutHeader() throws IOException {
        Path file = write(directory, "no-header.csv", "r1_c1,4\nr2_c1,3\n");

        assertRejected(() -> read(AUTO, file), file, 1, 0, "expected a header line");
    }

    @Test
    void rejectsHeaderOnlyFile() throws IOException {
        Path file = write(directory, "header-only.csv", "Id,Prediction\n");

        assertRejected(() -> read(AUTO, file), file, 0, 0, "no ratings");
    }

    @Test
    void rejectsEmptyFile() throws IOException {
        Path file = write(directory, "empty.csv", "");

        assertRejected(() -> read(AUTO, file), file, 0, 0, "no ratings");
        assertRejected(() -> read(settings("format = cil"), file), file, 0, 0, "no ratings");
    }

    @Test
    void rejectsWrongColumnCount() throws IOException {
        Path file = write(directory, "columns.csv", "Id,Prediction\nr1_c1,4\nr2_c1,3,1\n");

        assertRejected(() -> read(AUTO, file), file, 3, 0, "expected 2 fields separated by commas, found 3");
    }

    @Test
    void rejectsUnparsableRating() throws IOException {
        Path file = write(directory, "rating.csv", "Id,Prediction\nr1_c1,four\n");

        assertRejected(() -> read(AUTO, file), file, 2, 2, "unparsable rating 'four' (expected a decimal number");
    }

    @Test
    void rejectsRatingsThatJavaWouldParseButAreNotDecimals() throws IOException {
        Path file = write(directory, "suffix.csv", "Id,Prediction\nr1_c1,3f\n");

        assertRejected(() -> read(AUTO, file), file, 2, 2, "unparsable rating '3f'");
    }

    @Test
    void rejectsNanAndInfiniteRatings() throws IOException {
        Path nan = write(directory, "nan.csv", "Id,Prediction\nr1_c1,4\nr1_c2,NaN\n");
        Path infinity = write(directory, "inf.csv", "Id,Prediction\nr1_c1,-Infinity\n");
        Path huge = write(directory, "huge.csv", "Id,Prediction\nr1_c1,1e40\n");

        assertRejected(() -> read(AUTO, nan), nan, 3, 2, "finite");
        assertRejected(() -> read(AUTO, infinity), infinity, 2, 2, "finite");
        assertRejected(() -> read(AUTO, huge), huge, 2, 2, "finite");
    }

    @Test
    void rejectsEmptyRating() throws IOException {
        Path file = write(directory, "empty-rating.csv", "Id,Prediction\nr1_c1,\n");

        assertRejected(() -> read(AUTO, file), file, 2, 2, "empty rating");
    }

    @Test
    void rejectsRatingOutsideConfiguredRange() throws IOException {
        Path file = write(directory, "range.csv", "Id,Prediction\nr1_c1,4\nr1_c2,6\n");

        assertRejected(() -> read(settings("rating-range { min = 1, max = 5 }"), file), file, 3, 2,
                "rating 6 is outside the configured range [1.0, 5.0]");
    }

    @Test
    void oneConfiguredBoundIsCheckedAndTheOtherTakenFromTheData() throws IOException {
        Path file = write(directory, "bound.csv", "Id,Prediction\nr1_c1,4\nr1_c2,2\n");

        assertRejected(() -> read(settings("rating-range.min = 3"), file), file, 3, 2, "outside");
        assertThat(RatingFiles.read(settings("rating-range.min = 0"), file, null).range())
                .isEqualTo(new RatingRange(0f, 4f));
    }

    @Test
    void rejectsDuplicatePairNamingBothLines() throws IOException {
        Path file = write(directory, "duplicate.csv", "Id,Prediction\nr1_c1,4\nr2_c1,3\nr1_c1,5\n");

        assertRejected(() -> read(AUTO, file), file, 4, 0, "first on line 2, again on line 4");
    }

    @Test
    void duplicatePolicyLastKeepsTheLaterRatingAndCountsMerges() throws IOException {
        Path file = write(directory, "last.csv", "Id,Prediction\nr1_c1,4\nr2_c1,3\nr1_c1,5\nr1_c1,2\n");

        LoadedRatings loaded = RatingFiles.read(settings("duplicates = last"), file, null);

        assertThat(triples(loaded.train())).containsExactly("1 1 2.0", "2 1 3.0");
        assertThat(loaded.trainFile().duplicatesMerged()).isEqualTo(2);
        assertThat(loaded.duplicatesMerged()).isEqualTo(2);
    }

    @Test
    void duplicatePolicyMeanAveragesAndCountsMerges() throws IOException {
        Path file = write(directory, "mean.csv", "Id,Prediction\nr1_c1,4\nr2_c1,3\nr1_c1,5\nr1_c1,3\n");

        LoadedRatings loaded = RatingFiles.read(settings("duplicates = mean"), file, null);

        assertThat(triples(loaded.train())).containsExactly("1 1 4.0", "2 1 3.0");
        assertThat(loaded.duplicatesMerged()).isEqualTo(2);
    }

    @Test
    void rejectsBlankLineInsideTheData() throws IOException {
        Path file = write(directory, "gap.csv", "Id,Prediction\nr1_c1,4\n\nr2_c1,3\n");

        assertRejected(() -> read(AUTO, file), file, 3, 0, "empty line");
    }

    // ---- MovieLens u.data ----

    @Test
    void readsMovieLensTabWithAndWithoutTimestamps() throws IOException {
        Path four = write(directory, "u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t1\t1\n");
        Path three = write(directory, "u3.data", "1\t2\t5\r\n3\t4\t1\r\n");

        LoadedRatings loaded = RatingFiles.read(AUTO, four, null);

        assertThat(triples(loaded.train())).containsExactly("196 242 3.0", "186 302 3.0", "196 302 1.0");
        assertThat(loaded.trainFile().format()).isEqualTo(RatingFormat.MOVIELENS_TAB);
        assertThat(triples(read(settings("format = movielens-tab"), three))).containsExactly("1 2 5.0", "3 4 1.0");
    }

    @Test
    void rejectsHeaderInMovieLensTab() throws IOException {
        Path file = write(directory, "header.data", "user\titem\trating\n1\t2\t3\n");

        assertRejected(() -> read(settings("format = movielens-tab"), file), file, 1, 1, "looks like a header");
    }

    @Test
    void rejectsMovieLensLineWithADifferentFieldCount() throws IOException {
        Path file = write(directory, "count.data", "1\t2\t3\t100\n1\t3\t4\n");

        assertRejected(() -> read(AUTO, file), file, 2, 0, "expected 4 fields separated by tabs, found 3");
    }

    @Test
    void rejectsMovieLensFirstLineWithTooManyFields() throws IOException {
        Path file = write(directory, "five.data", "1\t2\t3\t100\t7\n");

        assertRejected(() -> read(AUTO, file), file, 1, 0, "expected 3 or 4 fields");
    }

    @Test
    void rejectsNonNumericMovieLensId() throws IOException {
        Path file = write(directory, "id.data", "1\t2\t3\t100\n1\tx7\t4\t100\n");

        assertRejected(() -> read(AUTO, file), file, 2, 2, "unparsable item id 'x7'");
    }

    @Test
    void rejectsUnparsableMovieLensRating() throws IOException {
        Path file = write(directory, "rating.data", "1\t2\t3\t100\n1\t3\t-\t100\n");

        assertRejected(() -> read(AUTO, file), file, 2, 3, "unparsable rating '-'");
    }

    // ---- MovieLens :: ----

    @Test
    void readsMovieLensDoubleColonWithAndWithoutTimestamps() throws IOException {
        Path three = write(directory, "ratings.dat", "1::1::5\n1::48::5\r\n2::1::3");
        Path four = write(directory, "stamped.dat", "1::1193::5::978300760\n");

        LoadedRatings loaded = RatingFiles.read(AUTO, three, null);

        assertThat(triples(loaded.train())).containsExactly("1 1 5.0", "1 48 5.0", "2 1 3.0");
        assertThat(loaded.trainFile().format()).isEqualTo(RatingFormat.MOVIELENS_DAT);
        assertThat(triples(read(AUTO, four))).containsExactly("1 1193 5.0");
    }

    @Test
    void rejectsHeaderInMovieLensDoubleColon() throws IOException {
        Path file = write(directory, "header.dat", "UserID::MovieID::Rating\n1::1::5\n");

        assertRejected(() -> read(AUTO, file), file, 1, 1, "looks like a header");
    }

    @Test
    void rejectsWrongColumnCountInMovieLensDoubleColon() throws IOException {
        Path file = write(directory, "count.dat", "1::1::5\n1::2\n");

        assertRejected(() -> read(AUTO, file), file, 2, 0, "expected 3 fields separated by '::', found 2");
    }

    // ---- CSV and TSV ----

    @Test
    void readsMovieLensLatestCsvWithCrlfAndHalfStars() throws IOException {
        Path file = write(directory, "ratings.csv",
                "userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,0.5,964981247\r\n2,1,3.5,1\r\n");

        LoadedRatings loaded = RatingFiles.read(AUTO, file, null);

        assertThat(triples(loaded.train())).containsExactly("1 1 4.0", "1 3 0.5", "2 1 3.5");
        assertThat(loaded.trainFile().format()).isEqualTo(RatingFormat.CSV);
        assertThat(loaded.range()).isEqualTo(new RatingRange(0.5f, 4f));
    }

    @Test
    void readsConfiguredColumnsInAnyOrderWithStringIds() throws IOException {
        Path file = write(directory, "custom.csv", "stars,movie,when,who\n4,Heat,1,alice\n2, Up ,2,bob\n");

        Ratings ratings = read(settings("columns { user = who, item = movie, rating = stars }"), file);

        assertThat(triples(ratings)).containsExactly("alice Heat 4.0", "bob Up 2.0");
    }

    @Test
    void readsTsvWithHeader() throws IOException {
        Path file = write(directory, "ratings.tsv", "userId\tmovieId\trating\nu1\tm1\t5\nu2\tm1\t1\n");

        LoadedRatings loaded = RatingFiles.read(AUTO, file, null);

        assertThat(triples(loaded.train())).containsExactly("u1 m1 5.0", "u2 m1 1.0");
        assertThat(loaded.trainFile().format()).isEqualTo(RatingFormat.TSV);
    }

    @Test
    void rejectsCsvWithoutTheConfiguredColumnsListingTheHeader() throws IOException {
        Path file = write(directory, "no-header.csv", "1,1,4.0,964982703\n1,3,4.0,964981247\n");

        assertRejected(() -> read(AUTO, file), file, 1, 0, "no user column 'userId'");
        assertRejected(() -> read(AUTO, file), file, 1, 0, "[1, 1, 4.0, 964982703]");
    }

    @Test
    void rejectsHeaderNamingAColumnTwice() throws IOException {
        Path file = write(directory, "twice.csv", "userId,movieId,rating,rating\n1,1,4,4\n");

        assertRejected(() -> read(AUTO, file), file, 1, 0, "names column 'rating' twice");
    }

    @Test
    void rejectsCsvLineWithWrongColumnCount() throws IOException {
        Path file = write(directory, "short.csv", "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3\n");

        assertRejected(() -> read(AUTO, file), file, 3, 0, "expected 4 fields separated by commas, found 2");
    }

    @Test
    void rejectsEmptyCsvId() throws IOException {
        Path file = write(directory, "empty-id.csv", "userId,movieId,rating\n1,,4.0\n");

        assertRejected(() -> read(AUTO, file), file, 2, 2, "empty item id");
    }

    @Test
    void rejectsCsvRatingOutsideRangeInItsColumn() throws IOException {
        Path file = write(directory, "range.csv", "rating,userId,movieId\n4,1,1\n0,1,2\n");

        assertRejected(() -> read(settings("rating-range { min = 0.5, max = 5 }"), file), file, 3, 1, "outside");
    }

    // ---- detection ----

    @Test
    void detectsEachFormatFromTheFirstLine() throws IOException {
        assertThat(RatingFiles.detectFormat(write(directory, "a", "Id,Prediction\n"))).isEqualTo(RatingFormat.CIL);
        assertThat(RatingFiles.detectFormat(write(directory, "b", "r3_c4,5\n"))).isEqualTo(RatingFormat.CIL);
        assertThat(RatingFiles.detectFormat(write(directory, "c", "r_3_c_4,5\n"))).isEqualTo(RatingFormat.CIL);
        assertThat(RatingFiles.detectFormat(write(directory, "d", "1::2::3\n"))).isEqualTo(RatingFormat.MOVIELENS_DAT);
        assertThat(RatingFiles.detectFormat(write(directory, "e", "1\t2\t3\t4\n"))).isEqualTo(RatingFormat.MOVIELENS_TAB);
        assertThat(RatingFiles.detectFormat(write(directory, "f", "user\titem\tr\n"))).isEqualTo(RatingFormat.TSV);
        assertThat(RatingFiles.detectFormat(write(directory, "g", "userId,movieId,rating\n")))
                .isEqualTo(RatingFormat.CSV);
    }

    @Test
    void undetectableFormatIsAnErrorNamingTheFile() throws IOException {
        Path file = write(directory, "prose.txt", "these are my ratings\n");

        assertRejected(() -> read(AUTO, file), file, 1, 0, "cannot detect the ratings format");
    }

    // ---- train and test ----

    @Test
    void trainAndTestShareOneUserAndOneItemIndex() throws IOException {
        Path train = write(directory, "u1.base", "1\t10\t5\t0\n2\t20\t3\t0\n");
        Path test = write(directory, "u1.test", "2\t10\t4\t0\n3\t30\t1\t0\n");

        LoadedRatings loaded = RatingFiles.read(AUTO, train, test);
        Ratings testRatings = loaded.test().orElseThrow();

        assertThat(loaded.train().users().ids()).containsExactly("1", "2", "3");
        assertThat(loaded.train().items().ids()).containsExactly("10", "20", "30");
        assertThat(testRatings.users()).isSameAs(loaded.train().users());
        assertThat(testRatings.items()).isSameAs(loaded.train().items());
        assertThat(triples(loaded.train())).containsExactly("1 10 5.0", "2 20 3.0");
        assertThat(triples(testRatings)).containsExactly("2 10 4.0", "3 30 1.0");
        assertThat(loaded.testFile().orElseThrow().ratings()).isEqualTo(2);
        assertThat(loaded.range()).isEqualTo(new RatingRange(3f, 5f));
    }

    @Test
    void errorsInTheTestFileNameTheTestFile() throws IOException {
        Path train = write(directory, "train.data", "1\t10\t5\n");
        Path test = write(directory, "test.data", "1\t10\t5\n1\t11\tx\n");

        assertRejected(() -> RatingFiles.read(AUTO, train, test), test, 2, 3, "unparsable rating 'x'");
    }

    @Test
    void missingFileIsADataFormatException() {
        Path missing = directory.resolve("missing.csv");

        assertRejected(() -> read(settings("format = csv"), missing), missing, 0, 0, "cannot open");
    }

    // ---- further bad input, one test each (see docs/RELIABILITY.md) ----

    @Test
    void rejectsMovieLensIdsThatOverflowAnInt() throws IOException {
        Path tab = write(directory, "overflow.data", "1\t2\t3\n2147483647\t2\t4\n2147483648\t2\t4\n");
        Path dat = write(directory, "overflow.dat", "1::2::3\n1::99999999999999999999::4\n");

        assertRejected(() -> read(AUTO, tab), tab, 3, 1, "user id 2147483648 does not fit an int");
        assertRejected(() -> read(AUTO, dat), dat, 2, 2, "item id 99999999999999999999 does not fit an int");
    }

    @Test
    void movieLensIdsWithLeadingZerosWithinAnIntAreAccepted() throws IOException {
        Path file = write(directory, "zeros.data", "000000000001\t2\t3\n");

        assertThat(triples(read(AUTO, file))).containsExactly("000000000001 2 3.0");
    }

    @Test
    void rejectsUndecodableBytesNamingTheLine() throws IOException {
        byte[] head = "userId,movieId,rating\n1,2,4\n1,".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 5);
        bytes[head.length] = (byte) 0xff; // never valid in UTF-8 (a Latin-1 file, say)
        bytes[head.length + 1] = ',';
        bytes[head.length + 2] = '3';
        bytes[head.length + 3] = '\n';
        bytes[head.length + 4] = '\n';
        Path file = write(directory, "latin1.csv", bytes);

        assertRejected(() -> read(AUTO, file), file, 3, 0, "not valid UTF-8");
    }

    @Test
    void detectsCilHeaderWrittenWithSpaces() throws IOException {
        Path file = write(directory, "spaced.csv", "Id , Prediction\nr1_c2 , 4\n");

        assertThat(RatingFiles.detectFormat(file)).isEqualTo(RatingFormat.CIL);
        assertThat(triples(read(AUTO, file))).containsExactly("1 2 4.0");
    }

    @Test
    void rejectsHeaderlessCsvNamingTheMissingColumns() throws IOException {
        Path file = write(directory, "headerless.csv", "1,2,4.0\n1,3,5.0\n");

        assertRejected(() -> read(settings("format = csv"), file), file, 1, 0, "the header has no user column 'userId'");
    }
}
