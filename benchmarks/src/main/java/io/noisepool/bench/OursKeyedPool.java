package io.noisepool.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.noisepool.ConnPool;
import io.noisepool.Dialer;
import io.noisepool.PoolConfig;
import io.noisepool.PoolStats;
import io.noisepool.PooledConnection;
import io.noisepool.autoconfigure.metrics.NoisePoolMeterBinder;
import java.util.Map;

/**
 * Our {@link ConnPool} with its defaults (10 per address, no health or ready check), bare or with
 * the Spring Boot starter's Micrometer metrics bound to it, as a Boot application with Actuator
 * runs it.
 */
final class OursKeyedPool implements KeyedPool {

    private final ConnPool pool;
    private final Dialer dialer;

    private OursKeyedPool(Dialer dialer, PoolConfig config) {
        this.dialer = dialer;
        this.pool = new ConnPool(config);
    }

    /** Ours with its defaults and nothing attached. */
    static OursKeyedPool bare(Dialer dialer) {
        return new OursKeyedPool(dialer, PoolConfig.builder().build());
    }

    /**
     * Ours with the starter's {@link NoisePoolMeterBinder} bound to a {@link SimpleMeterRegistry}
     * (Boot's registry when no monitoring system is configured): its gauges and its
     * {@code MicrometerPoolListener}, which times every checkout and use.
     */
    static OursKeyedPool withMicrometer(Dialer dialer) {
        OursKeyedPool ours = bare(dialer);
        new NoisePoolMeterBinder(Map.of("bench", ours.pool)).bindTo(new SimpleMeterRegistry());
        return ours;
    }

    /** Ours allowing {@link ContendedDial#CALLERS} dials to one address at once. */
    static OursKeyedPool parallelDials(Dialer dialer) {
        return new OursKeyedPool(dialer, PoolConfig.builder().maxConcurrentDials(ContendedDial.CALLERS).build());
    }

    @Override
    public Object borrow(String key) {
        return pool.getOrDial(key, dialer);
    }

    @Override
    public void giveBack(String key, Object lease) {
        ((PooledConnection) lease).close();
    }

    @Override
    public void discard(String key, Object lease) {
        ((PooledConnection) lease).discard();
    }

    @Override
    public long stats() {
        PoolStats stats = pool.stats();
        return stats.total() + stats.inUse() + stats.addresses() + stats.pending();
    }

    @Override
    public int evictIdle() {
        return pool.evictIdle(null);
    }

    @Override
    public void close() {
        pool.close();
    }
}
