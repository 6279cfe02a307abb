package dev.cfae.app.run;

import com.typesafe.config.ConfigFactory;
import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.app.config.OutputSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryCheckTest {
    private static final OutputSettings NO_FILES = new OutputSettings("runs", false, false, "", "submission.csv",
            false, false);
    /** A limit far above any heap, so that only the heap check can refuse. */
    private static final MemoryCheck HUGE_LIMIT = MemoryCheck.fromConfig(
            new ConfigBlock(ConfigFactory.parseString("memory { check = true, limit = 1000T }"), "cfae.engine"));

    @Test
    void aHeapShareAboveTheMaximumHeapIsRefusedUnderAnyTotalLimit() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        MemoryCheck.Estimate heavy = new MemoryCheck.Estimate(2 * maxHeap, 0, 0, 0, 0, 0, 0, 0, 2 * maxHeap);

        assertThatThrownBy(() -> HUGE_LIMIT.require(heavy, "autoencoder", NO_FILES, 1, 1, null))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cfae.variants.autoencoder.layers")
                .hasMessageContaining("on the Java heap")
                .hasMessageContaining("-Xmx");
    }

    @Test
    void aHeapShareWithinTheMaximumHeapPasses() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        MemoryCheck.Estimate light = new MemoryCheck.Estimate(maxHeap / 4, maxHeap, 0, 0, 0, 0, 0, 0, maxHeap / 4);

        assertThatCode(() -> HUGE_LIMIT.require(light, "autoencoder", NO_FILES, 1, 1, null)).doesNotThrowAnyException();
        assertThat(light.describe()).contains("on the Java heap");
    }
}
