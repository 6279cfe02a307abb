package dev.cfae.io;

import dev.cfae.api.data.RatingRange;
import dev.cfae.api.data.Ratings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static dev.cfae.io.TestFiles.settings;
import static org.assertj.core.api.Assertions.assertThat;

/** The readers on the real data sets; each test is skipped when its file is absent. */
final class RealDatasetsTest {
    private static final DataSettings AUTO = settings("");

    @Test
    void movieLens100k() {
        Path file = SharedDatasets.require("ml-100k/u.data");

        LoadedRatings loaded = RatingFiles.read(AUTO, file, null);

        assertThat(loaded.trainFile().format()).isEqualTo(RatingFormat.MOVIELENS_TAB);
        assertThat(loaded.train().size()).isEqualTo(100_000);
        assertThat(loaded.train().users().size()).isEqualTo(943);
        assertThat(loaded.train().items().size()).isEqualTo(1_682);
        assertThat(loaded.range()).isEqualTo(new RatingRange(1f, 5f));
        // First line of u.data: 196	242	3	881250949
        assertThat(loaded.train().users().id(loaded.train().user(0))).isEqualTo("196");
        assertThat(loaded.train().items().id(loaded.train().item(0))).isEqualTo("242");
        assertThat(loaded.train().rating(0)).isEqualTo(3f);
    }

    @Test
    void movieLens100kGivenSplitSharesIndices() {
        Path base = SharedDatasets.require("ml-100k/u1.base");
        Path test = SharedDatasets.require("ml-100k/u1.test");

        LoadedRatings loaded = RatingFiles.read(AUTO, base, test);
        Ratings testRatings = loaded.test().orElseThrow();

        assertThat(loaded.train().size()).isEqualTo(80_000);
        assertThat(testRatings.size()).isEqualTo(20_000);
        assertThat(testRatings.users()).isSameAs(loaded.train().users());
        assertThat(testRatings.items()).isSameAs(loaded.train().items());
        // u1.base has every user but only 1,650 items; the other 32 appear only in u1.test and come last.
        assertThat(loaded.train().users().size()).isEqualTo(943);
        assertThat(loaded.train().items().size()).isEqualTo(1_682);
        assertThat(loaded.train().items().ids().subList(0, 1_650)).doesNotHaveDuplicates();
        int maxTrainItem = 0;
        for (int k = 0; k < loaded.train().size(); k++) {
            maxTrainItem = Math.max(maxTrainItem, loaded.train().item(k));
        }
        assertThat(maxTrainItem).isEqualTo(1_649);
    }

    @Test
    void movieLens1mDoubleColon() {
        Path file = SharedDatasets.require("ml-1m/ratings-notimestamp.dat");

        LoadedRatings loaded = RatingFiles.read(AUTO, file, null);

        assertThat(loaded.trainFile().format()).isEqualTo(RatingFormat.MOVIELENS_DAT);
        assertThat(loaded.train().size()).isEqualTo(1_000_209);
        assertThat(loaded.train().users().size()).isEqualTo(6_040);
        assertThat(loaded.train().items().size()).isEqualTo(3_706);
    }

    @Test
    void cilTrainingData() {
        Path file = SharedDatasets.require("cil-cf/data_train.csv");

        LoadedRatings loaded = RatingFiles.read(AUTO, file, null);

        assertThat(loaded.trainFile().format()).isEqualTo(RatingFormat.CIL);
        assertThat(loaded.train().size()).isEqualTo(1_176_952);
        assertThat(loaded.train().users().size()).isEqualTo(10_000);
        assertThat(loaded.train().items().size()).isEqualTo(1_000);
        assertThat(loaded.range()).isEqualTo(new RatingRange(1f, 5f));
        // First data line: r44_c1,4
        assertThat(loaded.train().users().id(0)).isEqualTo("44");
        assertThat(loaded.train().items().id(0)).isEqualTo("1");
        assertThat(loaded.train().rating(0)).isEqualTo(4f);
    }

    @Test
    void movieLensLatestSmallCsv() {
        Path file = SharedDatasets.require("ml-latest-small/ratings.csv");

        LoadedRatings loaded = RatingFiles.read(AUTO, file, null);

        assertThat(loaded.trainFile().format()).isEqualTo(RatingFormat.CSV);
        assertThat(loaded.train().size()).isEqualTo(100_836);
        assertThat(loaded.train().users().size()).isEqualTo(610);
        assertThat(loaded.train().items().size()).isEqualTo(9_724);
        assertThat(loaded.range()).isEqualTo(new RatingRange(0.5f, 5f));
    }

    @Test
    void cilSampleSubmissionIds() {
        Path file = SharedDatasets.require("cil-cf/sampleSubmission.csv");

        SubmissionIds ids = SubmissionFile.readIds(file);

        assertThat(ids.size()).isEqualTo(1_176_952);
        assertThat(ids.rawId(0)).isEqualTo("r37_c1");
        assertThat(ids.user(0)).isEqualTo("37");
        assertThat(ids.item(0)).isEqualTo("1");
        assertThat(ids.rawId(1)).isEqualTo("r73_c1");
        assertThat(ids.rawId(ids.size() - 1)).isEqualTo("r9996_c1000");
        assertThat(ids.user(ids.size() - 1)).isEqualTo("9996");
        assertThat(ids.item(ids.size() - 1)).isEqualTo("1000");
    }
}
