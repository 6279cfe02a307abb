package dev.cfae.api.config;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class ConfigBlockNumbersTest {
    private static ConfigBlock block(String hocon) {
        return ConfigBlock.of(ConfigFactory.parseString("cfae { " + hocon + " }"), "cfae");
    }

    @Test
    void wholeNumbersAreReadInAnySpelling() {
        ConfigBlock block = block("a = 3, b = \"4\", c = 2e3, d = 9000000000");

        assertThat(block.getInt("a")).isEqualTo(3);
        assertThat(block.getInt("b")).isEqualTo(4);
        assertThat(block.getInt("c")).isEqualTo(2000);
        assertThat(block.getLong("d")).isEqualTo(9_000_000_000L);
    }

    @Test
    void fractionsAreErrorsNotTruncated() {
        // Typesafe Config itself would return 1 for getInt on 1.5.
        assertThatThrownBy(() -> block("seed = 1.5").getLong("seed"))
                .isInstanceOf(SettingsException.class).hasMessage("cfae.seed: must be a whole number, got 1.5 (String: 1)");
        assertThatThrownBy(() -> block("epochs = \"2.5\"").getInt("epochs"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("cfae.epochs");
    }

    @Test
    void numbersOutsideTheRangeAreErrors() {
        assertThatThrownBy(() -> block("n = 3000000000").getInt("n"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("cfae.n");
        assertThatThrownBy(() -> block("n = 1e30").getLong("n"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("cfae.n");
        assertThatThrownBy(() -> block("n = many").getInt("n"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("cfae.n");
    }

    /** A value of the wrong kind is reported as what was expected, what came, and where it came from. */
    @Test
    void aValueOfTheWrongKindSaysWhatWasExpectedAndWhereItCameFrom() {
        assertThatThrownBy(() -> block("n = many").getInt("n"))
                .hasMessage("cfae.n: expected a whole number, got \"many\" (String: 1)");
        assertThatThrownBy(() -> block("rate = fast").getDouble("rate"))
                .hasMessageContaining("expected a number, got \"fast\"");
        assertThatThrownBy(() -> block("on = maybe").getBoolean("on"))
                .hasMessageContaining("expected true or false, got \"maybe\"");
        assertThatThrownBy(() -> block("every = [30]").getDuration("every"))
                .hasMessageContaining("expected a duration such as 30 minutes, got [30]");
        // A string that is no duration is Typesafe's to explain: it lists the units it knows.
        assertThatThrownBy(() -> block("every = \"30 lightyears\"").getDuration("every"))
                .hasMessageContaining("cfae.every").hasMessageContaining("lightyears").hasMessageContaining("try ns");
        assertThatThrownBy(() -> block("n = [1, 2]").getInt("n"))
                .hasMessageContaining("expected a whole number, got [1,2]");
    }
}
