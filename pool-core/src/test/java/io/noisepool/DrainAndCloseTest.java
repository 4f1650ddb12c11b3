package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainAndCloseTest {

    @Test
    void drainReturnsAtOnceWhenNothingIsCheckedOut() throws Exception {
        try (ConnPool pool = new ConnPool()) {
            pool.put("a:1", new FakeConn());
            assertThat(pool.drain(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void drainIsWokenByTheLastReturn() throws Exception {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection a = pool.getOrDial("a:1", new RecordingDialer());
            PooledConnection b = pool.getOrDial("b:1", new RecordingDialer());
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.drain(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            a.close();
            assertThat(drained).isNotDone();
            b.discard();

            assertThat(drained.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void drainTimesOutWhileSomethingIsCheckedOut() throws Exception {
        try (ConnPool pool = new ConnPool()) {
            pool.getOrDial("a:1", new RecordingDialer());
            assertThat(pool.drain(Duration.ofMillis(20))).isFalse();
        }
    }

    @Test
    void drainWorksAfterClose() throws Exception {
        ConnPool pool = new ConnPool();
        PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
        pool.close();
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.drain(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        conn.close();
        assertThat(drained.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void interruptedDrainThrows() {
        try (ConnPool pool = new ConnPool()) {
            pool.getOrDial("a:1", new RecordingDialer());
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> pool.drain(Duration.ofMinutes(5))).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void closeClosesIdleConnectionsAtOnceAndCheckedOutOnesWhenReturned() {
        ConnPool pool = new ConnPool();
        FakeConn idle = new FakeConn();
        pool.put("a:1", idle);
        PooledConnection out = pool.getOrDial("b:1", new RecordingDialer());

        pool.close();

        assertThat(pool.isClosed()).isTrue();
        assertThat(idle.closeCount()).isEqualTo(1);
        assertThat(out.unwrap(FakeConn.class).closeCount()).isZero();
        assertThat(pool.stats().inUse()).isEqualTo(1);
        out.close();
        assertThat(out.unwrap(FakeConn.class).closeCount()).isEqualTo(1);
        assertThat(pool.stats().total()).isZero();
    }

    @Test
    void closeIsIdempotent() {
        ConnPool pool = new ConnPool();
        FakeConn idle = new FakeConn();
        pool.put("a:1", idle);
        pool.close();
        pool.close();
        assertThat(idle.closeCount()).isEqualTo(1);
    }

    @Test
    void closeReportsFailedClosesAsSuppressedAndStillClosesTheRest() {
        ConnPool pool = new ConnPool();
        FakeConn bad = new FakeConn();
        IOException reset = new IOException("reset");
        bad.failOnClose = reset;
        FakeConn good = new FakeConn();
        pool.put("a:1", bad);
        pool.put("b:1", good);

        assertThatThrownBy(pool::close)
                .isInstanceOf(PoolException.class)
                .satisfies(e -> {
                    assertThat(((PoolException) e).code()).isEqualTo(PoolErrorCode.CLOSE_PARTIAL);
                    assertThat(e.getSuppressed()).containsExactly(reset);
                });
        assertThat(good.closeCount()).isEqualTo(1);
        assertThat(bad.closeCount()).isEqualTo(1);
    }

    @Test
    void evictIdleClosesOneAddressOrAll() {
        try (ConnPool pool = new ConnPool()) {
            pool.put("a:1", new FakeConn());
            pool.put("a:1", new FakeConn());
            pool.put("b:1", new FakeConn());
            PooledConnection out = pool.getOrDial("c:1", new RecordingDialer());

            assertThat(pool.evictIdle("a:1")).isEqualTo(2);
            assertThat(pool.evictIdle("zzz:1")).isZero();
            assertThat(pool.evictIdle(null)).isEqualTo(1);
            assertThat(out.isOpen()).isTrue();
            assertThat(pool.stats().total()).isEqualTo(1);
        }
    }
}
