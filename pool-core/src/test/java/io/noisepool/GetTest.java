package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GetTest {

    @Test
    void returnsNullWhenNothingIsPooled() {
        try (ConnPool pool = new ConnPool()) {
            assertThat(pool.get("a:1")).isNull();
            assertThat(pool.stats().addresses()).isZero();
        }
    }

    @Test
    void returnsAnIdleConnectionCheckedOut() {
        try (ConnPool pool = new ConnPool()) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);

            PooledConnection got = pool.get("a:1");

            assertThat(got.unwrap(FakeConn.class)).isSameAs(conn);
            assertThat(got.fresh()).isFalse();
            assertThat(pool.get("a:1")).isNull();
            assertThat(pool.stats().inUse()).isEqualTo(1);
        }
    }

    @Test
    void returnsNullOnAClosedPool() {
        ConnPool pool = new ConnPool();
        pool.put("a:1", new FakeConn());
        pool.close();
        assertThat(pool.get("a:1")).isNull();
        assertThat(pool.get("a:1", Duration.ofSeconds(1))).isNull();
    }

    @Test
    void deadIdleConnectionIsClosedAndNeverHandedOut() {
        try (ConnPool pool = new ConnPool()) {
            FakeConn dead = new FakeConn();
            pool.put("a:1", dead);
            dead.die();

            assertThat(pool.get("a:1")).isNull();
            assertThat(dead.closeCount()).isEqualTo(1);
            assertThat(pool.stats().total()).isZero();
        }
    }

    @Test
    void failedHealthCheckClosesThatConnectionAndTriesTheNext() {
        FakeConn sick = new FakeConn();
        FakeConn well = new FakeConn();
        AtomicReference<Conn> probed = new AtomicReference<>();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().healthCheck(c -> {
            probed.set(c);
            return c != sick;
        }).build())) {
            pool.put("a:1", sick);
            pool.put("a:1", well);

            // Whichever the pool probes first, the healthy one is handed out and the sick one closed.
            PooledConnection got = pool.get("a:1");
            assertThat(pool.get("a:1")).isNull();

            assertThat(got.unwrap(FakeConn.class)).isSameAs(well);
            assertThat(sick.closeCount()).isEqualTo(1);
            assertThat(probed.get()).isInstanceOf(FakeConn.class);
            assertThat(pool.stats().evictions()).isEqualTo(1);
        }
    }

    @Test
    void throwingHealthCheckCountsAsUnhealthy() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().healthCheck(c -> {
            throw new IllegalStateException("probe broke");
        }).build())) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);

            assertThat(pool.get("a:1")).isNull();
            assertThat(conn.closeCount()).isEqualTo(1);
            // The pool keeps serving.
            assertThat(pool.getOrDial("a:1", new RecordingDialer())).isNotNull();
        }
    }

    @Test
    void boundedGetReturnsNullWhileTheProbeIsBlockedAndRepoolsAHealthyConnectionLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().healthCheck(c -> {
            if (probes.incrementAndGet() == 1) {
                release.await();
            }
            return true;
        }).build())) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);

            assertThat(pool.get("a:1", Duration.ofMillis(50))).isNull();
            assertThat(pool.stats().inUse()).isEqualTo(1); // still being probed

            release.countDown();
            await().atMost(30, TimeUnit.SECONDS).until(() -> pool.stats().available() == 1);
            assertThat(conn.closeCount()).isZero();
            assertThat(pool.get("a:1", Duration.ofSeconds(30)).unwrap(FakeConn.class)).isSameAs(conn);
        }
    }

    @Test
    void boundedGetClosesAConnectionWhoseLateProbeFails() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ConnPool pool = new ConnPool(PoolConfig.builder().healthCheck(c -> {
            release.await();
            return false;
        }).build())) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);

            assertThat(pool.get("a:1", Duration.ofMillis(20))).isNull();
            release.countDown();

            await().atMost(30, TimeUnit.SECONDS).until(() -> conn.closeCount() == 1);
            assertThat(pool.stats().total()).isZero();
        }
    }

    @Test
    void boundedProbeRunsOnAPoolThread() {
        AtomicReference<String> thread = new AtomicReference<>();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().healthCheck(c -> {
            thread.set(Thread.currentThread().getName());
            return true;
        }).build())) {
            pool.put("a:1", new FakeConn());
            assertThat(pool.get("a:1", Duration.ofSeconds(30))).isNotNull();
            assertThat(thread.get()).startsWith("noisepool-probe-");
        }
    }

    @Test
    void blankOrNullAddressIsRejectedBeforeAnythingElse() {
        try (ConnPool pool = new ConnPool()) {
            assertThatThrownBy(() -> pool.get(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("address");
            assertThatThrownBy(() -> pool.get(" ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pool.get("a:1", Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
            RecordingDialer dialer = new RecordingDialer();
            assertThatThrownBy(() -> pool.getOrDial("", dialer)).isInstanceOf(IllegalArgumentException.class);
            assertThat(dialer.count()).isZero();
        }
    }
}
