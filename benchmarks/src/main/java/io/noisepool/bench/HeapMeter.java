package io.noisepool.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Measures live heap: the heap in use after full collections, repeated until two readings agree,
 * since one collection may leave finalizable or softly reachable objects for the next.
 */
final class HeapMeter {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final int MAX_COLLECTIONS = 20;
    private static final long STABLE_BYTES = 1024;

    private HeapMeter() {}

    /**
     * @return bytes of heap in use after the collections
     */
    static long liveBytes() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) <= STABLE_BYTES) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
