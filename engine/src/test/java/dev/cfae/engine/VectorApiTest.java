package dev.cfae.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VectorApiTest {
    @Test
    void anAbsentModuleIsReportedWithTheFlagThatAddsIt() {
        assertThat(VectorApi.missing(0)).contains(VectorApi.FLAG);
    }

    @Test
    void vectorsNarrowerThanTheKernelsAreReportedWithTheirWidth() {
        assertThat(VectorApi.missing(128)).contains("256-bit").contains("128-bit");
    }

    @Test
    void vectorsAtLeastAsWideAsTheKernelsLackNothing() {
        assertThat(VectorApi.missing(256)).isNull();
        assertThat(VectorApi.missing(512)).isNull();
    }

    @Test
    void theBuildsTestsRunWithTheKernelsAvailable() {
        // The build adds the module and CI's machines have AVX2; were they to lose it, the sparse
        // tests would quietly run the dense paths, so this says so instead.
        assertThat(VectorApi.missing()).isNull();
        assertThat(VectorApi.available()).isTrue();
    }
}
