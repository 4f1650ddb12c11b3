package io.noisepool.autoconfigure.endpoint;

import io.noisepool.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code noisepool} endpoint: every {@link Pool} bean's stats, effective settings and pooled
 * connections, keyed by bean name, and a way to close a pool's idle connections.
 *
 * <p>Peer addresses follow {@code management.endpoint.noisepool.show-addresses} (masked as
 * {@value ConnectionDescriptor#MASK} otherwise); everything else always shows. These operations
 * are what JMX serves: JMX has no security principal and is authenticated by JMX itself, so, as
 * in Boot's own endpoints, {@link Show#WHEN_AUTHORIZED} shows addresses there. Over HTTP the
 * {@link NoisePoolEndpointWebExtension} checks the caller's roles instead. An unknown pool name
 * yields {@code null} (404 over HTTP) and creates nothing. Thread-safe.
 */
@Endpoint(id = "noisepool")
public class NoisePoolEndpoint {

    private final Map<String, Pool> pools;
    private final Show showAddresses;
    private final Clock clock;

    /**
     * @param pools the pools by bean name, not {@code null}
     * @param showAddresses when addresses are shown, not {@code null}
     * @param clock the wall clock ages and idle times are measured with
     */
    public NoisePoolEndpoint(Map<String, ? extends Pool> pools, Show showAddresses, Clock clock) {
        this.pools = new TreeMap<>(pools);
        this.showAddresses = showAddresses;
        this.clock = clock;
    }

    /**
     * @return every pool, by bean name, addresses shown unless {@code show-addresses} is never
     */
    @ReadOperation
    public PoolsDescriptor pools() {
        return describePools(this.showAddresses.isShown(true));
    }

    /**
     * @param pool the pool's bean name
     * @return that pool, addresses shown unless {@code show-addresses} is never, or {@code null}
     *     if there is no such pool
     */
    @ReadOperation
    public @Nullable PoolDescriptor pool(@Selector String pool) {
        return describePool(pool, this.showAddresses.isShown(true));
    }

    /**
     * Closes a pool's idle connections now ({@link Pool#evictIdle}); checked-out ones are left alone.
     *
     * @param pool the pool's bean name
     * @param address only this address's connections ({@code host:port}), or {@code null} for all
     * @return how many were closed, or {@code null} if there is no such pool
     * @throws InvalidEndpointRequestException if the address is given but blank (400 over HTTP)
     */
    @DeleteOperation
    public @Nullable EvictionDescriptor evictIdle(@Selector String pool, @Nullable String address) {
        if (address != null && address.isBlank()) {
            throw new InvalidEndpointRequestException("Blank 'address' parameter for pool '" + pool + "'",
                    "Parameter 'address' must be a pool key such as host:port; leave it out to close the idle "
                            + "connections of every address");
        }
        Pool found = this.pools.get(pool);
        return (found != null) ? new EvictionDescriptor(found.evictIdle(address)) : null;
    }

    /**
     * @param showAddress whether to show addresses or mask them
     * @return every pool, by bean name
     */
    public PoolsDescriptor describePools(boolean showAddress) {
        Map<String, PoolDescriptor> descriptors = new LinkedHashMap<>();
        this.pools.forEach((name, pool) -> descriptors.put(name, describe(pool, showAddress)));
        return new PoolsDescriptor(descriptors);
    }

    /**
     * @param name the pool's bean name
     * @param showAddress whether to show addresses or mask them
     * @return that pool, or {@code null} if there is no such pool
     */
    public @Nullable PoolDescriptor describePool(String name, boolean showAddress) {
        Pool found = this.pools.get(name);
        return (found != null) ? describe(found, showAddress) : null;
    }

    private PoolDescriptor describe(Pool pool, boolean showAddress) {
        Instant now = this.clock.instant();
        return new PoolDescriptor(PoolStatsDescriptor.of(pool.stats()), PoolConfigDescriptor.of(pool.config()),
                pool.snapshot().stream().map(snapshot -> ConnectionDescriptor.of(snapshot, now, showAddress)).toList());
    }
}
