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
 * Benchmark 4b, the time to evict 100,000 idle connections spread over 10,000 addresses in one
 * call: ours through {@code evictIdle(null)}, Commons Pool2 through one evictor pass in which every
 * idle object has expired, HikariCP's bags and the floor by walking them. Each measured call
 * starts from a freshly filled pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EvictIdle {

    /** The pool under test. */
    @Param({"OURS", "COMMONS_POOL2", "HIKARI_BAG", "FLOOR"})
    public Contender pool;

    private KeyedPool keyedPool;

    /**
     * Pools 10 idle connections for each of 10,000 addresses, then lets Commons Pool2's 1 ms idle
     * limit pass so that all of them count as expired there.
     *
     * @throws InterruptedException if interrupted while letting the idle limit pass
     */
    @Setup(Level.Iteration)
    public void fill() throws InterruptedException {
        keyedPool = pool.create(FakeDialers.INSTANT);
        for (String address : Addresses.distinct(Stats.ADDRESS_COUNT)) {
            keyedPool.fill(address, Stats.PER_ADDRESS);
        }
        // Ageing the connections is the point here, not waiting for a condition.
        TimeUnit.MILLISECONDS.sleep(5);
    }

    /** Closes the pool. */
    @TearDown(Level.Iteration)
    public void close() {
        keyedPool.close();
    }

    /**
     * Evicts every idle connection.
     *
     * @return how many were closed
     * @throws IllegalStateException if the pool closed fewer or more than it held, since the time
     *     would then not be comparable
     */
    @Benchmark
    public int evictAll() {
        int evicted = keyedPool.evictIdle();
        if (evicted != Stats.ADDRESS_COUNT * Stats.PER_ADDRESS) {
            throw new IllegalStateException(pool.label() + " evicted " + evicted + " connections, not "
                    + Stats.ADDRESS_COUNT * Stats.PER_ADDRESS);
        }
        return evicted;
    }
}
