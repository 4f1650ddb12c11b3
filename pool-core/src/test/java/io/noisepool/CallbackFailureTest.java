package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * User callbacks that throw anything, {@code Error}s included, or never return (issue 11, defect
 * 7): the pool must stay consistent and keep serving. Whatever a callback does, no entry stays
 * checked out for good, {@code drain} completes once callers gave back, {@code stats} agree with
 * {@code snapshot}, and the caller sees the pool's own {@link PoolException}, never the raw
 * throwable. Which code a failure maps to is the pool's choice; these tests accept any.
 */
class CallbackFailureTest {

    private static final String ADDRESS = "peer:1";
    private static final Duration HUNG = Duration.ofSeconds(30);

    static Stream<Throwable> failures() {
        return Stream.of(new IllegalStateException("isOpen broke"), new AssertionError("isOpen broke"),
                new StackOverflowError("isOpen broke"));
    }

    private static ConnPool newPool() {
        return new ConnPool(PoolConfig.builder().maxSize(2).maxAge(Duration.ZERO).maxIdle(Duration.ZERO).build());
    }

    @ParameterizedTest
    @MethodSource("failures")
    void getOrDialDialsOrFailsCleanlyWhenIsOpenOfAnIdleConnectionThrows(Throwable failure) throws Exception {
        ConnPool pool = newPool();
        MisbehavingConn broken = new MisbehavingConn();
        pool.getOrDial(ADDRESS, HUNG, timeout -> broken).close();
        broken.isOpenThrows = failure;

        Throwable thrown = catchThrowable(() -> {
            try (PooledConnection lease = pool.getOrDial(ADDRESS, HUNG, timeout -> new FakeConn(null))) {
                assertThat(lease.unwrap(Conn.class)).as("the connection whose isOpen throws is not handed out")
                        .isNotSameAs(broken);
            }
        });

        assertThat(thrown).as("getOrDial either dials or fails with a PoolException").satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOf(PoolException.class));
        assertQuietAndConsistent(pool);
        pool.close();
    }

    @ParameterizedTest
    @MethodSource("failures")
    void getReturnsNullOrALeaseWhenIsOpenOfAnIdleConnectionThrows(Throwable failure) throws Exception {
        ConnPool pool = newPool();
        MisbehavingConn broken = new MisbehavingConn();
        pool.put(ADDRESS, broken);
        broken.isOpenThrows = failure;

        Throwable thrown = catchThrowable(() -> {
            PooledConnection lease = pool.get(ADDRESS);
            assertThat(lease).as("the connection whose isOpen throws is not handed out").isNull();
        });

        assertThat(thrown).as("get neither throws the raw failure nor hands the connection out").isNull();
        assertQuietAndConsistent(pool);
        pool.close();
    }

    /** {@link PooledConnection#close()} promises never to throw; the checkout must end either way. */
    @ParameterizedTest
    @MethodSource("failures")
    void closingALeaseWhoseIsOpenThrowsEndsTheCheckout(Throwable failure) throws Exception {
        ConnPool pool = newPool();
        MisbehavingConn broken = new MisbehavingConn();
        PooledConnection lease = pool.getOrDial(ADDRESS, HUNG, timeout -> broken);
        broken.isOpenThrows = failure;

        assertThat(catchThrowable(lease::close)).as("PooledConnection.close() never throws").isNull();
        assertQuietAndConsistent(pool);
        pool.close();
    }

    /** Today's pool lets the dialer's Error escape; a PoolException carrying it is what the contract lists. */
    @Test
    void aDialerThrowingAnErrorFailsTheCallWithAPoolExceptionAndFreesTheDialTurn() throws Exception {
        ConnPool pool = newPool();
        AssertionError failure = new AssertionError("dialer broke");

        Throwable thrown = catchThrowable(() -> pool.getOrDial(ADDRESS, HUNG, timeout -> {
            throw failure;
        }));

        assertThat(thrown).isInstanceOf(PoolException.class);
        assertThat(((PoolException) thrown).code()).isEqualTo(PoolErrorCode.DIAL_FAILED);
        assertThat(thrown.getCause()).isSameAs(failure);
        assertQuietAndConsistent(pool);
        ReproductionTest.assertFreshDialsSucceed(pool, ADDRESS, 2);
        pool.close();
    }

    /**
     * An {@code Error} thrown by {@code close()} on the evictor thread must not kill it: a
     * connection pooled afterwards still expires.
     */
    @Test
    void anErrorFromCloseOnTheEvictorThreadDoesNotStopExpiry() {
        ConnPool pool = new ConnPool(PoolConfig.builder().maxIdle(Duration.ofMillis(50)).maxAge(Duration.ZERO).build());
        MisbehavingConn first = new MisbehavingConn();
        first.closeThrows = new AssertionError("close broke");
        pool.put(ADDRESS, first);
        // The Error is expected to reach the evictor; what matters is what happens to the evictor after.
        await().dontCatchUncaughtExceptions().atMost(HUNG).until(() -> first.closeCount() == 1);

        FakeConn second = new FakeConn(null);
        pool.put(ADDRESS, second);

        // Generous next to maxIdle plus the evictor's 100 ms of slack: only a dead evictor misses it.
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(second.closeCount())
                .as("closes of a connection idle past maxIdle; evictor alive: %s", pool.housekeeperThread().isAlive())
                .isEqualTo(1));
        assertThat(pool.snapshot()).isEmpty();
        pool.close();
    }

    /** {@code close()} attempts every connection and reports failures as suppressed, Errors included. */
    @Test
    void closingThePoolClosesEveryConnectionEvenIfOneThrowsAnError() {
        ConnPool pool = newPool();
        MisbehavingConn broken = new MisbehavingConn();
        broken.closeThrows = new AssertionError("close broke");
        FakeConn other = new FakeConn(null);
        pool.put("peer:1", broken);
        pool.put("peer:2", other);

        Throwable thrown = catchThrowable(pool::close);

        assertThat(thrown).as("close() reports the failure as CLOSE_PARTIAL, never the raw Error")
                .isInstanceOf(PoolException.class);
        assertThat(((PoolException) thrown).code()).isEqualTo(PoolErrorCode.CLOSE_PARTIAL);
        assertThat(other.closeCount()).as("the other connection was closed too").isEqualTo(1);
        assertThat(pool.snapshot()).isEmpty();
        assertThat(pool.stats().total()).isZero();
    }

    /**
     * A health check that never returns is bounded by {@code healthCheckTimeout}: the connection
     * counts as unhealthy and the caller gets a new one (or a PoolException), not a hang.
     */
    @Test
    void aHangingHealthCheckDoesNotHangGetOrDial() throws Exception {
        CountDownLatch hang = new CountDownLatch(1);
        ConnPool pool = new ConnPool(PoolConfig.builder()
                .maxSize(2)
                .maxAge(Duration.ZERO)
                .maxIdle(Duration.ZERO)
                .healthCheckTimeout(Duration.ofMillis(100))
                .healthCheck(conn -> {
                    hang.await(5, TimeUnit.MINUTES);
                    return true;
                })
                .build());
        FakeConn stuck = new FakeConn(null);
        pool.put(ADDRESS, stuck);
        try {
            // Generous: a hang, not slowness, fails it.
            Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchThrowable(() -> {
                try (PooledConnection lease = pool.getOrDial(ADDRESS, Duration.ofSeconds(2), timeout -> new FakeConn(null))) {
                    assertThat(lease.unwrap(Conn.class)).isNotSameAs(stuck);
                }
            }), "getOrDial hung in a health check past healthCheckTimeout");
            assertThat(thrown).satisfiesAnyOf(
                    t -> assertThat(t).isNull(),
                    t -> assertThat(t).isInstanceOf(PoolException.class));
        } finally {
            hang.countDown();
        }
        await().atMost(HUNG).untilAsserted(() -> assertThat(stuck.closeCount())
                .as("the connection whose check outlived its bound is closed once the check returns").isEqualTo(1));
        assertQuietAndConsistent(pool);
        pool.close();
    }

    /** Nothing checked out, nobody waiting, counters equal to the snapshot, and drain done. */
    static void assertQuietAndConsistent(ConnPool pool) throws InterruptedException {
        List<ConnSnapshot> snapshot = pool.snapshot();
        PoolStats stats = pool.stats();
        assertThat(stats.inUse()).as("inUse (stats %s, snapshot %s)", stats, snapshot).isZero();
        assertThat(snapshot).noneMatch(ConnSnapshot::inUse);
        assertThat(stats.total()).as("total vs snapshot %s", snapshot).isEqualTo(snapshot.size());
        assertThat(stats.available()).as("available vs snapshot %s", snapshot).isEqualTo(snapshot.size());
        assertThat(stats.pending()).isZero();
        assertThat(stats.dialing()).isZero();
        assertThat(pool.drain(Duration.ofSeconds(5))).as("drain once nothing is checked out").isTrue();
    }
}
