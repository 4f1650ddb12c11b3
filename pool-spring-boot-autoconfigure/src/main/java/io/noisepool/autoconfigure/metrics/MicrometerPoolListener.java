package io.noisepool.autoconfigure.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.noisepool.AcquireResult;
import io.noisepool.EvictionReason;
import io.noisepool.PoolListener;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Records one pool's events as Micrometer timers and counters, all tagged {@code pool} with its
 * bean name: {@code noise.pool.acquire} and {@code noise.pool.dial} (both tagged
 * {@code outcome}, the key Micrometer's and Boot's own meters use for how a call ended), {@code noise.pool.usage} and {@code noise.pool.evictions} ({@code reason}); and
 * {@code noise.pool.leaks}, checkouts held past {@code leak-detection-threshold}.
 *
 * <p>Every meter is registered up front, one per tag value, so an event costs one map read and one
 * record: the pool calls back on its callers' threads. No per-address tags (unbounded
 * cardinality). Thread-safe.
 */
final class MicrometerPoolListener implements PoolListener {

    private final Map<AcquireResult, Timer> acquire = new EnumMap<>(AcquireResult.class);
    private final Map<EvictionReason, Counter> evictions = new EnumMap<>(EvictionReason.class);
    private final Timer dialSuccess;
    private final Timer dialFailure;
    private final Timer usage;
    private final Counter leaks;

    MicrometerPoolListener(MeterRegistry registry, String pool) {
        for (AcquireResult result : AcquireResult.values()) {
            this.acquire.put(result, Timer.builder("noise.pool.acquire")
                    .description("Time to check out a connection (get or getOrDial), waits and dial included")
                    .tag("pool", pool)
                    .tag("outcome", result.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        this.dialSuccess = dialTimer(registry, pool, "success");
        this.dialFailure = dialTimer(registry, pool, "failure");
        this.usage = Timer.builder("noise.pool.usage")
                .description("Time connections stay checked out")
                .tag("pool", pool)
                .register(registry);
        for (EvictionReason reason : EvictionReason.values()) {
            this.evictions.put(reason, Counter.builder("noise.pool.evictions")
                    .description("Connections the pool closed, by reason")
                    .baseUnit(NoisePoolMeterBinder.CONNECTIONS)
                    .tag("pool", pool)
                    .tag("reason", reason.tag())
                    .register(registry));
        }
        this.leaks = Counter.builder("noise.pool.leaks")
                .description("Checkouts held longer than the leak detection threshold, each counted once")
                .baseUnit(NoisePoolMeterBinder.CONNECTIONS)
                .tag("pool", pool)
                .register(registry);
    }

    private static Timer dialTimer(MeterRegistry registry, String pool, String outcome) {
        return Timer.builder("noise.pool.dial")
                .description("Time to dial a new connection, ready check included")
                .tag("pool", pool)
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void acquired(String address, AcquireResult result, long nanos) {
        this.acquire.get(result).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void dialed(String address, boolean success, long nanos) {
        (success ? this.dialSuccess : this.dialFailure).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void returned(String address, long usageNanos) {
        this.usage.record(usageNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void evicted(String address, EvictionReason reason) {
        this.evictions.get(reason).increment();
    }

    @Override
    public void leakSuspected(String address, long heldNanos) {
        this.leaks.increment();
    }
}
