package dev.cfae.engine.nn;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class KernelThreadsTest {
    @Test
    void runsEveryPartOnceWithTheFirstOnTheCallingThread() {
        KernelThreads threads = KernelThreads.of(3);
        Set<Integer> parts = ConcurrentHashMap.newKeySet();
        Set<String> names = ConcurrentHashMap.newKeySet();

        threads.run(3, part -> {
            assertThat(parts.add(part)).isTrue();
            if (part == 0) {
                names.add(Thread.currentThread().getName());
            }
        });

        assertThat(parts).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(names).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void splitsOnlyWorkWorthAThread() {
        KernelThreads two = KernelThreads.of(2);

        assertThat(two.parts(999, 1000)).isEqualTo(1);
        assertThat(two.parts(2000, 1000)).isEqualTo(2);
        assertThat(two.parts(1_000_000, 1000)).isEqualTo(2);
        assertThat(KernelThreads.SINGLE.parts(1_000_000, 1)).isEqualTo(1);
        assertThat(KernelThreads.of(0).threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aFailingPartFailsTheRunAfterTheOthersFinish() {
        KernelThreads threads = KernelThreads.of(2);
        Set<Integer> finished = ConcurrentHashMap.newKeySet();

        assertThatThrownBy(() -> threads.run(2, part -> {
            if (part == 1) {
                throw new IllegalStateException("part 1 failed");
            }
            finished.add(part);
        })).isInstanceOf(IllegalStateException.class).hasMessage("part 1 failed");
        assertThat(finished).containsExactly(0);
        assertThatThrownBy(() -> threads.run(3, part -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
