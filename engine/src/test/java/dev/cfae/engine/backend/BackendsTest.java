package dev.cfae.engine.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ND4J picks its backend once per JVM, and other tests in this JVM may already have started it; every
 * test here is correct in either order because the test class path holds only the CPU backend.
 */
final class BackendsTest {
    private static final String CPU = BackendChoice.CPU.backendClass();

    @ParameterizedTest
    @EnumSource(value = BackendChoice.class, names = {"CPU", "AUTO"})
    void loadsTheCpuBackendAndAppliesThreads(BackendChoice choice) {
        BackendInfo info = Backends.select(new EngineSettings(choice, 1, 1, 1));

        assertThat(info.requested()).isEqualTo(choice);
        assertThat(info.backendClass()).isEqualTo(CPU);
        assertThat(info.blasThreads()).isEqualTo(1);
        assertThat(info.ompThreads()).isEqualTo(1);
        assertThat(info.nd4jThreads()).isPositive();
        assertThat(info.warnings()).isEmpty();
        assertThat(info.summary()).startsWith("backend=CpuBackend (asked " + choice.name().toLowerCase() + ")");
    }

    @Test
    void reportsTheThreadEnvironmentAsItIs() {
        BackendInfo info = Backends.select(new EngineSettings(BackendChoice.CPU, 0, 0, 1));

        for (String name : List.of("OMP_NUM_THREADS", "OMP_WAIT_POLICY")) {
            assertThat(info.environment().get(name)).as(name).isEqualTo(System.getenv(name));
        }
        assertThat(info.blasThreads()).isPositive();
    }

    @Test
    void cudaWithoutTheCudaBackendOnTheClassPathFailsClearly() {
        assertThatThrownBy(() -> Backends.select(new EngineSettings(BackendChoice.CUDA, 1, 0, 1)))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("CUDA backend is unavailable")
                .hasMessageContaining("no org.nd4j.linalg.jcublas.JCublasBackend")
                .hasMessageContaining("-Pcuda");
    }

    @Test
    void aDifferentLoadedBackendIsRejected() {
        assertThatThrownBy(() -> Backends.verify(BackendChoice.CUDA, CPU))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("CUDA backend is unavailable")
                .hasMessageContaining("ND4J loaded " + CPU)
                .hasMessageContaining("-Pcuda");
        assertThatThrownBy(() -> Backends.verify(BackendChoice.CPU, BackendChoice.CUDA.backendClass()))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("CPU backend is unavailable");
    }

    @Test
    void theFilterShowsExactlyTheChosenBackend() throws IOException {
        ClassLoader parent = getClass().getClassLoader();
        BackendServiceFilter filter = new BackendServiceFilter(parent, "com.example.SomeBackend");

        List<URL> files = Collections.list(filter.getResources(BackendServiceFilter.SERVICE));

        assertThat(files).hasSize(1);
        try (InputStream in = files.get(0).openStream()) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("com.example.SomeBackend\n");
        }
        assertThat(BackendServiceFilter.listedBackends(filter)).containsExactly("com.example.SomeBackend");
        assertThat(BackendServiceFilter.listedBackends(parent)).contains(CPU);
        // Everything else still comes from the parent.
        assertThat(filter.getResource("reference.conf")).isEqualTo(parent.getResource("reference.conf"));
    }
}
