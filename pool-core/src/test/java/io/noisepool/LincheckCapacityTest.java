package io.noisepool;

import static io.noisepool.LincheckScenarios.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model checking of what {@link LincheckTest} leaves out and issue 11 showed matters: callers that
 * wait ({@code acquireTimeout > 0}), a total limit with LRU eviction across two addresses, and
 * {@code remove}/{@code release} by raw connection racing the dial that created it. The dialer
 * publishes each connection it creates in a shared slot that {@code removeRaw} and
 * {@code releaseRaw} read, so Lincheck can place them anywhere inside another thread's
 * {@code getOrDial}, between the dial's return and the hand-out of its lease included.
 *
 * <p>Which result each call gets in such races is the pool's choice (a raw remove may spend the
 * new lease, or fail the dial), so operations return nothing and no sequential model judges them
 * ({@link NoResults}); what is checked is what must hold whatever the pool chose:
 * <ul>
 *   <li>during the run, by each operation: no raw exception escapes the pool; {@code stats()}
 *       read mid-scenario is never negative, nor shows {@code inUse} or {@code available} above
 *       {@code total}; {@code drain(0)} never answers true while a lease stays live across it;
 *   <li>after each scenario ({@link #quiescentInvariants()}): stats agree with the snapshot and
 *       the live leases, every connection created is either pooled or closed, nothing waits or
 *       dials, and, every lease returned, each address takes {@code maxSize} fresh checkouts at
 *       once: no slot was lost.
 * </ul>
 * Lincheck itself fails a scenario that deadlocks or hangs. Time stands still under model
 * checking, so a caller that sleeps through the wake-up meant for it (a lost wake-up) shows as a
 * hung {@code getOrDial}: each written scenario frees whatever its waiters wait for.
 */
@Param(name = "thread", gen = ThreadIdGen.class)
@Param(name = "addr", gen = IntGen.class, conf = "0:1")
public class LincheckCapacityTest {

    private static final LincheckScenarios SCENARIOS = new LincheckScenarios(LincheckCapacityTest.class);

    static final int MAX_SIZE = 2;
    static final int MAX_TOTAL = 2;
    static final int MAX_THREADS = LincheckTest.MAX_THREADS;
    private static final String[] ADDRESSES = {"peer:a", "peer:b"};
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A connection the dialer created, with the address it was dialed for. */
    private static final class Dialed {
        final String address;
        final FakeConn conn;

        Dialed(String address, FakeConn conn) {
            this.address = address;
            this.conn = conn;
        }
    }

    private final ConnPool pool = new ConnPool(PoolConfig.builder()
            .maxSize(MAX_SIZE)
            .maxTotal(MAX_TOTAL)
            .acquireTimeout(Duration.ofMillis(50))
            .maxAge(Duration.ZERO)
            .maxIdle(Duration.ZERO)
            .build());
    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedDeque<PooledConnection>[] held = new ConcurrentLinkedDeque[MAX_THREADS];
    private final Queue<FakeConn> created = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Dialed> lastDialed = new AtomicReference<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();

    public LincheckCapacityTest() {
        for (int i = 0; i < held.length; i++) {
            held[i] = new ConcurrentLinkedDeque<>();
        }
    }

    private Dialer dialerFor(String address) {
        return timeout -> {
            FakeConn conn = new FakeConn(null);
            created.add(conn);
            lastDialed.set(new Dialed(address, conn));
            return conn;
        };
    }

    @Operation(blocking = true)
    public void getOrDial(@Param(name = "thread") int thread, @Param(name = "addr") int addr) {
        String address = ADDRESSES[addr];
        guarded("getOrDial", () -> held[thread].add(pool.getOrDial(address, TIMEOUT, dialerFor(address))));
    }

    @Operation
    public void put(@Param(name = "addr") int addr) {
        FakeConn conn = new FakeConn(null);
        created.add(conn);
        guarded("put", () -> pool.put(ADDRESSES[addr], conn));
    }

    @Operation
    public void closeLease(@Param(name = "thread") int thread) {
        PooledConnection lease = held[thread].poll();
        if (lease != null) {
            guarded("close lease", lease::close);
        }
    }

    @Operation
    public void discard(@Param(name = "thread") int thread) {
        PooledConnection lease = held[thread].poll();
        if (lease != null) {
            guarded("discard", lease::discard);
        }
    }

    /** Removes the connection dialed last by its raw reference, maybe while its dial is still handing it out. */
    @Operation
    public void removeRaw() {
        Dialed dialed = lastDialed.get();
        if (dialed != null) {
            guarded("remove(raw)", () -> pool.remove(dialed.address, dialed.conn));
        }
    }

    /** Releases the connection dialed last by its raw reference, maybe while its dial is still handing it out. */
    @Operation
    public void releaseRaw() {
        Dialed dialed = lastDialed.get();
        if (dialed != null) {
            guarded("release(raw)", () -> pool.release(dialed.address, dialed.conn));
        }
    }

    /** Counters read mid-scenario may lag one another, but never say something impossible. */
    @Operation
    public void stats() {
        PoolStats s = pool.stats();
        if (s.total() < 0 || s.inUse() < 0 || s.available() < 0 || s.available() > s.total() || s.inUse() > s.total()) {
            violations.add("stats() read mid-scenario make no sense: " + s);
        }
    }

    /** drain(0) may say true only if no lease was live throughout the call. */
    @Operation
    public void drainNow() {
        List<Lease> liveBefore = liveLeases();
        boolean drained;
        try {
            drained = pool.drain(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (drained) {
            List<Lease> liveThroughout = liveLeases();
            liveThroughout.retainAll(liveBefore);
            if (!liveThroughout.isEmpty()) {
                violations.add("drain(0) returned true while " + liveThroughout + " stayed checked out; " + pool.stats());
            }
        }
    }

    private List<Lease> liveLeases() {
        List<Lease> live = new ArrayList<>();
        for (ConcurrentLinkedDeque<PooledConnection> leases : held) {
            for (PooledConnection lease : leases) {
                if (!((Lease) lease).isSpent()) {
                    live.add((Lease) lease);
                }
            }
        }
        return live;
    }

    /** Runs a pool call; a PoolException is a legitimate answer, anything else escaping the pool is a violation. */
    private void guarded(String what, Runnable call) {
        try {
            call.run();
        } catch (PoolException expected) {
            // any code: which one is the pool's choice in a race
        } catch (RuntimeException | Error e) {
            violations.add(what + " threw " + e);
        }
    }

    /** Run by Lincheck after each scenario, when no operation is in flight. */
    @Validate
    public void quiescentInvariants() {
        check(violations.isEmpty(), "during the scenario: " + violations);
        List<ConnSnapshot> snapshot = pool.snapshot();
        PoolStats stats = pool.stats();
        long inUse = snapshot.stream().filter(ConnSnapshot::inUse).count();
        int live = liveLeases().size();
        check(stats.total() == snapshot.size() && stats.inUse() == inUse && inUse == live
                        && stats.available() == snapshot.size() - inUse
                        && stats.addresses() == snapshot.stream().map(ConnSnapshot::address).distinct().count()
                        && stats.pending() == 0 && stats.dialing() == 0,
                "quiet pool: " + stats + " vs snapshot " + snapshot + " and " + live + " live lease(s)");
        long unclosed = created.stream().filter(c -> c.closeCount() == 0).count();
        check(unclosed == snapshot.size(), "every connection must end pooled or closed, not both nor neither: "
                + unclosed + " open, yet the pool holds " + snapshot);
        check(stats.total() <= MAX_TOTAL, "maxTotal: " + stats);
        for (ConcurrentLinkedDeque<PooledConnection> leases : held) {
            for (PooledConnection lease = leases.poll(); lease != null; lease = leases.poll()) {
                lease.close();
            }
        }
        for (String address : ADDRESSES) {
            List<PooledConnection> fresh = new ArrayList<>();
            try {
                for (int i = 0; i < MAX_SIZE; i++) {
                    fresh.add(pool.getOrDial(address, TIMEOUT, dialerFor(address)));
                }
            } catch (PoolException e) {
                check(false, "lost slot: " + address + " took only " + fresh.size() + " of " + MAX_SIZE
                        + " checkouts once every lease was returned (" + e.code() + "); " + pool.stats() + " vs snapshot "
                        + pool.snapshot());
            } finally {
                fresh.forEach(PooledConnection::close);
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    /**
     * The sequential specification: every operation returns nothing, so any order of them is a
     * linearization, and the checks are the invariants above. Same operations, same parameters.
     */
    public static final class NoResults {
        public void getOrDial(int thread, int addr) {}

        public void put(int addr) {}

        public void closeLease(int thread) {}

        public void discard(int thread) {}

        public void removeRaw() {}

        public void releaseRaw() {}

        public void stats() {}

        public void drainNow() {}

        @Override
        public boolean equals(Object o) {
            return o instanceof NoResults;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /**
     * The races issue 11 named, written out (labels 4 and 5 are the
     * parts before and after, 0 and 1 the parallel threads; addresses 0 and 1): a raw remove and
     * a raw release racing the dial that created the connection; a caller at {@code maxTotal}
     * evicting another address's idle connection while a caller of that address takes it; callers
     * waiting at {@code maxTotal} and at {@code maxSize} while a lease comes back or is discarded.
     */
    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void waitingTotalLimitAndRawCallsRacingADialKeepThePoolConsistent() {
        new ModelCheckingOptions()
                // No random scenarios: under model checking time stands still (System.nanoTime() is
                // fixed), so a caller waiting for capacity that nothing in its scenario frees would
                // spin forever; each written scenario frees what its waiters wait for.
                .iterations(0)
                .invocationsPerIteration(30)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .addCustomScenario(SCENARIOS.scenario(ops(), ops("getOrDial:0:0", "stats"), ops("removeRaw", "drainNow")))
                .addCustomScenario(SCENARIOS.scenario(ops(), ops("getOrDial:0:0", "closeLease:0"), ops("removeRaw", "stats")))
                .addCustomScenario(SCENARIOS.scenario(ops(), ops("getOrDial:0:0"), ops("releaseRaw", "getOrDial:1:0")))
                .addCustomScenario(SCENARIOS.scenario(ops("getOrDial:4:0", "getOrDial:4:1", "closeLease:4"),
                        ops("getOrDial:0:1", "closeLease:0"), ops("getOrDial:1:0", "closeLease:1")))
                .addCustomScenario(SCENARIOS.scenario(ops("getOrDial:4:0", "getOrDial:4:1"),
                        ops("getOrDial:0:1"), ops("closeLease:4", "drainNow")))
                .addCustomScenario(SCENARIOS.scenario(ops("getOrDial:4:0", "getOrDial:4:0"),
                        ops("getOrDial:0:0"), ops("discard:4", "stats")))
                .sequentialSpecification(NoResults.class)
                .check(LincheckCapacityTest.class); // throws an AssertionError showing the offending interleaving
    }

    @Override
    public String toString() {
        return "pool " + pool.stats() + ", leases " + java.util.Arrays.stream(held).map(Object::toString)
                .collect(Collectors.joining(","));
    }
}
