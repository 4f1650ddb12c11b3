package io.noisepool.bench;

import java.util.concurrent.ThreadLocalRandom;
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
 * Benchmark 2, the hit path over 10,000 addresses: each operation checks out and returns a warm
 * connection of a uniformly random address. Run it at 1 and 2 threads ({@code -t}); every address
 * holds 2 idle connections, so no thread dials.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HitPathManyAddresses {

    static final int ADDRESS_COUNT = 10_000;

    /** The pool under test. */
    @Param({"OURS", "COMMONS_POOL2", "HIKARI_BAG", "FLOOR"})
    public Contender pool;

    private KeyedPool keyedPool;
    private String[] addresses;

    /** Creates the pool and pools 2 idle connections for each address. */
    @Setup(Level.Trial)
    public void warm() {
        keyedPool = pool.create(FakeDialers.INSTANT);
        addresses = Addresses.distinct(ADDRESS_COUNT);
        for (String address : addresses) {
            keyedPool.fill(address, 2);
        }
    }

    /** Closes the pool. */
    @TearDown(Level.Trial)
    public void close() {
        keyedPool.close();
    }

    /**
     * One checkout and return on a random address.
     *
     * @return the lease, so the JIT keeps the checkout
     */
    @Benchmark
    public Object checkoutAndReturn() {
        String address = addresses[ThreadLocalRandom.current().nextInt(ADDRESS_COUNT)];
        Object lease = keyedPool.borrow(address);
        keyedPool.giveBack(address, lease);
        return lease;
    }
}
