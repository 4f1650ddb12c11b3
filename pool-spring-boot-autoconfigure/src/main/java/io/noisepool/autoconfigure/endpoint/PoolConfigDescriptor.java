package io.noisepool.autoconfigure.endpoint;

import io.noisepool.PoolConfig;

/**
 * A pool's effective settings by their {@link PoolConfig} names, durations as ISO-8601 strings
 * ({@code PT30M}). The health and ready checks are code, not settings, and are left out.
 *
 * @param maxSize connections per address, 0 = no limit (unbounded)
 * @param maxTotal connections across addresses, 0 = no limit
 * @param maxAge longest life, {@code PT0S} = no limit
 * @param maxIdle longest idle spell, {@code PT0S} = no limit
 * @param unbounded whether a max size of 0 means no limit
 * @param acquireTimeout how long a full address is waited for, {@code PT0S} = fail at once
 * @param leakDetectionThreshold checkout length logged as a leak, {@code PT0S} = off
 * @param dialTimeout most a {@code getOrDial} without its own timeout may take
 * @param healthCheckTimeout most one health check may take
 * @param maxConcurrentDials most dials to one address in flight at once
 * @param maxAgeJitter most by which a connection's max age is shortened, as a fraction of it, 0 = off
 * @param dialBackoffInitial first refusal to dial after a failed dial, {@code PT0S} = off
 * @param dialBackoffMax longest dial backoff
 * @param keepaliveInterval idle time after which a connection is probed, {@code PT0S} = off
 */
public record PoolConfigDescriptor(int maxSize, int maxTotal, String maxAge, String maxIdle, boolean unbounded,
        String acquireTimeout, String leakDetectionThreshold, String dialTimeout, String healthCheckTimeout,
        int maxConcurrentDials, double maxAgeJitter, String dialBackoffInitial, String dialBackoffMax,
        String keepaliveInterval) {

    /**
     * @param config the configuration to describe, not {@code null}
     * @return its description
     */
    public static PoolConfigDescriptor of(PoolConfig config) {
        return new PoolConfigDescriptor(config.maxSize(), config.maxTotal(), config.maxAge().toString(),
                config.maxIdle().toString(), config.unbounded(), config.acquireTimeout().toString(),
                config.leakDetectionThreshold().toString(), config.dialTimeout().toString(),
                config.healthCheckTimeout().toString(), config.maxConcurrentDials(), config.maxAgeJitter(),
                config.dialBackoffInitial().toString(), config.dialBackoffMax().toString(),
                config.keepaliveInterval().toString());
    }
}
