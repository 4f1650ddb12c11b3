package io.noisepool;

import static io.noisepool.LincheckScenarios.ops;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of one pool's core operations, checked by Lincheck against
 * {@link LincheckPoolModel}: checkout ({@code get}, {@code getOrDial}), return (closing the lease),
 * {@code put}, {@code remove} and {@code discard}, on one address with a per-address limit of
 * {@value #MAX_SIZE}. After every scenario, {@link #statsAgreeWithSnapshot()} checks the counters
 * once the pool is quiet: {@link PoolStats} documents that its components are read one by one and
 * may be off by the operations in flight, so it is a quiescent check, not a linearizable operation.
 *
 * <p>Dialers never fail here: a failed dial frees its reserved slot again, which a concurrent
 * {@code put} that was refused meanwhile can observe (capacity is checked before the dial by
 * design); the chaos test covers failing dialers.
 *
 * <p>Each Lincheck thread keeps its own leases (indexed by {@link ThreadIdGen}), so the test's own
 * bookkeeping adds no shared state of its own.
 */
@Param(name = "thread", gen = ThreadIdGen.class)
public class LincheckTest {

    private static final LincheckScenarios SCENARIOS = new LincheckScenarios(LincheckTest.class);

    static final int MAX_SIZE = 2;
    /** Thread labels: the ids Lincheck hands out (parallel threads, then the parts before and after) and those of the written scenarios. */
    static final int MAX_THREADS = 8;
    private static final String ADDRESS = "peer:1";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ConnPool pool = new ConnPool(PoolConfig.builder()
            .maxSize(MAX_SIZE)
            .maxAge(Duration.ZERO)
            .maxIdle(Duration.ZERO)
            .build());
    @SuppressWarnings("unchecked")
    private final Deque<PooledConnection>[] held = new Deque[MAX_THREADS];

    public LincheckTest() {
        for (int i = 0; i < held.length; i++) {
            held[i] = new ArrayDeque<>();
        }
    }

    @Operation
    public boolean get(@Param(name = "thread") int thread) {
        PooledConnection lease = pool.get(ADDRESS);
        if (lease == null) {
            return false;
        }
        held[thread].add(lease);
        return true;
    }

    @Operation(blocking = true)
    public String getOrDial(@Param(name = "thread") int thread) {
        return resultOrCode(() -> {
            PooledConnection lease = pool.getOrDial(ADDRESS, TIMEOUT, timeout -> new FakeConn(null));
            held[thread].add(lease);
            return lease.fresh() ? "DIALED" : "HIT";
        });
    }

    @Operation
    public String put() {
        return resultOrCode(() -> {
            pool.put(ADDRESS, new FakeConn(null));
            return "OK";
        });
    }

    @Operation
    public boolean closeLease(@Param(name = "thread") int thread) {
        return endLease(thread, PooledConnection::close);
    }

    @Operation
    public String remove(@Param(name = "thread") int thread) {
        PooledConnection lease = held[thread].poll();
        return resultOrCode(() -> {
            pool.remove(ADDRESS, lease == null ? new FakeConn(null) : lease);
            return "OK";
        });
    }

    /** What an operation returned, or the code of the PoolException it threw: both are results the model predicts. */
    private static String resultOrCode(Supplier<String> operation) {
        try {
            return operation.get();
        } catch (PoolException e) {
            return e.code().name();
        }
    }

    @Operation
    public boolean discard(@Param(name = "thread") int thread) {
        return endLease(thread, PooledConnection::discard);
    }

    /** Ends this thread's oldest lease; false if it holds none. */
    private boolean endLease(int thread, Consumer<PooledConnection> end) {
        PooledConnection lease = held[thread].poll();
        if (lease == null) {
            return false;
        }
        end.accept(lease);
        return true;
    }

    /** Run by Lincheck after each scenario, when no operation is in flight. */
    @Validate
    public void statsAgreeWithSnapshot() {
        int leases = 0;
        for (Deque<PooledConnection> d : held) {
            leases += d.size();
        }
        List<ConnSnapshot> snapshot = pool.snapshot();
        long inUse = snapshot.stream().filter(ConnSnapshot::inUse).count();
        PoolStats stats = pool.stats();
        check(stats.total() == snapshot.size(), "total", stats, snapshot);
        check(stats.inUse() == inUse && inUse == leases, "inUse (leases held: " + leases + ")", stats, snapshot);
        check(stats.available() == snapshot.size() - inUse, "available", stats, snapshot);
        check(stats.addresses() == (snapshot.isEmpty() ? 0 : 1), "addresses", stats, snapshot);
        check(stats.pending() == 0 && stats.dialing() == 0, "pending/dialing", stats, snapshot);
        check(stats.total() <= MAX_SIZE, "maxSize", stats, snapshot);
    }

    private static void check(boolean ok, String what, PoolStats stats, List<ConnSnapshot> snapshot) {
        if (!ok) {
            throw new IllegalStateException("Quiet pool disagrees on " + what + ": " + stats + " vs " + snapshot);
        }
    }

    /**
     * Model checking explores every interleaving of a scenario, so besides a few random scenarios
     * it gets the races that matter most, written out: two checkouts of one idle connection, a
     * return or a removal racing a checkout, two callers dialing one address, a put racing a
     * dial for the last slot. Thread labels index the leases each thread holds: 4 and 5 are the
     * parts before and after, 0 and 1 the parallel threads.
     */
    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void coreOperationsAreLinearizableUnderModelChecking() {
        new ModelCheckingOptions()
                .iterations(2)
                .invocationsPerIteration(50)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .addCustomScenario(SCENARIOS.scenario(ops("put"), ops("get:0"), ops("get:1")))
                .addCustomScenario(SCENARIOS.scenario(ops("getOrDial:4"), ops("closeLease:4"), ops("getOrDial:1", "get:1")))
                .addCustomScenario(SCENARIOS.scenario(ops("getOrDial:4"), ops("remove:4"), ops("get:1", "getOrDial:1")))
                .addCustomScenario(SCENARIOS.scenario(ops("put"), ops("getOrDial:0", "discard:0"), ops("getOrDial:1", "closeLease:1")))
                .addCustomScenario(SCENARIOS.scenario(ops("getOrDial:4"), ops("getOrDial:0"), ops("put", "get:1")))
                .sequentialSpecification(LincheckPoolModel.class)
                .check(LincheckTest.class); // throws an AssertionError showing the offending interleaving
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void coreOperationsAreLinearizableUnderStress() {
        new StressOptions()
                .iterations(10)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(LincheckPoolModel.class)
                .check(LincheckTest.class); // throws an AssertionError showing the offending interleaving
    }
}
