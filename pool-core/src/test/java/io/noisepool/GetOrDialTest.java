package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GetOrDialTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        executor.shutdownNow();
    }

    @Test
    void dialsWhenNothingIsIdleAndReusesAfterReturn() {
        try (ConnPool pool = new ConnPool()) {
            RecordingDialer dialer = new RecordingDialer();
            PooledConnection first = pool.getOrDial("a:1", dialer);
            assertThat(first.fresh()).isTrue();
            assertThat(first.address()).isEqualTo("a:1");
            first.close();

            PooledConnection second = pool.getOrDial("a:1", dialer);

            assertThat(second.fresh()).isFalse();
            assertThat(second.unwrap(FakeConn.class)).isSameAs(dialer.dialed.get(0));
            assertThat(dialer.count()).isEqualTo(1);
            assertThat(pool.stats()).extracting(PoolStats::total, PoolStats::inUse, PoolStats::available)
                    .containsExactly(1, 1, 0);
        }
    }

    @Test
    void newConnectionIsPooledAndCheckedOutInOneStep() {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());

            assertThat(pool.snapshot()).singleElement().satisfies(s -> {
                assertThat(s.address()).isEqualTo("a:1");
                assertThat(s.inUse()).isTrue();
                assertThat(s.lastUsedAt()).isEqualTo(s.createdAt());
            });
            conn.close();
        }
    }

    @Test
    void dialerGetsWhatIsLeftOfTheTimeout() {
        try (ConnPool pool = new ConnPool()) {
            RecordingDialer dialer = new RecordingDialer();
            pool.getOrDial("a:1", Duration.ofSeconds(5), dialer).close();
            pool.getOrDial("b:1", dialer).close();

            assertThat(dialer.timeouts.get(0)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(dialer.timeouts.get(1)).isPositive().isLessThanOrEqualTo(ConnPool.DEFAULT_DIAL_TIMEOUT);
        }
    }

    @Test
    void nullFromTheDialerIsInvalidDialResult() {
        try (ConnPool pool = new ConnPool()) {
            assertThatThrownBy(() -> pool.getOrDial("a:1", timeout -> null))
                    .isInstanceOf(PoolException.class)
                    .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.INVALID_DIAL_RESULT);
            assertThat(pool.stats().addresses()).isZero();
            assertThat(pool.stats().dialFailures()).isEqualTo(1);
        }
    }

    @Test
    void throwingDialerGivesDialFailedWithTheCause() {
        IOException refused = new IOException("connection refused");
        try (ConnPool pool = new ConnPool()) {
            assertThatThrownBy(() -> pool.getOrDial("a:1", timeout -> {
                throw refused;
            }))
                    .isInstanceOf(PoolException.class)
                    .hasCause(refused)
                    .hasMessageContaining("a:1")
                    .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.DIAL_FAILED);
            // The pool keeps serving after a failed dial.
            assertThat(pool.getOrDial("a:1", new RecordingDialer())).isNotNull();
        }
    }

    @Test
    void readyCheckThatSaysNoClosesTheConnection() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().readyCheck(c -> false).build())) {
            RecordingDialer dialer = new RecordingDialer();
            assertThatThrownBy(() -> pool.getOrDial("a:1", dialer))
                    .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.CONNECTION_NOT_READY);
            assertThat(dialer.dialed.get(0).closeCount()).isEqualTo(1);
            assertThat(pool.stats().total()).isZero();
        }
    }

    @Test
    void readyCheckThatThrowsClosesTheConnectionAndChainsTheCause() {
        IllegalStateException boom = new IllegalStateException("handshake state unknown");
        try (ConnPool pool = new ConnPool(PoolConfig.builder().readyCheck(c -> {
            throw boom;
        }).build())) {
            RecordingDialer dialer = new RecordingDialer();
            assertThatThrownBy(() -> pool.getOrDial("a:1", dialer))
                    .hasCause(boom)
                    .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.CONNECTION_NOT_READY);
            assertThat(dialer.dialed.get(0).closeCount()).isEqualTo(1);
        }
    }

    @Test
    void readyCheckReceivesTheRawConnection() {
        AtomicReference<Conn> seen = new AtomicReference<>();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().readyCheck(c -> {
            seen.set(c);
            return true;
        }).build())) {
            RecordingDialer dialer = new RecordingDialer();
            pool.getOrDial("a:1", dialer).close();
            assertThat(seen.get()).isSameAs(dialer.dialed.get(0));
        }
    }

    @Test
    void fullAddressFailsFastWithPoolFullNamingTheCounts() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(2).build())) {
            RecordingDialer dialer = new RecordingDialer();
            pool.getOrDial("a:1", dialer);
            pool.getOrDial("a:1", dialer);

            assertThatThrownBy(() -> pool.getOrDial("a:1", dialer))
                    .isInstanceOf(PoolException.class)
                    .hasMessageContaining("a:1")
                    .hasMessageContaining("2/2 in use")
                    .hasMessageContaining("max-size")
                    .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.POOL_FULL);
            assertThat(dialer.count()).isEqualTo(2);
        }
    }

    @Test
    void poolFullCarriesTheLastDialFailureWhileTheAddressIsTracked() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).build())) {
            PooledConnection held = pool.getOrDial("a:1", new RecordingDialer());
            held.discard();
            PooledConnection again = pool.getOrDial("a:1", new RecordingDialer());
            IOException refused = new IOException("refused");
            // A failure on another address does not leak into this one's message.
            assertThatThrownBy(() -> pool.getOrDial("b:1", t -> {
                throw refused;
            }));
            assertThatThrownBy(() -> pool.getOrDial("a:1", new RecordingDialer()))
                    .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.POOL_FULL);
            again.close();
        }
    }

    @Test
    void waiterTakesTheConnectionReturnedWithinTheAcquireTimeout() throws Exception {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).acquireTimeout(Duration.ofMinutes(1)).build())) {
            RecordingDialer dialer = new RecordingDialer();
            PooledConnection held = pool.getOrDial("a:1", dialer);

            Future<PooledConnection> waiter = executor.submit(() -> pool.getOrDial("a:1", dialer));
            org.awaitility.Awaitility.await().until(() -> pool.stats().pending() == 1);
            held.close();

            PooledConnection taken = waiter.get(30, TimeUnit.SECONDS);
            assertThat(taken.unwrap(Conn.class)).isSameAs(held.unwrap(Conn.class));
            assertThat(dialer.count()).isEqualTo(1);
            assertThat(pool.stats().pending()).isZero();
        }
    }

    @Test
    void waiterDialsAsSoonAsASlotFrees() throws Exception {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).acquireTimeout(Duration.ofMinutes(1)).build())) {
            RecordingDialer dialer = new RecordingDialer();
            PooledConnection held = pool.getOrDial("a:1", dialer);

            Future<PooledConnection> waiter = executor.submit(() -> pool.getOrDial("a:1", dialer));
            org.awaitility.Awaitility.await().until(() -> pool.stats().pending() == 1);
            held.discard();

            PooledConnection taken = waiter.get(30, TimeUnit.SECONDS);
            assertThat(taken.fresh()).isTrue();
            assertThat(dialer.count()).isEqualTo(2);
        }
    }

    @Test
    void waiterThatWaitsInVainGetsAcquireTimeout() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).acquireTimeout(Duration.ofMillis(50)).build())) {
            RecordingDialer dialer = new RecordingDialer();
            pool.getOrDial("a:1", dialer);

            assertThatThrownBy(() -> pool.getOrDial("a:1", dialer))
                    .hasMessageContaining("within")
                    .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.ACQUIRE_TIMEOUT);
            assertThat(pool.stats().pending()).isZero();
        }
    }

    @Test
    void closeFailsWaitersAtOnce() throws Exception {
        ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).acquireTimeout(Duration.ofMinutes(5)).build());
        RecordingDialer dialer = new RecordingDialer();
        PooledConnection held = pool.getOrDial("a:1", dialer);
        Future<PooledConnection> waiter = executor.submit(() -> pool.getOrDial("a:1", dialer));
        org.awaitility.Awaitility.await().until(() -> pool.stats().pending() == 1);

        pool.close();

        assertThatThrownBy(() -> waiter.get(30, TimeUnit.SECONDS))
                .cause().isInstanceOf(PoolException.class)
                .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.POOL_CLOSED);
        held.close();
        assertThat(dialer.dialed.get(0).closeCount()).isEqualTo(1);
    }

    @Test
    void interruptedWaiterGetsInterruptedWithItsFlagSetAndDialsNothing() throws Exception {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).acquireTimeout(Duration.ofMinutes(5)).build())) {
            RecordingDialer dialer = new RecordingDialer();
            pool.getOrDial("a:1", dialer);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    pool.getOrDial("a:1", dialer);
                } catch (PoolException e) {
                    failure.set(e);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            });
            waiter.start();
            org.awaitility.Awaitility.await().until(() -> pool.stats().pending() == 1);
            waiter.interrupt();
            waiter.join(30_000);

            assertThat(failure.get()).isInstanceOf(PoolException.class)
                    .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.INTERRUPTED);
            assertThat(flag.get()).isTrue();
            assertThat(dialer.count()).isEqualTo(1);
        }
    }

    @Test
    void closingDuringADialClosesTheNewConnection() throws Exception {
        CountDownLatch dialing = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        RecordingDialer dialer = RecordingDialer.blocking(dialing, proceed);
        ConnPool pool = new ConnPool();
        Future<PooledConnection> result = executor.submit(() -> pool.getOrDial("a:1", dialer));
        assertThat(dialing.await(30, TimeUnit.SECONDS)).isTrue();

        pool.close();
        proceed.countDown();

        assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).cause()
                .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.POOL_CLOSED);
        assertThat(dialer.dialed.get(0).closeCount()).isEqualTo(1);
        assertThat(pool.stats().total()).isZero();
    }

    @Test
    void closedPoolRefusesToDial() {
        ConnPool pool = new ConnPool();
        pool.close();
        RecordingDialer dialer = new RecordingDialer();
        assertThatThrownBy(() -> pool.getOrDial("a:1", dialer))
                .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.POOL_CLOSED);
        assertThat(dialer.count()).isZero();
    }

    @Test
    void atTotalLimitTheLeastRecentlyUsedIdleConnectionOfAnotherAddressIsClosedBeforeDialing() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxTotal(2).build())) {
            RecordingDialer dialer = new RecordingDialer();
            PooledConnection older = pool.getOrDial("a:1", dialer);
            PooledConnection newer = pool.getOrDial("b:1", dialer);
            older.close();
            newer.close();

            pool.getOrDial("c:1", dialer);

            assertThat(dialer.dialed.get(0).closeCount()).isEqualTo(1);
            assertThat(dialer.dialed.get(1).closeCount()).isZero();
            assertThat(pool.stats().total()).isEqualTo(2);
            assertThat(pool.snapshot()).extracting(ConnSnapshot::address).containsExactlyInAnyOrder("b:1", "c:1");
        }
    }

    @Test
    void atTotalLimitWithNothingIdleItFailsFast() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxTotal(1).build())) {
            RecordingDialer dialer = new RecordingDialer();
            pool.getOrDial("a:1", dialer);
            assertThatThrownBy(() -> pool.getOrDial("b:1", dialer))
                    .hasMessageContaining("1/1 total")
                    .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.POOL_FULL);
        }
    }

    @Test
    void atTotalLimitAWaiterDialsWhenAnotherAddressFreesASlot() throws Exception {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxTotal(1).acquireTimeout(Duration.ofMinutes(1)).build())) {
            RecordingDialer dialer = new RecordingDialer();
            PooledConnection held = pool.getOrDial("a:1", dialer);
            Future<PooledConnection> waiter = executor.submit(() -> pool.getOrDial("b:1", dialer));
            org.awaitility.Awaitility.await().until(() -> pool.stats().pending() == 1);

            held.close(); // idle now: the waiter evicts it as least recently used and dials

            assertThat(waiter.get(30, TimeUnit.SECONDS).address()).isEqualTo("b:1");
            assertThat(dialer.dialed.get(0).closeCount()).isEqualTo(1);
        }
    }

    @Test
    void unboundedWithZeroMaxSizeHasNoPerAddressLimit() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(0).unbounded(true).build())) {
            RecordingDialer dialer = new RecordingDialer();
            for (int i = 0; i < 50; i++) {
                pool.getOrDial("a:1", dialer);
            }
            assertThat(pool.stats().inUse()).isEqualTo(50);
        }
    }
}
