package dev.cfae.api.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

final class SuggestionsTest {
    @Test
    void editDistanceCountsSingleCharacterEdits() {
        assertThat(Suggestions.editDistance("vae", "vae")).isZero();
        assertThat(Suggestions.editDistance("vae", "cvae")).isEqualTo(1);
        assertThat(Suggestions.editDistance("epoch", "epochs")).isEqualTo(1);
        assertThat(Suggestions.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.editDistance("", "abc")).isEqualTo(3);
    }

    @Test
    void closestWithinToleranceOrNothing() {
        List<String> names = List.of("autoencoder", "k-sparse", "vae");

        assertThat(Suggestions.closest("autoencodr", names, 2)).isEqualTo("autoencoder");
        assertThat(Suggestions.closest("ksparse", names, 2)).isEqualTo("k-sparse");
        assertThat(Suggestions.closest("matrix-factorization", names, 3)).isNull();
    }
}
