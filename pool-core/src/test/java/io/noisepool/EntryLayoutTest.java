package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * Issue 13, item 2: entries claimed by different threads must not share a cache line in the
 * fields their checkouts and returns touch, wherever a copying collector puts them.
 *
 * <p>A collector may place an entry at any 8-byte alignment, next to any object (another thread's
 * entry, or its connection), and moves it again at each collection, so a measurement of one heap
 * proves nothing. This test reads the JVM's layout of {@link Entry} with JOL and checks, for every
 * alignment, that the cache lines holding those fields lie inside the entry itself: in this JVM,
 * and in child JVMs with the other object layouts a user may choose.
 */
class EntryLayoutTest {

    private static final int CACHE_LINE = 64;
    private static final int OBJECT_ALIGNMENT = 8;
    /** Every field a checkout or a return reads or writes. */
    private static final Set<String> TOUCHED = Set.of(
            "conn", "host", "createdNanos", "lastUsedNanos", "checkoutNanos", "lease", "state");

    @Test
    void noOtherObjectSharesACacheLineWithTheFieldsACheckoutTouches() {
        assertThat(violations()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:-UseCompressedOops", "-XX:-UseCompressedClassPointers", "-XX:+UseCompactObjectHeaders"})
    void neitherInAnotherObjectLayout(String option) throws IOException, InterruptedException {
        assumeTrue(!option.contains("CompactObjectHeaders") || Runtime.version().feature() >= 24,
                "JDK 24 brought compact object headers; older JVMs refuse the option");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), option, "-cp", System.getProperty("java.class.path"),
                EntryLayoutTest.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        assertThat(child.exitValue()).as("the child JVM with %s said:%n%s", option, output).isZero();
    }

    /** Checks this JVM's layout; exits with 1 and prints what is wrong if it fails. */
    public static void main(String[] args) {
        List<String> violations = violations();
        violations.forEach(System.out::println);
        System.exit(violations.isEmpty() ? 0 : 1);
    }

    private static List<String> violations() {
        ClassLayout layout = ClassLayout.parseClass(Entry.class);
        List<FieldLayout> touched = layout.fields().stream().filter(f -> TOUCHED.contains(f.name())).toList();
        List<String> violations = new ArrayList<>();
        if (touched.size() != TOUCHED.size()) {
            violations.add("Expected the fields " + TOUCHED + " in " + layout.toPrintable());
            return violations;
        }
        long from = touched.stream().mapToLong(FieldLayout::offset).min().orElseThrow();
        long to = touched.stream().mapToLong(f -> f.offset() + f.size()).max().orElseThrow();
        long size = layout.instanceSize();
        for (long start = 0; start < CACHE_LINE; start += OBJECT_ALIGNMENT) {
            long firstLineStart = (start + from) / CACHE_LINE * CACHE_LINE;
            long lastLineEnd = ((start + to - 1) / CACHE_LINE + 1) * CACHE_LINE;
            if (firstLineStart < start || lastLineEnd > start + size) {
                violations.add(String.format("An entry of %d bytes at offset %d of a cache line has its touched fields in"
                        + " bytes %d-%d, so the lines %d-%d it touches reach outside it (bytes %d-%d). Layout:%n%s",
                        size, start, start + from, start + to - 1, firstLineStart, lastLineEnd - 1,
                        start, start + size - 1, layout.toPrintable()));
            }
        }
        return violations;
    }
}
