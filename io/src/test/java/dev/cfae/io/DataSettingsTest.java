package dev.cfae.io;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.cfae.api.config.SettingsException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cfae.io.TestFiles.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class DataSettingsTest {

    @Test
    void referenceDefaults() {
        DataSettings defaults = settings("");

        assertThat(defaults.train()).isEqualTo("data/ml-latest-small/ratings.csv");
        assertThat(defaults.test()).isNull();
        assertThat(defaults.hasTest()).isFalse();
        assertThat(defaults.format()).isEqualTo(RatingFormat.AUTO);
        assertThat(defaults.userColumn()).isEqualTo("userId");
        assertThat(defaults.itemColumn()).isEqualTo("movieId");
        assertThat(defaults.ratingColumn()).isEqualTo("rating");
        assertThat(defaults.hasRatingMin()).isFalse();
        assertThat(defaults.hasRatingMax()).isFalse();
        assertThat(defaults.duplicates()).isEqualTo(DuplicatePolicy.ERROR);
        assertThat(defaults.testFraction()).isEqualTo(0.1);
        assertThat(defaults.validationFraction()).isEqualTo(0.1);
    }

    @Test
    void readsEveryKey() {
        DataSettings read = settings("""
                train = u1.base, test = u1.test, format = movielens-tab
                columns { user = u, item = i, rating = r }
                rating-range { min = 1, max = 5 }
                duplicates = mean
                split { test-fraction = 0.2, validation-fraction = 0.05 }
                """);

        assertThat(read).isEqualTo(new DataSettings("u1.base", "u1.test", RatingFormat.MOVIELENS_TAB, "u", "i", "r",
                1.0, 5.0, DuplicatePolicy.MEAN, 0.2, 0.05));
    }

    @Test
    void everyReferenceKeyHasAComment() {
        Config reference = ConfigFactory.parseResources("reference.conf");
        List<String> uncommented = new ArrayList<>();
        collectUncommented(reference.getObject("cfae.data"), "cfae.data", uncommented);

        assertThat(uncommented).isEmpty();
    }

    private static void collectUncommented(ConfigObject object, String prefix, List<String> uncommented) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String key = prefix + "." + entry.getKey();
            if (entry.getValue().origin().comments().isEmpty()) {
                uncommented.add(key);
            }
            if (entry.getValue() instanceof ConfigObject child) {
                collectUncommented(child, key, uncommented);
            }
        }
    }

    @Test
    void testFractionOfOneIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> settings("split.test-fraction = 1.0"))
                .isInstanceOfSatisfying(SettingsException.class,
                        e -> assertThat(e.key()).isEqualTo("cfae.data.split.test-fraction"))
                .hasMessageContaining("[0, 1)");
    }

    @Test
    void negativeValidationFractionIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> settings("split.validation-fraction = -0.1"))
                .isInstanceOfSatisfying(SettingsException.class,
                        e -> assertThat(e.key()).isEqualTo("cfae.data.split.validation-fraction"));
    }

    @Test
    void fractionsMustSumBelowOne() {
        assertThatThrownBy(() -> settings("split { test-fraction = 0.5, validation-fraction = 0.5 }"))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.data.split"))
                .hasMessageContaining("< 1");
    }

    @Test
    void unknownFormatListsTheChoices() {
        assertThatThrownBy(() -> settings("format = excel"))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.data.format"))
                .hasMessageContaining("movielens-tab");
    }

    @Test
    void unknownDuplicatePolicyIsAnError() {
        assertThatThrownBy(() -> settings("duplicates = first"))
                .isInstanceOfSatisfying(SettingsException.class,
                        e -> assertThat(e.key()).isEqualTo("cfae.data.duplicates"));
    }

    @Test
    void emptyRatingRangeIsAnError() {
        assertThatThrownBy(() -> settings("rating-range { min = 5, max = 1 }"))
                .isInstanceOfSatisfying(SettingsException.class,
                        e -> assertThat(e.key()).isEqualTo("cfae.data.rating-range"));
    }

    @Test
    void nonNumericRatingBoundIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> settings("rating-range.max = high"))
                .isInstanceOfSatisfying(SettingsException.class,
                        e -> assertThat(e.key()).isEqualTo("cfae.data.rating-range.max"));
    }

    @Test
    void sameColumnTwiceIsAnError() {
        assertThatThrownBy(() -> settings("columns { user = id, item = id }"))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.data.columns"));
    }

    @Test
    void unknownKeyIsAnErrorNamingIt() {
        assertThatThrownBy(() -> settings("split.tset-fraction = 0.2"))
                .isInstanceOfSatisfying(SettingsException.class,
                        e -> assertThat(e.key()).isEqualTo("cfae.data.split.tset-fraction"))
                .hasMessageContaining("unknown key");
    }

    @Test
    void emptyTrainPathIsAnError() {
        assertThatThrownBy(() -> settings("train = \"\""))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cfae.data.train"));
    }
}
