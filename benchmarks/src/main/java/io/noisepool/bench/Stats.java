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
 * Benchmark 4a, the cost of reading the pool's counts with 100,000 idle connections pooled across
 * 10,000 addresses, as a metrics scrape or health check would. Ours reads counters, so its time
 * should not depend on the pool's size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Stats {

    static final int ADDRESS_COUNT = 10_000;
    static final int PER_ADDRESS = 10;

    /** The pool under test. */
    @Param({"OURS", "COMMONS_POOL2", "HIKARI_BAG", "FLOOR"})
    public Contender pool;

    private KeyedPool keyedPool;

    /** Pools 10 idle connections for each of 10,000 addresses. */
    @Setup(Level.Trial)
    public void fill() {
        keyedPool = pool.create(FakeDialers.INSTANT);
        for (String address : Addresses.distinct(ADDRESS_COUNT)) {
            keyedPool.fill(address, PER_ADDRESS);
        }
    }

    /** Closes the pool. */
    @TearDown(Level.Trial)
    public void close() {
        keyedPool.close();
    }

    /**
     * Reads the counts once.
     *
     * @return a value derived from the counts
     */
    @Benchmark
    public long stats() {
        return keyedPool.stats();
    }
}
