package io.noisepool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link Pool#stats()}; each moves at the transition it counts, so reading
 * them never scans the pool. The checkout counter is a {@link LongAdder} because every checkout
 * and return moves it, from many threads at once.
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

    PoolStats toStats() {
        int checkedOut = (int) inUse.sum();
        int total = pooled.get();
        return new PoolStats(total, checkedOut, Math.max(0, total - checkedOut), addresses.get(), pending.get(),
                dialing.get(), dials.sum(), dialFailures.sum(), evictions.sum());
    }
}
