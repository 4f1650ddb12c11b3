package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two reproductions of issue 11, repeated enough times to hit windows a few instructions
 * wide. Each try aligns the two racing sides with {@link SpinPartner} and sweeps their offset
 * with random jitter.
 *
 * <p>Default counts fit the CI budget; {@code -Dreproduction.full=true} runs the counts from the
 * issue (300,000 dial/remove races, 3,000 wake-up races), and
 * {@code -Dreproduction.dialRemoveTries=} / {@code -Dreproduction.wakeupTries=} set either one.
 */
class ReproductionTest {

    private static final boolean FULL = Boolean.getBoolean("reproduction.full");
    private static final int DIAL_REMOVE_TRIES = Integer.getInteger("reproduction.dialRemoveTries", FULL ? 300_000 : 20_000);
    private static final int WAKEUP_TRIES = Integer.getInteger("reproduction.wakeupTries", FULL ? 3_000 : 300);
    private static final int MAX_SIZE = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The one duration this class asserts on, because the defect it reproduces is a wait: far
     * above any scheduling delay, far below the acquire timeout a lost wake-up sleeps through.
     */
    private static final Duration LONGEST_ACCEPTABLE_WAIT = Duration.ofMillis(500);
    /**
     * Spin iterations of random offset (one is some 60 ns): a dial's return to its pooling spans
     * well under a microsecond, a caller's way from its capacity check to its park a few, and a
     * parked-or-not caller on the other side of a wait tens.
     */
    private static final int DIAL_REMOVE_JITTER = Integer.getInteger("reproduction.dialRemoveJitter", 40);
    private static final int WAKEUP_JITTER = Integer.getInteger("reproduction.wakeupJitter", 2_000);

