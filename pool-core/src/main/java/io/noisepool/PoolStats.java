package io.noisepool;

/**
 * Pool counts at one moment, read from counters. Under concurrent use the components are read one
 * by one and may be off by the operations in flight; when the pool is quiet they agree with
 * {@link Pool#snapshot()}.
 *
 * @param total pooled connections, idle plus checked out
 * @param inUse connections checked out (health probes included)
 * @param available idle connections
 * @param addresses distinct addresses holding at least one connection
 * @param pending callers waiting for capacity or for their address's dial turn
 * @param dialing dials in flight
 * @param dials dials attempted since the pool was created
 * @param dialFailures dials that failed (threw, returned null, or failed the ready check)
 * @param evictions connections the pool closed for any reason other than its own close
 * @param backingOff addresses whose dial backoff is in force: {@code getOrDial} refuses to dial them
 *     ({@link PoolErrorCode#DIAL_BACKOFF}); always 0 while dial backoff is off
 */
public record PoolStats(
        int total,
        int inUse,
        int available,
        int addresses,
        int pending,
        int dialing,
        long dials,
        long dialFailures,
        long evictions,
        int backingOff) {}
