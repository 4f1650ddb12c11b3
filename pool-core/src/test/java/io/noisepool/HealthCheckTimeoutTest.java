package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, defect 7: a health check that never returns costs a probe thread, never the caller's
 * whole wait, a connection slot or a drain; and a zero timeout starts no probe it cannot wait for.
 */
class HealthCheckTimeoutTest {

    private final CountDownLatch never = new CountDownLatch(1);
    private final AtomicInteger checks = new AtomicInteger();
    private final HealthCheck hangs = conn -> {
        checks.incrementAndGet();
        never.await();
        return true;
    };

    @AfterEach
    void releaseProbeThreads() {
        never.countDown();
    }

    private ConnPool poolWith(Duration healthCheckTimeout) {
        return new ConnPool(PoolConfig.builder().healthCheck(hangs).healthCheckTimeout(healthCheckTimeout).build());
    }

    @Test
    void getGivesUpOnAHangingCheckAfterItsTimeoutAndClosesTheConnection() throws Exception {
        try (ConnPool pool = poolWith(Duration.ofMillis(100))) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);

            assertThat(pool.get("a:1")).isNull();

            assertThat(conn.closeCount()).isEqualTo(1);
            assertThat(pool.stats().inUse()).isZero();
            assertThat(pool.stats().total()).isZero();
            assertThat(pool.drain(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void aProbeLeftBehindByItsCallerEndsAtTheCheckTimeout() throws Exception {
        try (ConnPool pool = poolWith(Duration.ofMillis(200))) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);

            assertThat(pool.get("a:1", Duration.ofMillis(10))).isNull();

            await().atMost(30, TimeUnit.SECONDS).until(() -> conn.closeCount() == 1);
            assertThat(pool.drain(Duration.ofSeconds(30))).isTrue();
            assertThat(pool.stats().total()).isZero();
        }
    }

    @Test
    void aZeroTimeoutStartsNoProbe() {
        try (ConnPool pool = poolWith(Duration.ofSeconds(5))) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);

            assertThat(pool.get("a:1", Duration.ZERO)).isNull();

            assertThat(checks.get()).isZero();
            assertThat(pool.stats().available()).isEqualTo(1);
            assertThat(conn.closeCount()).isZero();
        }
    }
}
