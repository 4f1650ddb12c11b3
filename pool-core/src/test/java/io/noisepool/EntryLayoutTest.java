package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * Issue 13, item 2: entries claimed by different threads must not share a cache line in the
 * fields their checkouts and returns touch, wherever a copying collector puts them.
 *
 * <p>A collector may place an entry at any 8-byte alignment, next to any object (another thread's
 * entry, or its connection), and moves it again at each collection, so a measurement of one heap
 * proves nothing. This test reads the running JVM's layout of {@link Entry} with JOL and checks,
 * for every alignment, that the cache lines holding those fields lie inside the entry itself.
 */
class EntryLayoutTest {

    private static final int CACHE_LINE = 64;
    private static final int OBJECT_ALIGNMENT = 8;
    /** Every field a checkout or a return reads or writes. */
    private static final Set<String> TOUCHED = Set.of(
            "conn", "host", "createdNanos", "lastUsedNanos", "checkoutNanos", "lease", "state");

    @Test
    void noOtherObjectSharesACacheLineWithTheFieldsACheckoutTouches() {
        ClassLayout layout = ClassLayout.parseClass(Entry.class);
        List<FieldLayout> touched = layout.fields().stream().filter(f -> TOUCHED.contains(f.name())).toList();
        assertThat(touched).extracting(FieldLayout::name).containsExactlyInAnyOrderElementsOf(TOUCHED);
        long from = touched.stream().mapToLong(FieldLayout::offset).min().orElseThrow();
        long to = touched.stream().mapToLong(f -> f.offset() + f.size()).max().orElseThrow();
        long size = layout.instanceSize();

        for (long start = 0; start < CACHE_LINE; start += OBJECT_ALIGNMENT) {
            long firstLineStart = (start + from) / CACHE_LINE * CACHE_LINE;
            long lastLineEnd = ((start + to - 1) / CACHE_LINE + 1) * CACHE_LINE;
            assertThat(firstLineStart >= start && lastLineEnd <= start + size)
                    .as("An entry of %d bytes at offset %d of a cache line has its touched fields in bytes %d-%d,"
                            + " so the lines %d-%d it touches reach outside it (into bytes %d-%d). Layout:%n%s",
                            size, start, start + from, start + to - 1, firstLineStart, lastLineEnd - 1,
                            start, start + size - 1, layout.toPrintable())
                    .isTrue();
        }
    }
}
