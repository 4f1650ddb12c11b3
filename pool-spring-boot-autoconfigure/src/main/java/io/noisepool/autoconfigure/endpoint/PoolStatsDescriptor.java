package io.noisepool.autoconfigure.endpoint;

import io.noisepool.PoolStats;

/**
 * A pool's counts as the {@code noisepool} endpoint shows them: the endpoint's own contract, so a
 * change to core's {@link PoolStats} cannot change the HTTP answer unnoticed.
 *
 * @param total pooled connections, idle plus checked out
 * @param inUse connections checked out
 * @param available idle connections
 * @param addresses addresses holding at least one connection
 * @param pending callers waiting for capacity or for their address's dial turn
 * @param dialing dials in flight
 * @param dials dials attempted since the pool was created
 * @param dialFailures dials that failed
 * @param evictions connections the pool closed for any reason but its own close
 * @param backingOff addresses whose dial backoff is in force (dials to them refused for now)
 */
public record PoolStatsDescriptor(int total, int inUse, int available, int addresses, int pending, int dialing,
        long dials, long dialFailures, long evictions, int backingOff) {

    /**
     * @param stats the counts to describe, not {@code null}
     * @return their description
     */
    public static PoolStatsDescriptor of(PoolStats stats) {
        return new PoolStatsDescriptor(stats.total(), stats.inUse(), stats.available(), stats.addresses(),
                stats.pending(), stats.dialing(), stats.dials(), stats.dialFailures(), stats.evictions(),
                stats.backingOff());
    }
}
