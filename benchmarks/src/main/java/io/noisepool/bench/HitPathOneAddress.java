package io.noisepool.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Benchmark 1, the hit path on one address: check a warm connection out and return it. Run it at
 * 1, 2 and 8 threads ({@code -t}); the pool holds 8 idle connections, so no thread ever dials or
 * waits and only the pools' bookkeeping is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HitPathOneAddress {

    static final String ADDRESS = "10.0.0.7:7001";

    /** The pool under test. */
    @Param({"OURS", "OURS_MICROMETER", "COMMONS_POOL2", "HIKARI_BAG", "HIKARI_POOL", "FLOOR"})
    public Contender pool;

    private KeyedPool keyedPool;

    /** Creates the pool and pools 8 idle connections, one per thread at most. */
    @Setup(Level.Trial)
    public void warm() {
        keyedPool = pool.create(FakeDialers.INSTANT);
        keyedPool.fill(ADDRESS, 8);
    }

    /** Closes the pool. */
    @TearDown(Level.Trial)
    public void close() {
        keyedPool.close();
    }

    /**
     * One checkout and return.
     *
     * @return the lease, so the JIT keeps the checkout
     */
    @Benchmark
    public Object checkoutAndReturn() {
        Object lease = keyedPool.borrow(ADDRESS);
        keyedPool.giveBack(ADDRESS, lease);
        return lease;
    }
}
