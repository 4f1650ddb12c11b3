package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HousekeeperTest {

    private static final long SEC = TimeUnit.SECONDS.toNanos(1);

    @Test
    void expiryCountsAgeFromCreationAndIdleFromLastUse() {
        Entry entry = new Entry(new FakeConn(), new Host("a:1"), 0, Entry.IDLE);
        assertThat(entry.expiry(9 * SEC, 10 * SEC, 5 * SEC, true)).isEqualTo(EvictionReason.IDLE);
        entry.lastUsedNanos = 8 * SEC;
        assertThat(entry.expiry(9 * SEC, 10 * SEC, 5 * SEC, true)).isNull();
        assertThat(entry.expiry(10 * SEC, 10 * SEC, 5 * SEC, true)).isEqualTo(EvictionReason.AGE);
        assertThat(entry.expiry(100 * SEC, 0, 0, true)).isNull();
        assertThat(entry.expiry(14 * SEC, 0, 5 * SEC, false)).isNull();
        assertThat(entry.idleDeadline(10 * SEC, 5 * SEC)).isEqualTo(10 * SEC);
        assertThat(entry.idleDeadline(0, 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void housekeepClosesWhatIsDueAndAnswersTheNextDeadline() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxIdle(Duration.ofMinutes(10)).maxAge(Duration.ZERO).build())) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);
            long now = pool.now();

            long next = pool.housekeep(now);
            assertThat(next - now).isLessThanOrEqualTo(TimeUnit.MINUTES.toNanos(10));
            assertThat(conn.closeCount()).isZero();

            pool.housekeep(now + TimeUnit.MINUTES.toNanos(11));
            assertThat(conn.closeCount()).isEqualTo(1);
            assertThat(pool.stats().total()).isZero();
        }
    }

    @Test
    void evictorThreadClosesExpiredIdleConnectionsWithoutAnyCall() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxIdle(Duration.ofMillis(100)).build())) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);
            await().atMost(10, TimeUnit.SECONDS).until(() -> conn.closeCount() == 1);
            assertThat(pool.stats().addresses()).isZero();
        }
    }

    @Test
    void evictorNeverClosesACheckedOutConnectionButCheckoutReturnCloses() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxAge(Duration.ofMillis(50)).build())) {
            PooledConnection out = pool.getOrDial("a:1", new RecordingDialer());
            FakeConn idle = new FakeConn();
            pool.put("b:1", idle);
            await().atMost(10, TimeUnit.SECONDS).until(() -> idle.closeCount() == 1);

            assertThat(out.unwrap(FakeConn.class).closeCount()).isZero();
            out.close();
            assertThat(out.unwrap(FakeConn.class).closeCount()).isEqualTo(1);
        }
    }

    @Test
    void evictorIsANamedDaemonThreadThatEndsOnClose() throws Exception {
        ConnPool pool = new ConnPool();
        Thread thread = pool.housekeeperThread();
        assertThat(thread.getName()).startsWith("noisepool-evictor-");
        assertThat(thread.isDaemon()).isTrue();
        await().until(() -> thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING);

        pool.close();

        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void noLimitsMeansNoThread() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxAge(Duration.ZERO).maxIdle(Duration.ZERO).build())) {
            assertThat(pool.housekeeperThread()).isNull();
        }
    }

    @Test
    void expiredIdleConnectionIsNeverHandedOut() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxAge(Duration.ofNanos(1)).build())) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);
            assertThat(pool.get("a:1")).isNull();
            await().atMost(10, TimeUnit.SECONDS).until(() -> conn.closeCount() == 1);
        }
    }

    @Test
    void aReturnDuringAScanDoesNotForceAnotherScan() {
        Clock clock = new Clock();
        long horizon = TimeUnit.MINUTES.toNanos(10);
        AtomicInteger scans = new AtomicInteger();
        AtomicReference<Housekeeper> housekeeper = new AtomicReference<>();
        housekeeper.set(new Housekeeper("test-housekeeper", clock, horizon, now -> {
            if (scans.incrementAndGet() == 1) {
                housekeeper.get().dueBy(clock.now() + horizon); // a connection returned meanwhile, idle limit 10 min
            }
            return now + horizon;
        }));
        housekeeper.get().start();
        try {
            Thread thread = housekeeper.get().thread();
            await().atMost(10, TimeUnit.SECONDS).until(() -> scans.get() >= 1 && thread.getState() == Thread.State.TIMED_WAITING);
            assertThat(scans.get()).isEqualTo(1);
        } finally {
            housekeeper.get().stop();
        }
    }

    @Test
    void anEntryThatJoinsBehindAScanThatFoundNothingIsStillLookedAt() {
        Clock clock = new Clock();
        long horizon = TimeUnit.MILLISECONDS.toNanos(200);
        AtomicInteger scans = new AtomicInteger();
        AtomicReference<Housekeeper> housekeeper = new AtomicReference<>();
        housekeeper.set(new Housekeeper("test-housekeeper", clock, horizon, now -> {
            if (scans.incrementAndGet() == 1) {
                // An idle connection joined an address this scan had already passed, and it is the only one.
                housekeeper.get().dueBy(clock.now() + horizon);
            }
            return Long.MAX_VALUE;
        }));
        housekeeper.get().start();
        try {
            await().atMost(10, TimeUnit.SECONDS).until(() -> scans.get() >= 2);
        } finally {
            housekeeper.get().stop();
        }
    }

    @Test
    void anErrorFromCloseOnTheEvictorThreadDoesNotStopEviction() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxIdle(Duration.ofMillis(50)).build())) {
            FakeConn failing = new FakeConn() {
                @Override
                public void close() {
                    closes.incrementAndGet();
                    throw new AssertionError("close failed");
                }
            };
            pool.put("a:1", failing);
            await().atMost(10, TimeUnit.SECONDS).until(() -> failing.closeCount() == 1);

            FakeConn later = new FakeConn();
            pool.put("a:1", later);
            await().atMost(10, TimeUnit.SECONDS).until(() -> later.closeCount() == 1);
            assertThat(pool.housekeeperThread().isAlive()).isTrue();
        }
    }

    @Test
    void leakIsLoggedOnceWithTheCheckoutStack() {
        Logger logger = (Logger) LoggerFactory.getLogger(ConnPool.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (ConnPool pool = new ConnPool(PoolConfig.builder().leakDetectionThreshold(Duration.ofMillis(100)).build())) {
            PooledConnection held = pool.getOrDial("a:1", new RecordingDialer());

            await().atMost(10, TimeUnit.SECONDS).until(() -> !appender.list.isEmpty());

            ILoggingEvent event = appender.list.get(0);
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("a:1").contains("leak");
            assertThat(event.getThrowableProxy()).isNotNull();
            assertThat(event.getThrowableProxy().getStackTraceElementProxyArray())
                    .anySatisfy(frame -> assertThat(frame.getSTEAsString())
                            .contains("leakIsLoggedOnceWithTheCheckoutStack"));
            held.close();
            PooledConnection again = pool.get("a:1");
            await().atMost(10, TimeUnit.SECONDS).until(() -> appender.list.size() == 2);
            again.close();
            assertThat(appender.list).hasSize(2);
        } finally {
            logger.detachAppender(appender);
        }
    }
}