    /**
     * Issue 11, defect 1: a raw {@code remove} of a connection the dialer just returned, before
     * {@code getOrDial} hands out its lease, must not lose the slot. The dialer hands each new raw
     * connection to a remover thread; after every try nothing is left in the pool (whoever won,
     * the connection was removed or closed), so the counters must say so, and at the end
     * {@code maxSize} fresh dials must still succeed.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void removingEachFreshlyDialedConnectionLosesNoSlot() {
        String address = "peer:1";
        ConnPool pool = new ConnPool(PoolConfig.builder()
                .maxSize(MAX_SIZE)
                .maxAge(Duration.ZERO)
                .maxIdle(Duration.ZERO)
                .build());
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        int tries = 0;
        long started = System.nanoTime();
        try (SpinPartner<Conn> remover = new SpinPartner<>("remover", DIAL_REMOVE_JITTER, conn -> {
            try {
                pool.remove(address, conn);
                count(outcomes, "remove(raw) -> removed");
            } catch (PoolException e) {
                count(outcomes, "remove(raw) -> " + e.code());
            }
        })) {
            Dialer dialer = timeout -> {
                FakeConn conn = new FakeConn(null);
                remover.hand(conn);
                return conn;
            };
            for (int i = 1; i <= DIAL_REMOVE_TRIES; i++) {
                tries = i;
                try {
                    PooledConnection lease = pool.getOrDial(address, TIMEOUT, dialer);
                    count(outcomes, "getOrDial -> " + (lease.isOpen() ? "live lease" : "spent or dead lease"));
                    lease.close();
                } catch (PoolException e) {
                    count(outcomes, "getOrDial -> " + e.code());
                }
                remover.awaitDone();
                assertNothingLeft(pool, address, "after try " + i + " of " + DIAL_REMOVE_TRIES);
            }
            assertFreshDialsSucceed(pool, address, MAX_SIZE);
        } finally {
            System.out.printf("Dial racing a raw remove: %,d of %,d tries in %d ms; outcomes: %s%n", tries, DIAL_REMOVE_TRIES,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), sorted(outcomes));
            pool.close();
        }
    }

    /**
     * Issue 11, defect 2: with {@code maxTotal} 1, a caller on address B waits for room while the
     * only connection (address A) is returned. Whether the return lands before, while or after B
     * decides to wait, B must get its connection promptly (evicting A's idle one), never sleep
     * through the 2 s acquire timeout because the wake-up was lost.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCallerWaitingForRoomWakesWhenTheOnlyConnectionIsReturned() {
        PoolConfig config = PoolConfig.builder()
                .maxSize(1)
                .maxTotal(1)
                .acquireTimeout(ACQUIRE_TIMEOUT)
                .maxAge(Duration.ZERO)
                .maxIdle(Duration.ZERO)
                .build();
        Dialer dialer = timeout -> new FakeConn(null);
        int[] tries = new int[1];
        List<String> slow = new ArrayList<>();
        long[] longest = new long[1];
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        try (SpinPartner<ConnPool> callerOnB = new SpinPartner<>("caller-on-B", WAKEUP_JITTER, pool -> {
            long start = System.nanoTime();
            try (PooledConnection lease = pool.getOrDial("B", TIMEOUT, dialer)) {
                count(outcomes, "getOrDial(B) -> " + (lease.fresh() ? "DIALED" : "HIT"));
            } catch (PoolException e) {
                count(outcomes, "getOrDial(B) -> " + e.code());
            }
            long waited = System.nanoTime() - start;
            longest[0] = Math.max(longest[0], waited);
            if (waited > LONGEST_ACCEPTABLE_WAIT.toNanos()) {
                slow.add(TimeUnit.NANOSECONDS.toMillis(waited) + " ms");
            }
        })) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 1; i <= WAKEUP_TRIES; i++) {
                tries[0] = i;
                try (ConnPool pool = new ConnPool(config)) {
                    PooledConnection onA = pool.getOrDial("A", TIMEOUT, dialer);
                    callerOnB.hand(pool);
                    SpinPartner.jitter(random, WAKEUP_JITTER);
                    onA.close();
                    callerOnB.awaitDone();
                }
            }
        } finally {
            System.out.printf("Waiter racing a return: %,d of %,d tries in %d ms; longest wait of B %d ms, %d over %d ms;"
                            + " outcomes: %s%n", tries[0], WAKEUP_TRIES, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    TimeUnit.NANOSECONDS.toMillis(longest[0]), slow.size(), LONGEST_ACCEPTABLE_WAIT.toMillis(),
                    sorted(outcomes));
        }
        assertThat(slow)
                .as("tries (of %d) in which B waited longer than %d ms although the only connection was returned",
                        WAKEUP_TRIES, LONGEST_ACCEPTABLE_WAIT.toMillis())
                .isEmpty();
        assertThat(outcomes).as("B got a connection every time").containsOnlyKeys("getOrDial(B) -> DIALED");
    }

    /**
     * Once every connection of this test is removed or closed, the pool must be empty by every
     * measure. A remove that lands before the pool has even seen the connection answers
     * CONNECTION_NOT_FOUND and closes it behind the pool's back, possibly after its lease came back
     * idle; like any connection that dies while idle, the next look finds it dead and drops it.
     * Nothing usable may be left: a {@code get} must find no connection.
     */
    private static void assertNothingLeft(ConnPool pool, String address, String when) {
        PooledConnection leftover = pool.get(address);
        if (leftover != null) {
            fail("Left %s: an open pooled connection %s although every connection was removed or closed", when, leftover);
        }
        List<ConnSnapshot> snapshot = pool.snapshot();
        PoolStats stats = pool.stats();
        if (!snapshot.isEmpty() || stats.total() != 0 || stats.inUse() != 0 || stats.available() != 0
                || stats.addresses() != 0 || stats.dialing() != 0 || stats.pending() != 0) {
            fail("Lost slot %s: every connection was removed or closed, yet stats say %s and the snapshot %s",
                    when, stats, snapshot);
        }
    }

    /** {@code n} dials on one address, all held at once: only possible if no slot of it is lost. */
    static void assertFreshDialsSucceed(ConnPool pool, String address, int n) {
        List<PooledConnection> leases = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                try {
                    PooledConnection lease = pool.getOrDial(address, TIMEOUT, timeout -> new FakeConn(null));
                    assertThat(lease.fresh()).as("dial %d of %d on an empty address", i + 1, n).isTrue();
                    leases.add(lease);
                } catch (PoolException e) {
                    fail("Dial %d of %d on %s failed with %s (%s); stats %s, snapshot %s", i + 1, n, address, e.code(),
                            e.getMessage(), pool.stats(), pool.snapshot());
                }
            }
        } finally {
            leases.forEach(PooledConnection::discard);
        }
    }

    private static void count(Map<String, LongAdder> outcomes, String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> outcomes) {
        Map<String, Long> sorted = new TreeMap<>();
        outcomes.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }
}
