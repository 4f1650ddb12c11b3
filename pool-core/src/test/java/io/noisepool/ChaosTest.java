package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Bounded chaos: {@value #THREADS} callers (virtual threads when the JDK has them) run random
 * operations on {@value #ADDRESSES} addresses of one pool for about 20 seconds (set
 * {@code -Dnoisepool.chaos.seconds=300} to run longer), with faults injected: dials that fail,
 * hang until their timeout or return null (each failure backs its address off for a few
 * milliseconds), health and ready checks that fail or throw (keepalive probes idle connections
 * with the same check), and connections that die while pooled or in use. The run is cut into rounds of about five seconds;
 * the last ends with a drain and a close racing the workload.
 *
 * <p>Checked while it runs (by the workers on every outcome, by the dialers on every dial and by
 * the main thread, which samples the pool every {@value #SAMPLE_MILLIS} ms): every outcome is one
 * the contract allows; no connection is closed twice or held by two callers at once; never two
 * dials in flight for one address, and no dial for an address already at {@code maxSize}; the
 * per-address limit (each address's entries are one atomic read in {@code snapshot()}) and the
 * total limit (the pool's pooled counter, one atomic read) never exceeded; no caller stuck past
 * its own timeout plus {@link ChaosWorker#GRACE}. Checked once quiet after each round: stats
 * agree with the snapshot, every connection the test created is either pooled or closed, address
 * by address. Checked after the close: drain returns true, every connection is closed, the pool
 * is empty and its evictor thread ended.
 *
 * <p>The total limit is not checked by counting open connections from outside: the pool frees a
 * slot before it closes the evicted connection (it decides under its lock and closes after), so
 * such a count may briefly exceed the limit while the pool's own accounting does not.
 */
class ChaosTest {

    static final int THREADS = 64;
    static final int ADDRESSES = 50;
    static final int MAX_SIZE = 4;
    /** Below ADDRESSES * MAX_SIZE, so the total limit, its waiters and LRU eviction come into play. */
    static final int MAX_TOTAL = 120;
    /**
     * Above {@link ChaosCapacityWatch#BOUND}, so that a caller sleeping through a returned
     * connection or a freed slot shows as a caller parked past the bound, not as a short timeout.
     */
    static final Duration ACQUIRE_TIMEOUT = Duration.ofMillis(250);
    static final long SAMPLE_MILLIS = 20;
    /**
     * Dial backoff after the injected dial failures: short, so that addresses keep entering and
     * leaving it while callers race them, and its longest wait stays below the capacity watch's
     * bound (a caller refused during a backoff is refused at once, never parked through it).
     */
    static final Duration DIAL_BACKOFF_INITIAL = Duration.ofMillis(1);
    static final Duration DIAL_BACKOFF_MAX = Duration.ofMillis(40);
    private static final Duration ROUND = Duration.ofSeconds(5);
    /** How long the workload keeps hitting the pool after close, racing it. */
    private static final Duration AFTER_CLOSE = Duration.ofMillis(200);
    private static final Duration QUIET_WITHIN = Duration.ofSeconds(15);
    private static final Duration HUNG_AFTER = Duration.ofMinutes(3);

    private static final String[] NAMES = new String[ADDRESSES];
    private static final SocketAddress[] REMOTES = new SocketAddress[ADDRESSES];

    static {
        for (int i = 0; i < ADDRESSES; i++) {
            REMOTES[i] = InetSocketAddress.createUnresolved("peer-" + i, 7000);
            NAMES[i] = "peer-" + i + ":7000";
        }
    }

    private static Level poolLogLevel;

    static String address(int index) {
        return NAMES[index];
    }

    static SocketAddress remoteOf(int index) {
        return REMOTES[index];
    }

    static int indexOf(String address) {
        return Integer.parseInt(address.substring("peer-".length(), address.indexOf(':')));
    }

    /** The injected check failures and throws are logged by the pool at WARN by design; thousands of them hide the report. */
    @BeforeAll
    static void quietPoolLogs() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.noisepool");
        poolLogLevel = logger.getLevel();
        logger.setLevel(Level.ERROR);
    }

    @AfterAll
    static void restorePoolLogs() {
        ((Logger) LoggerFactory.getLogger("io.noisepool")).setLevel(poolLogLevel);
    }

    /** Shared by the workers and dialers of one run. */
    static final class Context {
        final ChaosLedger ledger = new ChaosLedger();
        final ConnPool pool;
        final AtomicInteger[] dialsInFlight = new AtomicInteger[ADDRESSES];
        final ChaosWorker.Watch[] watches = new ChaosWorker.Watch[THREADS];
        /** The connection dialed last, for a raw remove racing its hand-out to the caller. */
        final AtomicReference<ChaosConn> justDialed = new AtomicReference<>();
        /** Touched by the sampling thread only. */
        final ChaosCapacityWatch capacityWatch = new ChaosCapacityWatch();
        /** Hanging dials park on this until their timeout; it opens when a round ends so none outlives it. */
        volatile CountDownLatch hangUntilRoundEnds = new CountDownLatch(1);
        volatile boolean stop;

        Context() {
            for (int i = 0; i < ADDRESSES; i++) {
                dialsInFlight[i] = new AtomicInteger();
            }
            for (int i = 0; i < THREADS; i++) {
                watches[i] = new ChaosWorker.Watch();
            }
            pool = new ConnPool(PoolConfig.builder()
                    .maxSize(MAX_SIZE)
                    .maxTotal(MAX_TOTAL)
                    .maxIdle(Duration.ofMillis(300))
                    .maxAge(Duration.ofSeconds(2))
                    .acquireTimeout(ACQUIRE_TIMEOUT)
                    .healthCheck(conn -> check("health", conn))
                    .readyCheck(conn -> check("ready", conn))
                    .keepaliveInterval(Duration.ofMillis(100))
                    .dialBackoff(DIAL_BACKOFF_INITIAL, DIAL_BACKOFF_MAX)
                    .build());
            pool.addListener(new PoolListener() {
                @Override
                public void evicted(String address, EvictionReason reason) {
                    ledger.event("pool closed a connection: " + reason);
                }
            });
        }

        /** A health or ready check: fails 5%, throws 1%; it must be given the raw connection. */
        private boolean check(String which, Conn conn) throws Exception {
            if (!(conn instanceof ChaosConn)) {
                ledger.violation(which + " check got " + conn + " instead of the raw connection");
            }
            int roll = ThreadLocalRandom.current().nextInt(100);
            if (roll < 5) {
                ledger.event("fault: " + which + " check said no");
                return false;
            }
            if (roll < 6) {
                ledger.event("fault: " + which + " check threw");
                throw new IllegalStateException("injected " + which + " check failure");
            }
            return true;
        }

        /** Limits that hold at every instant, read atomically, and counters that make sense at every read. */
        void checkLimits() {
            checkLimits(pool.snapshot(), pool.stats());
        }

        /**
         * A snapshot is read host by host, not atomically: an address whose host retired (empty)
         * and came back while the snapshot was being read can show the old host's connections and
         * the new one's together. So an address over its limit is read once more, and only a
         * breach that both reads show counts.
         */
        void checkLimits(List<ConnSnapshot> snapshot, PoolStats stats) {
            Map<String, Long> perAddress = perAddress(snapshot);
            if (perAddress.values().stream().anyMatch(n -> n > MAX_SIZE)) {
                Map<String, Long> again = perAddress(pool.snapshot());
                perAddress.forEach((address, n) -> {
                    long m = again.getOrDefault(address, 0L);
                    if (n > MAX_SIZE && m > MAX_SIZE) {
                        ledger.violation(address + " holds " + n + " then " + m + " connections, maxSize " + MAX_SIZE);
                    }
                });
            }
            int total = stats.total();
            if (total > MAX_TOTAL) {
                ledger.violation("the pool holds " + total + " connections, maxTotal " + MAX_TOTAL);
            }
            // Read mid-run: components may lag one another (addresses, say, against total), but a
            // count is never negative and the checked-out and idle parts never exceed the whole.
            if (stats.total() < 0 || stats.inUse() < 0 || stats.available() < 0 || stats.addresses() < 0
                    || stats.pending() < 0 || stats.dialing() < 0 || stats.available() > stats.total()
                    || stats.inUse() > stats.total()) {
                ledger.violation("stats() read mid-run make no sense: " + stats);
            }
        }

        private static Map<String, Long> perAddress(List<ConnSnapshot> snapshot) {
            return snapshot.stream().collect(Collectors.groupingBy(ConnSnapshot::address, Collectors.counting()));
        }
    }

    @Test
    void poolKeepsItsInvariantsUnderChaos() {
        Duration length = Duration.ofSeconds(Long.getLong("noisepool.chaos.seconds", 20));
        // Only to fail a hung run (a deadlock in close, say): every wait inside has a bound of its own.
        assertTimeoutPreemptively(length.multipliedBy(2).plus(HUNG_AFTER), () -> runChaos(length));
    }

    private static void runChaos(Duration length) throws Exception {
        int rounds = (int) Math.max(1, length.toSeconds() / ROUND.toSeconds());
        Duration round = length.dividedBy(rounds);
        Context ctx = new Context();
        long started = System.nanoTime();
        ExecutorService workers = newWorkerExecutor();
        try {
            for (int r = 1; r <= rounds; r++) {
                runRound(ctx, workers, round, r == rounds);
            }
        } finally {
            ctx.stop = true;
            ctx.hangUntilRoundEnds.countDown();
            workers.shutdownNow();
            ctx.pool.close();
            ChaosLedger ledger = ctx.ledger;
            System.out.printf("Chaos: %,d operations (%,d of them on the closed pool) in %d s by %d %s threads over"
                            + " %d addresses, %,d connections created, %s; %s; outcomes:%n%s%n", ledger.operations(),
                    ledger.operationsOnClosedPool(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
                    THREADS, threadKind(), ADDRESSES, ledger.created(), ctx.pool.stats(), ctx.capacityWatch.report(),
                    ledger.report());
        }
        assertNoViolations(ctx.ledger);
        assertThat(ctx.ledger.operations()).isPositive();
    }

    /** What the workload saw goes first: a quiet check that fails after a violation is usually its consequence. */
    private static void assertNoViolations(ChaosLedger ledger) {
        List<String> violations = ledger.violations();
        assertThat(violations)
                .as("%d invariant violations, the first: %s", violations.size(),
                        violations.stream().limit(20).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    private static void runRound(Context ctx, ExecutorService workers, Duration round, boolean last) throws Exception {
        ctx.stop = false;
        ctx.hangUntilRoundEnds = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            running.add(workers.submit(new ChaosWorker(ctx, ctx.watches[i])));
        }
        sampleUntil(ctx, System.nanoTime() + round.toNanos());
        Future<Boolean> drain = null;
        if (last) {
            drain = workers.submit(() -> ctx.pool.drain(Duration.ofSeconds(1)));
            ctx.pool.close();
            sampleUntil(ctx, System.nanoTime() + AFTER_CLOSE.toNanos());
        }
        ctx.stop = true;
        ctx.hangUntilRoundEnds.countDown();
        for (int i = 0; i < running.size(); i++) {
            awaitWorker(running.get(i), ctx.watches[i]);
        }
        assertNoViolations(ctx.ledger);
        if (last) {
            // Racing the workload, drain may see checkouts come and go until its timeout; either answer is fine.
            ctx.ledger.event("drain racing close -> " + drain.get(30, TimeUnit.SECONDS));
            assertClosedAndEmpty(ctx);
        } else {
            assertQuietPoolConsistent(ctx);
            assertEveryAddressHasItsSlots(ctx);
            assertQuietPoolConsistent(ctx);
        }
    }

    /** The main thread's share of the run: sample the invariants and watch for stuck callers. */
    private static void sampleUntil(Context ctx, long until) {
        while (System.nanoTime() - until < 0) {
            List<ConnSnapshot> snapshot = ctx.pool.snapshot();
            PoolStats stats = ctx.pool.stats();
            long now = System.nanoTime();
            ctx.checkLimits(snapshot, stats);
            ctx.capacityWatch.sample(ctx, snapshot, stats, now);
            for (int i = 0; i < THREADS; i++) {
                ChaosWorker.Watch watch = ctx.watches[i];
                if (watch.busy && now - watch.mustEndBy > 0 && !watch.reported) {
                    watch.reported = true;
                    ctx.ledger.violation("worker " + i + " stuck in " + watch.operation + " past its timeout plus "
                            + ChaosWorker.GRACE);
                }
            }
            ctx.ledger.event("check: limits and watchdog sampled");
            // Paces the sampler; it waits for no condition.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SAMPLE_MILLIS));
        }
    }

    private static void awaitWorker(Future<?> worker, ChaosWorker.Watch watch) throws Exception {
        try {
            worker.get(ConnPool.DEFAULT_DIAL_TIMEOUT.plus(ChaosWorker.GRACE).toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("A worker did not stop; it is stuck in " + watch.operation);
        }
    }

    private static void assertQuietPoolConsistent(Context ctx) throws InterruptedException {
        ConnPool pool = ctx.pool;
        await().atMost(QUIET_WITHIN).untilAsserted(() -> {
            List<ConnSnapshot> snapshot = pool.snapshot();
            PoolStats stats = pool.stats();
            assertThat(stats.inUse()).as("inUse once every caller gave back").isZero();
            assertThat(stats.pending()).as("pending").isZero();
            assertThat(stats.dialing()).as("dialing").isZero();
            assertThat(stats.total()).as("total vs snapshot").isEqualTo(snapshot.size());
            assertThat(stats.available()).as("available vs snapshot").isEqualTo(snapshot.size());
            assertThat(snapshot).noneMatch(ConnSnapshot::inUse);
            Map<String, Long> pooled = snapshot.stream()
                    .collect(Collectors.groupingBy(ConnSnapshot::address, Collectors.counting()));
            assertThat(stats.addresses()).as("addresses vs snapshot").isEqualTo(pooled.size());
            assertThat(pooled.values()).allMatch(n -> n <= MAX_SIZE);
            assertThat(stats.total()).isLessThanOrEqualTo(MAX_TOTAL);
            Map<String, Long> unclosed = StreamSupport.stream(ctx.ledger.conns().spliterator(), false)
                    .filter(c -> c.closeCount() == 0)
                    .collect(Collectors.groupingBy(c -> c.address, Collectors.counting()));
            assertThat(unclosed).as("connections neither closed nor pooled (leaked), or pooled twice").isEqualTo(pooled);
            // In the same quiet moment: keepalive probes go on while callers rest, and drain waits for them.
            assertThat(pool.drain(Duration.ZERO)).as("drain").isTrue();
        });
        ctx.ledger.event("check: quiet pool consistent");
    }

    /**
     * Slot accounting per address, checked by use: once quiet, every address takes {@code maxSize}
     * checkouts at once (idle ones, dials, LRU evictions of other addresses' idle connections). A
     * slot the pool lost, counted as used while no entry holds it, makes one of them fail.
     */
    private static void assertEveryAddressHasItsSlots(Context ctx) {
        ConnPool pool = ctx.pool;
        for (int index = 0; index < ADDRESSES; index++) {
            String address = address(index);
            int addressIndex = index;
            Dialer dialer = timeout -> ctx.ledger.newConn(addressIndex, address);
            List<PooledConnection> leases = new ArrayList<>();
            // An injected ready-check fault starts a dial backoff of at most DIAL_BACKOFF_MAX (plus
            // its jitter), and a retry within it is refused at once: retried until this deadline.
            long backoffDeadline = System.nanoTime() + QUIET_WITHIN.toNanos();
            try {
                while (leases.size() < MAX_SIZE) {
                    try {
                        leases.add(pool.getOrDial(address, dialer));
                    } catch (PoolException e) {
                        // The injected ready-check faults stay on, and the backoffs they start pass;
                        // any other failure is a lost slot.
                        boolean backoffPasses = e.code() == PoolErrorCode.DIAL_BACKOFF && System.nanoTime() < backoffDeadline;
                        if (e.code() != PoolErrorCode.CONNECTION_NOT_READY && !backoffPasses) {
                            fail("Once quiet, %s took only %d of its %d checkouts at once: %s (%s); its connections %s,"
                                            + " stats %s", address, leases.size(), MAX_SIZE, e.code(), e.getMessage(),
                                    pool.snapshot().stream().filter(s -> s.address().equals(address)).collect(Collectors.toList()),
                                    pool.stats());
                        }
                    }
                }
            } finally {
                leases.forEach(PooledConnection::close);
            }
        }
        ctx.ledger.event("check: every address took maxSize checkouts at once");
    }

    private static void assertClosedAndEmpty(Context ctx) throws InterruptedException {
        ConnPool pool = ctx.pool;
        assertThat(pool.drain(QUIET_WITHIN)).as("drain once every caller gave back").isTrue();
        await().atMost(QUIET_WITHIN).untilAsserted(() -> {
            assertThat(ctx.ledger.conns()).as("connections left open after close").allMatch(c -> c.closeCount() >= 1);
            assertThat(pool.snapshot()).isEmpty();
            PoolStats stats = pool.stats();
            assertThat(stats.total()).isZero();
            assertThat(stats.inUse()).isZero();
            assertThat(stats.addresses()).isZero();
            assertThat(stats.backingOff()).as("addresses backing off in a closed pool").isZero();
        });
        Thread evictor = pool.housekeeperThread();
        if (evictor != null) {
            await().atMost(QUIET_WITHIN).until(() -> !evictor.isAlive());
        }
        ctx.ledger.event("check: closed pool empty, every connection closed");
    }

    /**
     * Virtual threads when the JDK has them (21+); we compile for 17, hence reflection. Platform
     * threads otherwise, one more than the workers for the drain that races the close.
     */
    private static ExecutorService newWorkerExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            AtomicInteger ids = new AtomicInteger();
            return Executors.newFixedThreadPool(THREADS + 1, r -> {
                Thread t = new Thread(r, "chaos-worker-" + ids.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    private static String threadKind() {
        try {
            Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return "virtual";
        } catch (NoSuchMethodException e) {
            return "platform";
        }
    }
}
