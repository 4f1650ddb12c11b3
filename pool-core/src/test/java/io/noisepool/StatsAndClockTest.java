package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 11, defects 9 and 10: stats never contradict themselves; pool time never overflows. */
class StatsAndClockTest {

    @Test
    void statsNeverShowANegativeInUseOrMoreAvailableThanTotal() {
        Counters counters = new Counters();
        counters.pooled.set(2);
        counters.inUse.add(-1); // a sum read across a checkout and a return can come out like this

        PoolStats stats = counters.toStats();

        assertThat(stats.inUse()).isZero();
        assertThat(stats.available()).isEqualTo(2);

        counters.inUse.add(5);
        stats = counters.toStats();
        assertThat(stats.inUse()).isEqualTo(2);
        assertThat(stats.available()).isZero();
    }

    @Test
    void poolTimeStartsAtZeroSoDeadlinesCompareWithoutOverflow() {
        Clock clock = new Clock();
        long now = clock.now();
        assertThat(now).isBetween(0L, TimeUnit.MINUTES.toNanos(1));

        long never = Arguments.deadline(now, Arguments.nanos(Duration.ofDays(365L * 1000)));
        assertThat(never).isGreaterThan(now).isLessThan(Long.MAX_VALUE);
        assertThat(Math.min(never, Long.MAX_VALUE)).isEqualTo(never);
    }

    @Test
    void anEntryThatNeverExpiresHasNoDeadline() {
        Entry entry = new Entry(new FakeConn(), new Host("a:1"), 0, Entry.IDLE);
        long centuries = Arguments.nanos(Duration.ofDays(365L * 500));

        assertThat(entry.idleDeadline(centuries, centuries)).isPositive().isEqualTo(centuries);
        assertThat(entry.expiry(TimeUnit.DAYS.toNanos(365), centuries, centuries, true)).isNull();
    }
}
