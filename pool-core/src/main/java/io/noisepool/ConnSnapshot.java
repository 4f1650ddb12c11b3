package io.noisepool;

import java.time.Instant;

/**
 * A read-only copy of one pooled connection's metadata; no live connection is reachable from it.
 *
 * @param address the pool key
 * @param createdAt when the connection entered the pool (put or dial), wall clock
 * @param lastUsedAt when it was last returned to the pool; equal to {@code createdAt} until then
 * @param inUse whether it is checked out (a health probe in progress counts)
 */
public record ConnSnapshot(String address, Instant createdAt, Instant lastUsedAt, boolean inUse) {}
