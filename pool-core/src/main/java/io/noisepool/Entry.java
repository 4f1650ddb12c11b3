package io.noisepool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One pooled connection and its bookkeeping. Its {@code state} moves by compare-and-set:
 * {@code IDLE -> IN_USE} on checkout (anyone may try; one wins), {@code IN_USE -> IDLE} on return
 * (only the holder), and {@code IDLE|IN_USE -> REMOVED} once, by whoever wins the removal. Only
 * the thread that moved an entry to {@code REMOVED} detaches it from its host and closes it, so
 * every connection is closed exactly once.
 */
final class Entry {

    static final int IDLE = 0;
    static final int IN_USE = 1;
    static final int REMOVED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Entry.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Conn conn;
    final Host host;
    /** Monotonic time the connection entered the pool; maxAge counts from here. */
    final long createdNanos;
    /**
     * Monotonic time of the last return (or creation); maxIdle and LRU count from here. Plain, not
     * volatile: only the holder writes it, before its volatile write of IDLE, and every reader
     * reads the state first.
     */
    long lastUsedNanos;
    /**
     * The latest checkout, or null before the first; for leak detection and for release or remove
     * by raw connection. Left in place on return: a spent lease is recognised by {@link Lease#isSpent()}.
     */
    volatile Lease lease;

    /**
     * Set by a remover that found the entry IN_USE without a lease (being probed, or between claim
     * and lease). Whoever holds it reads this after publishing IDLE or a lease, and removes it then.
     */
    volatile boolean doomed;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    Entry(Conn conn, Host host, long nowNanos, int initialState) {
        this.conn = conn;
        this.host = host;
        this.createdNanos = nowNanos;
        this.lastUsedNanos = nowNanos;
        this.state = initialState;
    }

    int state() {
        return state;
    }

    boolean transition(int from, int to) {
        return STATE.compareAndSet(this, from, to);
    }

    /** For the holder of an IN_USE entry only: no other thread moves it out of IN_USE. */
    void setState(int to) {
        state = to;
    }

    /**
     * Why the entry must go, judged at {@code now}; pure so that expiry is testable with numbers.
     *
     * @param maxAgeNanos 0 for no limit
     * @param maxIdleNanos 0 for no limit; ignored when {@code idleCounts} is false (a checked-out
     *     connection is not idle)
     * @return the reason, or {@code null} if it may stay
     */
    EvictionReason expiry(long now, long maxAgeNanos, long maxIdleNanos, boolean idleCounts) {
        if (maxAgeNanos > 0 && now - createdNanos >= maxAgeNanos) {
            return EvictionReason.AGE;
        }
        if (idleCounts && maxIdleNanos > 0 && now - lastUsedNanos >= maxIdleNanos) {
            return EvictionReason.IDLE;
        }
        return null;
    }

    /** The monotonic time this idle entry expires, or {@link Long#MAX_VALUE} if never. */
    long idleDeadline(long maxAgeNanos, long maxIdleNanos) {
        long deadline = Long.MAX_VALUE;
        if (maxAgeNanos > 0) {
            deadline = createdNanos + maxAgeNanos;
        }
        if (maxIdleNanos > 0) {
            deadline = Math.min(deadline, lastUsedNanos + maxIdleNanos);
        }
        return deadline;
    }
}
