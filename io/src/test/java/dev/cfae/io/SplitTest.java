package dev.cfae.io;

import dev.cfae.api.SeededRandom;
import dev.cfae.api.data.IdIndex;
import dev.cfae.api.data.Ratings;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class SplitTest {
    private static final int USERS = 50;
    private static final int ITEMS = 40;

    /** One rating per cell of a 50 × 40 grid where (user + item) % 2 == 0: 1,000 distinct pairs. */
    private static Ratings grid() {
        int n = USERS * ITEMS / 2;
        int[] users = new int[n];
        int[] items = new int[n];
        float[] values = new float[n];
        int k = 0;
        for (int u = 0; u < USERS; u++) {
            for (int i = u % 2; i < ITEMS; i += 2) {
                users[k] = u;
                items[k] = i;
                values[k] = 1 + (u + i) % 5;
                k++;
            }
        }
        return Ratings.of(IdIndex.sequential(USERS), IdIndex.sequential(ITEMS), users, items, values);
    }

    private static Set<Long> pairs(Ratings ratings) {
        Set<Long> pairs = new HashSet<>();
        for (int k = 0; k < ratings.size(); k++) {
            pairs.add((long) ratings.user(k) << 32 | ratings.item(k));
        }
        return pairs;
    }

    @Test
    void randomSplitHasTheRequestedSizes() {
        Split split = Split.random(grid(), 0.1, 0.2, new SeededRandom(7));

        assertThat(split.test().size()).isEqualTo(100);
        assertThat(split.validation().size()).isEqualTo(180); // 20 % of the 900 left after the test set
        assertThat(split.train().size()).isEqualTo(720);
    }

    @Test
    void randomSplitPartsAreDisjointAndCoverEveryRating() {
        Ratings all = grid();
        Split split = Split.random(all, 0.15, 0.1, new SeededRandom(3));

        Set<Long> train = pairs(split.train());
        Set<Long> validation = pairs(split.validation());
        Set<Long> test = pairs(split.test());
        Set<Long> union = new HashSet<>(train);
        union.addAll(validation);
        union.addAll(test);

        assertThat(train).doesNotContainAnyElementsOf(validation).doesNotContainAnyElementsOf(test);
        assertThat(validation).doesNotContainAnyElementsOf(test);
        assertThat(union).isEqualTo(pairs(all));
        assertThat(split.train().size() + split.validation().size() + split.test().size()).isEqualTo(all.size());
    }

    @Test
    void sameSeedGivesTheSameSplitAndAnotherSeedADifferentOne() {
        Ratings all = grid();

        Split first = Split.random(all, 0.1, 0.1, new SeededRandom(42));
        Split again = Split.random(all, 0.1, 0.1, new SeededRandom(42));
        Split other = Split.random(all, 0.1, 0.1, new SeededRandom(43));

        assertThat(again).isEqualTo(first);
        assertThat(pairs(other.test())).isNotEqualTo(pairs(first.test()));
    }

    @Test
    void partsShareTheIndicesAndKeepInputOrder() {
        Ratings all = grid();
        Split split = Split.random(all, 0.3, 0.0, new SeededRandom(1));

        assertThat(split.test().users()).isSameAs(all.users());
        assertThat(split.train().items()).isSameAs(all.items());
        assertThat(split.validation().size()).isZero();
        for (int k = 1; k < split.test().size(); k++) {
            long previous = (long) split.test().user(k - 1) << 32 | split.test().item(k - 1);
            long current = (long) split.test().user(k) << 32 | split.test().item(k);
            assertThat(current).isGreaterThan(previous); // the grid is in (user, item) order
        }
    }

    @Test
    void zeroTestFractionKeepsEverythingForTraining() {
        Split split = Split.random(grid(), 0.0, 0.0, new SeededRandom(5));

        assertThat(split.train()).isEqualTo(grid());
        assertThat(split.test().size()).isZero();
    }

    @Test
    void givenSplitKeepsTheTestSetAndTakesValidationFromTraining() {
        Ratings all = grid();
        Split halves = Split.random(all, 0.5, 0.0, new SeededRandom(9));

        Split split = Split.given(halves.train(), halves.test(), 0.25, new SeededRandom(11));

        assertThat(split.test()).isSameAs(halves.test());
        assertThat(split.validation().size()).isEqualTo(125);
        assertThat(split.train().size()).isEqualTo(375);
        assertThat(pairs(split.train())).doesNotContainAnyElementsOf(pairs(split.validation()));
        Set<Long> trainAndValidation = pairs(split.train());
        trainAndValidation.addAll(pairs(split.validation()));
        assertThat(trainAndValidation).isEqualTo(pairs(halves.train()));
        assertThat(Split.given(halves.train(), halves.test(), 0.25, new SeededRandom(11))).isEqualTo(split);
    }

    @Test
    void rejectsFractionsOutsideTheUnitInterval() {
        assertThatThrownBy(() -> Split.random(grid(), 1.0, 0.0, new SeededRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("testFraction");
        assertThatThrownBy(() -> Split.random(grid(), 0.1, -0.5, new SeededRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validationFraction");
    }

    @Test
    void rejectsTestSetOverOtherIndices() {
        Ratings other = Ratings.of(IdIndex.sequential(2), IdIndex.sequential(2), new int[] {0}, new int[] {1},
                new float[] {3});

        assertThatThrownBy(() -> Split.given(grid(), other, 0.0, new SeededRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("indices");
    }
}
