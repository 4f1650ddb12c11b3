package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.noisepool.ExpirySlackTest.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: after a failed dial, getOrDial refuses to dial that address until the backoff has passed;
 * each further failure doubles the backoff up to its max, with up to 20% jitter either way, and a
 * successful dial ends it. Time is a fake clock moved by the test (the housekeeper's thread is not
 * started; the test runs its cleanup). The jitter is random, so each assertion bounds it: refused
 * before 80% of the backoff, dialing again after 120%.
 */
class DialBackoffTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final String PEER = "peer:1";
    private static final PoolConfig CONFIG = PoolConfig.builder()
            .dialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(3)).build();

    /** A dialer that fails while {@link #down} is set, and counts every dial it is asked for. */
    static final class PeerDialer implements Dialer {
        final AtomicInteger dials = new AtomicInteger();
        volatile boolean down = true;

        @Override
        public Conn dial(Duration timeout) throws IOException {
            dials.incrementAndGet();
            if (down) {
                throw new IOException("connection refused");
            }
            return new FakeConn();
        }
    }

    private final FakeClock clock = new FakeClock();
    private final PeerDialer dialer = new PeerDialer();

    private ConnPool pool(PoolConfig config) {
        return new ConnPool(config, Seams.NONE, clock, false);
    }

    private void at(long millis) {
        clock.set(millis * MS);
    }

    private PoolErrorCode failureOf(ConnPool pool) {
        try {
            pool.getOrDial(PEER, dialer).close();
            return null;
        } catch (PoolException e) {
            return e.code();
        }
    }

    @Test
    void afterAFailedDialGetOrDialFailsAtOnceUntilTheBackoffHasPassed() {
        try (ConnPool pool = pool(CONFIG)) {
            assertThat(failureOf(pool)).isEqualTo(PoolErrorCode.DIAL_FAILED);

            at(799);
            assertThatThrownBy(() -> pool.getOrDial(PEER, dialer))
                    .isInstanceOfSatisfying(PoolException.class,
                            e -> assertThat(e.code()).isEqualTo(PoolErrorCode.DIAL_BACKOFF))
                    .hasMessageContaining("Not dialing peer:1 until ")
                    .hasMessageContaining("noise.pool.dial-backoff")
                    .hasRootCauseInstanceOf(IOException.class)
                    .hasRootCauseMessage("connection refused");
            assertThat(dialer.dials).hasValue(1);

            at(1200);
            assertThat(failureOf(pool)).isEqualTo(PoolErrorCode.DIAL_FAILED);
            assertThat(dialer.dials).hasValue(2);
        }
    }

    @Test
    void eachFurtherFailureDoublesTheBackoffUpToMax() {
        try (ConnPool pool = pool(CONFIG)) {
            long failedAt = 0;
            for (long backoff : new long[] {1000, 2000, 3000, 3000}) {
                at(failedAt);
                assertThat(failureOf(pool)).as("dial at %d ms", failedAt).isEqualTo(PoolErrorCode.DIAL_FAILED);
                at(failedAt + backoff * 8 / 10 - 1);
                assertThat(failureOf(pool)).as("a %d ms backoff", backoff).isEqualTo(PoolErrorCode.DIAL_BACKOFF);
                failedAt += backoff * 12 / 10; // it has passed, whatever its jitter
            }
            assertThat(dialer.dials).hasValue(4);
        }
    }

    @Test
    void aSuccessfulDialEndsTheBackoff() {
        try (ConnPool pool = pool(CONFIG)) {
            failureOf(pool);
            at(1200);
            dialer.down = false;
            pool.getOrDial(PEER, dialer).discard(); // leaves nothing idle
            dialer.down = true;
            assertThat(failureOf(pool)).isEqualTo(PoolErrorCode.DIAL_FAILED);

            at(2400); // a doubled backoff (2 s, at least 1.6 s) would still refuse
            assertThat(failureOf(pool)).isEqualTo(PoolErrorCode.DIAL_FAILED);
            assertThat(dialer.dials).hasValue(4);
        }
    }

    @Test
    void idleConnectionsAreStillHandedOutWhileBackingOff() {
        try (ConnPool pool = pool(CONFIG)) {
            FakeConn pooled = new FakeConn();
            pool.put(PEER, pooled);
            PooledConnection first = pool.getOrDial(PEER, dialer);
            assertThat(failureOf(pool)).isEqualTo(PoolErrorCode.DIAL_FAILED); // nothing idle: it dials
            first.close();

            try (PooledConnection again = pool.getOrDial(PEER, dialer)) {
                assertThat(again.unwrap(FakeConn.class)).isSameAs(pooled);
                assertThat(failureOf(pool)).isEqualTo(PoolErrorCode.DIAL_BACKOFF);
            }
            assertThat(dialer.dials).hasValue(1);
        }
    }

    @Test
    void callersWaitingForAFailedDialFailWithoutDialingInTurn() throws Exception {
        CountDownLatch dialing = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        AtomicInteger dials = new AtomicInteger();
        Dialer slowFailing = timeout -> {
            dials.incrementAndGet();
            dialing.countDown();
            fail.await();
            throw new IOException("connection refused");
        };
        PoolConfig config = CONFIG.toBuilder().dialBackoff(Duration.ofMinutes(1), Duration.ofMinutes(1)).build();
        try (ConnPool pool = new ConnPool(config)) {
            CompletableFuture<PoolErrorCode> first = call(pool, slowFailing);
            assertThat(dialing.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<PoolErrorCode>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(call(pool, slowFailing));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().pending() == 3);

            fail.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(PoolErrorCode.DIAL_FAILED);
            for (CompletableFuture<PoolErrorCode> waiter : waiters) {
                assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(PoolErrorCode.DIAL_BACKOFF);
            }
            assertThat(dials).hasValue(1);
        }
    }

    @Test
    void aCallerAtAFullAddressWaitsForAReturnRatherThanBeingRefused() throws Exception {
        try (ConnPool pool = pool(CONFIG.toBuilder().maxSize(2).acquireTimeout(Duration.ofMinutes(1)).build())) {
            dialer.down = false;
            PooledConnection dialed = pool.getOrDial(PEER, dialer);
            dialer.down = true;
            assertThat(failureOf(pool)).isEqualTo(PoolErrorCode.DIAL_FAILED);
            pool.put(PEER, new FakeConn());
            PooledConnection put = pool.getOrDial(PEER, dialer); // the address is full now: 2 of 2 out

            CompletableFuture<PoolErrorCode> waiter = call(pool, dialer); // would not dial: waits for a return
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().pending() == 1 || waiter.isDone());
            assertThat(waiter).isNotDone();
            dialed.close();

            assertThat(waiter.get(10, TimeUnit.SECONDS)).isNull();
            put.close();
            assertThat(dialer.dials).hasValue(2);
        }
    }

    @Test
    void aWarmUpDoesNotDialWhileTheAddressIsBackingOffEvenWithIdleConnections() {
        try (ConnPool pool = pool(CONFIG)) {
            pool.put(PEER, new FakeConn());
            PooledConnection pooled = pool.getOrDial(PEER, dialer);
            assertThat(failureOf(pool)).isEqualTo(PoolErrorCode.DIAL_FAILED);
            pooled.close(); // idle again: a caller would be served, but a warm-up would have to dial

            assertThatThrownBy(() -> pool.warmUp(PEER, 3, dialer))
                    .isInstanceOfSatisfying(PoolException.class,
                            e -> assertThat(e.code()).isEqualTo(PoolErrorCode.DIAL_BACKOFF));
            assertThat(dialer.dials).hasValue(1);
            assertThat(pool.stats().total()).isEqualTo(1);
        }
    }

    private static CompletableFuture<PoolErrorCode> call(ConnPool pool, Dialer dialer) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                pool.getOrDial(PEER, dialer).close();
                return null;
            } catch (PoolException e) {
                return e.code();
            }
        }, runnable -> new Thread(runnable).start());
    }

    @Test
    void statsCountAddressesBackingOffUntilTheBackoffHasPassed() {
        try (ConnPool pool = pool(CONFIG)) {
            assertThat(pool.stats().backingOff()).isZero();
            failureOf(pool);
            assertThat(pool.stats().backingOff()).isEqualTo(1);

            at(799);
            pool.housekeep(clock.get());
            assertThat(pool.stats().backingOff()).isEqualTo(1);

            at(1200);
            pool.housekeep(clock.get());
            assertThat(pool.stats().backingOff()).isZero();
        }
    }

    @Test
    void aClosedPoolCountsNoAddressBackingOff() {
        ConnPool pool = pool(CONFIG);
        failureOf(pool);
        assertThat(pool.stats().backingOff()).isEqualTo(1);

        pool.close();

        assertThat(pool.stats().addresses()).isZero();
        assertThat(pool.stats().backingOff()).as("addresses backing off in a closed pool's stats").isZero();
        assertThat(pool.knows(PEER)).as("state kept for the address").isFalse();
    }

    @Test
    void aDialThatFailsAfterTheCloseStartsNoBackoff() throws Exception {
        ConnPool pool = pool(CONFIG);
        CountDownLatch dialing = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        Dialer failsWhenTold = timeout -> {
            dialing.countDown();
            fail.await();
            throw new IOException("connection refused");
        };
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<?> call = caller.submit(() -> pool.getOrDial(PEER, failsWhenTold));
            dialing.await();
            pool.close();
            fail.countDown();
            assertThatThrownBy(call::get).hasCauseInstanceOf(PoolException.class);

            assertThat(pool.stats().backingOff()).as("addresses backing off in a closed pool's stats").isZero();
            assertThat(pool.knows(PEER)).as("state kept for the address").isFalse();
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void anAddressThatHoldsNothingForgetsItsBackoffOnceItHasPassedAndAsLongAgain() {
        try (ConnPool pool = pool(CONFIG)) {
            failureOf(pool);
            at(1200);
            assertThat(pool.housekeep(clock.get())).as("next look").isLessThanOrEqualTo(2200 * MS);
            assertThat(pool.knows(PEER)).as("kept while a failure would still double the backoff").isTrue();

            at(2200);
            pool.housekeep(clock.get());
            assertThat(pool.knows(PEER)).isFalse();

            // Forgotten: the next failure starts again from the initial backoff (a doubled one, at
            // least 1.6 s, would still refuse 1.2 s later).
            assertThat(failureOf(pool)).isEqualTo(PoolErrorCode.DIAL_FAILED);
            at(3400);
            assertThat(failureOf(pool)).isEqualTo(PoolErrorCode.DIAL_FAILED);
        }
    }

    @Test
    void aRefusalIsReportedToListenersAsBackoff() {
        List<AcquireResult> results = new ArrayList<>();
        try (ConnPool pool = pool(CONFIG)) {
            pool.addListener(new PoolListener() {
                @Override
                public void acquired(String address, AcquireResult result, long nanos) {
                    results.add(result);
                }
            });
            failureOf(pool);
            failureOf(pool);
        }
        assertThat(results).containsExactly(AcquireResult.FAILED, AcquireResult.BACKOFF);
    }

    @Test
    void aDialThatFailsWhileTheBackoffIsInForceDoesNotDoubleIt() {
        DialBackoff backoff = DialBackoff.of(CONFIG, new Counters());
        Host host = new Host(PEER);
        host.lock.lock();
        try {
            long until = backoff.failed(host, 0);
            assertThat(backoff.failed(host, 500 * MS)).isEqualTo(until);
            assertThat(host.backoffNanos).isEqualTo(1000 * MS);
        } finally {
            host.lock.unlock();
        }
    }

    @Test
    void withoutBackoffEveryCallerDials() {
        try (ConnPool pool = pool(PoolConfig.builder().build())) {
            for (int i = 0; i < 3; i++) {
                assertThat(failureOf(pool)).isEqualTo(PoolErrorCode.DIAL_FAILED);
            }
            assertThat(dialer.dials).hasValue(3);
            assertThat(pool.stats().backingOff()).isZero();
        }
    }

    @Test
    void badBackoffSettingsAreRefused() {
        assertThat(PoolConfig.builder().build().dialBackoffInitial()).isZero();
        assertThatThrownBy(() -> PoolConfig.builder().dialBackoff(null, Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialBackoff initial");
        assertThatThrownBy(() -> PoolConfig.builder().dialBackoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialBackoff initial");
        assertThatThrownBy(() -> PoolConfig.builder().dialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialBackoff max");
    }
}
