package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.ExpirySlackTest.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Leaks as data: {@link PoolListener#leakSuspected} once per checkout past the threshold, and
 * {@link ConnSnapshot#checkedOutFor()} for every checkout. Time is a fake clock; the housekeeper's
 * thread is not started, the test runs its cleanup and ticks.
 */
class LeakReportTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final PoolConfig LEAK_100_MS = PoolConfig.builder()
            .leakDetectionThreshold(Duration.ofMillis(100)).build();

    /** Records leak reports. */
    static final class LeakRecorder implements PoolListener {
        final List<String> addresses = new CopyOnWriteArrayList<>();
        final List<Long> heldNanos = new CopyOnWriteArrayList<>();

        @Override
        public void leakSuspected(String address, long held) {
            addresses.add(address);
            heldNanos.add(held);
        }
    }

    @Test
    void aCheckoutPastTheThresholdIsReportedOnceWithHowLongItWasHeld() {
        FakeClock clock = new FakeClock();
        LeakRecorder leaks = new LeakRecorder();
        try (ConnPool pool = new ConnPool(LEAK_100_MS, Seams.NONE, clock, false)) {
            pool.addListener(leaks);
            PooledConnection leaked = pool.getOrDial("a:1", new RecordingDialer());

            clock.set(99 * MS);
            pool.housekeep(pool.now());
            assertThat(leaks.addresses).isEmpty();

            clock.set(150 * MS);
            pool.housekeep(pool.now());
            clock.set(400 * MS);
            pool.housekeep(pool.now());

            assertThat(leaks.addresses).containsExactly("a:1");
            assertThat(leaks.heldNanos).containsExactly(150 * MS);
            leaked.close();
        }
    }

    @Test
    void eachCheckoutPastTheThresholdIsReportedOnItsOwn() {
        FakeClock clock = new FakeClock();
        LeakRecorder leaks = new LeakRecorder();
        try (ConnPool pool = new ConnPool(LEAK_100_MS, Seams.NONE, clock, false)) {
            pool.addListener(leaks);
            pool.getOrDial("a:1", new RecordingDialer()).close();
            PooledConnection first = pool.get("a:1");
            clock.set(200 * MS);
            pool.housekeep(pool.now());
            first.close();

            PooledConnection second = pool.get("a:1");
            clock.set(500 * MS);
            pool.housekeep(pool.now());

            assertThat(leaks.heldNanos).containsExactly(200 * MS, 300 * MS);
            second.close();
        }
    }

    @Test
    void withLeakDetectionCheckedOutForIsExact() {
        FakeClock clock = new FakeClock();
        try (ConnPool pool = new ConnPool(LEAK_100_MS, Seams.NONE, clock, false)) {
            pool.getOrDial("a:1", new RecordingDialer()).close();
            clock.set(1000 * MS);
            PooledConnection lease = pool.get("a:1");

            clock.set(3000 * MS);

            assertThat(pool.snapshot()).singleElement()
                    .extracting(ConnSnapshot::checkedOutFor).isEqualTo(Duration.ofMillis(2000));
            lease.close();
            assertThat(pool.snapshot()).singleElement().extracting(ConnSnapshot::checkedOutFor).isNull();
        }
    }

    @Test
    void withoutAClockReadAtCheckoutCheckedOutForCountsFromTheRecentTimeAtMostATickLong() {
        FakeClock clock = new FakeClock();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().build(), Seams.NONE, clock, false)) {
            pool.getOrDial("a:1", new RecordingDialer()).close();
            clock.set(1000 * MS);
            pool.get("a:1").close(); // a reader finds no time published and asks for one
            pool.tick(); // publishes 1000 ms
            clock.set(1030 * MS);
            PooledConnection lease = pool.get("a:1"); // stamped with the recent 1000 ms, no clock read

            clock.set(2030 * MS);

            Duration checkedOutFor = pool.snapshot().get(0).checkedOutFor();
            assertThat(checkedOutFor).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1000 + 50));
            lease.close();
        }
    }

    @Test
    void aPoolThatKeepsNoTimeAtCheckoutAnswersNullForAnIdleConnectionCheckedOut() {
        FakeClock clock = new FakeClock();
        PoolConfig noLimits = PoolConfig.builder().maxAge(Duration.ZERO).maxIdle(Duration.ZERO).build();
        try (ConnPool pool = new ConnPool(noLimits, Seams.NONE, clock, false)) {
            pool.put("a:1", new FakeConn());
            PooledConnection lease = pool.get("a:1");
            clock.set(1000 * MS);

            assertThat(pool.snapshot()).singleElement().satisfies(snapshot -> {
                assertThat(snapshot.inUse()).isTrue();
                assertThat(snapshot.checkedOutFor()).isNull();
            });
            lease.close();
        }
    }
}
