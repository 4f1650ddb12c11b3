package io.noisepool.autoconfigure.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.noisepool.ConnPool;
import io.noisepool.Pool;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Binds every {@link Pool} bean to Micrometer, tagged {@code pool} with its bean name.
 *
 * <p>Gauges read {@link Pool#stats()} (counters, no scan): {@code noise.pool.connections.active},
 * {@code .idle}, {@code .pending}, {@code .max} (only when {@code maxTotal} is set),
 * {@code noise.pool.addresses} and {@code noise.pool.addresses.backing-off} (only when dial backoff is on). A {@link ConnPool} also gets a {@link MicrometerPoolListener} for
 * its timers and counters; any other {@code Pool} implementation has no event hook, so it gets the
 * gauges only.
 */
public class NoisePoolMeterBinder implements MeterBinder {

    static final String CONNECTIONS = BaseUnits.CONNECTIONS;

    private final Map<String, ? extends Pool> pools;

    /**
     * @param pools the pools by bean name, not {@code null}
     */
    public NoisePoolMeterBinder(Map<String, ? extends Pool> pools) {
        this.pools = Map.copyOf(pools);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.pools.forEach((name, pool) -> bind(registry, name, pool));
    }

    private static void bind(MeterRegistry registry, String name, Pool pool) {
        gauge(registry, name, pool, "noise.pool.connections.active", "Connections checked out",
                CONNECTIONS, p -> p.stats().inUse());
        gauge(registry, name, pool, "noise.pool.connections.idle", "Idle connections in the pool",
                CONNECTIONS, p -> p.stats().available());
        gauge(registry, name, pool, "noise.pool.connections.pending",
                "Callers waiting for capacity or for their address's dial turn", "callers", p -> p.stats().pending());
        if (pool.config().maxTotal() > 0) {
            gauge(registry, name, pool, "noise.pool.connections.max", "Most connections across all addresses",
                    CONNECTIONS, p -> p.config().maxTotal());
        }
        gauge(registry, name, pool, "noise.pool.addresses", "Addresses holding at least one connection",
                "addresses", p -> p.stats().addresses());
        if (!pool.config().dialBackoffInitial().isZero()) {
            gauge(registry, name, pool, "noise.pool.addresses.backing-off",
                    "Addresses whose dials are refused for now, after failed dials", "addresses",
                    p -> p.stats().backingOff());
        }
        if (pool instanceof ConnPool connPool) {
            connPool.addListener(new MicrometerPoolListener(registry, name));
        }
    }

    private static void gauge(MeterRegistry registry, String name, Pool pool, String meter, String description,
            String unit, ToDoubleFunction<Pool> value) {
        Gauge.builder(meter, pool, value).description(description).baseUnit(unit).tag("pool", name)
                .register(registry);
    }
}
