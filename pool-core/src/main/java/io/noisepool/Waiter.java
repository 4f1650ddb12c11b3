package io.noisepool;

import java.util.concurrent.locks.Condition;

/**
 * A caller of {@code getOrDial} queued on its address's {@link Host}. Every field is guarded by
 * that host's lock.
 *
 * <p>A waiter is queued before it looks for a connection or room, and {@link #wake()} leaves a
 * mark as well as a signal; the waiter clears the mark when it starts a round of checks and parks
 * only if nothing marked it since. So an event that lands between its checks and its park (while
 * it had the lock released to take an idle connection or make room) is never lost.
 */
final class Waiter {

    final Host host;
    /**
     * Whether it is a {@code warmUp} filling the address rather than a caller wanting a connection:
     * it only dials, is never handed a returned connection, and yields the head of the queue to a
     * caller when an idle connection could serve that caller.
     */
    final boolean warming;
    private final Condition condition;
    /** Whether it is parked in {@link #park}, so that a returner may hand it a connection. */
    boolean parked;
    /** Something changed since the waiter's current round of checks began. */
    boolean woken;
    /** A connection a returner claimed for it while it was parked, with that checkout's hold. */
    Entry handed;
    long handedHold;
    /** Whether it is registered with the host table as waiting for room under maxTotal; owner thread only. */
    boolean waitingForRoom;

    Waiter(Host host, boolean warming) {
        this.host = host;
        this.warming = warming;
        this.condition = host.lock.newCondition();
    }

    void wake() {
        assert host.lock.isHeldByCurrentThread();
        woken = true;
        condition.signal();
    }

    /** Parks until woken or {@code nanos} pass; the caller holds the host's lock. */
    void park(long nanos) throws InterruptedException {
        assert host.lock.isHeldByCurrentThread();
        parked = true;
        try {
            condition.awaitNanos(nanos);
        } finally {
            parked = false;
        }
    }
}
