package io.noisepool.autoconfigure.endpoint;

import io.noisepool.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code noisepool} endpoint: every {@link Pool} bean's stats, effective settings and pooled
 * connections, keyed by bean name, and a way to close a pool's idle connections.
 *
 * <p>Peer addresses are shown according to {@code management.endpoint.noisepool.show-addresses}
 * (masked as {@value ConnectionDescriptor#MASK} otherwise); everything else always shows. An
 * unknown pool name yields {@code null} (404 over HTTP) and creates nothing. Thread-safe.
 */
@Endpoint(id = "noisepool")
public class NoisePoolEndpoint {

    private final Map<String, Pool> pools;
    private final Show showAddresses;
    private final Set<String> roles;
    private final Clock clock;

    /**
     * @param pools the pools by bean name, not {@code null}
     * @param showAddresses when addresses are shown, not {@code null}
     * @param roles the roles that may see addresses with {@link Show#WHEN_AUTHORIZED}
     * @param clock the wall clock ages and idle times are measured with
     */
    public NoisePoolEndpoint(Map<String, ? extends Pool> pools, Show showAddresses, Set<String> roles, Clock clock) {
        this.pools = new TreeMap<>(pools);
        this.showAddresses = showAddresses;
        this.roles = Set.copyOf(roles);
        this.clock = clock;
    }

    /**
     * @param securityContext the caller, to decide whether addresses show
     * @return every pool, by bean name
     */
    @ReadOperation
    public PoolsDescriptor pools(SecurityContext securityContext) {
        boolean showAddress = this.showAddresses.isShown(securityContext, this.roles);
        Map<String, PoolDescriptor> descriptors = new LinkedHashMap<>();
        this.pools.forEach((name, pool) -> descriptors.put(name, describe(pool, showAddress)));
        return new PoolsDescriptor(descriptors);
    }

    /**
     * @param securityContext the caller, to decide whether addresses show
     * @param pool the pool's bean name
     * @return that pool, or {@code null} if there is no such pool
     */
    @ReadOperation
    public @Nullable PoolDescriptor pool(SecurityContext securityContext, @Selector String pool) {
        Pool found = this.pools.get(pool);
        return (found != null) ? describe(found, this.showAddresses.isShown(securityContext, this.roles)) : null;
    }

    /**
     * Closes a pool's idle connections now ({@link Pool#evictIdle}); checked-out ones are left alone.
     *
     * @param pool the pool's bean name
     * @param address only this address's connections ({@code host:port}), or {@code null} for all
     * @return how many were closed, or {@code null} if there is no such pool
     */
    @DeleteOperation
    public @Nullable EvictionDescriptor evictIdle(@Selector String pool, @Nullable String address) {
        Pool found = this.pools.get(pool);
        return (found != null) ? new EvictionDescriptor(found.evictIdle(address)) : null;
    }

    private PoolDescriptor describe(Pool pool, boolean showAddress) {
        Instant now = this.clock.instant();
        return new PoolDescriptor(pool.stats(), PoolConfigDescriptor.of(pool.config()),
                pool.snapshot().stream().map(snapshot -> ConnectionDescriptor.of(snapshot, now, showAddress)).toList());
    }
}
