package io.noisepool;

import java.time.Duration;
import java.time.Instant;

/**
 * A read-only copy of one pooled connection's metadata; no live connection is reachable from it.
 *
 * @param address the pool key
 * @param createdAt when the connection entered the pool (put or dial), wall clock
 * @param lastUsedAt when it was last returned to the pool; equal to {@code createdAt} until then
 * @param inUse whether it is checked out (a health probe in progress counts)
 * @param checkedOutFor how long the current checkout has lasted, or {@code null} when idle or when
 *     the pool keeps no checkout time. The checkout's start is exact (the clock was read) with leak
 *     detection, a health check or a {@link PoolListener}, and for a connection just dialed;
 *     otherwise it is the recent time the evictor publishes while the pool is in use, so the
 *     duration may read up to about 50 ms long (more only if the evictor thread was held up). A
 *     pool with no {@code maxAge}, {@code maxIdle} or leak detection and no listener reads no time
 *     at checkout, and answers {@code null} for most checkouts. Read without
 *     stopping checkouts: one that starts during the snapshot may be measured from the
 *     connection's previous return.
 */
public record ConnSnapshot(String address, Instant createdAt, Instant lastUsedAt, boolean inUse,
        Duration checkedOutFor) {}
