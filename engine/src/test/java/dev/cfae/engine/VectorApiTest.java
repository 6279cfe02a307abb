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
        // The build adds the module and CI's machines have AVX2. Without them the tests that force
        // sparse kernels would fail on a configuration error, but the fused-Adam and auto-mode tests
        // would quietly test the ND4J paths: this says why at once.
        assertThat(VectorApi.missing()).isNull();
        assertThat(VectorApi.available()).isTrue();
    }
}
