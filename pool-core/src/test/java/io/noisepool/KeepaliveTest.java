package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.noisepool.ExpirySlackTest.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: keepalive. The evictor probes connections idle for an interval with the health check,
 * on probe threads: a failing or overrunning one is closed as unhealthy, a passing one stays idle,
 * keeps its maxIdle clock and goes to a waiting caller like any return; a checkout skips one under
 * probe.
 *
 * <p>Most tests drive {@link ConnPool#housekeep} with a fake clock (no evictor thread), then wait
 * for the probe thread with Awaitility; one runs the real evictor with short durations.
 */
class KeepaliveTest {

    private static final long SEC = TimeUnit.SECONDS.toNanos(1);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final AtomicInteger checks = new AtomicInteger();
    /** Opens the gate of {@link #gated}; counted down after each test so no probe thread stays parked. */
    private final CountDownLatch gate = new CountDownLatch(1);
    private final List<EvictionReason> evictions = new CopyOnWriteArrayList<>();

    /** Healthy while open: what the check sees, it counts. */
    private final HealthCheck whileOpen = conn -> {
        checks.incrementAndGet();
        return conn.isOpen();
    };

    /** Healthy once the gate opens. */
    private final HealthCheck gated = conn -> {
        checks.incrementAndGet();
        gate.await();
        return true;
    };

    @AfterEach
    void openGate() {
        gate.countDown();
    }

    private ConnPool pool(FakeClock clock, HealthCheck check, Duration maxIdle) {
        PoolConfig config = PoolConfig.builder().healthCheck(check).keepaliveInterval(Duration.ofSeconds(10))
                .maxIdle(maxIdle).maxAge(Duration.ZERO).build();
        ConnPool pool = new ConnPool(config, Seams.NONE, clock, false);
        pool.addListener(new PoolListener() {
            @Override
            public void evicted(String address, EvictionReason reason) {
                evictions.add(reason);
            }
        });
        return pool;
    }

    private static void awaitSettled(ConnPool pool) {
        await().atMost(WAIT).until(() -> pool.stats().inUse() == 0);
    }

    @Test
    void aKeepaliveWithoutAHealthCheckFailsTheBuildNamingIt() {
        assertThatThrownBy(() -> PoolConfig.builder().keepaliveInterval(Duration.ofSeconds(30)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepaliveInterval").hasMessageContaining("healthCheck");
        assertThatThrownBy(() -> PoolConfig.builder().healthCheck(whileOpen).keepaliveInterval(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepaliveInterval");
        assertThat(PoolConfig.builder().build().keepaliveInterval()).isZero();
        PoolConfig on = PoolConfig.builder().healthCheck(whileOpen).keepaliveInterval(Duration.ofSeconds(30)).build();
        assertThat(on.toBuilder().build().keepaliveInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aConnectionIdleForTheIntervalIsProbedAndOneThatFailsIsClosedAsUnhealthy() {
        FakeClock clock = new FakeClock();
        try (ConnPool pool = pool(clock, whileOpen, Duration.ZERO)) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);
            conn.die();

            pool.housekeep(9 * SEC);
            assertThat(checks.get()).isZero();

            pool.housekeep(10 * SEC);
            await().atMost(WAIT).until(() -> conn.closeCount() == 1);
            assertThat(evictions).containsExactly(EvictionReason.UNHEALTHY);
            assertThat(pool.stats().total()).isZero();
            assertThat(pool.stats().inUse()).isZero();
        }
    }

    @Test
    void aConnectionThatPassesStaysIdleAndIsProbedAgainOnlyAnIntervalLater() {
        FakeClock clock = new FakeClock();
        try (ConnPool pool = pool(clock, whileOpen, Duration.ZERO)) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);

            assertThat(pool.housekeep(10 * SEC)).isEqualTo(20 * SEC);
            awaitSettled(pool);
            assertThat(checks.get()).isEqualTo(1);
            assertThat(pool.stats().available()).isEqualTo(1);

            assertThat(pool.housekeep(19 * SEC)).isEqualTo(20 * SEC);
            assertThat(checks.get()).isEqualTo(1);

            pool.housekeep(20 * SEC);
            awaitSettled(pool);
            assertThat(checks.get()).isEqualTo(2);
            assertThat(conn.closeCount()).isZero();
            assertThat(pool.get("a:1")).isNotNull();
        }
    }

    @Test
    void aProbeNeverResetsTheMaxIdleClock() {
        FakeClock clock = new FakeClock();
        try (ConnPool pool = pool(clock, whileOpen, Duration.ofSeconds(25))) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);
            List<ConnSnapshot> before = pool.snapshot();

            pool.housekeep(10 * SEC);
            awaitSettled(pool);
            pool.housekeep(20 * SEC);
            awaitSettled(pool);
            assertThat(checks.get()).isEqualTo(2);
            assertThat(pool.snapshot()).isEqualTo(before);

            pool.housekeep(25 * SEC);
            assertThat(conn.closeCount()).isEqualTo(1);
            assertThat(evictions).containsExactly(EvictionReason.IDLE);
        }
    }

    @Test
    void aCheckoutSkipsAConnectionUnderProbe() {
        FakeClock clock = new FakeClock();
        try (ConnPool pool = pool(clock, gated, Duration.ZERO)) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);

            pool.housekeep(10 * SEC);
            await().atMost(WAIT).until(() -> checks.get() == 1);
            assertThat(pool.get("a:1")).isNull();

            gate.countDown();
            awaitSettled(pool);
            assertThat(pool.stats().available()).isEqualTo(1);
            assertThat(conn.closeCount()).isZero();
        }
    }

    @Test
    void aConnectionThatPassesGoesToACallerWaitingForIt() throws Exception {
        FakeClock clock = new FakeClock();
        PoolConfig config = PoolConfig.builder().healthCheck(gated).keepaliveInterval(Duration.ofSeconds(10))
                .maxSize(1).acquireTimeout(Duration.ofDays(1)).build();
        try (ConnPool pool = new ConnPool(config, Seams.NONE, clock, false)) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);
            pool.housekeep(10 * SEC);
            await().atMost(WAIT).until(() -> checks.get() == 1);

            RecordingDialer dialer = new RecordingDialer();
            CompletableFuture<PooledConnection> waiter =
                    CompletableFuture.supplyAsync(() -> pool.getOrDial("a:1", Duration.ofDays(1), dialer));
            await().atMost(WAIT).until(() -> pool.stats().pending() == 1);

            gate.countDown();
            PooledConnection got = waiter.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(got.unwrap(FakeConn.class)).isSameAs(conn);
            assertThat(dialer.dialed).isEmpty();
        }
    }

    @Test
    void aProbeThatOverrunsTheHealthCheckTimeoutClosesTheConnection() {
        PoolConfig config = PoolConfig.builder().healthCheck(gated).keepaliveInterval(Duration.ofSeconds(10))
                .healthCheckTimeout(Duration.ofMillis(100)).build();
        try (ConnPool pool = new ConnPool(config, Seams.NONE, new FakeClock(), false)) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);

            pool.housekeep(10 * SEC);

            await().atMost(WAIT).until(() -> conn.closeCount() == 1);
            assertThat(pool.stats().total()).isZero();
            assertThat(pool.stats().inUse()).isZero();
        }
    }

    @Test
    void atMostSixteenKeepaliveProbesRunAtOnceAndTheOthersRunWhenTheyEnd() {
        FakeClock clock = new FakeClock();
        int connections = ConnPool.MAX_KEEPALIVE_PROBES + 8;
        try (ConnPool pool = pool(clock, gated, Duration.ZERO)) {
            for (int i = 0; i < connections; i++) {
                pool.put("peer-" + i + ":1", new FakeConn());
            }

            pool.housekeep(10 * SEC);
            // Each probe claims its entry before housekeep returns: the count is exact at once.
            assertThat(pool.stats().inUse()).isEqualTo(ConnPool.MAX_KEEPALIVE_PROBES);
            await().atMost(WAIT).until(() -> checks.get() == ConnPool.MAX_KEEPALIVE_PROBES);
            pool.housekeep(10 * SEC);
            assertThat(pool.stats().inUse()).as("probes while 16 checks hang").isEqualTo(ConnPool.MAX_KEEPALIVE_PROBES);

            gate.countDown();
            await().atMost(WAIT).until(() -> {
                pool.housekeep(10 * SEC);
                return checks.get() == connections;
            });
            awaitSettled(pool);
            assertThat(pool.stats().available()).isEqualTo(connections);
            assertThat(evictions).isEmpty();
        }
    }

    @Test
    void withTheRealEvictorAtMostSixteenChecksRunAtOnceAndEveryConnectionIsProbed() {
        int connections = ConnPool.MAX_KEEPALIVE_PROBES + 4;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<Conn> probed = ConcurrentHashMap.newKeySet();
        HealthCheck counting = conn -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                probed.add(conn);
                return gated.isHealthy(conn);
            } finally {
                running.decrementAndGet();
            }
        };
        // The evictor's own thread: probes that waited for a permit run once the hanging ones end.
        PoolConfig config = PoolConfig.builder().healthCheck(counting).keepaliveInterval(Duration.ofMillis(50))
                .maxAge(Duration.ZERO).maxIdle(Duration.ZERO).build();
        try (ConnPool pool = new ConnPool(config)) {
            for (int i = 0; i < connections; i++) {
                pool.put("peer-" + i + ":1", new FakeConn());
            }
            await().atMost(WAIT).until(() -> checks.get() == ConnPool.MAX_KEEPALIVE_PROBES);

            gate.countDown();
            await().atMost(WAIT).until(() -> probed.size() == connections);
            assertThat(mostAtOnce.get()).isLessThanOrEqualTo(ConnPool.MAX_KEEPALIVE_PROBES);
        }
    }

    @Test
    void theEvictorAloneFindsAConnectionThePeerDroppedWhileIdle() {
        // No maxAge, no maxIdle: keepalive alone must wake the evictor.
        PoolConfig config = PoolConfig.builder().healthCheck(whileOpen).keepaliveInterval(Duration.ofMillis(100))
                .maxAge(Duration.ZERO).maxIdle(Duration.ZERO).build();
        try (ConnPool pool = new ConnPool(config)) {
            FakeConn dropped = new FakeConn();
            FakeConn alive = new FakeConn();
            pool.put("a:1", dropped);
            pool.put("a:1", alive);
            dropped.die();

            await().atMost(WAIT).until(() -> dropped.closeCount() == 1);
            await().atMost(WAIT).until(() -> checks.get() >= 4); // the live one passed twice at least
            assertThat(alive.closeCount()).isZero();
            assertThat(pool.stats().total()).isEqualTo(1);
        }
    }
}
