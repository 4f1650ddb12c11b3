package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Pool#warmUp}: the first callers of an address find their connections pooled. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WarmUpTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void warmUpDialsUntilTheAddressHoldsTheCountAndLeavesThemIdle() {
        RecordingDialer dialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool()) {
            assertThat(pool.warmUp("a:1", 3, dialer)).isEqualTo(3);

            PoolStats stats = pool.stats();
            assertThat(stats.total()).isEqualTo(3);
            assertThat(stats.available()).isEqualTo(3);
            assertThat(stats.inUse()).isZero();
            assertThat(stats.dials()).isEqualTo(3);
            assertThat(dialer.maxInFlight.get()).as("one dial at a time").isEqualTo(1);
        }
    }

    @Test
    void theFirstCallerAfterAWarmUpIsServedWithoutADial() {
        RecordingDialer dialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool()) {
            pool.warmUp("a:1", 1, dialer);

            try (PooledConnection first = pool.getOrDial("a:1", dialer)) {
                assertThat(first.fresh()).isFalse();
            }
            assertThat(dialer.count()).isEqualTo(1);
        }
    }

    @Test
    void connectionsAlreadyPooledOrCheckedOutCount() {
        RecordingDialer dialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool()) {
            PooledConnection checkedOut = pool.getOrDial("a:1", dialer);
            pool.put("a:1", new FakeConn());

            assertThat(pool.warmUp("a:1", 3, dialer)).isEqualTo(1);
            assertThat(pool.stats().total()).isEqualTo(3);
            checkedOut.close();
        }
    }

    @Test
    void aWarmAddressIsNotDialedAgain() {
        RecordingDialer dialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool()) {
            pool.warmUp("a:1", 2, dialer);

            assertThat(pool.warmUp("a:1", 2, dialer)).isZero();
            assertThat(pool.warmUp("a:1", 0, dialer)).isZero();
            assertThat(dialer.count()).isEqualTo(2);
        }
    }

    @Test
    void aWarmAddressAnswersAtOnceEvenWithCallersQueuedForIt() throws Exception {
        Duration minutes = Duration.ofMinutes(2);
        RecordingDialer dialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).acquireTimeout(minutes).build())) {
            PooledConnection held = pool.getOrDial("a:1", dialer);
            Future<PooledConnection> queued = threads.submit(() -> pool.getOrDial("a:1", minutes, dialer));
            await().atMost(30, TimeUnit.SECONDS).until(() -> pool.stats().pending() == 1);

            Future<Integer> warming = threads.submit(() -> pool.warmUp("a:1", 1, dialer));

            assertThat(warming.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(queued).isNotDone();
            held.close();
            queued.get(30, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void aDialFailureIsReportedAfterKeepingTheConnectionsMade() {
        AtomicInteger dials = new AtomicInteger();
        Dialer failsThird = timeout -> {
            if (dials.incrementAndGet() == 3) {
                throw new IOException("peer refused");
            }
            return new FakeConn();
        };
        try (ConnPool pool = new ConnPool()) {
            assertThatThrownBy(() -> pool.warmUp("a:1", 4, failsThird))
                    .isInstanceOfSatisfying(PoolException.class,
                            e -> assertThat(e.code()).isEqualTo(PoolErrorCode.DIAL_FAILED))
                    .hasRootCauseMessage("peer refused");

            assertThat(pool.stats().available()).isEqualTo(2);
            assertThat(dials.get()).as("no dial after the failure").isEqualTo(3);
        }
    }

    @Test
    void aConnectionThatFailsTheReadyCheckIsClosedAndReported() {
        RecordingDialer dialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().readyCheck(conn -> false).build())) {
            assertThatThrownBy(() -> pool.warmUp("a:1", 1, dialer))
                    .isInstanceOfSatisfying(PoolException.class,
                            e -> assertThat(e.code()).isEqualTo(PoolErrorCode.CONNECTION_NOT_READY));

            assertThat(pool.stats().total()).isZero();
            assertThat(dialer.dialed.get(0).closeCount()).isEqualTo(1);
        }
    }

    @Test
    void moreConnectionsThanMaxSizeAreRefusedBeforeAnyDial() {
        RecordingDialer dialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(2).build())) {
            assertThatThrownBy(() -> pool.warmUp("a:1", 3, dialer))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("connections (3)")
                    .hasMessageContaining("maxSize (2)");
            assertThat(dialer.count()).isZero();
        }
    }

    @Test
    void moreConnectionsThanMaxTotalAreRefusedBeforeAnyDial() {
        RecordingDialer dialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(5).maxTotal(2).build())) {
            assertThatThrownBy(() -> pool.warmUp("a:1", 3, dialer))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxTotal (2)");
            assertThat(dialer.count()).isZero();
        }
    }

    @Test
    void badArgumentsAreRefusedNamingWhatWasWrong() {
        RecordingDialer dialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool()) {
            assertThatThrownBy(() -> pool.warmUp("a:1", -1, dialer))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connections must be 0 or more");
            assertThatThrownBy(() -> pool.warmUp("a:1", 1, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialer");
            assertThatThrownBy(() -> pool.warmUp(" ", 1, dialer))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
            assertThat(dialer.count()).isZero();
        }
    }

    @Test
    void aClosedPoolIsNotWarmedUp() {
        RecordingDialer dialer = new RecordingDialer();
        ConnPool pool = new ConnPool();
        pool.close();

        assertThatThrownBy(() -> pool.warmUp("a:1", 1, dialer))
                .isInstanceOfSatisfying(PoolException.class,
                        e -> assertThat(e.code()).isEqualTo(PoolErrorCode.POOL_CLOSED));
        assertThat(dialer.count()).isZero();
    }

    @Test
    void atMaxTotalTheLeastRecentlyUsedIdleConnectionOfAnotherAddressMakesRoom() {
        RecordingDialer dialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxTotal(2).build())) {
            pool.warmUp("b:1", 2, dialer);

            assertThat(pool.warmUp("a:1", 2, dialer)).isEqualTo(2);
            assertThat(pool.snapshot()).extracting(ConnSnapshot::address).containsOnly("a:1");
            assertThat(dialer.dialed.subList(0, 2)).allMatch(conn -> conn.closeCount() == 1);
        }
    }

    @Test
    void withNoRoomUnderMaxTotalItFailsAsGetOrDialWouldKeepingWhatItMade() {
        RecordingDialer dialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxTotal(2).build())) {
            PooledConnection busy = pool.getOrDial("b:1", dialer);

            assertThatThrownBy(() -> pool.warmUp("a:1", 2, dialer))
                    .isInstanceOfSatisfying(PoolException.class,
                            e -> assertThat(e.code()).isEqualTo(PoolErrorCode.POOL_FULL));
            assertThat(pool.snapshot()).filteredOn(s -> s.address().equals("a:1")).hasSize(1);
            busy.close();
        }
    }

    @Test
    void aDialInFlightForACallerCountsAndIsWaitedForRatherThanDoubled() throws Exception {
        assertDialInFlightIsWaitedFor(1);
    }

    @Test
    void withRoomForConcurrentDialsADialInFlightStillCountsTowardsTheTarget() throws Exception {
        assertDialInFlightIsWaitedFor(2);
    }

    private void assertDialInFlightIsWaitedFor(int maxConcurrentDials) throws Exception {
        CountDownLatch dialing = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        RecordingDialer blocking = RecordingDialer.blocking(dialing, proceed);
        RecordingDialer warmDialer = new RecordingDialer();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxConcurrentDials(maxConcurrentDials).build())) {
            Future<PooledConnection> caller = threads.submit(() -> pool.getOrDial("a:1", LONG, blocking));
            assertThat(dialing.await(30, TimeUnit.SECONDS)).isTrue();

            Future<Integer> warming = threads.submit(() -> pool.warmUp("a:1", 2, warmDialer));
            await().atMost(30, TimeUnit.SECONDS).until(() -> pool.stats().pending() == 1);
            // With a second dial turn free, one dial of its own; then the caller's dial may reach the target.
            assertThat(warmDialer.count()).isEqualTo(maxConcurrentDials - 1);

            proceed.countDown();
            assertThat(warming.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(pool.stats().total()).isEqualTo(2);
            caller.get(30, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void aCallerQueuedBehindAWarmUpTakesAConnectionReturnedMeanwhile() throws Exception {
        CountDownLatch dialing = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        RecordingDialer blocking = RecordingDialer.blocking(dialing, proceed);
        try (ConnPool pool = new ConnPool(PoolConfig.builder().acquireTimeout(LONG).build())) {
            PooledConnection returning = pool.getOrDial("a:1", new RecordingDialer());
            Future<PooledConnection> dialer = threads.submit(() -> pool.getOrDial("a:1", LONG, blocking));
            assertThat(dialing.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Integer> warming = threads.submit(() -> pool.warmUp("a:1", 3, new RecordingDialer()));
            await().atMost(30, TimeUnit.SECONDS).until(() -> pool.stats().pending() == 1);
            Future<PooledConnection> queued = threads.submit(() -> pool.getOrDial("a:1", LONG, new RecordingDialer()));
            await().atMost(30, TimeUnit.SECONDS).until(() -> pool.stats().pending() == 2);

            returning.close();

            // Served while the dial still hangs: the warm-up at the head of the queue let it look.
            PooledConnection served = queued.get(30, TimeUnit.SECONDS);
            assertThat(served.fresh()).isFalse();
            assertThat(warming).isNotDone();
            served.close();
            proceed.countDown();
            assertThat(warming.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            dialer.get(30, TimeUnit.SECONDS).close();
        }
    }
}
