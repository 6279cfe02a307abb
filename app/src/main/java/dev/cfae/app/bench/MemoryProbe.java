package dev.cfae.app.bench;


import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of this process: the JVM heap (sum of the heap pools' peaks), the peak resident set
 * (Linux {@code VmHWM}: heap, ND4J's off-heap arrays, native libraries and thread stacks together),
 * and their difference as the estimate of off-heap memory. ND4J 1.0.0-M2.1's CPU allocations are
 * not counted by its allocation tracker nor by JavaCPP, so the difference is the best measure here.
 *
 * @param heapPeakBytes    peak heap use since the JVM started
 * @param offHeapBytes     peak resident minus peak heap: an estimate of the off-heap peak
 * @param residentPeakBytes peak resident set size, or -1 where /proc is absent
 */
public record MemoryProbe(long heapPeakBytes, long offHeapBytes, long residentPeakBytes) {
    public static MemoryProbe read() {
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        return new MemoryProbe(heap, nonHeap(heap), residentPeak());
    }

    private static long nonHeap(long heap) {
        long resident = residentPeak();
        return resident < 0 ? -1 : Math.max(0, resident - heap);
    }

    private static long residentPeak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
