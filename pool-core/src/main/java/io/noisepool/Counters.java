package io.noisepool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link Pool#stats()}; each moves at the transition it counts, so reading
 * them never scans the pool. The checkout counter is a {@link LongAdder} because every checkout
 * and return moves it, from many threads at once; it is raised before the claim it counts (and
 * lowered again if the claim fails), so it never falls below the real number of checkouts.
 *
 * <p>The counters are read one by one, and a {@link LongAdder}'s sum is not a snapshot, so
 * {@link #toStats()} keeps what it reports consistent: {@code 0 <= inUse <= total} and
 * {@code available = total - inUse}.
 */
final class Counters {

    /** Entries in the pool, idle or checked out. */
    final AtomicInteger pooled = new AtomicInteger();
    /** Entries checked out or being probed. */
    final LongAdder inUse = new LongAdder();
    /** Hosts holding at least one entry. */
    final AtomicInteger addresses = new AtomicInteger();
    /** Callers parked for capacity or a dial turn. */
    final AtomicInteger pending = new AtomicInteger();
    final AtomicInteger dialing = new AtomicInteger();
    final LongAdder dials = new LongAdder();
    final LongAdder dialFailures = new LongAdder();
    final LongAdder evictions = new LongAdder();
    /** Hosts whose dial backoff is in force (see {@link DialBackoff}). */
    final AtomicInteger backingOff = new AtomicInteger();

    PoolStats toStats() {
        int total = Math.max(0, pooled.get());
        int checkedOut = (int) Math.max(0, Math.min(total, inUse.sum()));
        return new PoolStats(total, checkedOut, total - checkedOut, Math.max(0, addresses.get()),
                Math.max(0, pending.get()), Math.max(0, dialing.get()), dials.sum(), dialFailures.sum(), evictions.sum(),
                Math.max(0, backingOff.get()));
    }
}
