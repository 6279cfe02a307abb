package dev.cfae.engine.nn;

import dev.cfae.api.config.SettingsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparseSettingsTest {
    @Test
    void autoChoosesSparseUpToTheDensityLimitWhenTheVectorApiIsPresent() {
        SparseSettings auto = new SparseSettings(SparseSettings.Mode.AUTO, 0.4);
        assertThat(auto.useSparse(0.4, null)).isTrue();
        assertThat(auto.useSparse(0.41, null)).isFalse();
        assertThat(new SparseSettings(SparseSettings.Mode.SPARSE, 0.4).useSparse(0.9, null)).isTrue();
        assertThat(SparseSettings.DENSE.useSparse(0.01, null)).isFalse();
    }

    @Test
    void withoutTheVectorApiAutoFallsBackToDenseAndSparseIsAConfigurationError() {
        assertThat(new SparseSettings(SparseSettings.Mode.AUTO, 0.4).useSparse(0.01, "what is missing")).isFalse();
        assertThat(SparseSettings.DENSE.useSparse(0.01, "what is missing")).isFalse();
        assertThatThrownBy(() -> new SparseSettings(SparseSettings.Mode.SPARSE, 0.4).useSparse(0.01, "what is missing"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.engine.sparse.mode")
                .hasMessageContaining("what is missing");
    }
}
